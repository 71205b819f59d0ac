/**
 * The few words an invitation email adds to the survey's own texts. Built in for nl, fr, de, en
 * and the opt-in Arabic; any other locale gets English (pass `texts` to translate).
 */
export interface EmailTexts {
  /** Language tag of these texts, e.g. `nl`. */
  $code: string;
  /** The email's direction; else the survey locale's (`registerLocale`). Arabic's is built in, so no import is needed. */
  $dir?: 'ltr' | 'rtl';
  /** The name of one answer link: "4 of 5", with the scale end's label at either end. */
  choice: (value: number, max: number, end?: string) => string;
  /** Under the scale: a click only opens the page; the answer counts once sent from there. */
  confirmNote: string;
}

const withEnd = (choice: string, end?: string, comma = ',') => (end ? `${choice}${comma} ${end}` : choice);

const TEXTS: readonly EmailTexts[] = [
  {
    $code: 'nl',
    choice: (value, max, end) => withEnd(`${value} van ${max}`, end),
    confirmNote: 'Uw antwoord telt pas als u het verstuurt op de pagina die dan opent.',
  },
  {
    $code: 'fr',
    choice: (value, max, end) => withEnd(`${value} sur ${max}`, end),
    confirmNote: 'Votre réponse n’est enregistrée que lorsque vous l’envoyez depuis la page qui s’ouvre.',
  },
  {
    $code: 'de',
    choice: (value, max, end) => withEnd(`${value} von ${max}`, end),
    confirmNote: 'Ihre Antwort wird erst gespeichert, wenn Sie sie auf der Seite, die sich dann öffnet, absenden.',
  },
  {
    $code: 'en',
    choice: (value, max, end) => withEnd(`${value} of ${max}`, end),
    confirmNote: 'Your answer only counts once you send it from the page that opens.',
  },
  {
    $code: 'ar',
    $dir: 'rtl',
    choice: (value, max, end) => withEnd(`${value} من ${max}`, end, '،'),
    confirmNote: 'لن تُسجَّل إجابتك إلا بعد إرسالها من الصفحة التي تُفتح.',
  },
];

/** The email texts for `locale` (`fr-BE` → `fr`), else English, with a sender's overrides on top. */
export function emailTexts(locale: string, overrides?: Partial<EmailTexts>): EmailTexts {
  const language = locale.toLowerCase().split('-')[0];
  const base = TEXTS.find(t => t.$code === language) ?? (TEXTS.find(t => t.$code === 'en') as EmailTexts);
  return { ...base, ...overrides };
}
