// The report's cut rows computed by the database, in one scan of the answers: the same rows as
// tallyRows() in report/summarize.ts, with every figure worked out by the formulas of
// report/figures.ts, spelled out below in SQL integer arithmetic (bigint division truncates, which
// is the floor for the non-negative numbers it divides).
import type { CutRow, ScaleFigures } from '../report/figures.js';
import { periodBounds, previousPeriod } from '../report/period.js';
import type { ReportQuery } from '../report/report-query.js';
import type { ReportQuestion } from '../report/report-questions.js';
import { sqlTime } from './sql-error.js';
import type { Sql } from './store.js';

type Triple<T> = readonly [T, T, T];

/** A PostgreSQL array literal: both drivers take it for a `::text[]` or `::integer[]` parameter. */
export const arrayLiteral = (values: readonly (string | number)[]) =>
  `{${values.map(v => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

// ---- figures.ts in SQL: each helper mirrors the function it names, over column expressions ----

/** percentages(): the floor of each share, plus one hundredth for the `left` largest remainders (earlier group on a tie). */
export function percentagesSql(counts: Triple<string>, n: string): Triple<string> {
  const floor = (i: number) => `(${counts[i]} * 10000 / ${n})`;
  const remainder = (i: number) => `(${counts[i]} * 10000 % ${n})`;
  const left = `(10000 - ${floor(0)} - ${floor(1)} - ${floor(2)})`;
  // rank(i): groups with a larger remainder, or an equal one earlier in the triple.
  const rank = (i: number) =>
    [0, 1, 2]
      .filter(j => j !== i)
      .map(j => `(CASE WHEN ${remainder(j)} ${j < i ? '>=' : '>'} ${remainder(i)} THEN 1 ELSE 0 END)`)
      .join(' + ');
  const percent = (i: number) => `${floor(i)} + (CASE WHEN ${rank(i)} < ${left} THEN 1 ELSE 0 END)`;
  return [percent(0), percent(1), percent(2)];
}

/** meanHundredths(): floor((200 × sum + n) / 2n), half up. */
export const meanHundredthsSql = (sum: string, n: string) => `((200 * ${sum} + ${n}) / (2 * ${n}))`;

/** npsHundredths(): sign(d) × floor((20000 × |d| + n) / 2n), half away from zero; d = promoters − detractors. */
export function npsHundredthsSql(promoters: string, detractors: string, n: string): string {
  const difference = `(${promoters} - ${detractors})`;
  const magnitude = `((20000 * abs(${difference}) + ${n}) / (2 * ${n}))`;
  return `(CASE WHEN ${difference} < 0 THEN -${magnitude} ELSE ${magnitude} END)`;
}

/** ratingGroup() and npsGroup(): the conditions on a valid answer `v` for groups 0, 1 and 2. */
const GROUPS = {
  rating: (v: string) => [`${v} >= 4`, `${v} = 3`, `${v} <= 2`],
  nps: (v: string) => [`${v} >= 9`, `${v} BETWEEN 7 AND 8`, `${v} <= 6`],
} as const;

// ---- the query ----

/** Where each question's answers sit in `scores`: question id → survey version → position (from 1; byte position − 1). */
export type ScalePositions = ReadonlyMap<string, ReadonlyMap<number, number>>;

/**
 * The answer to one question as counted (summarize.ts scaleValue()), or NULL: its element of
 * `scores`, which the database checked when the answer was stored (migration 4), in a version
 * where the question has this kind.
 */
function valueSql(question: ReportQuestion, positions: ScalePositions): string {
  const at = positions.get(question.id);
  const cases = question.versions.flatMap(version => {
    const position = at?.get(version);
    return position === undefined ? [] : [`WHEN ${version} THEN NULLIF(get_byte(scores, ${position - 1}), 255)`];
  });
  return cases.length === 0 ? 'NULL::integer' : `CASE survey_version ${cases.join(' ')} END`;
}

interface Built {
  text: string;
  params: unknown[];
}

/** Adds a parameter and gives its placeholder. */
type Param = (value: unknown) => string;

/** The answers in the query's range and filters (and stored before an export's cut): its WHERE conditions. */
function filtersSql(query: ReportQuery, param: Param, receivedBefore?: Date): string {
  const where = ['survey_id = $1', 'submitted_at >= $2', 'submitted_at < $4'];
  if (receivedBefore) where.push(`received_at < ${param(receivedBefore.toISOString())}::timestamptz`);
  if (query.channels.length > 0) where.push(`channel = ANY (${param(arrayLiteral(query.channels))}::text[])`);
  if (Object.keys(query.context).length > 0) where.push(`context @> ${param(JSON.stringify(query.context))}::jsonb`);
  return where.join(' AND ');
}

/** The tallies of question `i` in a cut: the count of each group, and for a rating the sum. */
const tallyNames = (question: ReportQuestion, i: number) => [`q${i}_0`, `q${i}_1`, `q${i}_2`, ...(question.kind === 'rating' ? [`q${i}_sum`] : [])];

/**
 * One row per period and breakdown value, with `respondents` and the tallies. Only these are
 * counted in the scan, so that PostgreSQL can share it among parallel workers (it cannot with
 * GROUPING SETS); the totals add them up. clock_timestamp(), being volatile, keeps the inner SELECT
 * from being folded into the aggregates, which would look up each answer once per aggregate.
 */
function cutsSql(query: ReportQuery, questions: readonly ReportQuestion[], positions: ScalePositions, param: Param, receivedBefore?: Date): string {
  const { breakdown } = query;
  const group = !breakdown ? 'NULL::text' : breakdown.by === 'channel' ? 'channel' : `coalesce(context ->> ${param(breakdown.key)}::text, '')`;
  const values = questions.map((question, i) => `${valueSql(question, positions)} AS v${i}`);
  const tallies = questions.flatMap((question, i) => [
    ...GROUPS[question.kind](`v${i}`).map((condition, g) => `count(*) FILTER (WHERE ${condition}) AS q${i}_${g}`),
    ...(question.kind === 'rating' ? [`sum(v${i}) AS q${i}_sum`] : []),
  ]);
  const cuts = `
    SELECT current, grp, count(*) AS respondents${tallies.map(t => `,\n      ${t}`).join('')}
    FROM (
      SELECT submitted_at >= $3 AS current, ${group} AS grp, clock_timestamp() AS evaluate_once${values.map(v => `,\n        ${v}`).join('')}
      FROM feedback_responses
      WHERE ${filtersSql(query, param, receivedBefore)}
    ) AS answer
    GROUP BY current, grp`;
  if (!breakdown) return cuts;
  const columns = ['respondents', ...questions.flatMap(tallyNames)];
  return `WITH cuts AS (${cuts})
    SELECT * FROM cuts
    UNION ALL
    SELECT current, NULL, ${columns.map(c => `sum(${c})::bigint`).join(', ')} FROM cuts GROUP BY current`;
}

/** The figures of question `i` from its tallies, as figures.ts computes them. */
function figuresSql(question: ReportQuestion, i: number): string[] {
  const counts = [`q${i}_0`, `q${i}_1`, `q${i}_2`] as const;
  const n = `NULLIF(${counts.join(' + ')}, 0)`;
  const value = question.kind === 'rating' ? meanHundredthsSql(`q${i}_sum`, n) : npsHundredthsSql(counts[0], counts[2], n);
  return [
    `(${counts.join(' + ')})::integer AS q${i}_n`,
    ...counts.map((c, g) => `${c}::integer AS q${i}_c${g}`),
    ...percentagesSql(counts, n).map((p, g) => `(${p})::integer AS q${i}_p${g}`),
    `${value}::integer AS q${i}_v`,
    // float8: exact for whole numbers below 2^53, and read as a number by both drivers (bigint is not).
    ...(question.kind === 'rating' ? [`q${i}_sum::float8 AS q${i}_s`] : []),
  ];
}

/** The SQL and parameters of `reportRows`. */
export function reportRowsSql(query: ReportQuery, questions: readonly ReportQuestion[], positions: ScalePositions, receivedBefore?: Date): Built {
  // The previous period ends where the current one starts, so one range covers both.
  const current = periodBounds(query.period, query.timeZone);
  const start = query.compare ? periodBounds(previousPeriod(query.period), query.timeZone).start : current.start;
  const params: unknown[] = [query.surveyId, sqlTime(start), sqlTime(current.start), sqlTime(current.end)];
  const param: Param = value => `$${params.push(value)}`;
  const cuts = cutsSql(query, questions, positions, param, receivedBefore);
  const figures = questions.flatMap(figuresSql).map(f => `,\n  ${f}`).join('');
  return { text: `SELECT current, grp, respondents::integer AS answers${figures}\nFROM (${cuts}) AS cut`, params };
}

type FigureRow = { current: boolean; grp: string | null; answers: number } & Record<string, number | null>;

function toCutRow(row: FigureRow, questions: readonly ReportQuestion[]): CutRow {
  const figures: Record<string, ScaleFigures> = {};
  questions.forEach((question, i) => {
    const at = (name: string) => row[`q${i}_${name}`] as number;
    const n = at('n');
    figures[question.id] = {
      n,
      counts: [at('c0'), at('c1'), at('c2')],
      percent: n === 0 ? null : [at('p0'), at('p1'), at('p2')],
      value: n === 0 ? null : at('v'),
      ...(question.kind === 'rating' ? { sum: at('s') ?? 0 } : {}),
    };
  });
  return { period: row.current ? 'current' : 'previous', group: row.grp, answers: row.answers, figures };
}

/** The positions in `scores` of the scale questions of every stored version of `surveyId`. */
export async function scalePositions(sql: Pick<Sql, 'query'>, surveyId: string): Promise<ScalePositions> {
  const rows = await sql.query<{ question_id: string; survey_version: number; position: number }>(
    'SELECT question_id, survey_version, position FROM feedback_scale_questions WHERE survey_id = $1',
    [surveyId],
  );
  const positions = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const at = positions.get(row.question_id) ?? positions.set(row.question_id, new Map()).get(row.question_id)!;
    at.set(row.survey_version, row.position);
  }
  return positions;
}

/**
 * Reads `scores` again (through the trigger feedback_responses_rescored) for the answers of
 * `surveyId` whose `scores` has not one byte per scale question of their version: only a row
 * INSERTed by hand with a `scores` of its own can have that. Gives how many it read again.
 */
export async function rescoreMismatched(sql: Pick<Sql, 'query'>, surveyId: string): Promise<number> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE feedback_responses AS r SET scores = NULL
     FROM (SELECT s.version, count(q.position) AS bytes
           FROM feedback_surveys AS s LEFT JOIN feedback_scale_questions AS q ON q.survey_id = s.id AND q.survey_version = s.version
           WHERE s.id = $1 GROUP BY s.version) AS v
     WHERE r.survey_id = $1 AND r.survey_version = v.version AND octet_length(r.scores) <> v.bytes
     RETURNING r.id`,
    [surveyId],
  );
  return rows.length;
}

/** get_byte() past the end of a `scores` (SQLSTATE array_subscript_error). */
const isShortScores = (error: unknown) => (error as { code?: unknown })?.code === '2202E';

/**
 * The cut rows of `query` (see `CollectorStore.reportRows`). JIT compilation is turned off for the
 * statement: compiling its many expressions takes longer than it saves (measured at a million
 * answers: 0.63 s to compile, 0.06 s slower in all, even without LLVM's optimization).
 * A `scores` too short for its version (written by hand) is read again from its answers, then
 * the report is asked once more: checking every row's length in the report itself would slow
 * every report for a row that only a hand-made INSERT can make.
 */
export async function reportRows(sql: Sql, query: ReportQuery, questions: readonly ReportQuestion[], receivedBefore?: Date): Promise<CutRow[]> {
  const read = () =>
    sql.transaction(async tx => {
      // One snapshot for the positions and the answers they index.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const { text, params } = reportRowsSql(query, questions, await scalePositions(tx, query.surveyId), receivedBefore);
      await tx.query('SET LOCAL jit = off');
      return tx.query<FigureRow>(text, params);
    });
  let rows: FigureRow[];
  try {
    rows = await read();
  } catch (error) {
    if (!isShortScores(error) || (await rescoreMismatched(sql, query.surveyId)) === 0) throw error;
    rows = await read();
  }
  return rows.map(row => toCutRow(row, questions));
}
