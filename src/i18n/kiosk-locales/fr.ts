import type { KioskMessages } from '../messages.js';

/** Kiosk mode's texts in French: in a module of their own, so only feedback-loop/kiosk.js brings them. */
export const frKiosk: KioskMessages = {
  idleWarning: seconds =>
    seconds <= 1
      ? 'Êtes-vous toujours là\u00a0? Le questionnaire recommence dans 1 seconde.'
      : `Êtes-vous toujours là\u00a0? Le questionnaire recommence dans ${seconds} secondes.`,
  idleContinue: 'Continuer',
  staffPending: count => (count <= 1 ? `${count} réponse en attente` : `${count} réponses en attente`),
  staffLastSent: time => `dernier envoi ${time}`,
  staffNeverSent: 'rien envoyé pour l’instant',
  staffOffline: 'hors ligne',
  staffPanel: 'Personnel',
  staffPin: 'Code PIN du personnel',
  staffPinWrong: 'Ce code PIN n’est pas correct.',
  staffPinLocked: seconds =>
    seconds === 1
      ? 'Trop de codes PIN erronés. Réessayez dans 1 seconde.'
      : `Trop de codes PIN erronés. Réessayez dans ${seconds} secondes.`,
  staffUnlock: 'Ouvrir',
  staffDeadLetters: count => (count <= 1 ? `${count} réponse refusée par le serveur` : `${count} réponses refusées par le serveur`),
  staffExport: 'Exporter les réponses refusées',
  staffExportPending: 'Exporter les réponses en attente',
  staffSendNow: 'Envoyer maintenant',
  staffClose: 'Fermer',
  staffClosing: seconds => (seconds <= 1 ? 'Ce panneau se ferme dans 1 seconde.' : `Ce panneau se ferme dans ${seconds} secondes.`),
  staffKeepOpen: 'Garder ouvert',
};
