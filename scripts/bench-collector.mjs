// Ingest throughput of the reference collector, for `npm run bench` (also runnable alone after
// `npm run build`: `node scripts/bench-collector.mjs`, BENCH_QUICK=1 for a smoke run).
// The collector runs as it does in production, `node dist/collector/cli.js` in its own process, and
// this process sends `POST /api/responses` over loopback with a few concurrent fetch senders. That
// measures HTTP, JSON, validation and the database together, as a deployment sees them. Every run
// starts on a fresh database (a PGlite folder, or a new database on a temporary PostgreSQL server
// from scripts/pg-temp.mjs) and afterwards checks that exactly the sent answers were stored.
// A benchmark, not a test: it reports figures and fails only when an answer is lost or refused.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort, startTempPostgres } from './pg-temp.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/collector/cli.js');
const SENDERS = 4;
/** Runs per case; the table shows their median, min and max. */
const RUNS = 3;
/** Answers per run by batch size: enough for a figure that repeats within a few percent. */
const ANSWERS = { 1: 3_000, 100: 20_000 };
const QUICK_ANSWERS = { 1: 300, 100: 2_000 };
/** Untimed requests first, so the collector's JIT and connection pool are warm (their answers are checked too). */
const WARMUP_SHARE = 0.1;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

const DIMENSIONS = ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness'];
const CHANNELS = ['web', 'email', 'kiosk', 'phone', 'other'];
const OFFICES = ['gent', 'brugge', 'leuven', 'hasselt'];
const COMMENTS = ['Vriendelijk en snel geholpen.', 'Lang moeten wachten aan het loket.', 'Duidelijke uitleg, dank u.'];

/** A valid record of the built-in survey (service-quality v1); see src/schema/record.ts. */
function makeRecord(i, now) {
  const answers = Object.fromEntries(DIMENSIONS.map((id, d) => [id, 1 + ((i + d) % 5)]));
  answers.nps = i % 11;
  if (i % 3 === 0) answers.comment = COMMENTS[i % COMMENTS.length];
  return {
    id: randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: CHANNELS[i % CHANNELS.length],
    locale: 'nl',
    answers,
    submittedAt: new Date(now - i * 1000).toISOString(),
    context: { office: OFFICES[i % OFFICES.length] },
  };
}

/** Request bodies, made before the clock starts: `{ text, ids }` per request. */
function makeBodies(answers, batch) {
  const now = Date.now();
  const bodies = [];
  for (let i = 0; i < answers; i += batch) {
    const records = [];
    for (let j = i; j < Math.min(i + batch, answers); j++) records.push(makeRecord(j, now));
    bodies.push({ text: JSON.stringify({ records }), ids: records.map(r => r.id) });
  }
  return bodies;
}

const sleep = ms => new Promise(done => setTimeout(done, ms));
const median = values => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const tail = (file, lines = 10) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n') : '');

/** Collector processes still running and folders still there, so that a failure anywhere ends them. */
const children = new Set();
const tempDirs = new Set();
const cleanUp = () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
};
/** On SIGINT/SIGTERM: clean up, then end as the signal would have (unless someone else handles it). */
const onSignal = signal => {
  cleanUp();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};

/** Starts `node dist/collector/cli.js` and waits until GET /api/health answers. */
async function startCollector({ env, logFile }) {
  const port = await freePort();
  const token = randomBytes(24).toString('base64url'); // 32 characters
  // Only our settings: a developer's own DATABASE_URL or DATA_DIR must not leak into the bench.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(PORT|HOST|DATA_DIR|DATABASE_URL|REPORT_TOKEN|RATE_LIMIT|MAX_BATCH|MAX_BODY_BYTES|ALLOWED_ORIGINS|SURVEYS|TRUST_PROXY)$/.test(key)),
  );
  // Output to a file: a pipe nobody reads would stall the collector (it logs a line per batch).
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [CLI], {
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT: '0', REPORT_TOKEN: token, ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  children.add(child);
  const exited = new Promise(done => child.once('exit', (code, signal) => done({ code, signal })));
  exited.then(() => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  let gone = null;
  exited.then(result => (gone = result));
  for (;;) {
    if (gone) throw new Error(`The collector exited (${gone.code ?? gone.signal}) before it was ready:\n${tail(logFile)}`);
    if (performance.now() - started > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`The collector was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`);
    }
    const ok = await fetch(`${url}/api/health`).then(r => r.ok, () => false);
    if (ok) break;
    await sleep(50);
  }
  const readyMs = performance.now() - started;
  /** SIGTERM is the CLI's clean stop (PGlite writes its files); it must exit 0. */
  const stop = async () => {
    if (gone) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const { code, signal } = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`The collector ended with ${code ?? signal} on SIGTERM:\n${tail(logFile)}`);
  };
  return { url, token, readyMs, stop };
}

/** POSTs every body with `SENDERS` concurrent senders; each must be a 200 with every record accepted. */
async function send(url, bodies) {
  let next = 0;
  const problems = [];
  const sender = async () => {
    while (next < bodies.length && problems.length === 0) {
      const body = bodies[next++];
      const response = await fetch(`${url}/api/responses`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: body.text,
      });
      const text = await response.text();
      const results = response.status === 200 ? JSON.parse(text).results : [];
      const accepted = results.filter(r => r.status === 'accepted').length;
      if (response.status !== 200 || results.length !== body.ids.length || accepted !== body.ids.length) {
        problems.push(`HTTP ${response.status}, ${accepted}/${body.ids.length} accepted: ${text.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  if (problems.length > 0) throw new Error(`A POST was not fully accepted: ${problems[0]}`);
}

/** Pages through GET /api/responses with the report token; the stored ids must be exactly `sent`. */
async function checkByApi(url, token, sent) {
  const seen = new Set();
  let after = null;
  do {
    const query = `limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const response = await fetch(`${url}/api/responses?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /api/responses: HTTP ${response.status} ${await response.text()}`);
    const page = await response.json();
    for (const { id } of page.responses) seen.add(id);
    after = page.next;
  } while (after);
  const missing = [...sent].filter(id => !seen.has(id)).length;
  if (seen.size !== sent.size || missing > 0) {
    throw new Error(`GET /api/responses lists ${seen.size} answers (${missing} of those sent missing); ${sent.size} were sent`);
  }
}

/** The row count in the database itself, besides the API's view. */
async function countInDatabase(store, where) {
  if (store === 'PostgreSQL') {
    const client = new pg.Client({ connectionString: where });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) AS n FROM feedback_responses')).rows[0].n);
    } finally {
      await client.end();
    }
  }
  // The collector has stopped: PGlite's folder may be opened by one process at a time.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(where);
  try {
    return Number((await db.query('SELECT count(*) AS n FROM feedback_responses')).rows[0].n);
  } finally {
    await db.close();
  }
}

/** One run on a fresh database: answers per second of the timed part, and the collector's start time. */
async function runOnce({ store, batch, answers, postgres, run }) {
  const dir = mkdtempSync(join(os.tmpdir(), 'feedback-bench-'));
  tempDirs.add(dir);
  const logFile = join(dir, 'collector.log');
  let database = null;
  let admin = null;
  try {
    let env;
    let where;
    if (store === 'PostgreSQL') {
      database = `bench_${batch}_${run}_${Date.now()}`;
      admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      where = postgres.url.replace(/\/feedback$/, `/${database}`);
      env = { DATABASE_URL: where };
    } else {
      where = join(dir, 'data');
      env = { DATA_DIR: where };
    }
    const collector = await startCollector({ env, logFile });
    try {
      const warmupAnswers = Math.ceil((answers * WARMUP_SHARE) / batch) * batch;
      const warmup = makeBodies(warmupAnswers, batch);
      const timed = makeBodies(answers, batch);
      await send(collector.url, warmup);
      const t0 = performance.now();
      await send(collector.url, timed);
      const seconds = (performance.now() - t0) / 1000;

      const sent = new Set([...warmup, ...timed].flatMap(body => body.ids));
      await checkByApi(collector.url, collector.token, sent);
      await collector.stop();
      const stored = await countInDatabase(store, where);
      if (stored !== sent.size) throw new Error(`The database holds ${stored} answers; ${sent.size} were sent`);
      return { perSecond: answers / seconds, readyMs: collector.readyMs, requests: timed.length };
    } finally {
      await collector.stop().catch(() => {});
    }
  } catch (error) {
    const log = tail(logFile);
    if (log) error.message += `\n  collector log:\n${log.replace(/^/gm, '    ')}`;
    throw error;
  } finally {
    if (database) await admin.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
    await admin?.end().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

const fmt = n => Math.round(n).toLocaleString('en-US');

function table(rows) {
  const head = ['store', 'batch', 'answers/run', 'requests/run', 'answers/s median', 'min', 'max', 'runs', 'collector ready'];
  const lines = rows.map(r =>
    r.skipped
      ? [r.store, String(r.batch), '', '', 'skipped', '', '', '', '']
      : [r.store, String(r.batch), fmt(r.answers), fmt(r.requests), fmt(r.median), fmt(r.min), fmt(r.max), String(r.runs.length), `${fmt(r.readyMs)} ms`],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)));
  const format = cells => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [format(head), ...lines.map(format)].join('\n');
}

function versions(postgres) {
  const pkg = name => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  const cpus = os.cpus();
  return [
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
    `node ${process.version}, @electric-sql/pglite ${pkg('@electric-sql/pglite')}, pg ${pkg('pg')}, hono ${pkg('hono')}` +
      (postgres ? `, PostgreSQL ${postgres.version} (temporary server, fsync off; started in ${fmt(postgres.startupMs)} ms)` : ''),
  ].join('\n');
}

/**
 * Ingest throughput (answers/s) on PGlite and PostgreSQL, batches of 1 and 100. Prints a table on
 * stdout (progress on stderr) and returns its rows. Needs `npm run build` first.
 * @param {{ quick?: boolean, log?: (line: string) => void }} [options]
 */
export async function benchCollector({ quick = false, log = message => console.error(`  … ${message}`) } = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const runs = quick ? 1 : RUNS;
  const sizes = quick ? QUICK_ANSWERS : ANSWERS;
  process.once('exit', cleanUp);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let postgres = null;
  const rows = [];
  try {
    try {
      postgres = await startTempPostgres({ log });
    } catch (error) {
      // PGlite's figures are still worth having on a machine without PostgreSQL.
      console.error(`PostgreSQL skipped: ${error.message}`);
    }
    for (const store of ['PGlite', 'PostgreSQL']) {
      for (const batch of [1, 100]) {
        if (store === 'PostgreSQL' && !postgres) {
          rows.push({ store, batch, skipped: true });
          continue;
        }
        const results = [];
        for (let run = 1; run <= runs; run++) {
          const result = await runOnce({ store, batch, answers: sizes[batch], postgres, run });
          log(`${store}, batch ${batch}, run ${run}/${runs}: ${fmt(result.perSecond)} answers/s (collector ready in ${fmt(result.readyMs)} ms)`);
          results.push(result);
        }
        const perSecond = results.map(r => r.perSecond);
        rows.push({
          store,
          batch,
          answers: sizes[batch],
          requests: results[0].requests,
          runs: perSecond,
          median: median(perSecond),
          min: Math.min(...perSecond),
          max: Math.max(...perSecond),
          readyMs: median(results.map(r => r.readyMs)),
        });
      }
    }
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await postgres?.stop();
  }
  console.log(
    `Collector ingest, POST /api/responses from a second process over loopback (${SENDERS} concurrent senders, ` +
      `${Math.round(WARMUP_SHARE * 100)}% untimed warm-up, fresh database per run, ${runs === 1 ? '1 run' : `median of ${runs} runs`})`,
  );
  console.log(table(rows));
  console.log(versions(postgres));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchCollector({ quick: process.env.BENCH_QUICK === '1' }).catch(error => {
    console.error(`Collector bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  });
}
