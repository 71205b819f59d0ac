import type { SurveyMessages } from '../messages.js';

export const fr: SurveyMessages = {
  $code: 'fr',
  $name: 'Français',
  $dir: 'ltr',
  colon: '\u00a0: ',
  defaultSurvey: {
    title: 'Qu’avez-vous pensé de notre service\u00a0?',
    reliability:
      'Êtes-vous satisfait(e) que nous ayons fait ce que nous avions promis, sans erreur\u00a0?',
    credibility:
      'Êtes-vous satisfait(e) de la confiance que vous pouviez accorder à notre personnel et à nos informations\u00a0?',
    tangibles:
      'Êtes-vous satisfait(e) de l’aspect et de la facilité d’utilisation de notre bureau, de notre site web et de nos courriers\u00a0?',
    empathy: 'Êtes-vous satisfait(e) de l’attention portée à votre situation\u00a0?',
    responsiveness: 'Êtes-vous satisfait(e) de la rapidité de notre aide\u00a0?',
    nps: 'Quelle est la probabilité que vous nous recommandiez à un ami ou à un membre de votre famille\u00a0?',
    comment: 'Que pourrions-nous améliorer\u00a0?',
  },
  requiredNote: 'Les questions marquées d’un * demandent une réponse.',
  ratingLow: 'Très insatisfait(e)',
  ratingHigh: 'Très satisfait(e)',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  charactersLeft: count =>
    count <= 1 ? `${count} caractère restant` : `${count} caractères restants`,
  charactersOver: count => (count === 1 ? '1 caractère en trop' : `${count} caractères en trop`),
  submit: 'Envoyer',
  saving: 'Enregistrement de votre réponse…',
  thanks: 'Merci pour votre réponse\u00a0!',
  savedOffline: 'Elle est enregistrée sur cet appareil et sera envoyée automatiquement dès qu’une connexion est disponible.',
  delivered: 'Elle a été envoyée.',
  refused: 'Malheureusement, elle n’a pas pu être traitée.',
  keepOpen: 'Votre réponse n’a pas pu être enregistrée sur cet appareil. Gardez cette page ouverte jusqu’à son envoi.',
  notSent: 'Votre réponse n’a pas pu être enregistrée ni envoyée. Veuillez réessayer.',
  retry: 'Réessayer',
  errorRequired: 'Veuillez choisir une réponse.',
  errorOutOfRange: 'Cette réponse ne fait pas partie des choix.',
  errorTooLong: max => `Utilisez au maximum ${max} caractères.`,
  errorSummary: count =>
    count <= 1
      ? `${count} question attend encore une réponse.`
      : `${count} questions attendent encore une réponse.`,
  errorCheck: count => (count === 1 ? 'Veuillez vérifier 1 réponse.' : `Veuillez vérifier ${count} réponses.`),
  setupError: 'Ce questionnaire ne peut pas être affiché pour le moment.',
  loading: 'Chargement du questionnaire…',
  emailConfirm: 'Vérifiez votre réponse et cliquez sur Envoyer\u00a0: elle n’est enregistrée qu’à ce moment-là.',
  alreadyReceived: 'Vous avez déjà répondu à cette invitation. Seule votre première réponse compte. Merci\u00a0!',
  dismiss: 'Pas maintenant',
  contactConsent: 'Oui, vous pouvez me contacter au sujet de mon avis. Mon adresse e-mail ou mon numéro de téléphone ne sert qu’à cela.',
  contactEmail: 'Adresse e-mail',
  contactPhone: 'Numéro de téléphone',
  contactHint: 'Remplissez au moins l’un des deux.',
  errorContactNeeded: 'Indiquez une adresse e-mail ou un numéro de téléphone, ou décochez la case.',
  errorEmail: 'Cette adresse e-mail n’est pas valide.',
  errorPhone: 'Ce numéro de téléphone n’est pas valide.',
  errorEmailAndPhone: 'Ni l’adresse e-mail ni le numéro de téléphone ne sont valides.',
  nextRespondent: 'Nouveau questionnaire',
};
