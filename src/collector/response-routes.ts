import type { Context, Handler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { ingest, parseBatch } from './ingest.js';
import { nextCursor, parseResponseQuery } from './read-query.js';
import type { CollectorStore } from './store.js';
import type { SurveyLookup } from './survey-lookup.js';

export const problem = (c: Context, status: 400 | 403 | 404 | 405 | 413 | 429 | 503, error: string) =>
  c.json({ error }, status);

/** `POST /api/responses`: per-record acknowledgement of a batch. */
export function postResponses(
  store: CollectorStore,
  surveys: SurveyLookup,
  maxBatch: number,
  log?: (line: string) => void,
): Handler {
  return async c => {
    const batch = parseBatch(new Uint8Array(await c.req.arrayBuffer()), maxBatch);
    if (!batch.ok) return problem(c, batch.status, batch.error);
    const { results, accepted } = await ingest(batch.records, await surveys.covering(batch.records), store);
    const rejected = results.filter(r => r.status === 'rejected').length;
    log?.(`${accepted} accepted, ${results.length - accepted - rejected} duplicate, ${rejected} rejected`);
    // Nothing stored or known: a 4xx, still with the per-record reasons.
    if (rejected === results.length) return c.json({ error: 'No record could be stored; see "results".', results }, 422);
    return c.json({ results });
  };
}

/** Every reading endpoint: `Authorization: Bearer <token>`, compared in constant time. */
export function reportAuth(token: string) {
  return bearerAuth({
    token,
    noAuthenticationHeader: { message: { error: 'Reading answers needs Authorization: Bearer <REPORT_TOKEN>.' } },
    invalidAuthenticationHeader: { message: { error: 'Use Authorization: Bearer <REPORT_TOKEN>.' } },
    invalidToken: { message: { error: 'That report token is not valid.' } },
  });
}

/** `GET /api/responses`: stored answers, oldest first, a page at a time. */
export function getResponses(store: CollectorStore): Handler {
  return async c => {
    const parsed = parseResponseQuery(c.req.query());
    if (!parsed.ok) return problem(c, 400, parsed.message);
    const responses = await store.listResponses(parsed.query);
    return c.json({ responses, next: nextCursor(responses, parsed.query.limit) });
  };
}
