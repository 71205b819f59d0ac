import { REASON_MAX_LENGTH } from '../schema/ack.js';
import { checkAnswers, type AnswerProblem } from '../schema/answers.js';
import { answerTo, CONTEXT_LIMITS, UNSTORABLE, type FeedbackRecord } from '../schema/record.js';
import { DEFAULT_COMMENT_LENGTH, MAX_QUESTIONS, SCALES, type Survey } from '../schema/survey.js';
import { formatIssues, validateRecord, type ValidationIssue } from '../schema/validate.js';
import { inRange } from './sql-error.js';


export type CheckedRecord = { ok: true; record: FeedbackRecord } | { ok: false; reason: string };

/** Surveys by `id@version`, the key every answer carries. */
export type SurveyIndex = ReadonlyMap<string, Survey>;

export const surveyKey = (id: string, version: number) => `${id}@${version}`;

export function indexSurveys(surveys: readonly Survey[]): SurveyIndex {
  return new Map(surveys.map(survey => [surveyKey(survey.id, survey.version), survey]));
}

function unstorableText(record: FeedbackRecord): string | undefined {
  // Context values are checked by the record schema.
  const texts = Object.entries(record.answers).map(([key, value]): [string, unknown] => [`answers.${key}`, value]);
  const found = texts.find(([, value]) => typeof value === 'string' && UNSTORABLE.test(value));
  return found && `${found[0]}: contains a NUL character or a broken surrogate pair, which cannot be stored`;
}

const PROBLEM_TEXT = {
  required: 'required, but not answered',
  'out-of-range': 'outside the question’s scale',
  'too-long': 'longer than the question allows',
  'contact-needed': 'consent given, but no email address or phone number',
  'invalid-email': 'not a valid email address',
  'invalid-phone': 'not a valid phone number',
  'invalid-email-and-phone': 'neither a valid email address nor a valid phone number',
} as const satisfies Record<AnswerProblem, string>;

// The record schema's bounds for any scale answer: every scale lies within the NPS's 0–10.
const { min: LOWEST, max: HIGHEST } = SCALES.nps;

/**
 * A scale answer the record schema refused, in one line: zod names a fraction only as "matches none
 * of the allowed shapes" (a number or a string), and a huge number twice (past the safe integers, and past 10).
 */
function numberMessage(value: number): string {
  // JSON's 1e999 arrives as Infinity: too big, not "not a whole number".
  if (!Number.isInteger(value) && Number.isFinite(value)) return `a whole number is expected, not ${value}`;
  return value > HIGHEST ? `Too big: at most ${HIGHEST}` : `Too small: at least ${LOWEST}`;
}

/** Plainer words than the schema's where a sender's developer may wonder: the contact fields and numbers. */
function explain(issue: ValidationIssue, input: unknown): ValidationIssue {
  const path = issue.path.join('.');
  if (path === 'contact.consent') return { ...issue, message: 'contact details are taken only with "consent": true' };
  if (path === 'contact.email' && issue.code === 'invalid_format') return { ...issue, message: PROBLEM_TEXT['invalid-email'] };
  const [field, key] = issue.path;
  // An invalid key keeps its own message: "bad key": 9 is no number out of range.
  if (field === 'answers' && issue.path.length === 2 && typeof key === 'string' && issue.code !== 'invalid_key') {
    const value = answerTo((input as { answers: Record<string, unknown> }).answers, key);
    if (typeof value === 'number') return { ...issue, message: numberMessage(value) };
    // zod names null, true or an array only as "matches none of the allowed shapes".
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value === 'boolean' ? 'a boolean' : undefined;
    if (kind) return { ...issue, message: `a JSON number (a scale) or string (a comment) is expected, not ${kind}` };
  }
  return issue;
}

/** The schema's issues explained, each line once. */
function schemaReason(issues: ValidationIssue[], input: unknown): string {
  const lines = formatIssues(issues.map(issue => explain(issue, input))).split('\n');
  return [...new Set(lines)].join('\n');
}

/** An answer of the wrong JSON type, named as such rather than as too long or off the scale. */
function wrongType(survey: Survey, record: FeedbackRecord): string | undefined {
  for (const question of survey.questions) {
    const value = answerTo(record.answers, question.id);
    if (value === undefined || question.kind === 'contact') continue;
    if (question.kind === 'comment' && typeof value !== 'string') return `answers.${question.id}: a comment is a JSON string, not a ${typeof value}`;
    if (question.kind !== 'comment' && typeof value !== 'number') {
      const { min, max } = SCALES[question.kind];
      return `answers.${question.id}: a JSON number from ${min} to ${max} is expected, not a ${typeof value}`;
    }
  }
  return undefined;
}

/** Comments as sent, before trimming: what is stored must fit the question's limit too. */
function overlongComment(survey: Survey, record: FeedbackRecord): string | undefined {
  const question = survey.questions.find(
    q => q.kind === 'comment' && String(answerTo(record.answers, q.id) ?? '').length > (q.maxLength ?? DEFAULT_COMMENT_LENGTH),
  );
  return question && `answers.${question.id}: ${PROBLEM_TEXT['too-long']}`;
}

// The keys as sent: a key such as "__proto__" never reaches zod's output, but must not pass unseen.
function answerProblems(survey: Survey, record: FeedbackRecord, sentKeys: string[]): string | undefined {
  // A contact question's answer travels as `contact`, never in `answers`.
  const known = new Set(survey.questions.filter(q => q.kind !== 'contact').map(question => question.id));
  const unknown = sentKeys.filter(id => !known.has(id));
  if (unknown.length) return `answers: ${unknown.map(id => `"${id}"`).join(', ')} not in survey "${survey.id}" version ${survey.version}`;
  const tooLong = wrongType(survey, record) ?? overlongComment(survey, record);
  if (tooLong) return tooLong;
  const problems = checkAnswers(survey, record.answers);
  // A comment that is all spaces is no answer; the element never sends one, but it is harmless.
  return problems.length ? problems.map(p => `answers.${p.questionId}: ${PROBLEM_TEXT[p.problem]}`).join('\n') : undefined;
}

/** Contact details are taken only where the survey asked for them, with its consent question. */
function contactProblem(survey: Survey, record: FeedbackRecord): string | undefined {
  if (!record.contact || survey.questions.some(q => q.kind === 'contact')) return undefined;
  return `contact: survey "${survey.id}" version ${survey.version} has no contact question, so it takes no contact details`;
}

function submittedAtProblem(record: FeedbackRecord): string | undefined {
  return inRange(new Date(record.submittedAt)) ? undefined : 'submittedAt: the year must be between 1970 and 9999';
}

/** A context key as sent that zod left out of its output ("__proto__"): refused, not dropped. */
function lostContextKey(input: unknown, record: FeedbackRecord): string | undefined {
  const sent = (input as { context?: unknown }).context;
  if (sent === null || typeof sent !== 'object') return undefined;
  const lost = Object.keys(sent).find(key => !Object.hasOwn(record.context ?? {}, key));
  return lost === undefined ? undefined : `context: "${lost}" cannot be a context key`;
}

/**
 * More keys in `answers` or `context` than a record can hold, counted before the schema checks each
 * key: at a megabyte of keys that takes most of a second of CPU, in which the collector answers nobody.
 */
function tooManyKeys(input: unknown): string | undefined {
  const { answers, context } = (input ?? {}) as { answers?: unknown; context?: unknown };
  const keys = (value: unknown) => (value !== null && typeof value === 'object' ? Object.keys(value).length : 0);
  if (keys(answers) > MAX_QUESTIONS) return `answers: ${keys(answers)} keys, but a survey has at most ${MAX_QUESTIONS} questions`;
  return keys(context) > CONTEXT_LIMITS.keys ? `context: At most ${CONTEXT_LIMITS.keys} context keys` : undefined;
}

/**
 * Checks one record of a batch: the record schema (a `contact` only with consent and a valid email
 * address or phone number), then its survey (known id and version, only that survey's questions,
 * values in range, required answers given, contact only where it asks), then that its text can be stored.
 */
export function checkRecord(input: unknown, surveys: SurveyIndex): CheckedRecord {
  const crowded = tooManyKeys(input);
  if (crowded) return { ok: false, reason: crowded };
  const checked = validateRecord(input);
  if (!checked.ok) return { ok: false, reason: schemaReason(checked.issues, input).slice(0, REASON_MAX_LENGTH) };
  const record = checked.value;
  const survey = surveys.get(surveyKey(record.surveyId, record.surveyVersion));
  const reason = survey
    ? (answerProblems(survey, record, Object.keys((input as { answers: object }).answers)) ??
      lostContextKey(input, record) ??
      contactProblem(survey, record) ??
      submittedAtProblem(record) ??
      unstorableText(record))
    : `Unknown survey "${record.surveyId}" version ${record.surveyVersion}`;
  return reason ? { ok: false, reason: reason.slice(0, REASON_MAX_LENGTH) } : { ok: true, record };
}
