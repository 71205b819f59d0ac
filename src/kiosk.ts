// Kiosk mode for <feedback-loop mode="kiosk">: import it beside the element (after define.js or
// anything that imports the element). Pages without kiosks never download it, nor its texts.
import { KioskMode } from './components/feedback-loop/kiosk-mode.js';
import { provideKiosk } from './components/feedback-loop/kiosk-support.js';
import { KIOSK_TEXTS } from './i18n/kiosk-texts.js';
import { addKioskTexts } from './i18n/registry.js';

provideKiosk((host, hooks) => new KioskMode(host, hooks));
// After provideKiosk: it re-renders every element, so one that asked for kiosk mode too early gets it now.
addKioskTexts(KIOSK_TEXTS);
