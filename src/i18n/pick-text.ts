import type { LocalizedText } from '../schema/survey.js';
import { FALLBACK_LOCALE } from './registry.js';

/** A survey text in `locale`, else its language, else English, else the first one given. */
export function pickText(text: LocalizedText, locale: string): string {
  const wanted = locale.toLowerCase();
  const entries = Object.entries(text);
  const find = (code: string) => entries.find(([key]) => key.toLowerCase() === code)?.[1];
  return (
    find(wanted) ?? find(wanted.split('-')[0] ?? '') ?? find(FALLBACK_LOCALE) ?? entries[0]?.[1] ?? ''
  );
}
