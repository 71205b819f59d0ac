/** Texts of the built-in survey, translated with the rest of a locale. */
export interface DefaultSurveyText {
  title: string;
  reliability: string;
  credibility: string;
  tangibles: string;
  empathy: string;
  responsiveness: string;
  nps: string;
  comment: string;
}

/**
 * The strings the survey shows on a website or an email page. Parameterised strings are functions,
 * so plural rules live in code. Override single strings per element with the `messages` property.
 */
export interface SurveyMessages {
  /** Language tag, e.g. `nl`. */
  $code: string;
  /** Name of the language in itself, e.g. `Nederlands`. */
  $name: string;
  $dir: 'ltr' | 'rtl';
  /** A label's colon and space before its value; `': '` when unset. French: a no-break space before it. */
  colon?: string;
  defaultSurvey: DefaultSurveyText;
  /** Note explaining the required marker. */
  requiredNote: string;
  ratingLow: string;
  ratingHigh: string;
  npsLow: string;
  npsHigh: string;
  charactersLeft: (count: number) => string;
  /** Past the comment's limit: the text is kept, and the answer is refused until it is shorter. */
  charactersOver: (count: number) => string;
  submit: string;
  /** While the answer is being stored on the device. */
  saving: string;
  /** Thank-you message, shown once the answer is stored (replaceable with the `thanks` slot). */
  thanks: string;
  /** Below the thanks: stored on this device, sent automatically when there is a connection. */
  savedOffline: string;
  /** Below the thanks: the endpoint acknowledged the answer. */
  delivered: string;
  /** Below the thanks: the endpoint refused the answer for good, so it will not be sent again. */
  refused: string;
  /** Storage is unusable: the answer lives only in this page until it is sent. */
  keepOpen: string;
  /** The answer could not even be kept; nothing claims it was. */
  notSent: string;
  retry: string;
  errorRequired: string;
  errorOutOfRange: string;
  errorTooLong: (max: number) => string;
  /** Announced after a failed submit attempt. */
  errorSummary: (count: number) => string;
  /** The summary when some answers are there but not right (too long, an invalid email). */
  errorCheck: (count: number) => string;
  /** Shown instead of the survey when its setup is wrong (details go to `feedback-error`). */
  setupError: string;
  loading: string;
  /** Email landing page: the answer from the email is only recorded once sent from this page. */
  emailConfirm: string;
  /**
   * One answer per invitation: the endpoint already had one, or this browser sent (or queued) one
   * from the same link. True while that answer still waits offline, so it says "answered", not "received".
   */
  alreadyReceived: string;
  /** Button that hides a website survey (it is not shown again for a while). */
  dismiss: string;
  /** Consent checkbox of a contact question, when the survey gives none. */
  contactConsent: string;
  contactEmail: string;
  contactPhone: string;
  /** Under the contact fields. */
  contactHint: string;
  errorContactNeeded: string;
  errorEmail: string;
  errorPhone: string;
  errorEmailAndPhone: string;
  /** Kiosk: starts a new survey right away after the thanks. */
  nextRespondent: string;
}

/** The strings of kiosk mode: for built-in languages they come with feedback-loop/kiosk.js. */
export interface KioskMessages {
  /** Kiosk: the survey starts over for the next person after this many seconds without a touch. */
  idleWarning: (seconds: number) => string;
  /** Kiosk: keeps the half-filled survey. */
  idleContinue: string;
  /** Kiosk staff line: answers waiting on this device. */
  staffPending: (count: number) => string;
  /** Kiosk staff line: when this device last delivered answers (a formatted time). */
  staffLastSent: (time: string) => string;
  staffNeverSent: string;
  staffOffline: string;
  /** Name of the staff panel. */
  staffPanel: string;
  staffPin: string;
  staffPinWrong: string;
  /**
   * Kiosk staff panel: after five wrong PINs the field is locked for `seconds` (60 at most); a PIN
   * typed meanwhile is not checked. Optional for locales made before it: they say `staffPinWrong`.
   */
  staffPinLocked?: (seconds: number) => string;
  staffUnlock: string;
  staffDeadLetters: (count: number) => string;
  staffExport: string;
  /** Kiosk staff panel: downloads the answers still waiting, to be delivered another way. */
  staffExportPending: string;
  staffSendNow: string;
  staffClose: string;
  /** Kiosk staff panel: it closes by itself in `seconds` (20) unless kept open. */
  staffClosing: (seconds: number) => string;
  /** Kiosk staff panel: keeps it open for another two minutes. */
  staffKeepOpen: string;
}

/** Every string of a language: what `registerLocale()` takes, kiosk mode's texts included. */
export interface Messages extends SurveyMessages, KioskMessages {}

/** A locale as the registry holds it: a built-in language has kiosk texts once kiosk mode is loaded. */
export type LoadedMessages = SurveyMessages & Partial<KioskMessages>;

/** A host's overrides for single strings. */
export type MessageOverrides = Partial<Omit<Messages, 'defaultSurvey'>> & {
  defaultSurvey?: Partial<DefaultSurveyText>;
};
