// `npm run bench`: sizes of what browsers download, measured on a fresh build, then the outbox's
// timings in headless Chromium (scripts/bench-browser.mjs), then the collector's ingest throughput
// on PGlite and PostgreSQL (scripts/bench-collector.mjs), then the report's computation time at
// 100,000 and 1,000,000 answers (scripts/bench-report.ts).
// The goal for the whole widget (outbox included) is at most 16 kB gzip; for the report, under 1 s
// for a million answers on PostgreSQL.
// `npm run bench -- --size-only` skips the browser, collector and report parts; `-- --collector-only`
// runs only the collector part, `-- --report-only` only the report part (`-- --explain` adds
// EXPLAIN ANALYZE of its queries). BENCH_QUICK=1 shrinks the
// timed parts for a smoke run.
import { execSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { runBrowserBench } from './bench-browser.mjs';
import { benchCollector } from './bench-collector.mjs';

const GOAL_GZIP = 16 * 1000;
const sizeOnly = process.argv.includes('--size-only');
const collectorOnly = process.argv.includes('--collector-only');
const reportOnly = process.argv.includes('--report-only');
if ([sizeOnly, collectorOnly, reportOnly].filter(Boolean).length > 1) {
  console.error('--size-only, --collector-only and --report-only exclude each other.');
  process.exit(2);
}

// Only the builds the chosen parts read (the collector runs from dist/collector/cli.js; the report
// bench runs the sources through tsx).
if (!collectorOnly && !reportOnly) execSync('npx vite build --mode cdn --logLevel warn', { stdio: 'inherit' });
if (!sizeOnly && !reportOnly) execSync('npx vite build --mode collector --logLevel warn', { stdio: 'inherit' });

if (!collectorOnly && !reportOnly) {
  const files = ['dist/cdn/feedback-loop.js', 'dist/cdn/locales/ar.js'];
  console.log('\nfile                          raw        gzip -9    brotli');
  for (const file of files) {
    const bytes = readFileSync(file);
    const gzip = gzipSync(bytes, { level: 9 }).length;
    const brotli = brotliCompressSync(bytes).length;
    console.log(`${file.padEnd(28)} ${String(bytes.length).padStart(8)} B ${String(gzip).padStart(8)} B ${String(brotli).padStart(8)} B`);
  }
  const widget = gzipSync(readFileSync(files[0]), { level: 9 }).length;
  const verdict = widget <= GOAL_GZIP ? 'within' : `${widget - GOAL_GZIP} B over`;
  console.log(`\nCDN widget: ${(widget / 1000).toFixed(2)} kB gzip; goal ${GOAL_GZIP / 1000} kB (${verdict}).`);
}

if (!sizeOnly && !collectorOnly && !reportOnly) {
  console.log('\nOutbox in headless Chromium (progress on stderr)');
  try {
    const text = await runBrowserBench({ log: message => console.error(`  … ${message}`) });
    console.log(`\n${text}`);
  } catch (error) {
    console.error(`\nOutbox bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}

if (!sizeOnly && !reportOnly) {
  console.log('\nCollector ingest (progress on stderr)');
  try {
    await benchCollector({ quick: process.env.BENCH_QUICK === '1' });
  } catch (error) {
    console.error(`\nCollector bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}

if (!sizeOnly && !collectorOnly) {
  console.log('\nReport computation (progress on stderr)');
  // Its own process: it imports the TypeScript sources through tsx, and a million answers in
  // PGlite's memory are better returned to the system when it ends.
  const report = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'bench-report.ts'), ...process.argv.filter(arg => arg === '--explain')],
    { stdio: 'inherit' },
  );
  if (report.status !== 0) {
    console.error(`\nReport bench failed (exit ${report.status ?? report.signal})`);
    process.exitCode = 1;
  }
}
