import type { ItemResult } from '../schema/ack.js';
import type { FeedbackRecord } from '../schema/record.js';
import { checkRecord, type SurveyIndex } from './record-check.js';
import type { CollectorStore } from './store.js';

/** A problem with the request as a whole: answered with this status and message. */
export interface BatchError {
  status: 400 | 413;
  error: string;
}

export type ParsedBatch = { ok: true; records: unknown[] } | ({ ok: false } & BatchError);

const fail = (status: BatchError['status'], error: string): ParsedBatch => ({ ok: false, status, error });

/**
 * Reads `{"records":[…]}` from the raw body. Everything that concerns the request as a whole is
 * settled here, so that per-record results can always name their record.
 */
export function parseBatch(body: Uint8Array, maxRecords: number): ParsedBatch {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return fail(400, 'The body is not valid UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(400, `The body is not JSON: ${(error as Error).message}`);
  }
  const records = (json as { records?: unknown } | null)?.records;
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray(records)) {
    return fail(400, 'Expected a JSON object {"records":[…]} with an array of answer records.');
  }
  if (records.length === 0) return fail(400, '"records" is empty.');
  if (records.length > maxRecords) {
    return fail(413, `Too many records in one request: ${records.length}, at most ${maxRecords}. Send smaller batches.`);
  }
  const noId = records.findIndex(record => typeof (record as { id?: unknown } | null)?.id !== 'string');
  if (noId >= 0) return fail(400, `records[${noId}] has no string "id", so it cannot be acknowledged.`);
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    const id = (record as { id: string }).id.toLowerCase(); // a UUID in capitals is the same id
    if (seen.has(id)) return fail(400, `records[${index}] repeats the id "${id.slice(0, 64)}" of an earlier record in this request.`);
    seen.add(id);
  }
  return { ok: true, records };
}

export interface IngestReport {
  results: ItemResult[];
  /** How many records this request stored for the first time. */
  accepted: number;
}

/**
 * Checks each record against its survey, stores the valid ones (a stored id makes a duplicate, never
 * a second row) and says per record what happened, in request order.
 */
export async function ingest(records: unknown[], surveys: SurveyIndex, store: CollectorStore): Promise<IngestReport> {
  const checked = records.map(input => ({ id: (input as { id: string }).id, check: checkRecord(input, surveys) }));
  const valid = checked.flatMap(({ check }) => (check.ok ? [check.record] : [])) satisfies FeedbackRecord[];
  const { inserted, refused } = await store.insertResponses(valid);
  const refusedReason = new Map(refused.map(r => [r.id, r.reason]));
  // The database gives ids back in lower case; the sender gets its own spelling back.
  const results = checked.map(({ id, check }): ItemResult => {
    if (!check.ok) return { id, status: 'rejected', reason: check.reason };
    const reason = refusedReason.get(id.toLowerCase());
    if (reason !== undefined) return { id, status: 'rejected', reason: reason.slice(0, 2000) };
    return { id, status: inserted.has(id.toLowerCase()) ? 'accepted' : 'duplicate' };
  });
  return { results, accepted: inserted.size };
}
