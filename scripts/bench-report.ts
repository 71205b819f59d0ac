// Report computation time, for `npm run bench` (alone: `node --import tsx scripts/bench-report.ts`;
// BENCH_QUICK=1 for a smoke run; `--explain` prints EXPLAIN ANALYZE of the report's queries;
// `--pglite-only`, `--postgres-only` and `--sizes=1000000` pick the cases).
// For 100,000 and 1,000,000 answers of the built-in survey over two calendar years, on PGlite (a
// folder on disk, as `npm start` uses) and on a temporary PostgreSQL server (scripts/pg-temp.mjs),
// it times `collectorReport()` for one year, broken down by channel and compared with the year
// before: one untimed warm-up, then median, min and max of 5 runs. At 100,000 it also times the
// TypeScript `summarize()` over the same answers in memory, and checks that both give the same
// report. A benchmark, not a test: it fails only when something breaks or the two reports differ.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openPgliteStore } from '../src/collector/pglite-store.js';
import { openPostgresStore } from '../src/collector/postgres-store.js';
import { collectorReport } from '../src/collector/report-service.js';
import { scoresSql } from '../src/collector/response-sql.js';
import type { SqlStore } from '../src/collector/sql-store.js';
import type { Sql, StoredResponse } from '../src/collector/store.js';
import { defaultSurvey } from '../src/i18n/default-survey.js';
import { presetPeriod, previousPeriod } from '../src/report/period.js';
import type { ReportQuery } from '../src/report/report-query.js';
import { surveyCatalog } from '../src/report/report-questions.js';
import type { Report } from '../src/report/report-schema.js';
import { summarize } from '../src/report/summarize.js';
import type { FeedbackRecord } from '../src/schema/record.js';
import type { Survey } from '../src/schema/survey.js';
// @ts-expect-error: a plain .mjs helper without types
import { startTempPostgres } from './pg-temp.mjs';
import { randomUuid, seededRandom, type Random } from './demo-data.js';


const RUNS = 5;
const SIZES = [100_000, 1_000_000];
const QUICK_SIZES = [10_000, 100_000];
/** Goal of issue 6: a million answers on PostgreSQL in under a second. */
const GOAL_MS = 1000;
const BATCH = 1000;
const SQL_CHUNK = 100_000;
/** Two calendar years in Brussels: the query's year (2026) and the one it is compared with. */
const START = '2024-12-31T23:00:00Z';
const END = '2026-12-31T23:00:00Z';
const SURVEYS: Survey[] = [defaultSurvey()];
const QUERY: ReportQuery = {
  surveyId: 'service-quality',
  period: presetPeriod('year', '2026-01-01'),
  compare: true,
  channels: [],
  context: {},
  breakdown: { by: 'channel' },
  minCount: 5,
  timeZone: 'Europe/Brussels',
};

/** What collectorReport() asks of the counts for QUERY. */
const COUNT_QUERY = { surveyId: QUERY.surveyId, from: previousPeriod(QUERY.period).from, to: QUERY.period.to };

const sqlOf = (store: SqlStore) => (store as unknown as { sql: Sql }).sql;
type Bulk = (text: string, params?: unknown[]) => Promise<unknown>;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n));

// --- Loading. ---

// Channels 4:2:3 (web, email, kiosk); scores skewed towards 4–5, as surveys of public services are.
const CHANNEL_PICK = ['web', 'web', 'web', 'web', 'email', 'email', 'kiosk', 'kiosk', 'kiosk'] as const;
const RATING_PICK = [1, 2, 3, 3, 4, 4, 4, 5, 5, 5];
const OFFICES = ['Gent', 'Brugge', 'Antwerpen', 'Leuven', 'Hasselt'];
const DIMENSIONS = ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness'];

function record(random: Random, span: number): FeedbackRecord {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random.next() * items.length)]!;
  const answers: FeedbackRecord['answers'] = Object.fromEntries(DIMENSIONS.map(id => [id, pick(RATING_PICK)]));
  answers.nps = Math.floor(random.next() * 11);
  if (random.next() < 0.2) answers.comment = 'Lang moeten wachten aan het loket.';
  return {
    id: randomUuid(random),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: pick(CHANNEL_PICK),
    locale: 'nl',
    answers,
    submittedAt: new Date(Date.parse(START) + Math.floor(random.next() * span)).toISOString(),
    context: { office: pick(OFFICES) },
  };
}

/** Through the store's own insert, as the collector stores a POST: batches of 1000. */
async function loadByBatches(store: SqlStore, count: number): Promise<void> {
  const random = seededRandom(`bench ${count}`);
  const span = Date.parse(END) - Date.parse(START);
  for (let done = 0; done < count; done += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, count - done) }, () => record(random, span));
    const { inserted } = await store.insertResponses(records);
    if (inserted.size !== records.length) throw new Error(`Only ${inserted.size} of ${records.length} answers were stored`);
  }
}

const pickSql = (items: readonly (string | number)[]) =>
  `(ARRAY[${items.map(i => (typeof i === 'number' ? i : `'${i}'`)).join(',')}])[1 + floor(random() * ${items.length})::int]`;

// The same distributions as record(), made by the database itself; the scores read as the
// collector's own insert reads them.
export const INSERT_SERIES = `
  INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, context, answers, scores)
  SELECT *, ${scoresSql('made')} FROM (
    SELECT md5('answer ' || i)::uuid AS id, 'service-quality' AS survey_id, 1 AS survey_version, ${pickSql(CHANNEL_PICK)} AS channel,
      'nl' AS locale, $1::timestamptz + random() * ($2::timestamptz - $1::timestamptz) AS submitted_at,
      jsonb_build_object('office', ${pickSql(OFFICES)}) AS context,
      jsonb_strip_nulls(jsonb_build_object(${DIMENSIONS.map(d => `'${d}', ${pickSql(RATING_PICK)}`).join(', ')},
        'nps', floor(random() * 11)::int,
        'comment', CASE WHEN random() < 0.2 THEN 'Lang moeten wachten aan het loket.' END)) AS answers
    FROM generate_series($3::integer, $4::integer) AS i
  ) AS made`;

/**
 * In the database: INSERT … SELECT over generate_series, in chunks of 100,000. Ids are md5 hashes
 * of the row number: in PGlite gen_random_uuid() takes four times as long.
 */
async function loadBySql(bulk: Bulk, count: number): Promise<void> {
  for (let done = 0; done < count; done += SQL_CHUNK) {
    await bulk(INSERT_SERIES, [START, END, done + 1, Math.min(done + SQL_CHUNK, count)]);
  }
}

/**
 * Shown items (about ten per web answer, one row each) and a daily invitation batch for email
 * (about ten per email answer): the rows the response rates read.
 */
async function loadCounts(bulk: Bulk, count: number): Promise<number> {
  const days = Math.round((Date.parse(END) - Date.parse(START)) / 86_400_000);
  const shown = Math.round((count * 4) / 9) * 10;
  for (let done = 0; done < shown; done += SQL_CHUNK * 5) {
    await bulk(
      `INSERT INTO feedback_shown (id, survey_id, survey_version, channel, day)
       SELECT md5('shown ' || i)::uuid, 'service-quality', 1, 'web', DATE '2025-01-01' + floor(random() * $1)::int
       FROM generate_series($2::integer, $3::integer) AS i`,
      [days, done + 1, Math.min(done + SQL_CHUNK * 5, shown)],
    );
  }
  await bulk(
    `INSERT INTO feedback_invitations (id, survey_id, survey_version, channel, day, count)
     SELECT md5('invited ' || day)::uuid, 'service-quality', 1, 'email', day::date, $1::integer
     FROM generate_series(DATE '2025-01-01', DATE '2026-12-31', INTERVAL '1 day') AS day`,
    [Math.max(1, Math.round(((count * 2) / 9 / days) * 10))],
  );
  // The per-day totals the collector keeps as shown items arrive (count-sql.ts), for the bulk-loaded rows.
  await bulk(`INSERT INTO feedback_shown_days (survey_id, day, channel, count)
    SELECT survey_id, day, channel, count(*) FROM feedback_shown GROUP BY survey_id, day, channel
    ON CONFLICT (survey_id, day, channel) DO UPDATE SET count = excluded.count`);
  // Statistics and the visibility map, as autovacuum keeps them on a database that filled up over two years.
  for (const table of ['feedback_responses', 'feedback_shown', 'feedback_shown_days', 'feedback_invitations']) await bulk(`VACUUM ANALYZE ${table}`);
  return shown;
}

// --- Timing. ---

interface Timing {
  median: number;
  min: number;
  max: number;
}

/** One untimed warm-up, then `RUNS` timed runs. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ timing: Timing; result: T }> {
  const result = await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { timing: { median: times[Math.floor(RUNS / 2)]!, min: times[0]!, max: times.at(-1)! }, result };
}

/** Every answer of the survey, read back page by page, for summarize(). */
async function allResponses(store: SqlStore): Promise<StoredResponse[]> {
  const responses: StoredResponse[] = [];
  for (;;) {
    const last = responses.at(-1);
    const page = await store.listResponses({
      surveyId: 'service-quality',
      limit: 20_000,
      ...(last ? { after: { submittedAt: new Date(last.submittedAt), id: last.id } } : {}),
    });
    responses.push(...page);
    if (page.length < 20_000) return responses;
  }
}

/** The collector's report, as `GET /api/report` makes it. */
async function sqlReport(store: SqlStore): Promise<Report> {
  const result = await collectorReport(store, SURVEYS, QUERY);
  if (!result.ok) throw new Error(result.message);
  return result.report;
}

interface Statement {
  text: string;
  params?: unknown[];
}

/** Statements in the order run, each list one transaction (or a lone statement). */
async function captureStatements(store: SqlStore): Promise<Statement[][]> {
  const sql = sqlOf(store);
  const { query, transaction } = sql;
  const units: Statement[][] = [];
  const recording = (list: Statement[], run: Sql['query']) =>
    ((text: string, params?: unknown[]) => (list.push({ text, params }), run(text, params))) as Sql['query'];
  sql.query = ((text: string, params?: unknown[]) => {
    units.push([]);
    return recording(units.at(-1)!, query)(text, params);
  }) as Sql['query'];
  sql.transaction = work => {
    const list: Statement[] = [];
    units.push(list);
    return transaction(tx => work({ ...tx, query: recording(list, tx.query) }));
  };
  try {
    await sqlReport(store);
  } finally {
    Object.assign(sql, { query, transaction });
  }
  return units;
}

/** EXPLAIN (ANALYZE, BUFFERS) of every query one report runs, in its transaction with its settings. */
async function explain(store: SqlStore): Promise<string> {
  const plans: string[] = [];
  for (const unit of await captureStatements(store)) {
    await sqlOf(store).transaction(async tx => {
      for (const { text, params } of unit) {
        if (!/^\s*(SELECT|WITH)\b/i.test(text)) {
          await tx.query(text, params);
          plans.push(`-- ran first: ${text.trim()}`);
          continue;
        }
        const rows = await tx.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
        plans.push(`${text.trim()}\n-- params: ${JSON.stringify(params ?? []).slice(0, 500)}\n${rows.map(r => Object.values(r)[0]).join('\n')}`);
      }
    });
  }
  return plans.join('\n\n');
}

export interface ReportBenchRow {
  store: 'PGlite' | 'PostgreSQL';
  answers: number;
  loadMethod: string;
  loadSeconds: number;
  shown: number;
  report?: Timing;
  reportRows?: Timing;
  counts?: Timing;
  summarize?: Timing;
  same?: boolean;
  explain?: string;
}

interface Case {
  store: SqlStore;
  /** For loading: a connection without the store's statement timeout. */
  bulk: Bulk;
  kind: ReportBenchRow['store'];
  answers: number;
  method: 'batches' | 'sql';
  withSummarize: boolean;
  explainPlans: boolean;
  log: (line: string) => void;
}

async function runCase(c: Case): Promise<ReportBenchRow> {
  await c.store.registerSurveys(SURVEYS);
  const t0 = performance.now();
  await (c.method === 'batches' ? loadByBatches(c.store, c.answers) : loadBySql(c.bulk, c.answers));
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const shown = await loadCounts(c.bulk, c.answers);
  c.log(
    `${c.kind}, ${fmt(c.answers)} answers loaded in ${loadSeconds.toFixed(1)} s (${c.method}; ${fmt(c.answers / loadSeconds)}/s), ` +
      `${fmt(shown)} shown items and VACUUM ANALYZE in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  const row: ReportBenchRow = { store: c.kind, answers: c.answers, loadMethod: c.method, loadSeconds, shown };
  const questions = surveyCatalog(SURVEYS, QUERY.surveyId)!.questions;
  const report = await timed(() => sqlReport(c.store));
  row.report = report.timing;
  // Its two parts, which collectorReport() runs side by side.
  row.reportRows = (await timed(() => c.store.reportRows(QUERY, questions))).timing;
  row.counts = (await timed(() => c.store.counts(COUNT_QUERY))).timing;
  if (c.withSummarize) {
    const responses = await allResponses(c.store);
    const counts = await c.store.counts(COUNT_QUERY);
    const typescript = await timed(() => summarize({ surveys: SURVEYS, responses, counts }, QUERY));
    row.summarize = typescript.timing;
    row.same = sameReport(report.result, typescript.result);
  }
  if (c.explainPlans || (c.kind === 'PostgreSQL' && row.report.median > GOAL_MS)) row.explain = await explain(c.store);
  c.log(`${c.kind}, ${fmt(c.answers)}: report ${ms(row.report.median)} ms, reportRows ${ms(row.reportRows.median)} ms, counts ${ms(row.counts.median)} ms`);
  return row;
}

function sameReport(sql: Report, typescript: Report): boolean {
  try {
    assert.deepEqual(sql, typescript);
    return true;
  } catch {
    return false;
  }
}

// --- The stores. ---

type Run = (store: SqlStore, bulk: Bulk) => Promise<ReportBenchRow>;

async function onPglite(run: Run): Promise<ReportBenchRow> {
  const dir = mkdtempSync(join(os.tmpdir(), 'feedback-bench-report-'));
  const store = await openPgliteStore(join(dir, 'data'));
  try {
    return await run(store, (text, params) => sqlOf(store).query(text, params));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(url: string, run: Run): Promise<ReportBenchRow> {
  const database = `bench_report_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const where = url.replace(/\/feedback$/, `/${database}`);
  const store = await openPostgresStore({ connectionString: where, maxConnections: 4 });
  const loader = new pg.Client({ connectionString: where });
  await loader.connect();
  try {
    return await run(store, (text, params) => loader.query(text, params));
  } finally {
    await loader.end();
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
    await admin.end();
  }
}

// --- Output. ---

const cell = (t: Timing | undefined) => (t ? `${ms(t.median)} (${ms(t.min)}–${ms(t.max)})` : '');

function table(rows: ReportBenchRow[]): string {
  const head = ['store', 'answers', 'load', 'report ms median (min–max)', 'reportRows ms', 'counts ms', 'summarize() ms', 'SQL = TS'];
  const lines = rows.map(r => [
    r.store,
    fmt(r.answers),
    `${r.loadSeconds.toFixed(1)} s ${r.loadMethod === 'sql' ? 'INSERT…SELECT' : `insertResponses×${BATCH}`}`,
    cell(r.report),
    cell(r.reportRows),
    cell(r.counts),
    cell(r.summarize),
    r.same === undefined ? '' : r.same ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map(l => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [format(head), ...lines.map(format)].join('\n');
}

/**
 * Times the report on PGlite and PostgreSQL at two sizes; prints a table on stdout (progress on
 * stderr) and returns the rows.
 */
export interface ReportBenchOptions {
  quick?: boolean;
  /** Answers per case (default 100,000 and 1,000,000; quick: 10,000 and 100,000). */
  sizes?: number[];
  stores?: ReportBenchRow['store'][];
  /** EXPLAIN ANALYZE every case's queries (a PostgreSQL case that misses the goal always gets it). */
  explainPlans?: boolean;
  log?: (line: string) => void;
}

/**
 * Times the report on PGlite and PostgreSQL; prints a table on stdout (progress on stderr) and
 * returns the rows. Throws when the SQL report and summarize() differ.
 */
export async function benchReport(options: ReportBenchOptions = {}): Promise<ReportBenchRow[]> {
  const { quick = false, explainPlans = false, stores = ['PGlite', 'PostgreSQL'], log = (line: string) => console.error(`  … ${line}`) } = options;
  const sizes = options.sizes ?? (quick ? QUICK_SIZES : SIZES);
  const rows: ReportBenchRow[] = [];
  let postgres: { url: string; version: string; stop: () => Promise<void> } | undefined;
  try {
    if (stores.includes('PostgreSQL')) postgres = await startTempPostgres({ log });
  } catch (error) {
    console.error(`PostgreSQL skipped: ${(error as Error).message}`);
  }
  try {
    for (const answers of sizes) {
      // The store's own insert shows what it costs; INSERT … SELECT fills a million in a fraction of the time.
      const method = answers < 1_000_000 ? 'batches' : 'sql';
      const base = { answers, method, withSummarize: answers <= 100_000, explainPlans, log } as const;
      if (stores.includes('PGlite')) rows.push(await onPglite((store, bulk) => runCase({ ...base, store, bulk, kind: 'PGlite' })));
      if (postgres) rows.push(await onPostgres(postgres.url, (store, bulk) => runCase({ ...base, store, bulk, kind: 'PostgreSQL' })));
    }
  } finally {
    await postgres?.stop();
  }
  print(rows, postgres?.version);
  const different = rows.filter(row => row.same === false);
  if (different.length) throw new Error(`The SQL report and summarize() differ: ${different.map(r => `${r.store} ${fmt(r.answers)}`).join(', ')}`);
  return rows;
}

function print(rows: ReportBenchRow[], postgresVersion: string | undefined): void {
  console.log(
    `Report computation, service-quality over two calendar years (2025–2026): year 2026 by channel, compared with 2025, ` +
      `time zone Europe/Brussels. Median (min–max) of ${RUNS} runs after one warm-up; shown items ≈ 10 × web answers.`,
  );
  console.log(table(rows));
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; node ${process.version}` +
      (postgresVersion ? `; PostgreSQL ${postgresVersion} (temporary server, default memory settings, fsync off)` : '') +
      `; load average ${os.loadavg().map(n => n.toFixed(1)).join(' ')} at the end`,
  );
  for (const row of rows.filter(r => r.store === 'PostgreSQL' && r.answers >= 1_000_000 && r.report)) {
    const verdict = row.report!.median < GOAL_MS ? 'met' : 'MISSED';
    console.log(`Goal: report for ${fmt(row.answers)} answers on PostgreSQL under ${GOAL_MS} ms: ${verdict} (${ms(row.report!.median)} ms).`);
  }
  for (const row of rows.filter(r => r.explain)) console.log(`\nEXPLAIN ANALYZE, ${row.store}, ${fmt(row.answers)} answers:\n${row.explain}`);
}

/** `--explain`, `--pglite-only`, `--postgres-only`, `--sizes=100000,1000000`. */
function cliOptions(argv: string[]): ReportBenchOptions {
  const sizes = argv.find(arg => arg.startsWith('--sizes='))?.slice(8).split(',').map(Number);
  if (sizes && !sizes.every(n => Number.isInteger(n) && n > 0)) throw new Error('--sizes: whole numbers, comma-separated');
  const stores: ReportBenchRow['store'][] = argv.includes('--pglite-only') ? ['PGlite'] : argv.includes('--postgres-only') ? ['PostgreSQL'] : ['PGlite', 'PostgreSQL'];
  return { quick: process.env.BENCH_QUICK === '1', explainPlans: argv.includes('--explain'), stores, ...(sizes ? { sizes } : {}) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchReport(cliOptions(process.argv.slice(2))).then(rows => {
    // For BENCHMARKS.md (scripts/bench.mjs runs this in a process of its own).
    const out = process.env.BENCH_REPORT_JSON;
    if (out) writeFileSync(out, JSON.stringify(rows.map(({ explain: _, ...row }) => ({ ...row, goalMs: GOAL_MS }))));
  }).catch(error => {
    console.error(`Report bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  });
}
