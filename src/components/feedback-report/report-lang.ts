// Language helpers of the report. They repeat closestLang() (i18n/localize-controller.ts) and
// pickText() (i18n/pick-text.ts) on purpose: those modules load the survey's locale registry,
// which would put every survey string into the report bundle.
import type { LocalizedText } from '../../schema/survey.js';

/** The nearest non-empty `lang`, crossing shadow roots; `<html lang>` last. */
export function closestLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang')?.trim();
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return undefined;
}

/** A survey text in `locale`, else its language, else English, else the first one given. */
export function pickLabel(text: LocalizedText, locale: string): string {
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0] ?? '';
  const entries = Object.entries(text);
  const find = (code: string) => entries.find(([key]) => key.toLowerCase() === code)?.[1];
  const sameLanguage = entries.find(([key]) => key.toLowerCase().split('-')[0] === language)?.[1];
  return find(wanted) ?? find(language) ?? sameLanguage ?? find('en') ?? entries[0]?.[1] ?? '';
}
