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
 * Every string the survey element shows. Parameterised strings are functions, so plural rules
 * live in code. Override single strings per element with the `messages` property.
 */
export interface Messages {
  /** Language tag, e.g. `nl`. */
  $code: string;
  /** Name of the language in itself, e.g. `Nederlands`. */
  $name: string;
  $dir: 'ltr' | 'rtl';
  defaultSurvey: DefaultSurveyText;
  /** Note explaining the required marker. */
  requiredNote: string;
  ratingLow: string;
  ratingHigh: string;
  npsLow: string;
  npsHigh: string;
  charactersLeft: (count: number) => string;
  submit: string;
  /** While the answer is being stored on the device. */
  saving: string;
  /** Thank-you message, shown once the answer is stored (replaceable with the `thanks` slot). */
  thanks: string;
  /** Below the thanks: stored on this device, sent automatically when there is a connection. */
  savedOffline: string;
  /** Below the thanks: the endpoint acknowledged the answer. */
  delivered: string;
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
  /** Shown instead of the survey when its setup is wrong (details go to `feedback-error`). */
  setupError: string;
  loading: string;
}

/** A host's overrides for single strings. */
export type MessageOverrides = Partial<Omit<Messages, 'defaultSurvey'>> & {
  defaultSurvey?: Partial<DefaultSurveyText>;
};
