import type { FeedbackRecord } from '../schema/record.js';
import type { InvitationHasher } from './invitation-key.js';
import { arrayLiteral } from './report-sql.js';
import { isDataError, iso, retried, sqlTime } from './sql-error.js';
import type { InsertReport, RefusedRecord, ResponseQuery, Sql, StoredResponse } from './store.js';

/**
 * The `scores` of the row `row` (with its survey_id, survey_version and answers), as the trigger of
 * migration 4 reads them one row at a time: for a whole INSERT … SELECT at once, ten times as fast.
 */
export const scoresSql = (row: string) => `coalesce((
  SELECT string_agg(coalesce(set_byte(decode('00', 'hex'), 0, feedback_score(${row}.answers -> q.question_id, q.kind)), decode('ff', 'hex')), ''::bytea ORDER BY q.position)
  FROM feedback_scale_questions AS q WHERE q.survey_id = ${row}.survey_id AND q.survey_version = ${row}.survey_version), ''::bytea)`;

// One JSON parameter carries the whole batch: one round trip, and the same text for both drivers.
// Rows go in id order, so two instances storing overlapping batches lock in the same order.
// ON CONFLICT without a target also skips a record whose invitation token already has an answer
// (the partial unique index on the token's keyed hash, invitation-key.ts), after waiting for a
// concurrent insert of either to settle. A contact goes to its own table in the same statement,
// and only for rows inserted now: a replay never brings back a contact request that was deleted.
// The scale answers are read into `scores` here.
const INSERT = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, survey_id text, survey_version integer, channel text,
      locale text, submitted_at timestamptz, context jsonb, answers jsonb, invitation_hash text, email text, phone text)
  ), inserted AS (
    INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, context, answers, invitation_hash, scores)
    SELECT id, survey_id, survey_version, channel, locale, submitted_at, coalesce(context, '{}'::jsonb), answers, decode(invitation_hash, 'hex'),
      ${scoresSql('input')}
    FROM input
    ORDER BY id
    ON CONFLICT DO NOTHING
    RETURNING id
  ), contacts AS (
    INSERT INTO feedback_contacts (id, response_id, survey_id, email, phone)
    SELECT input.id, input.id, input.survey_id, input.email, input.phone FROM input JOIN inserted USING (id)
    WHERE input.email IS NOT NULL OR input.phone IS NOT NULL
    ON CONFLICT (id) DO NOTHING
  )
  SELECT id::text AS id FROM inserted`;

// A later answer to an invitation that already has one is not stored, but its call-back request
// is, for the stored answer: whoever asks to be called on a second visit must not be ignored, also
// when the first visit asked too (its request may be handled or erased by now). A statement of its
// own, after the insert, so it sees an answer another instance committed while the insert waited.
// The request is keyed by the later record's id: a replay adds nothing, and one that was deleted
// keeps its row (contact-sql.ts), so it does not come back either. A request from before migration 7
// is keyed by its answer, whichever record brought it: a record submitted before it was stored may
// be that one, replayed, and adds nothing (nor does one first sent after it, offline until now).
const LATE_CONTACTS = `
  INSERT INTO feedback_contacts (id, response_id, survey_id, email, phone)
  SELECT (late.v ->> 'id')::uuid, r.id, r.survey_id, late.v ->> 'email', late.v ->> 'phone'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS late(v, n)
  JOIN feedback_responses r
    ON r.survey_id = late.v ->> 'survey_id' AND r.invitation_hash = decode(late.v ->> 'invitation_hash', 'hex') AND r.id <> (late.v ->> 'id')::uuid
  WHERE NOT EXISTS (
    SELECT 1 FROM feedback_contacts AS old
    WHERE old.response_id = r.id AND old.keyed_by_answer AND old.created_at >= (late.v ->> 'submitted_at')::timestamptz)
  ORDER BY late.n
  ON CONFLICT (id) DO NOTHING`;

// A statement of its own: it sees what a concurrent instance committed while the insert waited.
const STORED = 'SELECT id::text AS id FROM feedback_responses WHERE id = ANY($1::uuid[])';

const LIST = `
  SELECT id::text AS id, survey_id, survey_version, channel, locale, submitted_at, received_at, context, answers
  FROM feedback_responses
  WHERE ($1::text IS NULL OR survey_id = $1)
    AND ($2::text IS NULL OR channel = $2)
    AND ($3::timestamptz IS NULL OR submitted_at >= $3)
    AND ($4::timestamptz IS NULL OR submitted_at < $4)
    AND ($5::uuid[] IS NULL OR id = ANY($5::uuid[]))
    AND ($6::timestamptz IS NULL OR (submitted_at, id) > ($6::timestamptz, $7::uuid))
    AND ($9::text[] IS NULL OR channel = ANY ($9::text[]))
    AND ($10::jsonb IS NULL OR context @> $10::jsonb)
    AND ($11::timestamptz IS NULL OR received_at < $11)
  ORDER BY submitted_at, id
  LIMIT $8`;

interface ResponseRow {
  id: string;
  survey_id: string;
  survey_version: number;
  channel: StoredResponse['channel'];
  locale: string;
  submitted_at: Date | string;
  received_at: Date | string;
  context: StoredResponse['context'];
  answers: StoredResponse['answers'];
}

/** The record as the insert reads it; `hash` is its token's keyed hash (hex), never the token. */
function toRow(record: FeedbackRecord, hash: string | undefined) {
  return {
    id: record.id,
    survey_id: record.surveyId,
    survey_version: record.surveyVersion,
    channel: record.channel,
    locale: record.locale,
    // UTC with milliseconds, like every date the API gives back: a time the device wrote with
    // microseconds or an odd offset can then never break paging or the insert.
    submitted_at: new Date(record.submittedAt).toISOString(),
    context: record.context ?? {},
    answers: record.answers,
    invitation_hash: hash ?? null,
    email: record.contact?.email ?? null,
    phone: record.contact?.phone ?? null,
  };
}

function fromRow(row: ResponseRow): StoredResponse {
  return {
    id: row.id,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    channel: row.channel,
    locale: row.locale,
    submittedAt: iso(row.submitted_at),
    receivedAt: iso(row.received_at),
    context: row.context,
    answers: row.answers,
  };
}

/**
 * The batch in rounds that never hold two records with one invitation token, so the first in the
 * batch is the one stored; the insert's id order alone would pick the smaller id.
 */
function rounds(records: FeedbackRecord[]): FeedbackRecord[][] {
  const seen = new Map<string, number>();
  const result: FeedbackRecord[][] = [];
  for (const record of records) {
    const key = record.invitation === undefined ? undefined : `${record.surveyId}\n${record.invitation}`;
    const round = key === undefined ? 0 : (seen.get(key) ?? -1) + 1;
    if (key !== undefined) seen.set(key, round);
    (result[round] ??= []).push(record);
  }
  return result;
}

/** Each record's row, with its token hashed; the token itself never reaches the database. */
type RowOf = (record: FeedbackRecord) => ReturnType<typeof toRow>;

async function insert(sql: Sql, records: FeedbackRecord[], rowOf: RowOf): Promise<string[]> {
  const rows = JSON.stringify(records.map(rowOf));
  return (await retried(() => sql.query<{ id: string }>(INSERT, [rows]))).map(row => row.id);
}

/**
 * A survey row missing under a record (a foreign key, 23503): the record was checked against the
 * handler's surveys, so the server skipped `registerSurveys()`. Its answers wait (503) until that
 * is fixed rather than being refused for good; the log names this error.
 */
export class SurveyNotRegisteredError extends Error {
  override name = 'SurveyNotRegisteredError';
  readonly code = '23503';
}

/**
 * Whether `error` says the database can never store the record. A missing survey row is not the
 * record's fault: that throws a SurveyNotRegisteredError instead, so the request answers 503.
 */
function refusesRecord(error: unknown): boolean {
  if ((error as { code?: unknown }).code === '23503') throw new SurveyNotRegisteredError('A survey of this batch is not in feedback_surveys: call store.registerSurveys()');
  return isDataError(error);
}

/** One record the database refuses must not hold up the others: then they go one by one. */
async function insertRound(sql: Sql, records: FeedbackRecord[], rowOf: RowOf): Promise<{ inserted: string[]; refused: RefusedRecord[] }> {
  try {
    return { inserted: await insert(sql, records, rowOf), refused: [] };
  } catch (error) {
    if (!refusesRecord(error)) throw error;
  }
  const inserted: string[] = [];
  const refused: RefusedRecord[] = [];
  for (const record of records) {
    try {
      inserted.push(...(await insert(sql, [record], rowOf)));
    } catch (error) {
      if (!refusesRecord(error)) throw error;
      refused.push({ id: record.id.toLowerCase(), reason: `The database refused it: ${(error as Error).message}` });
    }
  }
  return { inserted, refused };
}

/** Stores a batch (see `CollectorStore.insertResponses`) and says which records came too late. */
export async function insertResponses(sql: Sql, records: FeedbackRecord[], invitations: InvitationHasher): Promise<InsertReport> {
  const report: InsertReport = { inserted: new Set(), alreadyReceived: new Set(), refused: [] };
  const hashes = new Map(
    await Promise.all(records.filter(r => r.invitation !== undefined).map(async r => [r, await invitations.hash(r.surveyId, r.invitation!)] as const)),
  );
  const rowOf: RowOf = record => toRow(record, hashes.get(record));
  for (const round of rounds(records)) {
    const { inserted, refused } = await insertRound(sql, round, rowOf);
    for (const id of inserted) report.inserted.add(id);
    report.refused.push(...refused);
  }
  const refused = new Set(report.refused.map(r => r.id));
  // Skipped with a token: a replay of the stored record (its id is there), or a later answer.
  const skipped = records
    .filter(r => r.invitation !== undefined)
    .map(r => r.id.toLowerCase())
    .filter(id => !report.inserted.has(id) && !refused.has(id));
  if (skipped.length === 0) return report;
  const stored = new Set((await sql.query<{ id: string }>(STORED, [`{${skipped.join(',')}}`])).map(row => row.id));
  for (const id of skipped) if (!stored.has(id)) report.alreadyReceived.add(id);
  const late = records.filter(r => r.contact && report.alreadyReceived.has(r.id.toLowerCase())).map(rowOf);
  if (late.length > 0) await retried(() => sql.query(LATE_CONTACTS, [JSON.stringify(late)]));
  return report;
}

export async function listResponses(sql: Sql, query: ResponseQuery): Promise<StoredResponse[]> {
  const rows = await sql.query<ResponseRow>(LIST, [
    query.surveyId ?? null,
    query.channel ?? null,
    query.from ? sqlTime(query.from) : null,
    query.to ? sqlTime(query.to) : null,
    query.ids ? `{${query.ids.join(',')}}` : null,
    query.after?.submittedAt.toISOString() ?? null,
    query.after?.id ?? null,
    query.limit,
    query.channels?.length ? arrayLiteral(query.channels) : null,
    query.context && Object.keys(query.context).length ? JSON.stringify(query.context) : null,
    query.receivedBefore?.toISOString() ?? null,
  ]);
  return rows.map(fromRow);
}
