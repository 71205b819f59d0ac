import type { LocalizedText } from '../schema/survey.js';
/** The last fallback, when nothing matches the page's language. Kept here, not in registry.js, so
 * that the report can pick texts without loading every built-in survey locale. */
export const FALLBACK_LOCALE = 'en';

/**
 * The language code under which `text` has its version for `locale`: `locale` itself, else its
 * language (`nl` for `nl-BE`, or `fr-BE` for `fr`), else English, else the first one given.
 */
export function pickLang(text: LocalizedText, locale: string): string | undefined {
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0] ?? '';
  const keys = Object.keys(text);
  const find = (code: string) => keys.find(key => key.toLowerCase() === code);
  return find(wanted) ?? find(language) ?? keys.find(key => key.toLowerCase().split('-')[0] === language) ?? find(FALLBACK_LOCALE) ?? keys[0];
}

/** A survey text in `locale`, or the closest version there is (see `pickLang`). */
export function pickText(text: LocalizedText, locale: string): string {
  const lang = pickLang(text, locale);
  return lang === undefined ? '' : (text[lang] ?? '');
}

/** `lang` when its language is not `locale`'s (`nl-BE` and `nl` are the same): a text in it is marked so. */
export function otherLang(lang: string | undefined, locale: string): string | undefined {
  const primary = (code: string) => code.toLowerCase().split('-')[0];
  return lang !== undefined && primary(lang) !== primary(locale) ? lang : undefined;
}

/**
 * The language to mark a picked text with when it is not in `locale`'s language (a Dutch-only
 * survey on a French page), so a screen reader reads it with the right voice (WCAG 3.1.2).
 */
export function foreignLang(text: LocalizedText, locale: string): string | undefined {
  return otherLang(pickLang(text, locale), locale);
}
