import type { LocalizedText } from '../schema/survey.js';
/** The last fallback, when nothing matches the page's language. Kept here, not in registry.js, so
 * that the report can pick texts without loading every built-in survey locale. */
export const FALLBACK_LOCALE = 'en';

/**
 * A survey text in `locale`, else its language (`nl` for `nl-BE`, or `fr-BE` for `fr`), else
 * English, else the first one given.
 */
export function pickText(text: LocalizedText, locale: string): string {
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0] ?? '';
  const entries = Object.entries(text);
  const find = (code: string) => entries.find(([key]) => key.toLowerCase() === code)?.[1];
  const sameLanguage = entries.find(([key]) => key.toLowerCase().split('-')[0] === language)?.[1];
  return find(wanted) ?? find(language) ?? sameLanguage ?? find(FALLBACK_LOCALE) ?? entries[0]?.[1] ?? '';
}
