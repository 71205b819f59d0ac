import type { KioskMessages } from '../messages.js';

/** Kiosk mode's texts in Dutch: in a module of their own, so only feedback-loop/kiosk.js brings them. */
export const nlKiosk: KioskMessages = {
  idleWarning: seconds =>
    seconds === 1 ? 'Bent u er nog? De bevraging begint opnieuw over 1 seconde.' : `Bent u er nog? De bevraging begint opnieuw over ${seconds} seconden.`,
  idleContinue: 'Verder invullen',
  staffPending: count => (count === 1 ? '1 antwoord wacht' : `${count} antwoorden wachten`),
  staffLastSent: time => `laatst verstuurd ${time}`,
  staffNeverSent: 'nog niets verstuurd',
  staffOffline: 'offline',
  staffPanel: 'Medewerkers',
  staffPin: 'Pincode medewerkers',
  staffPinWrong: 'Die pincode klopt niet.',
  staffPinLocked: seconds =>
    seconds === 1 ? 'Te vaak een verkeerde pincode. Probeer het over 1 seconde opnieuw.' : `Te vaak een verkeerde pincode. Probeer het over ${seconds} seconden opnieuw.`,
  staffUnlock: 'Openen',
  staffDeadLetters: count => (count === 1 ? '1 antwoord geweigerd door de server' : `${count} antwoorden geweigerd door de server`),
  staffExport: 'Geweigerde antwoorden exporteren',
  staffExportPending: 'Wachtende antwoorden exporteren',
  staffSendNow: 'Nu versturen',
  staffClose: 'Sluiten',
  staffClosing: seconds => (seconds === 1 ? 'Dit paneel sluit over 1 seconde.' : `Dit paneel sluit over ${seconds} seconden.`),
  staffKeepOpen: 'Open laten',
};
