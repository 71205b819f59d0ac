import type { KioskMessages } from '../messages.js';

/** Kiosk mode's texts in German: in a module of their own, so only feedback-loop/kiosk.js brings them. */
export const deKiosk: KioskMessages = {
  idleWarning: seconds =>
    seconds === 1 ? 'Sind Sie noch da? Die Umfrage beginnt in 1 Sekunde neu.' : `Sind Sie noch da? Die Umfrage beginnt in ${seconds} Sekunden neu.`,
  idleContinue: 'Weiter ausfüllen',
  staffPending: count => (count === 1 ? '1 Antwort wartet' : `${count} Antworten warten`),
  staffLastSent: time => `zuletzt gesendet ${time}`,
  staffNeverSent: 'noch nichts gesendet',
  staffOffline: 'offline',
  staffPanel: 'Personal',
  staffPin: 'PIN für das Personal',
  staffPinWrong: 'Diese PIN stimmt nicht.',
  staffPinLocked: seconds =>
    seconds === 1 ? 'Zu oft eine falsche PIN. Versuchen Sie es in 1 Sekunde erneut.' : `Zu oft eine falsche PIN. Versuchen Sie es in ${seconds} Sekunden erneut.`,
  staffUnlock: 'Öffnen',
  staffDeadLetters: count => (count === 1 ? '1 Antwort vom Server abgelehnt' : `${count} Antworten vom Server abgelehnt`),
  staffExport: 'Abgelehnte Antworten exportieren',
  staffExportPending: 'Wartende Antworten exportieren',
  staffSendNow: 'Jetzt senden',
  staffClose: 'Schließen',
  staffClosing: seconds => (seconds === 1 ? 'Dieser Bereich schließt sich in 1 Sekunde.' : `Dieser Bereich schließt sich in ${seconds} Sekunden.`),
  staffKeepOpen: 'Geöffnet lassen',
};
