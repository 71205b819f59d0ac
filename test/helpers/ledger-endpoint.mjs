// Koa middleware on the test server: a collector that keeps a ledger, for end-to-end delivery tests.
// Every test uses its own KEY ([A-Za-z0-9_-], up to 100 characters), so runs never share a ledger.
//
//   POST /api/ledger/KEY          The collector. Reads {"records":[…]}, deduplicates by record id
//                                 (permanently, per KEY) and answers 200 JSON
//                                 {"results":[{id, status:'accepted'|'duplicate'}]}, unless the
//                                 script for KEY says otherwise (see below).
//   POST /api/ledger/KEY/script   Body: a JSON array of steps. Replaces the script of KEY; each
//                                 collector request consumes one step, then the default applies
//                                 again. An empty array means "behave normally from now on".
//   GET  /api/ledger/KEY          The ledger: {requests:[{ids, url, body, bytes, headers, contentType,
//                                 cookie, at, answer}] (url: path and query as requested), accepted:{id: accepted deliveries},
//                                 received:{id: requests carrying it}, inFlight, maxConcurrentPerId,
//                                 concurrentViolations:[{id, at}], stepsLeft, shown:[items]}.
//                                 A body {"shown":[…]} (anonymous shown counts) is answered 200
//                                 and listed in `shown`; it uses no scripted step.
//
// Steps (one object each; unknown keys are ignored):
//   {delayMs}                  Stores as by default, then answers only after delayMs (≤ 10 s).
//   {reset:true}               Stores nothing, destroys the socket: a network error for the client.
//   {storeThenReset:true}      Stores (accepted/duplicate as by default), then destroys the socket:
//                              the answer is lost on its way back (S10).
//   {rejectIds:[…]}            Per-item results, those ids 'rejected' with a reason; the rest as default.
//   {html:true}                200 text/html, a captive portal; stores nothing.
//   {redirect:true}            307 to this same URL (following it would deliver); stores nothing.
//   {truncate:true}            Stores, answers 200 JSON with a Content-Length it never fulfils,
//                              then destroys the socket: the acknowledgement is cut off.
//   {status, headers, body, contentType, store}
//                              Answers exactly this (body: string, or JSON when not a string);
//                              stores the ids as accepted only when `store` is true.
//
// An id is in flight from the moment its request has been read until the response is finished or
// the connection closes. Two overlapping requests that carry the same id count as a violation.
// Every loop is bounded; a delay timer is cleared when its client goes away.

const ledgers = new Map();
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_DELAY_MS = 10_000;
const MAX_STEPS = 1000;
const KEY = /^[A-Za-z0-9_-]{1,100}$/;

function ledgerFor(key) {
  let ledger = ledgers.get(key);
  if (!ledger) {
    ledger = {
      script: [],
      requests: [],
      stored: new Set(),
      accepted: {},
      received: {},
      shown: [],
      inFlight: new Map(),
      maxConcurrentPerId: 0,
      concurrentViolations: [],
    };
    ledgers.set(key, ledger);
  }
  return ledger;
}

async function readBytes(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function idsOf(text) {
  try {
    const records = JSON.parse(text)?.records;
    if (!Array.isArray(records)) return undefined;
    return records.map(record => String(record?.id));
  } catch {
    return undefined;
  }
}

function shownOf(text) {
  try {
    const shown = JSON.parse(text)?.shown;
    return Array.isArray(shown) ? shown : undefined;
  } catch {
    return undefined;
  }
}

/** Marks `ids` as in flight until the response is over; records overlaps. */
function enterFlight(ledger, ids, res) {
  for (const id of ids) {
    const now = (ledger.inFlight.get(id) ?? 0) + 1;
    ledger.inFlight.set(id, now);
    ledger.maxConcurrentPerId = Math.max(ledger.maxConcurrentPerId, now);
    if (now > 1) ledger.concurrentViolations.push({ id, at: Date.now() });
  }
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    for (const id of ids) {
      const now = (ledger.inFlight.get(id) ?? 1) - 1;
      if (now <= 0) ledger.inFlight.delete(id);
      else ledger.inFlight.set(id, now);
    }
  };
  res.once('finish', leave);
  res.once('close', leave);
}

/** Dedup by id, permanently: the first delivery is accepted, every later one a duplicate. */
function store(ledger, ids, rejected = new Set()) {
  return ids.map(id => {
    if (rejected.has(id)) return { id, status: 'rejected', reason: 'invalid answer (ledger script)' };
    if (ledger.stored.has(id)) return { id, status: 'duplicate' };
    ledger.stored.add(id);
    ledger.accepted[id] = (ledger.accepted[id] ?? 0) + 1;
    return { id, status: 'accepted' };
  });
}

function delay(ms, req) {
  const wait = Math.min(Math.max(Number(ms) || 0, 0), MAX_DELAY_MS);
  return new Promise(resolve => {
    const timer = setTimeout(done, wait);
    function done() {
      clearTimeout(timer);
      req.off('close', done);
      resolve();
    }
    req.once('close', done);
  });
}

function destroy(ctx) {
  ctx.respond = false;
  const socket = ctx.req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function json(ctx, status, value) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(value);
}

async function collect(ctx, ledger) {
  const bytes = await readBytes(ctx.req);
  const text = bytes.toString('utf8');
  const ids = idsOf(text);
  // Anonymous shown counts ({"shown":[…]}) are kept apart: they never use up a scripted answer.
  const shown = shownOf(text);
  if (!ids && shown) {
    ledger.shown.push(...shown);
    return json(ctx, 200, { results: [], shown: { accepted: shown.length, duplicate: 0, rejected: [] } });
  }
  const step = ledger.script.shift() ?? {};
  ledger.requests.push({
    ids: ids ?? [],
    url: ctx.url,
    body: text,
    bytes: bytes.length,
    headers: { ...ctx.headers },
    contentType: ctx.get('content-type'),
    cookie: ctx.get('cookie'),
    at: Date.now(),
    answer: Object.keys(step)[0] ?? 'default',
  });
  if (!ids) return json(ctx, 400, { error: 'expected {"records":[…]}' });
  for (const id of ids) ledger.received[id] = (ledger.received[id] ?? 0) + 1;
  enterFlight(ledger, ids, ctx.res);
  // Each connection serves one request: a reset never hits a reused socket, which browsers retry by themselves.
  ctx.set('Connection', 'close');

  if (step.reset) return destroy(ctx);
  if (step.html) {
    ctx.status = 200;
    ctx.type = 'text/html';
    ctx.body = '<!doctype html><title>Log in to the Wi-Fi</title><p>Accept the terms to continue.';
    return;
  }
  if (step.redirect) {
    ctx.status = 307;
    ctx.set('Location', ctx.path);
    ctx.body = '';
    return;
  }
  if (step.status !== undefined) {
    if (step.store) store(ledger, ids);
    ctx.status = Number(step.status);
    for (const [name, value] of Object.entries(step.headers ?? {})) ctx.set(name, String(value));
    const body = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
    ctx.type = step.contentType ?? (typeof step.body === 'string' || step.body === undefined ? 'text/plain' : 'application/json');
    ctx.body = body;
    return;
  }
  const results = store(ledger, ids, new Set(step.rejectIds ?? []));
  if (step.storeThenReset) return destroy(ctx);
  if (step.truncate) {
    ctx.respond = false;
    const res = ctx.res;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000', connection: 'close' });
    res.write(JSON.stringify({ results }).slice(0, 10), () => ctx.req.socket.destroy());
    return;
  }
  if (step.delayMs) await delay(step.delayMs, ctx.req);
  json(ctx, 200, { results });
}

function snapshot(ledger) {
  return {
    requests: ledger.requests,
    accepted: ledger.accepted,
    received: ledger.received,
    inFlight: [...ledger.inFlight.values()].reduce((a, b) => a + b, 0),
    maxConcurrentPerId: ledger.maxConcurrentPerId,
    concurrentViolations: ledger.concurrentViolations,
    stepsLeft: ledger.script.length,
    shown: ledger.shown,
  };
}

export async function ledgerEndpoint(ctx, next) {
  if (!ctx.path.startsWith('/api/ledger/')) return next();
  const [key, action, ...rest] = ctx.path.slice('/api/ledger/'.length).split('/');
  if (!KEY.test(key ?? '') || rest.length > 0 || (action !== undefined && action !== 'script')) {
    return json(ctx, 404, { error: 'unknown ledger route' });
  }
  const ledger = ledgerFor(key);
  if (action === 'script') {
    if (ctx.method !== 'POST') return json(ctx, 405, { error: 'POST a JSON array of steps' });
    let steps;
    try {
      steps = JSON.parse((await readBytes(ctx.req)).toString('utf8'));
    } catch {
      steps = undefined;
    }
    if (!Array.isArray(steps) || steps.length > MAX_STEPS || !steps.every(s => s && typeof s === 'object')) {
      return json(ctx, 400, { error: `expected a JSON array of at most ${MAX_STEPS} step objects` });
    }
    ledger.script = steps;
    return json(ctx, 200, { steps: steps.length });
  }
  if (ctx.method === 'GET') return json(ctx, 200, snapshot(ledger));
  if (ctx.method === 'POST') return collect(ctx, ledger);
  return json(ctx, 405, { error: 'GET the ledger or POST records' });
}
