import * as z from 'zod/mini';
import { foreignLang, otherLang, pickText } from '../i18n/pick-text.js';
import { resolveLocale } from '../i18n/registry.js';
import { emailLink } from '../schema/email-link.js';
import { withoutCredentials } from '../schema/endpoint.js';
import { InvitationSchema } from '../schema/record.js';
import { LocaleSchema, SCALES, type LocalizedText, type ScaleQuestion, type Survey } from '../schema/survey.js';
import { formatIssues, toIssues, validateSurvey, type ValidationIssue } from '../schema/validate.js';
import { emailTexts, type EmailTexts } from './email-texts.js';

/** What `renderEmailSnippet()` and `renderEmailText()` need. */
export interface EmailSnippetOptions {
  /** The survey of the landing page; its first rating or NPS question is asked in the email. */
  survey: Survey;
  /** Language of the email (BCP 47), e.g. `nl` or `fr-BE`. */
  locale: string;
  /** The page with `<feedback-loop mode="email">` that each link opens: an absolute http(s) URL, without a user name or password. */
  landingUrl: string | URL;
  /**
   * The recipient's invitation token (8–128 letters, digits, "_" or "-"); the collector takes one
   * response per token. Make it random per invitation (`crypto.randomUUID()`) and do not keep it
   * next to the address once the email is sent: the collector never needs it looked up.
   */
  token?: string;
  /** Ask this rating or NPS question instead of the survey's first one. */
  questionId?: string;
  /** The email's own words, e.g. for a locale that is not built in. */
  texts?: Partial<EmailTexts>;
}

/** One answer link. */
export interface EmailChoice {
  value: number;
  href: string;
  /** Makes sense read alone: "4 of 5", with the end label at either end. */
  name: string;
}

/** One scale question of an invitation email, in the email's language. */
export interface EmailScale {
  lang: string;
  dir: 'ltr' | 'rtl';
  label: string;
  /** The label's language when it is not `lang`'s (a survey without this language): mark it so. */
  labelLang?: string;
  low: string;
  /** Like `labelLang`, for `low`: the question's own end label, or English for a locale that is not built in. */
  lowLang?: string;
  high: string;
  /** Like `lowLang`, for `high`. */
  highLang?: string;
  choices: EmailChoice[];
  note: string;
  /** The note's language when it is not `lang`'s: English for a locale that is not built in, without your own `confirmNote`. */
  noteLang?: string;
}

function refuse(message: string, issues?: ValidationIssue[]): never {
  throw new TypeError(issues ? `${message}:\n${formatIssues(issues)}` : message, { cause: issues });
}

function check<T>(schema: z.ZodMiniType<T>, input: unknown, what: string): T {
  const result = z.safeParse(schema, input);
  return result.success ? result.data : refuse(what, toIssues(result.error.issues));
}

/**
 * The landing page as a URL; only absolute http(s) links work in every mail client. A user name or
 * password in it would go out in every email: refused, and left out of the message, which ends up in logs.
 */
function landingPage(input: string | URL): URL {
  let url: URL | undefined;
  try {
    url = new URL(input);
  } catch {
    // refused below, with the same message as any other scheme
  }
  const shown = JSON.stringify(withoutCredentials(String(input)));
  if (url?.username || url?.password) return refuse(`landingUrl must not contain a user name or password, got ${shown}`);
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url;
  return refuse(`landingUrl must be an absolute http(s) URL, got ${shown}`);
}

/** The rating or NPS question to ask: `questionId`, else the survey's first one. */
function scaleQuestion(survey: Survey, questionId?: string): ScaleQuestion {
  const scales = survey.questions.filter((q): q is ScaleQuestion => q.kind === 'rating' || q.kind === 'nps');
  const question = questionId === undefined ? scales[0] : scales.find(q => q.id === questionId);
  if (question) return question;
  return refuse(
    questionId === undefined
      ? `Survey "${survey.id}" has no rating or NPS question to ask in an email`
      : `Survey "${survey.id}" has no rating or NPS question "${questionId}"`,
  );
}

/** The texts at both ends of the scale (the question's own, else the locale's defaults), each with its language when foreign. */
function scaleEnds(question: ScaleQuestion, locale: string) {
  const messages = resolveLocale(locale);
  const nps = question.kind === 'nps';
  const end = (own: LocalizedText | undefined, fallback: string): [string, string | undefined] =>
    own ? [pickText(own, locale), foreignLang(own, locale)] : [fallback, otherLang(messages.$code, locale)];
  const [low, lowLang] = end(question.lowLabel, nps ? messages.npsLow : messages.ratingLow);
  const [high, highLang] = end(question.highLabel, nps ? messages.npsHigh : messages.ratingHigh);
  return { low, high, ...(lowLang && { lowLang }), ...(highLang && { highLang }) };
}

/** Checks the options (throws a TypeError) and resolves the texts and links of the email's question. */
export function emailScale(options: EmailSnippetOptions): EmailScale {
  const validated = validateSurvey(options.survey);
  const survey = validated.ok ? validated.value : refuse('Invalid survey', validated.issues);
  const locale = check(LocaleSchema, options.locale, 'Invalid locale');
  const token = options.token === undefined ? undefined : check(InvitationSchema, options.token, 'Invalid token');
  const landingUrl = landingPage(options.landingUrl);
  const question = scaleQuestion(survey, options.questionId);
  const ends = scaleEnds(question, locale);
  const { low, high } = ends;
  const texts = emailTexts(locale, options.texts);
  // The sender's own note is taken to be in the email's language unless their texts say otherwise.
  const noteLang = otherLang(options.texts?.confirmNote === undefined ? emailTexts(locale).$code : (options.texts.$code ?? locale), locale);
  const { min, max } = SCALES[question.kind];
  const choices = Array.from({ length: max - min + 1 }, (_, i) => {
    const value = min + i;
    const end = value === min ? low : value === max ? high : undefined;
    return { value, href: emailLink(landingUrl, { questionId: question.id, value, token }), name: texts.choice(value, max, end) };
  });
  const label = pickText(question.label, locale);
  const labelLang = foreignLang(question.label, locale);
  return {
    lang: locale,
    // Only these two: the value goes into the HTML as it is.
    dir: texts.$dir === 'rtl' || texts.$dir === 'ltr' ? texts.$dir : resolveLocale(locale).$dir,
    label,
    ...(labelLang && { labelLang }),
    ...ends,
    choices,
    note: texts.confirmNote,
    ...(noteLang && { noteLang }),
  };
}
