// `npm run bench`: sizes of what browsers download, measured on a fresh build, then the outbox's
// timings in headless Chromium (scripts/bench-browser.mjs).
// The goal for the whole widget (outbox included) is at most 16 kB gzip.
// `npm run bench -- --size-only` skips the browser part.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { runBrowserBench } from './bench-browser.mjs';

const GOAL_GZIP = 16 * 1000;
execSync('npx vite build --mode cdn --logLevel warn', { stdio: 'inherit' });

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

if (!process.argv.includes('--size-only')) {
  console.log('\nOutbox in headless Chromium (progress on stderr)');
  try {
    const text = await runBrowserBench({ log: message => console.error(`  … ${message}`) });
    console.log(`\n${text}`);
  } catch (error) {
    console.error(`\nOutbox bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}
