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
  sending: string;
  /** The answer reached the endpoint. */
  thanks: string;
  /** The answer could not be sent; nothing claims it was. */
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
