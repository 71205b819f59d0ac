import type { Context, Handler } from 'hono';
import type { ItemResult } from '../schema/ack.js';
import { utcDay } from '../schema/day.js';
import { clockNote, clockOffset } from './device-clock.js';
import { ingest, parseBatch } from './ingest.js';
import { nextCursor, parseResponseQuery, singleParams } from './read-query.js';
import { ingestShown, type ShownReport } from './shown.js';
import type { CollectorStore } from './store.js';
import type { SurveyLookup } from './survey-lookup.js';

/** Most characters an error repeats: a body of 16 kB of unknown keys must not come back whole. */
const MAX_ERROR = 1000;

export const problem = (c: Context, status: 400 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 501 | 503, error: string) =>
  c.json({ error: error.length > MAX_ERROR ? `${error.slice(0, MAX_ERROR)}…` : error }, status);

export interface PostOptions {
  store: CollectorStore;
  surveys: SurveyLookup;
  /** Records and shown items per request. */
  maxBatch: number;
  /** Wall-clock time: shown items' days and answers' `submittedAt` must lie near it. */
  clock: () => Date;
  log?: (line: string) => void;
}

/** The log line for a request: counts only. */
function summary(results: ItemResult[], shown: ShownReport | undefined): string {
  const count = (status: ItemResult['status']) => results.filter(r => r.status === status).length;
  const late = count('already-received');
  const parts = [];
  if (results.length) {
    parts.push(`${count('accepted')} accepted, ${count('duplicate')} duplicate, ${count('rejected')} rejected${late ? `, ${late} already received` : ''}`);
  }
  if (shown) parts.push(`shown: ${shown.accepted} accepted, ${shown.duplicate} duplicate, ${shown.rejected.length} rejected`);
  return parts.join('; ');
}

/** `POST /api/responses`: per-record acknowledgement of a batch, and counts of the shown items. */
export function postResponses({ store, surveys, maxBatch, clock, log }: PostOptions): Handler {
  return async c => {
    const batch = parseBatch(new Uint8Array(await c.req.arrayBuffer()), maxBatch);
    if (!batch.ok) return problem(c, batch.status, batch.error);
    const index = await surveys.covering([...batch.records, ...batch.shown]);
    const now = clock();
    // The element's query: its clock when it sent this request (S33), so a wrong clock is corrected.
    const sentAt = c.req.queries('sentAt');
    const offset = clockOffset(sentAt, now);
    const { results } = await ingest(batch.records, index, store, now, offset);
    const shown = batch.shown.length ? await ingestShown(batch.shown, index, store, utcDay(now)) : undefined;
    log?.(summary(results, shown) + (results.length ? clockNote(sentAt, offset) : ''));
    const settled = results.filter(r => r.status !== 'rejected').length + (shown ? shown.accepted + shown.duplicate : 0);
    const body = shown ? { results, shown } : { results };
    // Nothing stored or known: a 4xx, still with the per-item reasons.
    if (settled === 0) {
      const error = shown ? 'No record or shown item could be stored; see "results" and "shown".' : 'No record could be stored; see "results".';
      return c.json({ error, ...body }, 422);
    }
    return c.json(body);
  };
}

/** `GET /api/responses`: stored answers, oldest first, a page at a time. */
export function getResponses(store: CollectorStore): Handler {
  return async c => {
    const params = singleParams(c.req.url);
    if (typeof params === 'string') return problem(c, 400, params);
    const parsed = parseResponseQuery(params);
    if (!parsed.ok) return problem(c, 400, parsed.message);
    const responses = await store.listResponses(parsed.query);
    return c.json({ responses, next: nextCursor(responses, parsed.query.limit) });
  };
}
