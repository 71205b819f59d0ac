// Koa middleware on the test server, in front of the real reference collector: the built command
// (dist/collector/cli.js) in a child process of its own, so starting its database never blocks the
// test server. It stores into E2E_DATABASE_URL when set (npm test passes its PostgreSQL server),
// else into PGlite in a temp folder. One network per test key, so tests in two browsers never meet.
//   /e2e-collector/KEY/api/…   forwarded to the collector's own API (POST/GET /api/responses …)
//   POST /e2e-collector/KEY/network  body "online" | "offline" | "lose-response" | "server-error"
//     offline: a POST's connection is dropped before the collector sees it (no network);
//     server-error: a POST gets 503 before the collector sees it (a broken server or proxy in between);
//     lose-response: the next POST is stored, then its connection is dropped before the answer.
//   GET /e2e-collector/KEY/network   {network, posts, statuses}: the POSTs of answers that reached the
//     collector (shown counts are passed on, but not counted), and how it acknowledged their records ({accepted: n, duplicate: n, rejected: n})
//   GET /e2e-collector/node   {url}: the collector itself, a cross-origin endpoint for the test
//     page (it allows the test server's origin)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_SCOPES, E2E_TOKEN } from './collector-token.mjs';

const networks = new Map();
const posts = new Map();
const statuses = new Map();
let starting;

/** The test server's port (`--port N`, else web-test-runner's 8000): the pages' origin. */
function testPort() {
  const at = process.argv.indexOf('--port');
  return at > 0 ? Number(process.argv[at + 1]) : 8000;
}

function carriesRecords(body) {
  try {
    return Array.isArray(JSON.parse(body.toString('utf8')).records);
  } catch {
    return true; // not JSON: the collector's 400 is what the test looks at
  }
}

/** Starts the collector once; resolves with its URL when it answers. */
function collectorUrl() {
  starting ??= new Promise((resolve, reject) => {
    const origins = [`http://localhost:${testPort()}`, `http://127.0.0.1:${testPort()}`].join(',');
    const database = process.env.E2E_DATABASE_URL
      ? { DATABASE_URL: process.env.E2E_DATABASE_URL }
      : { DATA_DIR: mkdtempSync(join(tmpdir(), 'feedback-e2e-')) };
    const env = { ...process.env, PORT: '0', ...database, ALLOWED_ORIGINS: origins, REPORT_TOKEN: E2E_TOKEN, REPORT_SCOPES: JSON.stringify(E2E_SCOPES), RATE_LIMIT: '0' };
    const child = spawn(process.execPath, ['dist/collector/cli.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    process.once('exit', () => child.kill());
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
      const url = /collector on (http:\/\/\S+?),/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', code => reject(new Error(`The collector stopped (${code}); run npm run build first.\n${output}`)));
  });
  return starting;
}
collectorUrl().catch(() => {}); // warm up while the browsers start; errors surface on first use

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function headersOf(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name !== 'host' && name !== 'connection' && name !== 'content-length') headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function drop(ctx) {
  ctx.respond = false;
  ctx.req.socket.destroy();
}

function countStatuses(key, body) {
  const count = statuses.get(key) ?? { accepted: 0, duplicate: 0, rejected: 0 };
  for (const result of JSON.parse(body).results ?? []) count[result.status]++;
  statuses.set(key, count);
}

export async function collectorEndpoint(ctx, next) {
  if (ctx.path === '/e2e-collector/node') {
    ctx.body = { url: await collectorUrl() };
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
  const body = ['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) ? undefined : await readBody(ctx.req);
  if (ctx.method === 'POST' && network === 'offline') return drop(ctx);
  if (ctx.method === 'POST' && network === 'server-error') {
    ctx.status = 503;
    ctx.body = { error: 'Service unavailable' };
    return;
  }
  // Answers only: the anonymous shown counts ({"shown":[…]}) neither count nor lose their reply.
  const sending = ctx.method === 'POST' && carriesRecords(body);
  if (sending) posts.set(key, (posts.get(key) ?? 0) + 1);
  const url = `${await collectorUrl()}${rest}${ctx.querystring ? `?${ctx.querystring}` : ''}`;
  const response = await fetch(url, { method: ctx.method, headers: headersOf(ctx.req), body });
  const answer = Buffer.from(await response.arrayBuffer());
  if (sending && network === 'lose-response') {
    networks.set(key, 'online');
    return drop(ctx);
  }
  if (sending) countStatuses(key, answer.toString('utf8'));
  ctx.status = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding') ctx.set(name, value);
  });
  ctx.body = answer;
}
