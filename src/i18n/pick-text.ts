import type { LocalizedText } from '../schema/survey.js';
import { FALLBACK_LOCALE } from './registry.js';

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
