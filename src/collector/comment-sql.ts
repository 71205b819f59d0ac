import { arrayLiteral } from './report-sql.js';
import { iso, sqlTime } from './sql-error.js';
import type { CommentQuery, Sql, StoredComment } from './store.js';

// One row per comment: each answer joined with the survey's comment question ids, keeping the
// answers that hold text. Newest first; a response's comments in question id order, so that the
// cursor (time, response id, question id) continues exactly where the page before stopped.
// strpos() finds the search text as it is: "%" and "_" are plain characters here. Both the text
// and the search are folded to lower case by the fastest of FOLDS that folds every script in this
// database: lower() alone folds only A–Z where the database's locale is C, as in many containers.
// JavaScript's toLowerCase() would not match it ("ΟΔΟΣ" ends in ς there, σ in SQL). A final ς,
// as a Greek respondent or search types it, is folded to σ on both sides too.
type Fold = (text: string) => string;

const foldFinalSigma = (folded: string) => `translate(${folded}, 'ς', 'σ')`;

/** Latin-1 capitals (and Œ), folded by hand: the last resort, 20 times slower than lower() alone. */
const UPPER = 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸŒ';

const FOLDS: Fold[] = [
  // PostgreSQL 17 and later, and PGlite: Unicode's case mapping, whatever the database's locale.
  text => `lower(${text} COLLATE pg_c_utf8)`,
  // A database with a UTF-8 locale.
  text => `lower(${text})`,
  // A server built with ICU.
  text => `lower(${text} COLLATE "und-x-icu")`,
  text => `lower(translate(${text}, '${UPPER}', '${UPPER.toLowerCase()}'))`,
];

/** Capitals of four scripts, and what each fold must make of them. */
const PROBE = { text: 'ÉŁΣЖ', folded: 'éłσж' };

const foldOf = new WeakMap<Sql, Promise<Fold>>();

/** The first fold that works in this database; asked once per connection pool. */
function fold(sql: Sql): Promise<Fold> {
  let found = foldOf.get(sql);
  if (!found) {
    found = (async () => {
      for (const candidate of FOLDS.slice(0, -1)) {
        try {
          const [row] = await sql.query<{ ok: boolean }>(`SELECT ${candidate(`'${PROBE.text}'::text`)} = '${PROBE.folded}' AS ok`);
          if (row?.ok) return candidate;
        } catch (error) {
          // No such collation here: try the next. Anything else (the database out of reach) is
          // the search's error, and the next search asks again.
          if ((error as { code?: unknown }).code !== '42704') throw error;
        }
      }
      return FOLDS.at(-1)!;
    })();
    found.catch(() => foldOf.delete(sql));
    foldOf.set(sql, found);
  }
  return found;
}

/**
 * What JavaScript's trim() removes (white space and line ends, no-break and ideographic spaces
 * among them): a comment of only these is none, here as in the export's comments sheet.
 */
const WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const listSql = (folded: Fold) => `
  SELECT r.id::text AS id, r.survey_id, r.survey_version, r.channel, r.context, r.submitted_at, r.locale,
    q.id AS question_id, r.answers ->> q.id AS text
  FROM feedback_responses AS r
  CROSS JOIN unnest($2::text[]) AS q(id)
  WHERE r.survey_id = $1
    AND r.submitted_at >= $3 AND r.submitted_at < $4
    AND ($5::text[] IS NULL OR r.channel = ANY ($5::text[]))
    AND ($6::jsonb IS NULL OR r.context @> $6::jsonb)
    AND jsonb_typeof(r.answers -> q.id) = 'string'
    AND btrim(r.answers ->> q.id, '${WHITESPACE}') <> ''
    AND ($7::text IS NULL OR strpos(${foldFinalSigma(folded('r.answers ->> q.id'))}, ${foldFinalSigma(folded('$7::text'))}) > 0)
    AND ($8::timestamptz IS NULL
      OR (r.submitted_at, r.id) < ($8::timestamptz, $9::uuid)
      OR ((r.submitted_at, r.id) = ($8::timestamptz, $9::uuid) AND q.id COLLATE "C" > $10::text))
  ORDER BY r.submitted_at DESC, r.id DESC, q.id COLLATE "C"
  LIMIT $11`;

interface CommentRow {
  id: string;
  survey_id: string;
  survey_version: number;
  channel: StoredComment['channel'];
  context: StoredComment['context'];
  submitted_at: Date | string;
  locale: string;
  question_id: string;
  text: string;
}

/** Comment answers of a survey in a period (see `CollectorStore.listComments`). */
export async function listComments(sql: Sql, query: CommentQuery): Promise<StoredComment[]> {
  if (query.questionIds.length === 0) return [];
  const rows = await sql.query<CommentRow>(listSql(await fold(sql)), [
    query.surveyId,
    arrayLiteral(query.questionIds),
    sqlTime(query.from),
    sqlTime(query.to),
    query.channels?.length ? arrayLiteral(query.channels) : null,
    query.context && Object.keys(query.context).length ? JSON.stringify(query.context) : null,
    query.search || null,
    query.after?.submittedAt.toISOString() ?? null,
    query.after?.id ?? null,
    query.after?.questionId ?? null,
    query.limit,
  ]);
  return rows.map(row => ({
    responseId: row.id,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    channel: row.channel,
    context: row.context,
    submittedAt: iso(row.submitted_at),
    locale: row.locale,
    questionId: row.question_id,
    text: row.text,
  }));
}
