// Koa middleware on the test server: a scripted report API for the <feedback-report> tests. Every
// test uses its own KEY ([A-Za-z0-9_-], up to 100 characters), and points the element's
// `endpoint` at /api/report-test/KEY.
//
//   POST /api/report-test/KEY/script   Body: {"GET /api/report": [step, …], "PATCH /api/contacts/*": [step], …}
//                                      Sets the answers of those routes ("*" matches one path segment).
//                                      Each request takes the first step; the last one stays for
//                                      every later request.
//   GET  /api/report-test/KEY/log      {requests: [{method, path, params, authorization, body, closedEarly}]}
//                                      closedEarly: the client went away before the answer (an abort).
//   POST /api/report-test/KEY/release  Answers every held request (?path=/api/…: only those to that path).
//   *    /api/report-test/KEY/api/…    The scripted API; a route without a script answers 404.
//
// Step: {status = 200, body (JSON unless a string), contentType, headers, hold}. `hold` keeps the
// request waiting until /release or until the client goes away.

const apis = new Map();
const KEY = /^[A-Za-z0-9_-]{1,100}$/;

function apiFor(key) {
  if (!apis.has(key)) apis.set(key, { routes: {}, requests: [], held: new Set() });
  return apis.get(key);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function routeFor(api, method, path) {
  return Object.keys(api.routes).find(route => {
    const [verb, pattern] = route.split(' ');
    if (verb !== method) return false;
    const want = pattern.split('/');
    const have = path.split('/');
    return want.length === have.length && want.every((part, i) => part === '*' || part === have[i]);
  });
}

/** Waits for /release, or for the client to go away (then true). */
function hold(api, path, res) {
  return new Promise(resolve => {
    const held = { path, release: () => resolve(false) };
    api.held.add(held);
    res.once('close', () => {
      api.held.delete(held);
      resolve(true);
    });
  });
}

export async function reportEndpoint(ctx, next) {
  const match = /^\/api\/report-test\/([^/]+)(\/.*)$/.exec(ctx.path);
  if (!match || !KEY.test(match[1])) return next();
  const [, key, rest] = match;
  const api = apiFor(key);
  if (rest === '/script' && ctx.method === 'POST') {
    Object.assign(api.routes, JSON.parse(await readBody(ctx.req)));
    ctx.body = { routes: Object.keys(api.routes) };
    return;
  }
  if (rest === '/log') {
    ctx.body = { requests: api.requests };
    return;
  }
  if (rest === '/release' && ctx.method === 'POST') {
    const only = new URLSearchParams(ctx.querystring).get('path');
    const held = [...api.held].filter(h => only === null || h.path === only);
    held.forEach(h => {
      api.held.delete(h);
      h.release();
    });
    ctx.body = { released: held.length };
    return;
  }
  const body = ['GET', 'HEAD'].includes(ctx.method) ? '' : await readBody(ctx.req);
  const entry = {
    method: ctx.method,
    path: rest,
    params: Object.fromEntries(new URLSearchParams(ctx.querystring)),
    authorization: ctx.get('authorization'),
    body,
    closedEarly: false,
  };
  api.requests.push(entry);
  const route = routeFor(api, ctx.method, rest);
  if (!route) {
    ctx.status = 404;
    ctx.body = { error: `No script for ${ctx.method} ${rest}` };
    return;
  }
  const steps = api.routes[route];
  const step = (steps.length > 1 ? steps.shift() : steps[0]) ?? {};
  if (step.hold && (await hold(api, rest, ctx.res))) {
    entry.closedEarly = true;
    ctx.status = 204; // never sent: only keeps the test runner from listing a 404
    ctx.respond = false;
    return;
  }
  ctx.status = step.status ?? 200;
  for (const [name, value] of Object.entries(step.headers ?? {})) ctx.set(name, value);
  const text = typeof step.body === 'string' ? step.body : JSON.stringify(step.body ?? {});
  ctx.type = step.contentType ?? (typeof step.body === 'string' ? 'text/plain' : 'application/json');
  ctx.body = text;
}
