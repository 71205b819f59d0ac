import type { ItemResult } from '../schema/ack.js';
import type { FeedbackRecord } from '../schema/record.js';
import { clip } from '../schema/validate.js';
import { onTime } from './device-clock.js';
import { readJson } from './read-json.js';
import { checkRecord, type SurveyIndex } from './record-check.js';
import type { CollectorStore } from './store.js';

/** A problem with the request as a whole: answered with this status and message. */
export interface BatchError {
  status: 400 | 413;
  error: string;
}

/** The records, and the anonymous "shown" items (empty when the request had none). */
export type ParsedBatch = { ok: true; records: unknown[]; shown: unknown[] } | ({ ok: false } & BatchError);

const fail = (status: BatchError['status'], error: string): ParsedBatch => ({ ok: false, status, error });

const SHAPE = 'Expected a JSON object {"records":[…]} with an array of answer records, or {"shown":[…]}, or both.';

/** The first problem with the items' ids: each needs one to be acknowledged; records may not repeat one. */
function idProblem(name: 'records' | 'shown', items: unknown[]): string | undefined {
  const noId = items.findIndex(item => typeof (item as { id?: unknown } | null)?.id !== 'string');
  if (noId >= 0) return `${name}[${noId}] has no string "id", so it cannot be acknowledged.`;
  if (name === 'shown') return undefined; // a repeated shown item is a duplicate, as in a resend
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const id = (item as { id: string }).id.toLowerCase(); // a UUID in capitals is the same id
    if (seen.has(id)) return `records[${index}] repeats the id "${id.slice(0, 64)}" of an earlier record in this request.`;
    seen.add(id);
  }
  return undefined;
}

/**
 * Reads `{"records":[…], "shown":[…]}` (either or both) from the raw body. Everything that
 * concerns the request as a whole is settled here, so that per-item results can always name their item.
 * @param maxItems - records and shown items together
 */
export function parseBatch(body: Uint8Array, maxItems: number): ParsedBatch {
  const read = readJson(body);
  if (!read.ok) return fail(400, read.error);
  const { json } = read;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail(400, SHAPE);
  // A misspelt key ("Shown", "record") would otherwise be dropped without a word, and its items with it.
  const unknown = Object.keys(json).find(key => key !== 'records' && key !== 'shown');
  if (unknown !== undefined) return fail(400, `Unknown field ${JSON.stringify(unknown.slice(0, 64))}: the body takes only "records" and "shown".`);
  const { records = [], shown = [] } = json as { records?: unknown; shown?: unknown };
  if (!Array.isArray(records) || !Array.isArray(shown)) return fail(400, SHAPE);
  if (records.length + shown.length === 0) return fail(400, 'No records or shown items: "records" and "shown" are missing or empty.');
  const count = records.length + shown.length;
  if (count > maxItems) {
    const what = shown.length ? 'records and shown items' : 'records';
    return fail(413, `Too many ${what} in one request: ${count}, at most ${maxItems}. Send smaller batches.`);
  }
  const problem = idProblem('records', records) ?? idProblem('shown', shown);
  return problem ? fail(400, problem) : { ok: true, records, shown };
}

export interface IngestReport {
  results: ItemResult[];
  /** How many records this request stored for the first time. */
  accepted: number;
}

export const ALREADY_RECEIVED = 'An answer for this invitation was already received';

/**
 * Checks each record against its survey, stores the valid ones (a stored id makes a duplicate, never
 * a second row; a stored answer for the invitation token makes it already-received) and says per
 * record what happened, in request order.
 * @param now - the collector's clock: when the request arrived
 * @param offset - how far the device clock was behind (device-clock.ts), undefined when unknown
 */
export async function ingest(records: unknown[], surveys: SurveyIndex, store: CollectorStore, now: Date, offset?: number): Promise<IngestReport> {
  const checked = records.map(input => ({ id: (input as { id: string }).id, check: checkRecord(input, surveys) }));
  const valid = checked.flatMap(({ check }) => (check.ok ? [onTime(check.record, now, offset)] : [])) satisfies FeedbackRecord[];
  const { inserted, alreadyReceived, refused } = await store.insertResponses(valid);
  const refusedReason = new Map(refused.map(r => [r.id, r.reason]));
  // The database gives ids back in lower case; the sender gets its own spelling back.
  const results = checked.map(({ id, check }): ItemResult => {
    // Only an id that is no UUID (36 characters) is cut: never one an outbox sent, so none it waits for.
    if (!check.ok) return { id: clip(id), status: 'rejected', reason: check.reason };
    const reason = refusedReason.get(id.toLowerCase());
    if (reason !== undefined) return { id, status: 'rejected', reason: reason.slice(0, 2000) };
    if (alreadyReceived.has(id.toLowerCase())) return { id, status: 'already-received', reason: ALREADY_RECEIVED };
    return { id, status: inserted.has(id.toLowerCase()) ? 'accepted' : 'duplicate' };
  });
  return { results, accepted: inserted.size };
}
