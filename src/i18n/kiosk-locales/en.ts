import type { KioskMessages } from '../messages.js';

/** Kiosk mode's texts in English: in a module of their own, so only feedback-loop/kiosk.js brings them. */
export const enKiosk: KioskMessages = {
  idleWarning: seconds =>
    seconds === 1 ? 'Still there? The survey starts over in 1 second.' : `Still there? The survey starts over in ${seconds} seconds.`,
  idleContinue: 'Continue',
  staffPending: count => (count === 1 ? '1 answer waiting' : `${count} answers waiting`),
  staffLastSent: time => `last sent ${time}`,
  staffNeverSent: 'nothing sent yet',
  staffOffline: 'offline',
  staffPanel: 'Staff',
  staffPin: 'Staff PIN',
  staffPinWrong: 'That PIN is not right.',
  staffPinLocked: seconds =>
    seconds === 1 ? 'Too many wrong PINs. Try again in 1 second.' : `Too many wrong PINs. Try again in ${seconds} seconds.`,
  staffUnlock: 'Open',
  staffDeadLetters: count => (count === 1 ? '1 answer refused by the server' : `${count} answers refused by the server`),
  staffExport: 'Export refused answers',
  staffExportPending: 'Export waiting answers',
  staffSendNow: 'Send now',
  staffClose: 'Close',
  staffClosing: seconds => (seconds === 1 ? 'This panel closes in 1 second.' : `This panel closes in ${seconds} seconds.`),
  staffKeepOpen: 'Keep open',
};
