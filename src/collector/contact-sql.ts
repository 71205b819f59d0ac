import { BRACKETED_ZERO, phonePattern } from './phone-pattern.js';
import { iso } from './sql-error.js';
import type { ContactQuery, Sql, StoredContact } from './store.js';

// The answer's metadata comes along, so whoever calls back knows what it is about; the answers do not.
const COLUMNS = `c.id::text AS id, c.response_id::text AS response_id, r.survey_id, r.survey_version, r.channel, r.context,
  r.submitted_at, r.locale, c.email, c.phone, c.created_at, c.handled_at`;

// $5 is phonePattern()'s: the stored number, down to its digits and "+", in any form the query
// number can take (national, +32, 0032, +32 (0)), so staff find every request of a person.
const LIST = `
  SELECT ${COLUMNS}
  FROM feedback_contacts c JOIN feedback_responses r ON r.id = c.response_id
  WHERE c.deleted_at IS NULL
    AND ($1::boolean IS NULL OR (c.handled_at IS NOT NULL) = $1::boolean)
    AND ($2::text IS NULL OR c.survey_id = $2)
    AND ($4::text IS NULL OR lower(c.email) = lower($4))
    AND ($5::text IS NULL OR regexp_replace(regexp_replace(c.phone, '${BRACKETED_ZERO}', '\\1', 'g'), '[^0-9+]', '', 'g') ~ $5)
  ORDER BY c.created_at DESC, c.id DESC
  LIMIT $3`;

const SET_HANDLED = `
  WITH c AS (
    UPDATE feedback_contacts SET handled_at = CASE WHEN $2::boolean THEN coalesce(handled_at, now()) END
    WHERE id = $1::uuid AND deleted_at IS NULL
    RETURNING *
  )
  SELECT ${COLUMNS} FROM c JOIN feedback_responses r ON r.id = c.response_id`;

// Deleting erases the details and keeps the row: a replay of the record that brought the request
// then finds it and adds nothing (response-sql.ts).
const ERASE = `UPDATE feedback_contacts SET email = NULL, phone = NULL, deleted_at = now()
  WHERE deleted_at IS NULL AND`;

const DELETE = `${ERASE} id = $1::uuid RETURNING id`;

/**
 * Requests erased per statement of a purge. One statement over a backlog (a first start with years
 * of requests, a shorter retention) would lock every row at once and outlast the statement timeout,
 * rolled back each time; batches commit as they go. SKIP LOCKED: another instance's purge, or a
 * request being marked handled, is not waited for.
 */
export const PURGE_BATCH = 5000;

const PURGE = `
  WITH gone AS (
    ${ERASE} id IN (
      SELECT id FROM feedback_contacts WHERE deleted_at IS NULL AND created_at < $1::timestamptz
      ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ) RETURNING 1
  )
  SELECT count(*)::integer AS n FROM gone`;

interface ContactRow {
  id: string;
  response_id: string;
  survey_id: string;
  survey_version: number;
  channel: StoredContact['channel'];
  context: StoredContact['context'];
  submitted_at: Date | string;
  locale: string;
  email: string | null;
  phone: string | null;
  created_at: Date | string;
  handled_at: Date | string | null;
}

function fromRow(row: ContactRow): StoredContact {
  const contact: StoredContact = {
    id: row.id,
    responseId: row.response_id,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    channel: row.channel,
    context: row.context,
    submittedAt: iso(row.submitted_at),
    locale: row.locale,
    createdAt: iso(row.created_at),
    handled: row.handled_at !== null,
  };
  if (row.email !== null) contact.email = row.email;
  if (row.phone !== null) contact.phone = row.phone;
  if (row.handled_at !== null) contact.handledAt = iso(row.handled_at);
  return contact;
}

export async function listContacts(sql: Sql, query: ContactQuery): Promise<StoredContact[]> {
  const phone = query.phone === undefined ? null : phonePattern(query.phone);
  const rows = await sql.query<ContactRow>(LIST, [query.handled ?? null, query.surveyId ?? null, query.limit, query.email ?? null, phone]);
  return rows.map(fromRow);
}

export async function setContactHandled(sql: Sql, id: string, handled: boolean): Promise<StoredContact | undefined> {
  const [row] = await sql.query<ContactRow>(SET_HANDLED, [id, handled]);
  return row && fromRow(row);
}

export async function deleteContact(sql: Sql, id: string): Promise<boolean> {
  return (await sql.query(DELETE, [id])).length > 0;
}

/** Erases the requests stored before `cutoff`, `batch` rows per statement; returns how many. */
export async function purgeContacts(sql: Sql, cutoff: Date, batch = PURGE_BATCH): Promise<number> {
  let erased = 0;
  for (;;) {
    const [row] = await sql.query<{ n: number }>(PURGE, [cutoff.toISOString(), batch]);
    const n = Number(row?.n ?? 0);
    erased += n;
    if (n < batch) return erased;
  }
}
