import { de } from './locales/de.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import { nl } from './locales/nl.js';
import type { MessageOverrides, Messages } from './messages.js';

/** The last fallback, when nothing matches the page's language. */
export const FALLBACK_LOCALE = 'en';

const locales = new Map<string, Messages>([nl, fr, de, en].map(m => [m.$code, m]));
const listeners = new Set<() => void>();

/** Adds (or replaces) a locale, e.g. Arabic or Turkish; elements on the page re-render. */
export function registerLocale(messages: Messages): void {
  locales.set(messages.$code.toLowerCase(), messages);
  listeners.forEach(listener => listener());
}

/** Called after every `registerLocale`; returns the function that stops listening. */
export function onLocalesChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Codes of every locale that can be shown now. */
export function availableLocales(): string[] {
  return [...locales.keys()];
}

/** Region first, then language, then English: `fr-BE` → `fr-be`, `fr`, `en`. */
export function resolveLocale(lang: string | null | undefined): Messages {
  const wanted = (lang ?? '').trim().toLowerCase();
  return (
    locales.get(wanted) ??
    locales.get(wanted.split('-')[0] ?? '') ??
    (locales.get(FALLBACK_LOCALE) as Messages)
  );
}

/** A locale with a host's single-string overrides on top. */
export function withOverrides(messages: Messages, overrides?: MessageOverrides): Messages {
  if (!overrides) return messages;
  return {
    ...messages,
    ...overrides,
    defaultSurvey: { ...messages.defaultSurvey, ...overrides.defaultSurvey },
  } as Messages;
}
