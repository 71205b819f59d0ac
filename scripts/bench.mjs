// `npm run bench`: sizes of what browsers download, measured on a fresh build, then the outbox's
// timings in headless Chromium (scripts/bench-browser.mjs), then the collector's ingest throughput
// on PGlite and PostgreSQL (scripts/bench-collector.mjs).
// The goal for the whole widget (outbox included) is at most 16 kB gzip.
// `npm run bench -- --size-only` skips the browser and collector parts; `-- --collector-only` runs
// only the collector part. BENCH_QUICK=1 shrinks the timed parts for a smoke run.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { runBrowserBench } from './bench-browser.mjs';
import { benchCollector } from './bench-collector.mjs';

const GOAL_GZIP = 16 * 1000;
const sizeOnly = process.argv.includes('--size-only');
const collectorOnly = process.argv.includes('--collector-only');
if (sizeOnly && collectorOnly) {
  console.error('--size-only and --collector-only exclude each other.');
  process.exit(2);
}

// Only the builds the chosen parts read (the collector runs from dist/collector/cli.js).
if (!collectorOnly) execSync('npx vite build --mode cdn --logLevel warn', { stdio: 'inherit' });
if (!sizeOnly) execSync('npx vite build --mode collector --logLevel warn', { stdio: 'inherit' });

if (!collectorOnly) {
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

if (!sizeOnly && !collectorOnly) {
  console.log('\nOutbox in headless Chromium (progress on stderr)');
  try {
    const text = await runBrowserBench({ log: message => console.error(`  … ${message}`) });
    console.log(`\n${text}`);
  } catch (error) {
    console.error(`\nOutbox bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}

if (!sizeOnly) {
  console.log('\nCollector ingest (progress on stderr)');
  try {
    await benchCollector({ quick: process.env.BENCH_QUICK === '1' });
  } catch (error) {
    console.error(`\nCollector bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}
