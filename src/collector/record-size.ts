import { CONTEXT_LIMITS } from '../schema/record.js';
import { DEFAULT_COMMENT_LENGTH, type Survey } from '../schema/survey.js';

// The worst case, so that no valid answer can meet a 413 and die in the sender's outbox: each
// UTF-16 unit of free text as a control character, which JSON writes as 6 bytes (\u0001).
const WORST_BYTES_PER_UNIT = 6;
const text = (units: number) => 2 + units * WORST_BYTES_PER_UNIT;
/** `"name":value,` */
const field = (name: string, valueBytes: number) => name.length + 4 + valueBytes;

// Bounds of the record schema; submittedAt is an ISO time as long as nanoseconds and an offset make it.
const UUID = 36;
const LOCALE = 35;
const SUBMITTED_AT = 40;
const INVITATION = 128;
const EMAIL = 254;
const PHONE = 26;
const ENVELOPE = '{"records":[]}'.length;

function answersBytes(survey: Survey): number {
  return survey.questions.reduce((sum, q) => {
    if (q.kind === 'contact') return sum;
    const value = q.kind === 'comment' ? text(q.maxLength ?? DEFAULT_COMMENT_LENGTH) : q.kind === 'nps' ? 2 : 1;
    return sum + field(q.id, value); // ids are ASCII: no escapes
  }, 2);
}

function contactBytes(survey: Survey): number {
  if (!survey.questions.some(q => q.kind === 'contact')) return 0;
  return field('contact', 2 + field('consent', 4) + field('email', EMAIL + 2) + field('phone', PHONE + 2));
}

const CONTEXT = 2 + CONTEXT_LIMITS.keys * (CONTEXT_LIMITS.keyLength + 4 + text(CONTEXT_LIMITS.valueLength));

/**
 * Most bytes a request body holding one valid answer to `survey` can take: every comment, context
 * value and contact field at full length, in UTF-8 with JSON's escapes. A `maxBodyBytes` below it
 * would refuse that answer for good.
 */
export function largestRecordBody(survey: Survey): number {
  return (
    ENVELOPE +
    2 +
    field('id', UUID + 2) +
    field('surveyId', JSON.stringify(survey.id).length) +
    field('surveyVersion', String(survey.version).length) +
    field('channel', 7) +
    field('locale', LOCALE + 2) +
    field('answers', answersBytes(survey)) +
    field('submittedAt', SUBMITTED_AT + 2) +
    field('context', CONTEXT) +
    field('invitation', INVITATION + 2) +
    contactBytes(survey)
  );
}

/**
 * Throws a RangeError naming the survey and the size needed when `maxBodyBytes` is below one answer
 * to a survey at its largest: that answer would get 413 on every try, a dead letter in its outbox.
 */
export function checkBodyLimit(maxBodyBytes: number, surveys: readonly Survey[]): void {
  // The largest of all, so the size named is enough for every survey at once.
  const [survey, bytes] = surveys
    .map(s => [s, largestRecordBody(s)] as const)
    .reduce((top, next) => (next[1] > top[1] ? next : top), [undefined, 0] as readonly [Survey | undefined, number]);
  if (!survey || maxBodyBytes >= bytes) return;
  throw new RangeError(
    `MAX_BODY_BYTES (maxBodyBytes) is ${maxBodyBytes}, but one answer to survey "${survey.id}" version ${survey.version} ` +
      `can take ${bytes} bytes (its comments, context and contact at full length). Set it to at least ${bytes}.`,
  );
}
