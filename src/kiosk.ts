// Kiosk mode for <feedback-loop mode="kiosk">: import it beside the element (after define.js or
// anything that imports the element). Pages without kiosks never download it.
import { KioskMode } from './components/feedback-loop/kiosk-mode.js';
import { provideKiosk } from './components/feedback-loop/kiosk-support.js';

provideKiosk((host, hooks) => new KioskMode(host, hooks));
