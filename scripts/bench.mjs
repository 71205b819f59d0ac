// `npm run bench`: every benchmark in one go, written to BENCHMARKS.md (and printed as it goes).
//   1. sizes: what a page downloads for <feedback-loop> and for <feedback-report> (scripts/bundle-sizes.mjs);
//   2. render: time until the survey is interactive and JS heap, ours beside SurveyJS, Formbricks'
//      renderer and two hand-written floors, at normal and 4× throttled CPU (scripts/bench-render.mjs);
//   3. outbox: submit → committed latency and the flush of 10,000 queued answers against
//      IndexedDB's and the network's own floors (scripts/bench-browser.mjs);
//   4. collector: ingest throughput on PGlite and PostgreSQL (scripts/bench-collector.mjs);
//   5. report: computation time at 100,000 and 1,000,000 answers (scripts/bench-report.ts).
// `-- --size-only`, `--render-only`, `--outbox-only`, `--collector-only` or `--report-only` run one
// part and leave BENCHMARKS.md alone (`--explain` adds the report's query plans). BENCH_QUICK=1
// shrinks the timed parts for a smoke run; it prints but does not write BENCHMARKS.md either.
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { runBrowserBench } from './bench-browser.mjs';
import { benchCollector } from './bench-collector.mjs';
import { formatRenderBench, runRenderBench } from './bench-render.mjs';
import { BUDGETS, measureBundles, sizesOf } from './bundle-sizes.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const PARTS = ['size', 'render', 'outbox', 'collector', 'report'];
const only = PARTS.filter(part => process.argv.includes(`--${part}-only`));
if (only.length > 1) {
  console.error(`Choose at most one of ${PARTS.map(part => `--${part}-only`).join(', ')}.`);
  process.exit(2);
}
const runs = part => only.length === 0 || only[0] === part;
const quick = process.env.BENCH_QUICK === '1';
const progress = message => console.error(`  … ${message}`);

const kib = bytes => `${(bytes / 1024).toFixed(1)} KiB`;
const secs = ms => `${(ms / 1000).toFixed(2)} s`;
const fmt = n => Math.round(n).toLocaleString('en-US');
const verdict = ok => (ok ? 'met' : '**not met**');
const pkgVersion = name => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?'; // a moved package must not cost the file after half an hour of measuring
  }
};

/** Each part: its section of BENCHMARKS.md and its rows of the headline table. */
const sections = [];
const headline = [];
let failed = false;

/** Runs a part; a failure is reported and fails the run, and the other parts still run. */
async function part(name, title, work) {
  if (!runs(name)) return;
  console.log(`\n${title} (progress on stderr)`);
  try {
    const text = await work();
    console.log(`\n${text}`);
    sections.push(`## ${title}\n\n${text}`);
  } catch (error) {
    failed = true;
    console.error(`\n${title} failed: ${error instanceof Error ? error.stack : error}`);
    sections.push(`## ${title}\n\nFailed: ${error instanceof Error ? error.message : error}`);
  }
}

/** Lines a part prints with console.log, kept for BENCHMARKS.md too. */
async function captured(work) {
  const lines = [];
  const log = console.log;
  console.log = (...args) => {
    lines.push(args.join(' '));
    log(...args);
  };
  try {
    const result = await work();
    return { result, text: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

const fence = text => `\`\`\`text\n${text.trim()}\n\`\`\``;

// Only the builds the chosen parts read: the CDN module for the sizes and the render page, the
// collector for its ingest. The report bench runs the sources through tsx.
if (runs('size') || runs('render')) {
  execSync('npx vite build --mode cdn --logLevel warn', { stdio: 'inherit', cwd: ROOT });
  execSync('npx vite build --mode cdn-kiosk --logLevel warn', { stdio: 'inherit', cwd: ROOT });
}
if (runs('collector')) execSync('npx vite build --mode collector --logLevel warn', { stdio: 'inherit', cwd: ROOT });

await part('size', 'Bundle sizes', async () => {
  const sizes = await measureBundles();
  const arabic = { files: ['dist/cdn/locales/ar.js (opt-in Arabic)'], ...sizesOf(readFileSync(join(ROOT, 'dist/cdn/locales/ar.js'))) };
  const rows = [
    ['`<feedback-loop>`, default survey', sizes.survey, BUDGETS.survey],
    ['`<feedback-report>`', sizes.report, BUDGETS.report],
    ['`<feedback-loop mode="kiosk">`, a tablet', sizes.kiosk, BUDGETS.kiosk],
    ['Arabic, when a page adds it', arabic, undefined],
  ];
  for (const [what, size, budget] of rows.slice(0, 3)) {
    headline.push([`${what}: gzip`, kib(size.gzip), budget.goal ? `≤ ${kib(budget.goal)}` : `≤ ${fmt(budget.ceiling)} B (ceiling)`, verdict(size.gzip <= (budget.goal ?? budget.ceiling))]);
  }
  return [
    '| What a page loads | Files | min | gzip -9 | brotli | `npm test` ceiling (gzip) |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map(([what, size, budget]) => `| ${what} | ${size.files.map(file => `\`${file}\``).join(', ')} | ${kib(size.min)} | ${kib(size.gzip)} | ${kib(size.brotli)} | ${budget ? `${fmt(budget.ceiling)} B` : ''} |`),
    '',
    `Goal of issue 7 for the survey: ${kib(BUDGETS.survey.goal)} gzip (${sizes.survey.gzip <= BUDGETS.survey.goal ? 'met' : `${kib(sizes.survey.gzip - BUDGETS.survey.goal)} over`}). ` +
      'The ceilings are checked by test/node/size-budget.test.mjs.',
  ].join('\n');
});

await part('render', 'Render: time to interactive and JS heap, beside the peers', async () => {
  const result = await runRenderBench({ quick, log: progress });
  const ratio = (page, throttle) => result.ratios.find(r => r.page === page && r.throttle === throttle);
  const ours = throttle => result.rows.find(r => r.page === 'feedback-loop' && r.throttle === throttle);
  for (const throttle of [1, 4]) {
    const cpu = throttle === 1 ? 'normal CPU' : `${throttle}× slower CPU`;
    // The interval says how sure one run on a noisy machine is; the verdict is the run's median ratio.
    const { ready: floor, readyInterval: near } = ratio('lit', throttle);
    const nearText = `95% interval ${near.low.toFixed(2)}–${near.high.toFixed(2)}×`;
    headline.push([`Ready, ${cpu}: ours ÷ hand-written Lit floor`, `${floor.toFixed(2)}× (${Math.round(ours(throttle).ready.median)} ms; ${nearText})`, '≤ 1.2×', verdict(floor <= 1.2)]);
    const { ready: surveyjs, readyInterval: far } = ratio('surveyjs', throttle);
    const farText = `95% interval ${(1 / far.high).toFixed(2)}–${(1 / far.low).toFixed(2)}×`;
    headline.push([`Ready, ${cpu}: SurveyJS ÷ ours`, `${(1 / surveyjs).toFixed(2)}× faster (${farText})`, '≥ 3× faster', verdict(1 / surveyjs >= 3)]);
    const heap = ours(throttle).heap.median;
    headline.push([`JS heap after ready, ${cpu}`, `${(heap / 2 ** 20).toFixed(2)} MiB`, '≤ 2.5 MiB', verdict(heap <= 2.5 * 2 ** 20)]);
  }
  return fence(formatRenderBench(result));
});

await part('outbox', 'Outbox: submit → committed, and the flush of a backlog', async () => {
  const { text, summary, browser } = await runBrowserBench({ log: progress });
  headline.push(['Submit click → committed, p95', `${summary.submitP95Ms.toFixed(1)} ms`, `< ${summary.submitP95GoalMs} ms`, verdict(summary.submitP95Ms < summary.submitP95GoalMs)]);
  for (const run of summary.flush) {
    headline.push([
      `Flush ${fmt(summary.answers)} answers, batch-size ${run.batchSize}`,
      `${secs(run.ms)} = ${run.ratio.toFixed(2)}× floor (${secs(run.floorMs)})`,
      `≤ ${summary.flushGoal}× floor`,
      verdict(run.ratio <= summary.flushGoal),
    ]);
  }
  return `${browser}, headless, real IndexedDB, endpoint on 127.0.0.1.\n\n${fence(text)}`;
});

await part('collector', 'Collector ingest', async () => {
  const { text } = await captured(() => benchCollector({ quick }));
  return fence(text);
});

await part('report', 'Report computation', async () => {
  // Its own process: it imports the TypeScript sources through tsx, and a million answers in
  // PGlite's memory are better returned to the system when it ends.
  const dir = mkdtempSync(join(os.tmpdir(), 'feedback-bench-'));
  const json = join(dir, 'report.json');
  try {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'bench-report.ts'), ...process.argv.filter(arg => arg === '--explain')],
      // Bounded: about 15 minutes on 2 cores; past two hours something hangs.
      { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, BENCH_REPORT_JSON: json }, maxBuffer: 64 * 2 ** 20, timeout: 2 * 3_600_000 },
    );
    if (child.status !== 0) throw new Error(`exit ${child.status ?? child.signal}\n${child.stdout}`);
    for (const row of JSON.parse(readFileSync(json, 'utf8')).filter(r => r.store === 'PostgreSQL' && r.answers >= 1_000_000)) {
      headline.push([`Report of ${fmt(row.answers)} answers on PostgreSQL, median`, secs(row.report.median), `< ${secs(row.goalMs)}`, verdict(row.report.median < row.goalMs)]);
    }
    return fence(child.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function machine() {
  const cpus = os.cpus();
  const versions = ['lit', 'zod', 'idb-keyval', 'survey-core', 'survey-js-ui', '@formbricks/surveys', '@electric-sql/pglite', 'pg', 'puppeteer-core']
    .map(name => `${name} ${pkgVersion(name)}`)
    .join(', ');
  return [
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; load average at the end ${os.loadavg().map(n => n.toFixed(1)).join(' ')}`,
    `- Node ${process.version}; feedback-loop ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}; ${versions}`,
  ].join('\n');
}

if (only.length === 0 && !quick) {
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Noisy machines: compare ratios from one run.`,
    '',
    machine(),
    '',
    '## Goals (issue 7)',
    '',
    '| What | Measured | Goal | |',
    '|---|---|---|---|',
    ...headline.map(row => `| ${row.join(' | ')} |`),
    '',
    ...sections.flatMap(section => [section, '']),
  ].join('\n');
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), doc);
  console.log('\nWrote BENCHMARKS.md');
}
if (failed) process.exitCode = 1;
