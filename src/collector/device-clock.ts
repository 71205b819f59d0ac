import * as z from 'zod/mini';
import type { FeedbackRecord } from '../schema/record.js';

/**
 * How far a device clock may be off before its times are corrected: well above the time a request
 * takes (the element gives up after 30 s), well below the error that moves an answer to another day.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** How far past the collector's clock a `submittedAt` may lie without `sentAt`: a clock a little ahead. */
const AHEAD_MS = 86_400_000;

const SentAtSchema = z.iso.datetime({ offset: true });

/**
 * How far the device clock was behind the collector's (negative: ahead) by the request's `sentAt`:
 * 0 within CLOCK_TOLERANCE_MS, undefined without one readable `sentAt` (older elements, other
 * clients, a value given twice or not an ISO date-time), which never costs an answer.
 */
export function clockOffset(sentAt: string[] | undefined, receivedAt: Date): number | undefined {
  if (sentAt?.length !== 1 || !z.safeParse(SentAtSchema, sentAt[0]).success) return undefined;
  const offset = receivedAt.getTime() - Date.parse(sentAt[0]!);
  if (!Number.isFinite(offset)) return undefined;
  return Math.abs(offset) > CLOCK_TOLERANCE_MS ? offset : 0;
}

/**
 * The record with the time it is stored under. A wrong clock gives it `submittedAt + offset`
 * (receivedAt − sentAt, as Segment does): the answer counts in the period it was given in, not in
 * 2000. A correction after arrival shows the clock changed between answer and send (right while
 * offline for days, reset to 2000 before the send): the time as sent, when not after arrival, is
 * then the better guess, else the arrival. Without an offset, a time more than a day ahead becomes
 * the time it arrived (a tablet set to 2099), as does one before 1970. Refusing would lose the
 * answer: every retry sends it again.
 */
export function onTime(record: FeedbackRecord, receivedAt: Date, offset: number | undefined): FeedbackRecord {
  const at = Date.parse(record.submittedAt);
  const now = receivedAt.getTime();
  let time = offset ? at + offset : at;
  if (offset && time > now) time = Math.min(at, now);
  if (time < 0 || time > now + AHEAD_MS) time = now;
  return time === at ? record : { ...record, submittedAt: new Date(time).toISOString() };
}

/** The log's note on a request's clock, or '' when there is nothing to say. */
export function clockNote(sentAt: string[] | undefined, offset: number | undefined): string {
  if (offset === undefined) return sentAt === undefined ? '' : '; sentAt ignored (not one ISO date-time)';
  if (offset === 0) return '';
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `; device clock ${minutes} min ${offset > 0 ? 'behind' : 'ahead'}: times corrected`;
}
