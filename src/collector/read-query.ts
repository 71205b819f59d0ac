import * as z from 'zod/mini';
import { ChannelSchema } from '../schema/record.js';
import { IdSchema } from '../schema/survey.js';
import { clip, formatIssues, toIssues } from '../schema/validate.js';
import { inRange } from './sql-error.js';
import type { ResponseQuery, StoredResponse } from './store.js';

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

/**
 * The parameters of a request's query string, each given at most once: Hono's `query()` keeps only
 * the first of a repeated one, which would drop a filter without a word. A name is cut to 64
 * characters (no route has a longer one), so the message naming it as unknown stays short.
 */
export function singleParams(url: string): Record<string, string> | string {
  const entries = [...new URL(url).searchParams];
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (seen.has(name)) return `${clip(name)}: given twice`;
    seen.add(name);
  }
  return Object.fromEntries(entries.map(([name, value]) => [clip(name), value]));
}

const DateSchema = z
  .pipe(
    z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
    z.transform(value => new Date(value)),
  )
  .check(z.refine(inRange, 'Use a date between 1970 and 9999'));

/**
 * The time of a paging cursor, as `toISOString()` wrote it, between 1970 and 9999; undefined for
 * any other, such as "2026-02-30T…", which `Date` would read as 2 March.
 */
export function cursorTime(at: string): Date | undefined {
  const date = new Date(at);
  return inRange(date) && date.toISOString() === at.toUpperCase() ? date : undefined;
}

// `<submittedAt ISO>_<id>` of the last answer of a page: where the next page starts.
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const CursorSchema = z
  .pipe(
    z.string().check(z.refine(value => cursorTime(CURSOR.exec(value)?.[1] ?? '') !== undefined, 'Use the "next" value of the page before')),
    z.transform(value => {
      const [, at, id] = CURSOR.exec(value)!;
      return { submittedAt: new Date(at!), id: id! };
    }),
  );

/** `limit=` of a page: 1 to `MAX_PAGE`. */
export const LimitSchema = z
  .pipe(
    z.string().check(z.regex(/^\d{1,4}$/, `Use a whole number from 1 to ${MAX_PAGE}`)),
    z.transform(Number),
  )
  .check(z.minimum(1), z.maximum(MAX_PAGE));

const QuerySchema = z.strictObject({
  survey: z.optional(IdSchema),
  channel: z.optional(ChannelSchema),
  from: z.optional(DateSchema),
  to: z.optional(DateSchema),
  ids: z.optional(
    z.pipe(
      z.string(),
      z.transform(value => value.split(',')),
    ).check(z.refine(ids => ids.length <= 100 && ids.every(id => z.safeParse(z.uuid(), id).success), 'Give at most 100 comma-separated UUIDs')),
  ),
  after: z.optional(CursorSchema),
  limit: z.optional(LimitSchema),
});

/** `GET /api/responses?survey=&channel=&from=&to=&ids=&after=&limit=` as a store query. */
export function parseResponseQuery(
  params: Record<string, string>,
): { ok: true; query: ResponseQuery } | { ok: false; message: string } {
  const parsed = z.safeParse(QuerySchema, params);
  if (!parsed.success) return { ok: false, message: formatIssues(toIssues(parsed.error.issues)) };
  const { survey, channel, from, to, ids, after, limit } = parsed.data;
  // As the report says it: an empty page would look like "no answers" in a range that holds none.
  if (from && to && from > to) return { ok: false, message: 'from= is after to=' };
  const query: ResponseQuery = { limit: limit ?? DEFAULT_PAGE };
  if (survey) query.surveyId = survey;
  if (channel) query.channel = channel;
  if (from) query.from = from;
  if (to) query.to = to;
  if (ids) query.ids = ids;
  if (after) query.after = after;
  return { ok: true, query };
}

/** The cursor for the page after `page`, or null when it was the last. */
export function nextCursor(page: StoredResponse[], limit: number): string | null {
  const last = page.at(-1);
  return last && page.length === limit ? `${last.submittedAt}_${last.id}` : null;
}
