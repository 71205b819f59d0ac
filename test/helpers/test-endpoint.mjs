// Koa middleware on the test server: endpoints the browser tests POST to, on 127.0.0.1 only.
//   /api/test/ok            200 JSON, every record accepted
//   /api/test/status/NNN    answers with status NNN
//   /api/test/html          200 text/html (a captive portal)
//   /api/test/log/KEY       200, and remembers the bodies; GET /api/test/log/KEY returns them
//   /api/test/survey/NAME   GET: a survey definition fixture (see below: `attack` holds markup in every text), not-json, or one with a key twice (TWICE)
//   /api/test/hang          answers 200 JSON only after HANG_MS (for client timeouts and aborts)
//   /api/test/redirect      307 to /api/test/ok (a redirect is never an acknowledgement)
//   /api/test/trickle/NNN/KEY  GET or POST: status NNN at once, then a body that takes TRICKLE_MS
//   /api/test/csp-page?policy=P&bundle=URL  GET: a page under Content-Security-Policy P with
//                           <feedback-loop> from URL; window.violations lists what P refused.
//                           &body=HTML replaces the element; &token=T sets a <feedback-report>'s token
//   /api/test/flaky-survey/KEY/A,B,…  GET: answers A, then B, … (a status such as 503, or
//                           `portal`: a captive portal's 200 HTML page), then the email survey;
//                           GET /api/test/flaky-survey/KEY: how many times it was asked
import { PassThrough } from 'node:stream';
import { emailSurvey } from './email-survey.mjs';

const logs = new Map();
const HANG_MS = 2000;
const TRICKLE_MS = 5_000;
/** KEY → how many times a flaky survey was asked for. */
const asked = new Map();

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const SURVEYS = {
  email: emailSurvey(),
  invalid: { id: 'broken', version: 0, questions: [{ kind: 'stars', id: 'x', label: {} }] },
  // Texts that look like JSON keys and brackets: a duplicate-key check must not count them.
  lookalikes: {
    ...emailSurvey(),
    title: { en: '"en": "x", "en": {"id": 1, "id": 2} \\', nl: '\\": [' },
    questions: [{ kind: 'rating', id: 'speed', label: { en: '":"', nl: 'a\\' }, hint: { en: ': "' } }],
  },
  // Markup and script in every text a survey file may hold (S35): shown as text, never run.
  attack: {
    id: 'attack',
    version: 1,
    title: { en: '<img src=x onerror="window.ran=1">Title' },
    questions: [
      {
        kind: 'rating',
        id: 'speed',
        label: { en: '<script>window.ran=2</script>Speed' },
        hint: { en: '<a href="javascript:window.ran=3">hint</a>' },
        lowLabel: { en: '<svg onload="window.ran=4">' },
        highLabel: { en: '<iframe src="javascript:window.ran=5">' },
      },
      { kind: 'comment', id: 'remark', label: { en: '<img src=x onerror="window.ran=6">Remark' } },
    ],
  },
};

/** Survey files that give a key twice in one object, at the top and in a question's label. */
const TWICE = {
  'version-twice': JSON.stringify(SURVEYS.email).replace('{', '{"version":99,'),
  'label-twice': JSON.stringify(SURVEYS.email).replace('"en":"Speed of the answer"', ' "en" : "Speed", "en"\n:"Speed of the answer"'),
};

export async function testEndpoint(ctx, next) {
  const path = ctx.path;
  if (!path.startsWith('/api/test/')) return next();
  const [, , , kind, arg] = path.split('/');
  if (kind === 'survey' && ctx.method === 'GET') {
    if (arg === 'not-json') {
      ctx.type = 'application/json';
      ctx.body = '{"id": ';
      return;
    }
    if (arg in TWICE) {
      // JSON.parse takes these, keeping the last of the two; the collector refuses the file.
      ctx.type = 'application/json';
      ctx.body = TWICE[arg];
      return;
    }
    if (!(arg in SURVEYS)) {
      ctx.status = 404;
      return;
    }
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(SURVEYS[arg]);
    return;
  }
  if (kind === 'trickle') {
    if (ctx.method === 'POST') await readBody(ctx.req);
    const body = new PassThrough();
    const end = setTimeout(() => body.end('"}'), TRICKLE_MS);
    ctx.res.on('close', () => clearTimeout(end));
    ctx.status = Number(arg);
    ctx.type = 'application/json';
    ctx.body = body;
    body.write('{"error": "a body that takes its time", "padding": "');
    return;
  }
  if (kind === 'csp-watch.js') {
    ctx.type = 'text/javascript';
    ctx.body = "window.violations = []; document.addEventListener('securitypolicyviolation', e => violations.push(`${e.violatedDirective} ${e.blockedURI}`));";
    return;
  }
  if (kind === 'csp-token.js') {
    // The report's token is a property only: a module (no inline script under the policy) sets it.
    ctx.type = 'text/javascript';
    ctx.body = `document.querySelector('feedback-report').token = ${JSON.stringify(String(ctx.query.token))};`;
    return;
  }
  if (kind === 'csp-page' && ctx.method === 'GET') {
    ctx.set('content-security-policy', ctx.query.policy);
    ctx.type = 'text/html';
    const element = ctx.query.body ?? '<feedback-loop endpoint="/api/test/ok"></feedback-loop>';
    const token = ctx.query.token ? `<script type="module" src="/api/test/csp-token.js?${new URLSearchParams({ token: ctx.query.token })}"></script>` : '';
    ctx.body = `<!doctype html><html lang="en"><head><script src="/api/test/csp-watch.js"></script></head>
<body>${element}${token}<script type="module" src="${ctx.query.bundle}"></script></body></html>`;
    return;
  }
  if (kind === 'flaky-survey' && ctx.method === 'GET') {
    const failures = path.split('/')[5]?.split(',');
    ctx.type = 'application/json';
    if (failures === undefined) {
      ctx.body = JSON.stringify({ requests: asked.get(arg) ?? 0 });
      return;
    }
    const count = (asked.get(arg) ?? 0) + 1;
    asked.set(arg, count);
    const failure = failures[count - 1];
    if (failure === 'portal') {
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><title>Log in to the Wi-Fi</title>';
    } else if (failure !== undefined) {
      ctx.status = Number(failure);
      ctx.body = JSON.stringify({ error: `try ${count}` });
    } else ctx.body = JSON.stringify(SURVEYS.email);
    return;
  }
  if (kind === 'log' && ctx.method === 'GET') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(logs.get(arg) ?? []);
    return;
  }
  if (ctx.method !== 'POST') return next();
  const text = await readBody(ctx.req);
  if (kind === 'hang') {
    await new Promise(resolve => setTimeout(resolve, HANG_MS));
  }
  if (kind === 'redirect') {
    ctx.status = 307;
    ctx.redirect('/api/test/ok');
    return;
  }
  if (kind === 'status') {
    ctx.status = Number(arg);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ error: `status ${arg}` });
    return;
  }
  if (kind === 'html') {
    ctx.type = 'text/html';
    ctx.body = '<!doctype html><title>Log in to the Wi-Fi</title>';
    return;
  }
  if (kind === 'log') {
    logs.set(arg, [...(logs.get(arg) ?? []), { contentType: ctx.get('content-type'), cookie: ctx.get('cookie'), body: text }]);
  }
  const records = JSON.parse(text).records ?? [];
  ctx.type = 'application/json';
  ctx.body = JSON.stringify({ results: records.map(r => ({ id: r.id, status: 'accepted' })) });
}
