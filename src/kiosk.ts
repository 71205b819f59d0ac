// Kiosk mode for <feedback-loop mode="kiosk">: import it beside the element (after define.js or
// anything that imports the element). Pages without kiosks never download it, nor its texts.
import { KioskMode } from './components/feedback-loop/kiosk-mode.js';
import { provideKiosk } from './components/feedback-loop/kiosk-support.js';
import { deKiosk } from './i18n/locales/de.js';
import { enKiosk } from './i18n/locales/en.js';
import { frKiosk } from './i18n/locales/fr.js';
import { nlKiosk } from './i18n/locales/nl.js';
import { addKioskTexts } from './i18n/registry.js';

addKioskTexts({ en: enKiosk, nl: nlKiosk, fr: frKiosk, de: deKiosk });
provideKiosk((host, hooks) => new KioskMode(host, hooks));
