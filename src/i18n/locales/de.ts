import type { Messages } from '../messages.js';

export const de: Messages = {
  $code: 'de',
  $name: 'Deutsch',
  $dir: 'ltr',
  defaultSurvey: {
    title: 'Wie zufrieden waren Sie mit uns?',
    reliability: 'Wie zufrieden sind Sie damit, dass wir gehalten haben, was wir versprochen haben, ohne Fehler?',
    credibility:
      'Wie zufrieden sind Sie damit, wie sehr Sie unseren Mitarbeitenden und unseren Informationen vertrauen konnten?',
    tangibles:
      'Wie zufrieden sind Sie damit, wie unser Büro, unsere Website und unsere Briefe aussehen und funktionieren?',
    empathy: 'Wie zufrieden sind Sie mit der Aufmerksamkeit für Ihre Situation?',
    responsiveness: 'Wie zufrieden sind Sie damit, wie schnell wir Ihnen geholfen haben?',
    nps: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder einem Familienmitglied empfehlen?',
    comment: 'Was können wir besser machen?',
  },
  requiredNote: 'Fragen mit * brauchen eine Antwort.',
  ratingLow: 'Sehr unzufrieden',
  ratingHigh: 'Sehr zufrieden',
  npsLow: 'Überhaupt nicht wahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  charactersLeft: count => (count === 1 ? 'Noch 1 Zeichen' : `Noch ${count} Zeichen`),
  submit: 'Senden',
  saving: 'Ihre Antwort wird gespeichert …',
  thanks: 'Vielen Dank für Ihre Antwort!',
  savedOffline: 'Sie ist auf diesem Gerät gespeichert und wird automatisch gesendet, sobald eine Verbindung besteht.',
  delivered: 'Sie wurde gesendet.',
  keepOpen: 'Ihre Antwort konnte auf diesem Gerät nicht gespeichert werden. Lassen Sie diese Seite geöffnet, bis sie gesendet wurde.',
  notSent: 'Ihre Antwort konnte weder gespeichert noch gesendet werden. Bitte versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  errorRequired: 'Bitte wählen Sie eine Antwort.',
  errorOutOfRange: 'Diese Antwort gehört nicht zu den Auswahlmöglichkeiten.',
  errorTooLong: max => `Bitte verwenden Sie höchstens ${max} Zeichen.`,
  errorSummary: count =>
    count === 1 ? '1 Frage braucht noch eine Antwort.' : `${count} Fragen brauchen noch eine Antwort.`,
  setupError: 'Diese Umfrage kann gerade nicht angezeigt werden.',
  loading: 'Die Umfrage wird geladen …',
};
