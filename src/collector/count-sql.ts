import type { CountQuery, Counts, DayCount, InvitationBatch, InvitationResult, ShownItem, Sql } from './store.js';

// New items only (a resent id adds nothing) are added to their day's total in the same statement.
// The totals are written in key order, so concurrent batches never wait on each other in a cycle.
const INSERT_SHOWN = `
  WITH inserted AS (
    INSERT INTO feedback_shown (id, survey_id, survey_version, channel, day)
    SELECT id, survey_id, survey_version, channel, day
    FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, survey_id text, survey_version integer, channel text, day date)
    ORDER BY id
    ON CONFLICT (id) DO NOTHING
    RETURNING id, survey_id, channel, day
  ), days AS (
    INSERT INTO feedback_shown_days AS total (survey_id, day, channel, count)
    SELECT survey_id, day, channel, count(*) FROM inserted
    GROUP BY survey_id, day, channel
    ORDER BY survey_id, day, channel
    ON CONFLICT (survey_id, day, channel) DO UPDATE SET count = total.count + excluded.count
  )
  SELECT id::text AS id FROM inserted`;

const INSERT_INVITATIONS = `
  INSERT INTO feedback_invitations (id, survey_id, survey_version, channel, day, count)
  VALUES ($1::uuid, $2, $3::integer, $4, $5::date, $6)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

const STORED_INVITATIONS = `
  SELECT id::text AS id, survey_id, survey_version, channel, to_char(day, 'YYYY-MM-DD') AS day, count
  FROM feedback_invitations WHERE id = $1::uuid`;

// Days travel as text both ways: a JavaScript Date would shift them by the server's time zone.
const sumPerDay = (table: string, amount: string) => `
  SELECT survey_id, channel, to_char(day, 'YYYY-MM-DD') AS day, ${amount}::bigint AS count
  FROM ${table}
  WHERE ($1::text IS NULL OR survey_id = $1)
    AND ($2::text IS NULL OR channel = $2)
    AND ($3::date IS NULL OR day >= $3::date)
    AND ($4::date IS NULL OR day <= $4::date)
  GROUP BY survey_id, channel, day
  ORDER BY day, survey_id, channel`;

const SUM_SHOWN = sumPerDay('feedback_shown_days', 'sum(count)');
const SUM_INVITATIONS = sumPerDay('feedback_invitations', 'sum(count)');

interface InvitationRow {
  id: string;
  survey_id: string;
  survey_version: number | null;
  channel: InvitationBatch['channel'];
  day: string;
  count: number;
}

interface CountRow {
  survey_id: string;
  channel: DayCount['channel'];
  day: string;
  count: string | number | bigint;
}

export async function insertShown(sql: Sql, items: ShownItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = items.map(i => ({ id: i.id, survey_id: i.surveyId, survey_version: i.surveyVersion, channel: i.channel, day: i.day }));
  return new Set((await sql.query<{ id: string }>(INSERT_SHOWN, [JSON.stringify(rows)])).map(row => row.id));
}

export async function registerInvitations(sql: Sql, batch: InvitationBatch): Promise<InvitationResult> {
  const params = [batch.id, batch.surveyId, batch.surveyVersion ?? null, batch.channel, batch.day, batch.count];
  if ((await sql.query(INSERT_INVITATIONS, params)).length > 0) return { registered: true };
  const [row] = await sql.query<InvitationRow>(STORED_INVITATIONS, [batch.id]);
  const stored: InvitationBatch = { id: row!.id, surveyId: row!.survey_id, channel: row!.channel, day: row!.day, count: row!.count };
  if (row!.survey_version !== null) stored.surveyVersion = row!.survey_version;
  return { registered: false, stored };
}

export async function counts(sql: Sql, query: CountQuery): Promise<Counts> {
  const params = [query.surveyId ?? null, query.channel ?? null, query.from ?? null, query.to ?? null];
  const toCount = (row: CountRow): DayCount => ({ surveyId: row.survey_id, channel: row.channel, day: row.day, count: Number(row.count) });
  const [shown, invitations] = await Promise.all([sql.query<CountRow>(SUM_SHOWN, params), sql.query<CountRow>(SUM_INVITATIONS, params)]);
  return { shown: shown.map(toCount), invitations: invitations.map(toCount) };
}
