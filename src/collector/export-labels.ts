// The words of the Excel and CSV exports, in the four built-in languages. A small table of its own:
// the exports run on the server, so they cannot use the widget's lit-based i18n.
import type { Channel } from '../schema/record.js';
import type { LocalizedText } from '../schema/survey.js';

export const EXPORT_LOCALES = ['nl', 'fr', 'de', 'en'] as const;
export type ExportLocale = (typeof EXPORT_LOCALES)[number];

export interface ExportLabels {
  /** BCP 47 tag for Intl date formatting ("1 januari 2023"). */
  dateLocale: string;
  /** A label's colon and space: French puts a no-break space before it. */
  colon: string;
  sheets: { summary: string; answers: string; comments: string };
  survey: string;
  period: string;
  previousPeriod: string;
  timeZone: string;
  /** The export's cut: answers the collector stored before this moment. */
  receivedUntil: string;
  filters: string;
  none: string;
  breakdown: string;
  byChannel: string;
  byKey: (key: string) => string;
  minCount: string;
  explanation: string;
  hiddenNote: (minCount: number) => string;
  /** After the period's range while it has not ended: "answers up to and including <day>". */
  periodRunning: (through: string) => string;
  total: string;
  /** Heading of the improvement points: the total's rating questions with the lowest score out of 5. */
  improvementPoints: string;
  /** Under that heading: the rule that picked them. */
  improvementNote: string;
  noValue: string;
  answers: string;
  responseRate: string;
  /** "7 answers from 70 invitations": the base the rate is of (invitations where there are any, else times shown). */
  rateDetail: (answers: number, base: number, of: 'invited' | 'shown') => string;
  question: string;
  satisfied: string;
  neutral: string;
  dissatisfied: string;
  mean: string;
  n: string;
  npsScore: string;
  promoters: string;
  passives: string;
  detractors: string;
  /** Headers of the change columns next to the previous period. */
  changes: { satisfied: string; dissatisfied: string; mean: string; score: string; promoters: string; detractors: string };
  trend: string;
  direction: { better: string; worse: string; same: string };
  /** Unit of a change in percentage points, in an Excel number format. */
  points: string;
  tooFew: string;
  /** Hidden with enough answers: the other groups would give a small one away. */
  protectsSmaller: string;
  noAnswers: string;
  id: string;
  /** Header of the date column; Excel has no time zones, so it names the one the times are in. */
  submitted: (timeZone: string) => string;
  date: (timeZone: string) => string;
  /** Header of the column that tells the two times of the hour that repeats when the clocks go back apart. */
  utcOffset: string;
  channel: string;
  language: string;
  version: string;
  comment: string;
  channels: Record<Channel, string>;
}

const nl: ExportLabels = {
  dateLocale: 'nl-BE',
  colon: ': ',
  sheets: { summary: 'Samenvatting', answers: 'Antwoorden', comments: 'Opmerkingen' },
  survey: 'Enquête',
  period: 'Periode',
  previousPeriod: 'Vorige periode',
  timeZone: 'Tijdzone',
  receivedUntil: 'Antwoorden ontvangen tot',
  filters: 'Filters',
  none: 'geen',
  breakdown: 'Uitsplitsing',
  byChannel: 'per kanaal',
  byKey: key => `per ${key}`,
  minCount: 'Minimum aantal antwoorden',
  explanation:
    'Tevreden = 4–5, neutraal = 3, ontevreden = 1–2 op 5. NPS: promotors 9–10, passief 7–8, criticasters 0–6; NPS-score = % promotors − % criticasters.',
  hiddenNote: min =>
    `Een vraag met minder dan ${min} antwoorden in een groep toont enkel het aantal. Ook een grotere groep per context (kantoor, team …) toont enkel het aantal als een kleine groep anders af te leiden is uit het totaal. Het blad Antwoorden toont wel elk antwoord afzonderlijk, ook dat van een kleine groep: geef het alleen aan wie de antwoorden zelf mag zien.`,
  periodRunning: through => `loopt nog: antwoorden tot en met ${through}`,
  total: 'Totaal',
  improvementPoints: 'Verbeterpunten',
  improvementNote: 'De vragen met de laagste score op 5 in het totaal van deze periode, de laagste eerst.',
  noValue: '(geen waarde)',
  answers: 'Antwoorden',
  responseRate: 'Responsgraad',
  rateDetail: (answers, base, of) => `${answers} ${answers === 1 ? 'antwoord' : 'antwoorden'} op ${base} ${of === 'invited' ? (base === 1 ? 'uitnodiging' : 'uitnodigingen') : base === 1 ? 'weergave' : 'weergaven'}`,
  question: 'Vraag',
  satisfied: 'Tevreden',
  neutral: 'Neutraal',
  dissatisfied: 'Ontevreden',
  mean: 'Score op 5',
  n: 'Aantal (n)',
  npsScore: 'NPS-score',
  promoters: 'Promotors',
  passives: 'Passief',
  detractors: 'Criticasters',
  changes: {
    satisfied: 'Verschil tevreden',
    dissatisfied: 'Verschil ontevreden',
    mean: 'Verschil score',
    score: 'Verschil NPS-score',
    promoters: 'Verschil promotors',
    detractors: 'Verschil criticasters',
  },
  trend: 'Evolutie',
  direction: { better: 'beter', worse: 'slechter', same: 'gelijk' },
  points: 'pt',
  tooFew: 'te weinig antwoorden',
  protectsSmaller: 'verborgen, zodat een kleine groep niet af te leiden is',
  noAnswers: 'geen antwoorden',
  id: 'Id',
  submitted: tz => `Ingediend (lokale tijd ${tz})`,
  date: tz => `Datum (lokale tijd ${tz})`,
  utcOffset: 'UTC-offset',
  channel: 'Kanaal',
  language: 'Taal',
  version: 'Versie',
  comment: 'Opmerking',
  channels: { web: 'Website', email: 'E-mail', kiosk: 'Kiosk (loket)', phone: 'Telefoon', other: 'Andere' },
};

const fr: ExportLabels = {
  dateLocale: 'fr-BE',
  colon: '\u00a0: ',
  sheets: { summary: 'Synthèse', answers: 'Réponses', comments: 'Commentaires' },
  survey: 'Enquête',
  period: 'Période',
  previousPeriod: 'Période précédente',
  timeZone: 'Fuseau horaire',
  receivedUntil: 'Réponses reçues jusqu’au',
  filters: 'Filtres',
  none: 'aucun',
  breakdown: 'Ventilation',
  byChannel: 'par canal',
  byKey: key => `par ${key}`,
  minCount: 'Nombre minimum de réponses',
  explanation:
    'Satisfait = 4–5, neutre = 3, insatisfait = 1–2 sur 5. NPS\u00a0: promoteurs 9–10, passifs 7–8, détracteurs 0–6\u00a0; score NPS = % promoteurs − % détracteurs.',
  hiddenNote: min =>
    `Une question avec moins de ${min} réponses dans un groupe n’affiche que le nombre. De même, un groupe plus grand par contexte (bureau, équipe…) n’affiche que le nombre si l’on pouvait en déduire un petit groupe à partir du total. La feuille Réponses montre toutefois chaque réponse, y compris celles d’un petit groupe\u00a0: ne la transmettez qu’aux personnes autorisées à voir les réponses.`,
  periodRunning: through => `en cours\u00a0: réponses jusqu’au ${through} inclus`,
  total: 'Total',
  improvementPoints: 'Points à améliorer',
  improvementNote: 'Les questions au score sur 5 le plus bas dans le total de cette période, la plus basse d’abord.',
  noValue: '(sans valeur)',
  answers: 'Réponses',
  responseRate: 'Taux de réponse',
  // French: singular for 0 and 1.
  rateDetail: (answers, base, of) => `${answers} ${answers <= 1 ? 'réponse' : 'réponses'} pour ${base} ${of === 'invited' ? (base <= 1 ? 'invitation' : 'invitations') : base <= 1 ? 'affichage' : 'affichages'}`,
  question: 'Question',
  satisfied: 'Satisfait',
  neutral: 'Neutre',
  dissatisfied: 'Insatisfait',
  mean: 'Score sur 5',
  n: 'Nombre (n)',
  npsScore: 'Score NPS',
  promoters: 'Promoteurs',
  passives: 'Passifs',
  detractors: 'Détracteurs',
  changes: {
    satisfied: 'Écart satisfaits',
    dissatisfied: 'Écart insatisfaits',
    mean: 'Écart score',
    score: 'Écart score NPS',
    promoters: 'Écart promoteurs',
    detractors: 'Écart détracteurs',
  },
  trend: 'Évolution',
  direction: { better: 'meilleur', worse: 'moins bon', same: 'identique' },
  points: 'pt',
  tooFew: 'trop peu de réponses',
  protectsSmaller: 'masqué, pour qu’un petit groupe ne puisse pas être déduit',
  noAnswers: 'aucune réponse',
  id: 'Id',
  submitted: tz => `Envoyé (heure locale ${tz})`,
  date: tz => `Date (heure locale ${tz})`,
  utcOffset: 'Décalage UTC',
  channel: 'Canal',
  language: 'Langue',
  version: 'Version',
  comment: 'Commentaire',
  channels: { web: 'Site web', email: 'E-mail', kiosk: 'Borne (guichet)', phone: 'Téléphone', other: 'Autre' },
};

const de: ExportLabels = {
  dateLocale: 'de-BE',
  colon: ': ',
  sheets: { summary: 'Zusammenfassung', answers: 'Antworten', comments: 'Kommentare' },
  survey: 'Umfrage',
  period: 'Zeitraum',
  previousPeriod: 'Vorheriger Zeitraum',
  timeZone: 'Zeitzone',
  receivedUntil: 'Antworten eingegangen bis',
  filters: 'Filter',
  none: 'keine',
  breakdown: 'Aufschlüsselung',
  byChannel: 'nach Kanal',
  byKey: key => `nach ${key}`,
  minCount: 'Mindestanzahl Antworten',
  explanation:
    'Zufrieden = 4–5, neutral = 3, unzufrieden = 1–2 von 5. NPS: Promotoren 9–10, Passive 7–8, Detraktoren 0–6; NPS-Wert = % Promotoren − % Detraktoren.',
  hiddenNote: min =>
    `Eine Frage mit weniger als ${min} Antworten in einer Gruppe zeigt nur die Anzahl. Auch eine größere Gruppe nach Kontext (Büro, Team …) zeigt nur die Anzahl, wenn sich sonst eine kleine Gruppe aus der Gesamtzahl errechnen ließe. Das Blatt Antworten zeigt dennoch jede Antwort einzeln, auch die einer kleinen Gruppe: Geben Sie es nur an Personen, die die Antworten selbst sehen dürfen.`,
  periodRunning: through => `läuft noch: Antworten bis einschließlich ${through}`,
  total: 'Gesamt',
  improvementPoints: 'Verbesserungspunkte',
  improvementNote: 'Die Fragen mit dem niedrigsten Wert von 5 im Gesamtergebnis dieses Zeitraums, der niedrigste zuerst.',
  noValue: '(ohne Wert)',
  answers: 'Antworten',
  responseRate: 'Rücklaufquote',
  rateDetail: (answers, base, of) => `${answers} ${answers === 1 ? 'Antwort' : 'Antworten'} bei ${base} ${of === 'invited' ? (base === 1 ? 'Einladung' : 'Einladungen') : base === 1 ? 'Anzeige' : 'Anzeigen'}`,
  question: 'Frage',
  satisfied: 'Zufrieden',
  neutral: 'Neutral',
  dissatisfied: 'Unzufrieden',
  mean: 'Wert von 5',
  n: 'Anzahl (n)',
  npsScore: 'NPS-Wert',
  promoters: 'Promotoren',
  passives: 'Passive',
  detractors: 'Detraktoren',
  changes: {
    satisfied: 'Änderung zufrieden',
    dissatisfied: 'Änderung unzufrieden',
    mean: 'Änderung Wert',
    score: 'Änderung NPS-Wert',
    promoters: 'Änderung Promotoren',
    detractors: 'Änderung Detraktoren',
  },
  trend: 'Entwicklung',
  direction: { better: 'besser', worse: 'schlechter', same: 'gleich' },
  points: 'Pp.',
  tooFew: 'zu wenige Antworten',
  protectsSmaller: 'ausgeblendet, damit sich eine kleine Gruppe nicht errechnen lässt',
  noAnswers: 'keine Antworten',
  id: 'Id',
  submitted: tz => `Eingereicht (Ortszeit ${tz})`,
  date: tz => `Datum (Ortszeit ${tz})`,
  utcOffset: 'UTC-Versatz',
  channel: 'Kanal',
  language: 'Sprache',
  version: 'Version',
  comment: 'Kommentar',
  channels: { web: 'Website', email: 'E-Mail', kiosk: 'Kiosk (Schalter)', phone: 'Telefon', other: 'Andere' },
};

const en: ExportLabels = {
  dateLocale: 'en-GB',
  colon: ': ',
  sheets: { summary: 'Summary', answers: 'Answers', comments: 'Comments' },
  survey: 'Survey',
  period: 'Period',
  previousPeriod: 'Previous period',
  timeZone: 'Time zone',
  receivedUntil: 'Answers received up to',
  filters: 'Filters',
  none: 'none',
  breakdown: 'Breakdown',
  byChannel: 'by channel',
  byKey: key => `by ${key}`,
  minCount: 'Minimum number of answers',
  explanation:
    'Satisfied = 4–5, neutral = 3, dissatisfied = 1–2 out of 5. NPS: promoters 9–10, passives 7–8, detractors 0–6; NPS = % promoters − % detractors.',
  hiddenNote: min =>
    `A question with fewer than ${min} answers in a group shows only the count. A larger group by context (office, team…) also shows only the count when a small group could otherwise be worked out from the total. The Answers sheet still shows every answer on its own, a small group's too: give it only to those who may see the answers themselves.`,
  periodRunning: through => `still running: answers up to and including ${through}`,
  total: 'Total',
  improvementPoints: 'Points to improve',
  improvementNote: 'The questions with the lowest score out of 5 in the total for this period, lowest first.',
  noValue: '(no value)',
  answers: 'Answers',
  responseRate: 'Response rate',
  rateDetail: (answers, base, of) => `${answers} ${answers === 1 ? 'answer' : 'answers'} from ${base} ${of === 'invited' ? (base === 1 ? 'invitation' : 'invitations') : base === 1 ? 'view' : 'views'}`,
  question: 'Question',
  satisfied: 'Satisfied',
  neutral: 'Neutral',
  dissatisfied: 'Dissatisfied',
  mean: 'Score out of 5',
  n: 'Count (n)',
  npsScore: 'NPS',
  promoters: 'Promoters',
  passives: 'Passives',
  detractors: 'Detractors',
  changes: {
    satisfied: 'Change satisfied',
    dissatisfied: 'Change dissatisfied',
    mean: 'Change score',
    score: 'Change NPS',
    promoters: 'Change promoters',
    detractors: 'Change detractors',
  },
  trend: 'Trend',
  direction: { better: 'better', worse: 'worse', same: 'same' },
  points: 'pt',
  tooFew: 'too few answers',
  protectsSmaller: 'hidden, so that a small group cannot be worked out',
  noAnswers: 'no answers',
  id: 'Id',
  submitted: tz => `Submitted (local time ${tz})`,
  date: tz => `Date (local time ${tz})`,
  utcOffset: 'UTC offset',
  channel: 'Channel',
  language: 'Language',
  version: 'Version',
  comment: 'Comment',
  channels: { web: 'Website', email: 'Email', kiosk: 'Kiosk (counter)', phone: 'Phone', other: 'Other' },
};

export const EXPORT_LABELS: Record<ExportLocale, ExportLabels> = { nl, fr, de, en };

/** A survey text in `locale`, else Dutch, else any language it has (`nl-BE` counts as `nl`). */
export function localizedText(text: LocalizedText, locale: ExportLocale): string {
  const entries = Object.entries(text);
  const find = (language: string) =>
    text[language] ?? entries.find(([tag]) => tag.toLowerCase().startsWith(`${language}-`))?.[1];
  return find(locale) ?? find('nl') ?? entries[0]?.[1] ?? '';
}
