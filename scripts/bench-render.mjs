// Render benchmark against the peers (issue 7), runnable alone: `node scripts/bench-render.mjs`
// (BENCH_QUICK=1: 2 loads per page instead of 15). Needs a CDN build first: `npx vite build --mode cdn`.
// BENCH_BASELINE=path/to/feedback-loop.js adds that build of ours (say, of the commit before a change)
// as one more page, loaded in the same rounds: an A/B of a change on one noisy machine.
//
// Five pages show the same questions (our default survey: five 1–5 ratings, NPS 0–10, an optional
// comment, in Dutch): our <feedback-loop> from dist/cdn/feedback-loop.js, SurveyJS, Formbricks'
// renderer, a hand-written Lit floor and a "Lit + zod/mini + idb-keyval" floor (bench/peers/); a sixth
// is our build without its first line, V8's compile hint, whose trade the run measures each time.
// The peers are bundled with esbuild into a temporary folder (never into dist/, which npm
// publishes) and everything is served from memory by one node:http server on 127.0.0.1. Headless
// Chromium (puppeteer-core) loads each page cold (a fresh incognito context per load) at CPU
// throttling 1× and 4×, and records:
// - ready: ms from navigation start until the first rating control has a non-zero box, seen by the
//   same requestAnimationFrame probe on every page (it descends into shadow roots);
// - heap: CDP JSHeapUsedSize right after ready, after a forced GC (HeapProfiler.collectGarbage);
// - bytes: the JS and CSS files the page loaded, minified as served, gzip -9 and brotli (q 11);
// - phases, to see where a gap to the floor goes: the server puts a performance mark at the start and
//   at the end of each page's script (after a leading `//#` line such as V8's compile hint, which must
//   stay first), so each load splits into script downloaded (Resource Timing), parse and compile
//   (download end → first statement), module run (first → last statement, with any render it does
//   synchronously) and first frame (last statement → ready: the first render, style, layout, paint).
// The server does not compress and is local, so ready excludes download time.
// A page error, a failed or refused request, a request off 127.0.0.1, the wrong text or no ready
// within 30 s fails the whole run: it never reports a number it did not measure.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from './bench-browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const PEERS_SRC = join(ROOT, 'bench/peers');
const CDN_DIR = join(ROOT, 'dist/cdn');
const ARGS = [
  ...CHROMIUM_ARGS,
  '--enable-precise-memory-info',
  // Nothing but 127.0.0.1 resolves, so no page can reach out even by accident.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const THROTTLES = [1, 4];
const READY_TIMEOUT_MS = 30_000;
/** After ready, the page may still be talking (e.g. our shown count); errors then still count. */
const SETTLE_TIMEOUT_MS = 5_000;
/** Whole run; past it the browser and server are closed and the run fails. */
const OVERALL_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 20 * 60_000);
const VIEWPORT = { width: 900, height: 1000 };
const OURS = 'feedback-loop';
const LAZY = 'feedback-loop-lazy-compile';
const BASELINE = 'feedback-loop-baseline';
const BASELINE_FILE = process.env.BENCH_BASELINE;
/** Our builds' pages all wait for the same control: the first rating's option in the shadow root. */
const OUR_PROBE = { path: ['feedback-loop', 'input[name="reliability"]'], box: 'label' };
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
const MODULE_START = 'bench:module-start';
const MODULE_END = 'bench:module-end';

/**
 * The pages, ours first. `probe.path`: selectors from the document down, each one after the first
 * looked up in the previous match's shadow root; `probe.box`: the ancestor whose box must be non-zero.
 */
const PAGES = [
  {
    page: OURS,
    label: 'ours <feedback-loop>',
    probe: OUR_PROBE,
  },
  // The same build without its first line, V8's compile hint (scripts/minify-lit-templates.mjs):
  // measured beside ours in every run, since the hint trades compile time against run time.
  {
    page: LAZY,
    label: 'ours, no compile hint',
    probe: OUR_PROBE,
  },
  ...(BASELINE_FILE
    ? [{ page: BASELINE, label: 'ours, BENCH_BASELINE', probe: OUR_PROBE }]
    : []),
  { page: 'surveyjs', label: 'SurveyJS', probe: { path: ['.sd-rating__item input'], box: '.sd-rating__item' } },
  { page: 'formbricks', label: 'Formbricks', probe: { path: ['#fbjs input[name="rating"]'], box: 'label' } },
  { page: 'lit', label: 'Lit floor', probe: { path: ['lit-floor-survey', 'input[name="reliability"]'], box: 'label' } },
  {
    page: 'lit-zod-idb',
    label: 'Lit+zod/mini+idb-keyval',
    probe: { path: ['lit-zod-idb-survey', 'input[name="reliability"]'], box: 'label' },
  },
];

// ---------------------------------------------------------------- statistics and formatting

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const spread = samples => ({ median: median(samples), min: Math.min(...samples), max: Math.max(...samples) });

/** Enough that drawing the resamples again moves an interval's ends by about 0.01 at most. */
const RESAMPLES = 2000;

/**
 * 95% interval of median(ours) ÷ median(theirs), by resampling the rounds (a bootstrap): ours[i]
 * and theirs[i] were loaded in the same round, seconds apart, so a slow stretch of the machine
 * stays on both sides of a pair. How far one run's ratio can be trusted on a noisy machine; with
 * 15 rounds a percentile bootstrap of medians is coarse and rather too narrow than too wide.
 */
function ratioInterval(ours, theirs) {
  const rounds = Math.min(ours.length, theirs.length);
  const ratios = Array.from({ length: RESAMPLES }, () => {
    const picked = Array.from({ length: rounds }, () => Math.floor(Math.random() * rounds));
    return median(picked.map(i => ours[i])) / median(picked.map(i => theirs[i]));
  }).sort((a, b) => a - b);
  return { low: ratios[Math.floor(RESAMPLES * 0.025)], high: ratios[Math.ceil(RESAMPLES * 0.975) - 1] };
}
const ms = value => `${Math.round(value)} ms`;
const mb = value => `${(value / 1e6).toFixed(2)} MB`;
const kb = value => `${(value / 1000).toFixed(1)} kB`;
const times = value => `${value.toFixed(2)}×`;
const interval = ({ low, high }) => `${low.toFixed(2)}–${high.toFixed(2)}`;

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => String(row[i]).length)));
  const right = rows[0].map((_, i) => i > 0 && rows.slice(1).every(row => /^[\d.]/.test(String(row[i]))));
  return rows
    .map(row => row.map((cell, i) => (right[i] ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

// ---------------------------------------------------------------- build

/** The Dutch texts of our default survey, from the sources (bench/peers/survey-text.ts run in Node). */
async function surveyText() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const outfile = join(dir, 'survey-text.mjs');
    await esbuild.build({
      entryPoints: [join(PEERS_SRC, 'survey-text.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      tsconfig: join(ROOT, 'bench/tsconfig.json'),
      logLevel: 'warning',
    });
    const module = await import(pathToFileURL(outfile).href);
    return module.surveyText();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function buildPeers(text, outdir) {
  await esbuild.build({
    entryPoints: {
      surveyjs: join(PEERS_SRC, 'surveyjs-entry.ts'),
      'surveyjs-theme': join(ROOT, 'node_modules/survey-core/survey-core.fontless.min.css'),
      formbricks: join(PEERS_SRC, 'formbricks-entry.ts'),
      lit: join(PEERS_SRC, 'lit-entry.ts'),
      'lit-zod-idb': join(PEERS_SRC, 'lit-zod-idb-entry.ts'),
    },
    outdir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    define: { __SURVEY_TEXT__: JSON.stringify(text) },
    tsconfig: join(ROOT, 'bench/tsconfig.json'),
    logLevel: 'warning',
  });
}

/** Reads every file under `dir` into `files`, keyed by URL path: `prefix` + its path in `dir`. */
function snapshot(dir, prefix, files) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(`${prefix}/${relative(dir, path).split(sep).join('/')}`, readFileSync(path));
  }
  return files;
}

// ---------------------------------------------------------------- server

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** An acknowledgement of the record ids in a POSTed body, so our element gets a real answer. */
function ackFor(body) {
  try {
    const parsed = JSON.parse(body);
    const records = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.records) ? parsed.records : [];
    return { results: records.filter(r => typeof r?.id === 'string').map(r => ({ id: r.id, status: 'accepted' })) };
  } catch {
    return { results: [] };
  }
}

/**
 * A script with a performance mark before its first statement and after its last. A leading `//#`
 * line (V8's compile hint) stays first, where V8 looks for it. The sizes are measured without these.
 */
function withMarks(file) {
  const text = file.toString('utf8');
  const [first = '', ...rest] = text.split('\n');
  const [head, body] = first.startsWith('//#') ? [`${first}\n`, rest.join('\n')] : ['', text];
  const mark = name => `performance.mark(${JSON.stringify(name)});`;
  return Buffer.from(`${head}${mark(MODULE_START)}\n${body}\n;${mark(MODULE_END)}\n`);
}

function serve(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && path === '/api/responses') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(ackFor(body)));
      });
      return;
    }
    const file = req.method === 'GET' ? files.get(path) : undefined;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(extname(path) === '.js' ? withMarks(file) : file);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

// ---------------------------------------------------------------- in the page

/** Injected before any page script: each animation frame, looks for the first rating control. */
function installProbe({ path, box }) {
  const find = () => {
    let node = null;
    for (const selector of path) {
      const scope = node ? node.shadowRoot : document;
      node = scope ? scope.querySelector(selector) : null;
      if (!node) return null;
    }
    return node;
  };
  const tick = () => {
    const control = find();
    const rect = control && !control.disabled ? control.closest(box)?.getBoundingClientRect() : undefined;
    if (rect && rect.width > 0 && rect.height > 0) window.__renderReady = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** ms from navigation start: the page's script downloaded, its first and its last statement run. */
function scriptMarks([start, end]) {
  const scripts = performance.getEntriesByType('resource').filter(entry => /\.js$/.test(new URL(entry.name).pathname));
  const at = name => performance.getEntriesByName(name, 'mark')[0]?.startTime;
  return { scripts: scripts.length, downloaded: Math.max(...scripts.map(entry => entry.responseEnd)), start: at(start), end: at(end) };
}

/** The page's text, shadow roots included. */
function deepText() {
  const parts = [];
  const walk = root => {
    parts.push(root.textContent ?? '');
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
  };
  walk(document.body);
  return parts.join(' ').replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------- one cold load

async function coldLoad(browser, origin, spec, throttle, expectedText) {
  const context = await browser.createBrowserContext();
  try {
    const tab = await context.newPage();
    await tab.setViewport(VIEWPORT);
    const problems = [];
    const assets = new Set();
    let fail;
    const failed = new Promise((_, reject) => (fail = reject));
    failed.catch(() => {});
    const problem = message => {
      problems.push(message);
      fail(new Error(message));
    };
    tab.on('pageerror', error => problem(`page error: ${error.message}`));
    tab.on('console', message => message.type() === 'error' && problem(`console error: ${message.text()}`));
    tab.on('requestfailed', request => problem(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    tab.on('response', response => response.status() >= 400 && problem(`HTTP ${response.status()} for ${response.url()}`));
    tab.on('request', request => {
      const url = new URL(request.url());
      if (url.protocol === 'data:') return;
      if (url.origin !== origin) problem(`request off 127.0.0.1: ${request.url()}`);
      else if (/\.(js|css)$/.test(url.pathname)) assets.add(url.pathname);
    });
    const cdp = await tab.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Performance.enable');
    await tab.evaluateOnNewDocument(installProbe, spec.probe);

    const started = Date.now();
    const ready = (async () => {
      await tab.goto(`${origin}/bench/peers/${spec.page}.html`, { waitUntil: 'load', timeout: READY_TIMEOUT_MS });
      const left = Math.max(1, READY_TIMEOUT_MS - (Date.now() - started));
      await tab.waitForFunction(() => window.__renderReady !== undefined, { polling: 100, timeout: left });
    })();
    try {
      await Promise.race([ready, failed]);
    } catch (error) {
      ready.catch(() => {});
      const why = problems.length ? problems.join('; ') : `not ready within ${READY_TIMEOUT_MS / 1000} s (${error.message})`;
      throw new Error(`${spec.page} at ${throttle}× CPU: ${why}`);
    }
    const readyMs = await tab.evaluate(() => window.__renderReady);
    const marks = await tab.evaluate(scriptMarks, [MODULE_START, MODULE_END]);
    if (marks.scripts !== 1 || marks.start === undefined || marks.end === undefined) {
      throw new Error(`${spec.page}: expected one script with its two marks, got ${JSON.stringify(marks)}`);
    }

    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]));
    const text = await tab.evaluate(deepText);
    if (!text.includes(expectedText)) throw new Error(`${spec.page}: the first question's text "${expectedText}" is not on the page`);
    await tab.waitForNetworkIdle({ idleTime: 100, timeout: SETTLE_TIMEOUT_MS }).catch(() => {});
    if (problems.length) throw new Error(`${spec.page} at ${throttle}× CPU: ${problems.join('; ')}`);
    return {
      ready: readyMs,
      heap: metrics.JSHeapUsedSize,
      script: metrics.ScriptDuration * 1000,
      layout: (metrics.LayoutDuration + metrics.RecalcStyleDuration) * 1000,
      task: metrics.TaskDuration * 1000,
      nodes: metrics.Nodes,
      phases: {
        download: marks.downloaded,
        compile: marks.start - marks.downloaded,
        run: marks.end - marks.start,
        frame: readyMs - marks.end,
      },
      assets: [...assets].sort(),
    };
  } finally {
    await context.close().catch(() => {});
  }
}

function transferSizes(paths, files) {
  const bytes = { min: 0, gzip: 0, brotli: 0 };
  for (const path of paths) {
    const body = files.get(path);
    bytes.min += body.length;
    bytes.gzip += gzipSync(body, { level: 9 }).length;
    bytes.brotli += brotliCompressSync(body).length;
  }
  return bytes;
}

// ---------------------------------------------------------------- the run

/**
 * Builds the peers, serves all six pages and loads each cold `loads` times per CPU throttle.
 * Returns one row per page and throttle, plus ours ÷ theirs ratios (below 1: ours is faster/smaller).
 * Throws when a page errors or is not ready within 30 s.
 */
export async function runRenderBench({ quick = process.env.BENCH_QUICK === '1', log = () => {} } = {}) {
  const loads = quick ? 2 : 15;
  const loadBefore = loadavg()[0];
  const cdnFile = join(CDN_DIR, 'feedback-loop.js');
  let builtAt;
  try {
    builtAt = statSync(cdnFile).mtime;
  } catch {
    throw new Error(`${relative(ROOT, cdnFile)} is missing: run \`npx vite build --mode cdn\` first.`);
  }
  log(`our CDN build: dist/cdn/feedback-loop.js from ${builtAt.toISOString()}`);
  log('bundling the peers with esbuild');
  const text = await surveyText();
  // Served from memory, so a build running alongside cannot change the files mid-run.
  const files = snapshot(CDN_DIR, '/dist/cdn', new Map());
  const outdir = mkdtempSync(join(tmpdir(), 'bench-render-peers-'));
  try {
    await buildPeers(text, outdir);
    snapshot(outdir, '/bench-peers', files);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const ourScript = files.get('/dist/cdn/feedback-loop.js');
  if (!ourScript.toString('utf8').startsWith(COMPILE_HINT)) throw new Error('dist/cdn/feedback-loop.js does not start with the compile hint');
  files.set(`/dist/cdn/${LAZY}.js`, ourScript.subarray(Buffer.byteLength(COMPILE_HINT)));
  const ourPage = readFileSync(join(PEERS_SRC, `${OURS}.html`), 'utf8');
  files.set(`/bench/peers/${LAZY}.html`, Buffer.from(ourPage.replace('/dist/cdn/feedback-loop.js', `/dist/cdn/${LAZY}.js`)));
  if (BASELINE_FILE) {
    files.set(`/dist/cdn/${BASELINE}.js`, readFileSync(BASELINE_FILE));
    files.set(`/bench/peers/${BASELINE}.html`, Buffer.from(ourPage.replace('/dist/cdn/feedback-loop.js', `/dist/cdn/${BASELINE}.js`)));
  }
  for (const { page } of PAGES.filter(spec => spec.page !== LAZY && spec.page !== BASELINE)) {
    files.set(`/bench/peers/${page}.html`, readFileSync(join(PEERS_SRC, `${page}.html`)));
  }
  const expectedText = text.questions[0].label;

  const server = await serve(files);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    void browser.close();
  }, OVERALL_TIMEOUT_MS);
  watchdog.unref();
  const samples = new Map(PAGES.map(({ page }) => [page, new Map(THROTTLES.map(t => [t, []]))]));
  const assets = new Map();
  try {
    log(`${await browser.version()}, ${loads} cold loads per page and throttle, server ${origin}`);
    // One load of each page first, not counted: checks every page and wakes the browser up.
    for (const spec of PAGES) {
      const result = await coldLoad(browser, origin, spec, 1, expectedText);
      assets.set(spec.page, result.assets);
      log(`warm-up ${spec.page}: ready ${ms(result.ready)}; loads ${result.assets.join(', ')}`);
    }
    for (const throttle of THROTTLES) {
      for (let round = 0; round < loads; round++) {
        // Rotated each round, so no page always follows the same one.
        const order = PAGES.map((_, i) => PAGES[(i + round) % PAGES.length]);
        for (const spec of order) {
          const result = await coldLoad(browser, origin, spec, throttle, expectedText);
          if (result.assets.join() !== assets.get(spec.page).join()) {
            throw new Error(`${spec.page} loaded other files than before: ${result.assets.join(', ')}`);
          }
          samples.get(spec.page).get(throttle).push(result);
        }
        log(`${throttle}× CPU: round ${round + 1}/${loads} done`);
      }
    }
  } catch (error) {
    if (timedOut) throw new Error(`render bench took longer than ${OVERALL_TIMEOUT_MS / 1000} s`, { cause: error });
    throw error;
  } finally {
    clearTimeout(watchdog);
    await browser.close().catch(() => {});
    await new Promise(done => server.close(done));
  }

  const bytes = new Map(PAGES.map(({ page }) => [page, transferSizes(assets.get(page), files)]));
  const rows = PAGES.flatMap(({ page, label }) =>
    THROTTLES.map(throttle => {
      const runs = samples.get(page).get(throttle);
      const med = key => median(runs.map(run => run[key]));
      return {
        page,
        label,
        throttle,
        ready: spread(runs.map(run => run.ready)),
        heap: spread(runs.map(run => run.heap)),
        bytes: bytes.get(page),
        files: assets.get(page),
        metrics: { script: med('script'), layout: med('layout'), task: med('task'), nodes: med('nodes') },
        phases: Object.fromEntries(['download', 'compile', 'run', 'frame'].map(key => [key, median(runs.map(run => run.phases[key]))])),
      };
    }),
  );
  const ratios = rows
    .filter(row => row.page !== OURS)
    .map(row => {
      const ours = rows.find(r => r.page === OURS && r.throttle === row.throttle);
      const readiness = page => samples.get(page).get(row.throttle).map(run => run.ready);
      return {
        page: row.page,
        throttle: row.throttle,
        ready: ours.ready.median / row.ready.median,
        readyInterval: ratioInterval(readiness(OURS), readiness(row.page)),
        heap: ours.heap.median / row.heap.median,
        gzip: ours.bytes.gzip / row.bytes.gzip,
        brotli: ours.bytes.brotli / row.bytes.brotli,
      };
    });
  // Other processes on the machine skew the timings; the 1-minute load averages say how busy it was.
  return { loads, load: { before: loadBefore, after: loadavg()[0] }, rows, ratios };
}

/** The result as plain-text tables. */
export function formatRenderBench({ loads, load, rows, ratios }) {
  const timing = [
    ['page', 'CPU', 'ready median', '(min–max)', 'heap median', '(min–max)', 'script', 'layout+style', 'DOM nodes'],
    ...rows.map(row => [
      row.label,
      `${row.throttle}×`,
      ms(row.ready.median),
      `${Math.round(row.ready.min)}–${Math.round(row.ready.max)}`,
      mb(row.heap.median),
      `${(row.heap.min / 1e6).toFixed(2)}–${(row.heap.max / 1e6).toFixed(2)}`,
      ms(row.metrics.script),
      ms(row.metrics.layout),
      String(Math.round(row.metrics.nodes)),
    ]),
  ];
  const phases = [
    ['page', 'CPU', 'script downloaded', 'parse+compile', 'module run', 'first frame'],
    ...rows.map(row => [
      row.label,
      `${row.throttle}×`,
      ms(row.phases.download),
      ms(row.phases.compile),
      ms(row.phases.run),
      ms(row.phases.frame),
    ]),
  ];
  const sizes = [
    ['page', 'JS+CSS min', 'gzip -9', 'brotli', 'files'],
    ...rows
      .filter(row => row.throttle === THROTTLES[0])
      .map(row => [row.label, kb(row.bytes.min), kb(row.bytes.gzip), kb(row.bytes.brotli), row.files.join(' ')]),
  ];
  const labels = new Map(rows.map(row => [row.page, row.label]));
  const versus = [
    ['ours ÷ page', ...THROTTLES.flatMap(t => [`ready ${t}×`, '(95%)']), ...THROTTLES.map(t => `heap ${t}×`), 'gzip', 'brotli'],
    ...[...new Set(ratios.map(r => r.page))].map(page => {
      const at = t => ratios.find(r => r.page === page && r.throttle === t);
      const first = at(THROTTLES[0]);
      return [
        labels.get(page),
        ...THROTTLES.flatMap(t => [times(at(t).ready), interval(at(t).readyInterval)]),
        ...THROTTLES.map(t => times(at(t).heap)),
        times(first.gzip),
        times(first.brotli),
      ];
    }),
  ];
  return [
    `Render: navigation start → first rating control visible (rAF probe); JS heap after ready and a forced GC.`,
    `${loads} cold loads per row (fresh incognito context each); script and layout+style are CDP Performance metrics (medians).`,
    `Load average (1 min) before / after: ${load.before.toFixed(2)} / ${load.after.toFixed(2)}.`,
    '',
    table(timing),
    '',
    'Where the time goes (medians of each phase, so they need not add up to the ready median): script',
    'downloaded = navigation start → the one script of the page received; parse+compile → its first',
    'statement runs; module run → its last statement; first frame → ready (first render, style, layout, paint).',
    table(phases),
    '',
    table(sizes),
    '',
    'Ratios, ours ÷ page (medians; below 1: ours is faster or smaller). (95%): the ready ratio\'s 95% bootstrap',
    `interval, from ${RESAMPLES} resamplings of the ${loads} rounds (in each round a page and ours load seconds apart).`,
    table(versus),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  try {
    const result = await runRenderBench({ log: message => console.error(`  … ${message}`) });
    console.log(`\n${formatRenderBench(result)}`);
    console.log(`\nRender bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } catch (error) {
    console.error(`\nRender bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}
