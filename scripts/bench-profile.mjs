// `npm run bench:profile`: where the survey's time goes until it is visible (issue 7, point 3).
// Builds the CDN bundle with a source map into a temporary folder, serves it with the render bench's
// page (bench/peers/feedback-loop.html) on 127.0.0.1, and loads it cold (a fresh incognito context
// each time) in headless Chromium with V8's sampling profiler on (asked for a sample every 50 µs). Each
// profile is cut where the first rating option gets a box, the render bench's "ready". Samples are
// then attributed through the source map to the file they ran in (a browser call such as
// createElement counts for the JavaScript that made it) and averaged per load:
// - time per file (lit-html, zod, src/queue/outbox.ts, …) and the functions that took most;
// - (program): the browser's own work, parsing the HTML, compiling scripts, style, layout and paint;
// - (idle): waiting for the network or the next frame.
// BENCH_CPU=4 slows the CPU down 4× (default 1), BENCH_LOADS sets the number of loads (default 10).
// A sampling profiler slows what it measures a little: compare files and runs, not the milliseconds
// with the render bench's.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS } from './bench-browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CPU = Number(process.env.BENCH_CPU ?? 1);
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const TOP_FUNCTIONS = 25;
const SAMPLING_US = 50;
const READY_TIMEOUT_MS = 30_000;
const SCRIPT_PATH = '/dist/cdn/feedback-loop.js';
/** installProbe() calls a function of this name once the first option has a box: the profile's end. */
const READY_MARKER = '__benchProfileReady';
const PROBE_FUNCTIONS = new Set(['installProbe', '__benchProfileTick', READY_MARKER]);

for (const [name, value] of [['BENCH_CPU', CPU], ['BENCH_LOADS', LOADS]]) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1, not ${process.env[name]}.`);
    process.exit(2);
  }
}

/**
 * Injected before any page script. Its function named READY_MARKER runs long enough (3 ms) to be
 * sampled; the name is written out because the profile knows functions by their name in the source.
 */
function installProbe() {
  function __benchProfileReady() {
    const until = performance.now() + 3;
    while (performance.now() < until);
    window.__profileReady = true;
  }
  const __benchProfileTick = () => {
    const option = document.querySelector('feedback-loop')?.shadowRoot?.querySelector('label');
    const rect = option?.getBoundingClientRect();
    if (rect && rect.width > 0 && rect.height > 0) __benchProfileReady();
    else requestAnimationFrame(__benchProfileTick);
  };
  requestAnimationFrame(__benchProfileTick);
}

/** A source map's source as a path in the repository: `src/queue/outbox.ts`, `node_modules/zod/v4/core/core.js`. */
const inRepo = (source, mapDir) => relative(ROOT, resolve(mapDir, source)).split(sep).join('/');

/** `lit-html`, `zod`, `src/queue/outbox.ts`: what a file of the repository belongs to. */
function owner(path) {
  if (!path.startsWith('node_modules/')) return path;
  const inModules = path.slice('node_modules/'.length);
  return inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/');
}

/** `zod/v4/core/core.js`, `src/queue/outbox.ts`: a file without `node_modules/` before it. */
const shortPath = path => path.replace(/^node_modules\//, '');

/** Where a sample outside the bundle goes: the profiler's own categories, the probe, or the browser. */
function outside(caller, leaf) {
  const name = leaf.callFrame.functionName;
  if (PROBE_FUNCTIONS.has(caller.callFrame.functionName)) return 'the probe (finds the option each frame)';
  if (/^\(.*\)$/.test(name)) return name; // (program), (idle), (garbage collector)
  return caller.callFrame.url ? `other scripts (${caller.callFrame.url})` : 'browser calls whose caller the sample missed';
}

/** Self time (µs) per file and per function of one profile, up to the ready marker. */
function attribute(profile, origin, { map, dir }, into) {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(nodes.get(child), node);
  const ours = frame => frame.url === origin + SCRIPT_PATH;
  const place = frame => {
    const position = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    // The function's name before minifying where the map has it (Lit ships minified: not there).
    const name = position.name ?? frame.functionName;
    if (position.source) {
      const path = inRepo(position.source, dir);
      return { file: owner(path), path: `${shortPath(path)}:${position.line}`, name };
    }
    // The module function itself: every bundled module's top-level statements, run once.
    return { file: 'top-level statements of the bundle', path: 'feedback-loop.js', name: '(module)' };
  };
  const cutAt = profile.samples.findIndex(id => {
    for (let node = nodes.get(id); node; node = parents.get(node)) if (node.callFrame.functionName === READY_MARKER) return true;
    return false;
  });
  if (cutAt < 0) throw new Error('The profile has no sample of the ready marker: the survey never became visible while it ran.');
  for (let i = 0; i < cutAt; i++) {
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const leaf = nodes.get(profile.samples[i]);
    // A browser call (no script) counts for the script that made it: createElement for lit-html.
    // The probe has no script URL either (evaluateOnNewDocument): the walk stops at its functions.
    const isProbe = node => PROBE_FUNCTIONS.has(node.callFrame.functionName);
    let caller = leaf;
    while (!caller.callFrame.url && !isProbe(caller) && parents.has(caller)) caller = parents.get(caller);
    const frame = caller.callFrame;
    const where = ours(frame) ? place(frame) : undefined;
    const file = where?.file ?? outside(caller, leaf);
    into.files.set(file, (into.files.get(file) ?? 0) + micros);
    if (where) {
      const callee = caller === leaf ? '' : ` → ${leaf.callFrame.functionName || '(anonymous)'}`;
      const name = `${where.name || '(anonymous)'}${callee}  ${where.path}`;
      into.functions.set(name, (into.functions.get(name) ?? 0) + micros);
    }
    into.total += micros;
  }
}

async function buildWithMap(outDir) {
  await build({ root: ROOT, mode: 'cdn', logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: true } });
  return {
    code: readFileSync(join(outDir, 'feedback-loop.js')),
    map: { map: new TraceMap(JSON.parse(readFileSync(join(outDir, 'feedback-loop.js.map'), 'utf8'))), dir: outDir },
  };
}

function serve(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && path.startsWith('/api/')) {
      req.resume().on('end', () => res.writeHead(204).end()); // a shown count, after the paint
      return;
    }
    const file = files.get(path);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

/** Rows of at least 0.1 ms per load; the rest summed in one line. */
function table(rows) {
  const perLoad = micros => micros / 1000 / LOADS;
  const shown = rows.filter(([, micros]) => perLoad(micros) >= 0.05);
  const rest = rows.slice(shown.length).reduce((sum, [, micros]) => sum + micros, 0);
  const lines = shown.map(([name, micros]) => `${perLoad(micros).toFixed(1).padStart(7)} ms  ${name}`);
  if (rest > 0) lines.push(`${perLoad(rest).toFixed(1).padStart(7)} ms  ${rows.length - shown.length} more, under 0.1 ms each`);
  return lines.join('\n');
}

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'feedback-profile-'));
  let browser;
  let server;
  try {
    console.error('  … building the CDN bundle with a source map');
    const { code, map } = await buildWithMap(outDir);
    server = await serve(
      new Map([
        ['/', { type: 'text/html; charset=utf-8', body: readFileSync(join(ROOT, 'bench/peers/feedback-loop.html')) }],
        [SCRIPT_PATH, { type: 'text/javascript; charset=utf-8', body: code }],
      ]),
    );
    const origin = `http://127.0.0.1:${server.address().port}`;
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const totals = { files: new Map(), functions: new Map(), total: 0 };
    for (let load = 0; load <= LOADS; load++) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        const cdp = await page.createCDPSession();
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
        await page.evaluateOnNewDocument(installProbe);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
        await cdp.send('Profiler.start');
        await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
        await page.waitForFunction(() => window.__profileReady === true, { timeout: READY_TIMEOUT_MS });
        const { profile } = await cdp.send('Profiler.stop');
        // The first load warms the browser up (its first context, disk caches): not counted.
        if (load > 0) attribute(profile, origin, map, totals);
        console.error(`  … load ${load}/${LOADS}${load === 0 ? ' (warm-up)' : ''}`);
      } finally {
        await context.close();
      }
    }
    const byTime = entries => [...entries].sort((a, b) => b[1] - a[1]);
    console.log(`\nNavigation → first rating option visible: ${(totals.total / 1000 / LOADS).toFixed(1)} ms of samples per load`);
    console.log(`(mean of ${LOADS} cold loads, CPU ${CPU}× slower, ${(await browser.version()).replace('/', ' ')})\n`);
    console.log('Self time per file (a browser call counts for the file that made it):');
    console.log(table(byTime(totals.files)));
    console.log(`\nThe ${TOP_FUNCTIONS} functions of the bundle that took most (→ the browser call they made):`);
    console.log(table(byTime(totals.functions).slice(0, TOP_FUNCTIONS)));
  } finally {
    await browser?.close().catch(() => {});
    server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
