import * as z from 'zod/mini';
import { ChannelSchema } from '../schema/record.js';
import { IdSchema } from '../schema/survey.js';
import { clip, formatIssues, toIssues } from '../schema/validate.js';
import { addDays, DaySchema } from '../schema/day.js';
import { surveyKey, type SurveyIndex } from './record-check.js';
import type { CollectorStore, ShownItem } from './store.js';

/** How far a shown day may lie from the collector's today: a clock that is a little off, a queue that waited. */
export const SHOWN_DAYS = { past: 400, future: 1 } as const;

/** One browser showed one survey on one day; the random id makes a resend harmless and names nobody. */
const ShownItemSchema = z.strictObject({
  id: z.uuid(),
  surveyId: IdSchema,
  surveyVersion: z.int().check(z.minimum(1)),
  channel: ChannelSchema,
  day: DaySchema,
});

export interface RejectedShown {
  id: string;
  reason: string;
}

/** What happened to the `shown` items of a request. */
export interface ShownReport {
  accepted: number;
  duplicate: number;
  rejected: RejectedShown[];
}

type CheckedShown = { ok: true; item: ShownItem } | { ok: false; reason: string };

/** Checks one shown item: its shape, a known survey version, and a day near `today` (`YYYY-MM-DD`). */
export function checkShown(input: unknown, surveys: SurveyIndex, today: string): CheckedShown {
  const parsed = z.safeParse(ShownItemSchema, input);
  if (!parsed.success) return { ok: false, reason: formatIssues(toIssues(parsed.error.issues)).slice(0, 2000) };
  const item = parsed.data;
  if (!surveys.has(surveyKey(item.surveyId, item.surveyVersion))) {
    return { ok: false, reason: `Unknown survey "${item.surveyId}" version ${item.surveyVersion}` };
  }
  const first = addDays(today, -SHOWN_DAYS.past);
  const last = addDays(today, SHOWN_DAYS.future);
  if (item.day < first || item.day > last) return { ok: false, reason: `day: use a day from ${first} to ${last}` };
  return { ok: true, item };
}

/** Checks and stores the shown items; an id stored before counts as a duplicate. */
export async function ingestShown(items: unknown[], surveys: SurveyIndex, store: CollectorStore, today: string): Promise<ShownReport> {
  const checked = items.map(input => ({ id: (input as { id: string }).id, check: checkShown(input, surveys, today) }));
  const valid = checked.flatMap(({ check }) => (check.ok ? [check.item] : []));
  const rejected = checked.flatMap(({ id, check }) => (check.ok ? [] : [{ id: clip(id), reason: check.reason }]));
  const inserted = await store.insertShown(valid);
  return { accepted: inserted.size, duplicate: valid.length - inserted.size, rejected };
}
