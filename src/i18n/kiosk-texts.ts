import { deKiosk } from './kiosk-locales/de.js';
import { enKiosk } from './kiosk-locales/en.js';
import { frKiosk } from './kiosk-locales/fr.js';
import { nlKiosk } from './kiosk-locales/nl.js';
import type { KioskMessages } from './messages.js';

/** Kiosk mode's texts of the built-in languages, by language code. */
export const KIOSK_TEXTS: Record<string, KioskMessages> = { en: enKiosk, nl: nlKiosk, fr: frKiosk, de: deKiosk };

/** Kiosk texts for a locale that came without them (`nl-BE` made from Dutch): its language's, else English. */
export function kioskTextsFor(code: string): KioskMessages {
  return KIOSK_TEXTS[code.toLowerCase().split('-')[0] ?? ''] ?? enKiosk;
}
