import { de } from './locales/de.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import { nl } from './locales/nl.js';
import type { KioskMessages, LoadedMessages, MessageOverrides, Messages } from './messages.js';
import { languageTag } from './language-tag.js';
import { FALLBACK_LOCALE } from './pick-text.js';

export { FALLBACK_LOCALE };

const locales = new Map<string, LoadedMessages>([nl, fr, de, en].map(m => [m.$code, m]));
const listeners = new Set<() => void>();

/**
 * Adds (or replaces) a locale, e.g. Arabic or Turkish; elements on the page re-render. A text it
 * lacks (one written before that message existed), or gives as a string where a function is
 * expected (a translation file has no functions), comes from the locale it falls back to: the one
 * it replaces, its language (`nl` for `nl-BE`), else English. Never an empty label or a crash.
 */
export function registerLocale(messages: Messages): void {
  const code = String(messages?.$code ?? '').trim();
  languageTag(code, 'registerLocale');
  locales.set(code.toLowerCase(), withOverrides(resolveLocale(code), messages));
  listeners.forEach(listener => listener());
}

/**
 * Kiosk mode's texts for built-in languages (feedback-loop/kiosk.js calls it). A language registered
 * with its own kiosk texts keeps them.
 */
export function addKioskTexts(texts: Record<string, KioskMessages>): void {
  for (const [code, kiosk] of Object.entries(texts)) {
    const messages = locales.get(code);
    if (messages) locales.set(code, { ...kiosk, ...messages });
  }
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

/** Region first, then language, then English: `fr-BE` → `fr-be`, `fr`, `en`; no language at all gives Dutch. */
export function resolveLocale(lang: string | null | undefined): LoadedMessages {
  const wanted = (lang?.trim() || 'nl').toLowerCase();
  return (
    locales.get(wanted) ??
    locales.get(wanted.split('-')[0] ?? '') ??
    (locales.get(FALLBACK_LOCALE) as LoadedMessages)
  );
}

/**
 * Keeps only overrides of the same type as the string they replace (a function stays a function),
 * and texts the base lacks (a registered locale's kiosk texts, before kiosk mode adds its own).
 */
function sameTypes<T extends object>(base: T, overrides: object | undefined): Partial<T> {
  const entries = Object.entries(overrides ?? {});
  return Object.fromEntries(entries.filter(([key, value]) => [typeof value, 'undefined'].includes(typeof base[key as keyof T]))) as Partial<T>;
}

/**
 * A locale with a host's single-string overrides on top. An override of the wrong type (a string
 * where a function is expected) is ignored, so a typo never breaks rendering.
 */
export function withOverrides<M extends LoadedMessages>(messages: M, overrides?: MessageOverrides): M {
  if (!overrides) return messages;
  return {
    ...messages,
    ...sameTypes(messages, overrides),
    defaultSurvey: { ...messages.defaultSurvey, ...sameTypes(messages.defaultSurvey, overrides.defaultSurvey) },
  };
}
