// Koa middleware on the test server: the real reference collector (the build in dist/collector/,
// PGlite in memory), one network per test key, so tests in two browsers never meet.
//   /e2e-collector/KEY/api/…   the collector's own API (POST/GET /api/responses …)
//   POST /e2e-collector/KEY/network  body "online" | "offline" | "lose-response"
//     offline: a POST's connection is dropped before the collector sees it (no network);
//     lose-response: the next POST is stored, then its connection is dropped before the answer.
//   GET /e2e-collector/KEY/network   {network, posts, statuses}: the POSTs that reached the
//     collector, and how it acknowledged their records ({accepted: n, duplicate: n, rejected: n})
//   GET /e2e-collector/node   {url}: the Node adapter (startCollector) on a port of its own, a
//     cross-origin endpoint that allows the test page's origin
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_TOKEN } from './collector-token.mjs';

const build = () =>
  import('../../dist/collector/collector.js').catch(() => {
    throw new Error('Build the collector first: npm run build');
  });

let opening;
let nodeCollector;
const networks = new Map();
const posts = new Map();
const statuses = new Map();

/** Started once, for the first page that asks; web-test-runner ends the process when it is done. */
function startNodeCollector(origin) {
  nodeCollector ??= (async () => {
    const { readConfig, startCollector } = await build();
    const dataDir = mkdtempSync(join(tmpdir(), 'feedback-e2e-'));
    const env = { PORT: '0', DATA_DIR: dataDir, ALLOWED_ORIGINS: origin, REPORT_TOKEN: E2E_TOKEN, RATE_LIMIT: '0' };
    return startCollector(readConfig(env).config, () => {});
  })();
  return nodeCollector;
}

function countStatuses(key, body) {
  const count = statuses.get(key) ?? { accepted: 0, duplicate: 0, rejected: 0 };
  for (const result of JSON.parse(body).results ?? []) count[result.status]++;
  statuses.set(key, count);
}

async function collector() {
  opening ??= (async () => {
    const { createHandler, loadSurveys, openPgliteStore } = await build();
    const surveys = await loadSurveys([]);
    const store = await openPgliteStore();
    await store.registerSurveys(surveys);
    return createHandler({ store, surveys, reportToken: E2E_TOKEN, rateLimit: 0 });
  })();
  return opening;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function headersOf(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return headers;
}

function drop(ctx) {
  ctx.respond = false;
  ctx.req.socket.destroy();
}

export async function collectorEndpoint(ctx, next) {
  if (ctx.path === '/e2e-collector/node') {
    ctx.body = { url: (await startNodeCollector(ctx.origin)).url };
    return;
  }
  const match = /^\/e2e-collector\/([\w-]{1,64})(\/.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, key, rest] = match;
  if (rest === '/network') {
    if (ctx.method === 'POST') networks.set(key, (await readBody(ctx.req)).toString('utf8').trim());
    ctx.body = { network: networks.get(key) ?? 'online', posts: posts.get(key) ?? 0, statuses: statuses.get(key) ?? {} };
    return;
  }
  const network = networks.get(key) ?? 'online';
  const sending = ctx.method === 'POST';
  if (sending && network === 'offline') return drop(ctx);
  if (sending) posts.set(key, (posts.get(key) ?? 0) + 1);
  const handle = await collector();
  const body = ['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) ? undefined : await readBody(ctx.req);
  const url = `http://${ctx.host}${rest}${ctx.querystring ? `?${ctx.querystring}` : ''}`;
  const response = await handle(new Request(url, { method: ctx.method, headers: headersOf(ctx.req), body }));
  if (sending && network === 'lose-response') {
    networks.set(key, 'online');
    return drop(ctx);
  }
  const answer = Buffer.from(await response.arrayBuffer());
  if (sending) countStatuses(key, answer.toString('utf8'));
  ctx.status = response.status;
  response.headers.forEach((value, name) => ctx.set(name, value));
  ctx.body = answer;
}
