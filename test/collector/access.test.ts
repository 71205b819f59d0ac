import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type CollectorOptions, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import { answer, ORIGIN, post, read, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';

const SURVEYS = [defaultSurvey()];

for (const kind of STORE_KINDS) {
  describe(`collector access rules on ${kind.name}`, () => {
    let store: SqlStore;
    const handler = (options: Partial<CollectorOptions> = {}): FetchHandler =>
      createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0, ...options });

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(SURVEYS);
    });
    after(() => store.close());

    describe('CORS', () => {
      const preflight = (origin: string) =>
        new Request('http://collector.test/api/responses', {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });

      it('answers a preflight from an allowed origin, without credentials', async () => {
        const response = await handler()(preflight(ORIGIN));

        assert.equal(response.status, 204);
        assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
        assert.match(response.headers.get('access-control-allow-methods')!, /POST/);
        assert.equal(response.headers.get('access-control-allow-credentials'), null);
      });

      it('gives no CORS headers to an origin that is not on the list, nor to an opaque one', async () => {
        const report = new Request('http://collector.test/api/report', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
        const response = await handler()(report);
        const opaque = await handler()(post({ records: [answer()] }, { origin: 'null', 'sec-fetch-site': 'same-origin' }));

        assert.equal(response.headers.get('access-control-allow-origin'), null);
        assert.equal(opaque.headers.get('access-control-allow-origin'), null);
      });

      it('lets a refused page that sends a token ask before its POST, so the POST meets the readable 403', async () => {
        const ask = new Request('http://collector.test/api/responses', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
        });
        const record = answer();

        const preflightAnswer = await handler()(ask);
        const refused = await handler()(post({ records: [record] }, { origin: 'https://evil.example', authorization: 'Bearer page-token' }));

        assert.equal(preflightAnswer.headers.get('access-control-allow-origin'), 'https://evil.example');
        assert.match(preflightAnswer.headers.get('access-control-allow-headers')!, /authorization/);
        assert.equal(preflightAnswer.headers.get('access-control-allow-credentials'), null);
        assert.equal(refused.status, 403);
        assert.equal(refused.headers.get('access-control-allow-origin'), 'https://evil.example');
        assert.equal((await store.listResponses({ ids: [record.id], limit: 1 })).length, 0);
      });

      it('lets an allowed origin read the acknowledgement of a text/plain POST', async () => {
        const response = await handler()(post({ records: [answer()] }, { origin: ORIGIN }));

        assert.equal(response.status, 200);
        assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
        assert.equal(response.headers.get('set-cookie'), null);
      });

      it('refuses answers from a page of another origin and stores nothing', async () => {
        const record = answer();

        const response = await handler()(post({ records: [record] }, { origin: 'https://evil.example' }));

        assert.equal(response.status, 403);
        assert.equal(response.headers.get('access-control-allow-origin'), 'https://evil.example', 'the page can read the refusal, and pauses');
        assert.match(((await response.json()) as { error: string }).error, /Origin https:\/\/evil\.example is not allowed/);
        assert.equal((await store.listResponses({ ids: [record.id], limit: 1 })).length, 0);
      });

      it('takes answers from its own origin, from servers without Origin, and from anywhere with "*"', async () => {
        const sameOrigin = await handler()(post({ records: [answer()] }, { origin: 'http://collector.test' }));
        const fetchMetadata = await handler()(post({ records: [answer()] }, { origin: 'https://proxy.example', 'sec-fetch-site': 'same-origin' }));
        const noOrigin = await handler()(post({ records: [answer()] }));
        const anywhere = await handler({ allowedOrigins: '*' })(post({ records: [answer()] }, { origin: 'https://elsewhere.example' }));

        assert.deepEqual([sameOrigin.status, fetchMetadata.status, noOrigin.status, anywhere.status], [200, 200, 200, 200]);
        assert.equal(anywhere.headers.get('access-control-allow-origin'), 'https://elsewhere.example');
      });

      it('lets a page of an opaque origin read its acknowledgement with "*"', async () => {
        const opaque = await handler({ allowedOrigins: '*' })(post({ records: [answer()] }, { origin: 'null' }));

        assert.equal(opaque.status, 200);
        assert.equal(opaque.headers.get('access-control-allow-origin'), '*');
      });
    });

    describe('reading', () => {
      it('needs the report token', async () => {
        const handle = handler();
        const none = await handle(read('', null));
        const wrong = await handle(read('', 'not-the-token-0123456789'));
        const right = await handle(read(''));

        assert.deepEqual([none.status, wrong.status, right.status], [401, 401, 200]);
        assert.match(((await none.json()) as { error: string }).error, /Authorization: Bearer <REPORT_TOKEN>/);
        assert.equal(none.headers.get('www-authenticate')?.startsWith('Bearer'), true);
        assert.equal(right.headers.get('cache-control'), 'no-store');
      });

      it('leaves health and survey definitions open, without answers in them', async () => {
        const handle = handler();
        const health = await handle(new Request('http://collector.test/api/health'));
        const survey = await handle(new Request('http://collector.test/api/surveys/service-quality'));
        const missing = await handle(new Request('http://collector.test/api/surveys/nope'));

        assert.deepEqual(await health.json(), { ok: true, store: store.kind, surveys: ['service-quality@1'] });
        assert.deepEqual(await survey.json(), JSON.parse(JSON.stringify(SURVEYS[0])));
        assert.equal(missing.status, 404);
      });

      it('tells a malformed survey version (400) from a missing one (404)', async () => {
        const handle = handler();
        const get = async (query: string) => {
          const reply = await handle(new Request(`http://collector.test/api/surveys/service-quality${query}`));
          return { status: reply.status, body: (await reply.json()) as { error?: string; version?: number } };
        };

        const [exact, missing, word, empty, twice] = await Promise.all(
          ['?version=1', '?version=7', '?version=abc', '?version=', '?version=1&version=2'].map(get),
        );

        assert.deepEqual([exact.status, exact.body.version], [200, 1]);
        assert.equal(missing.status, 404);
        assert.match(missing.body.error!, /No survey "service-quality" version 7/);
        assert.equal(word.status, 400);
        assert.match(word.body.error!, /version: use a whole number from 1.*"abc"/);
        assert.equal(empty.status, 400);
        assert.equal(twice.status, 400);
        assert.match(twice.body.error!, /version: given twice/);
      });

      it('refuses a survey definition request with a parameter other than version, as the other routes do', async () => {
        const handle = handler();
        const get = async (query: string) => {
          const reply = await handle(new Request(`http://collector.test/api/surveys/service-quality${query}`));
          return { status: reply.status, error: ((await reply.json()) as { error?: string }).error };
        };

        assert.deepEqual(await get('?bogus=1'), { status: 400, error: 'Unknown key(s) "bogus"' });
        assert.deepEqual(await get('?version=1&verison=2'), { status: 400, error: 'Unknown key(s) "verison"' });
        assert.deepEqual(await get('?__proto__=1'), { status: 400, error: 'Unknown key(s) "__proto__"' });
        assert.deepEqual(await get('?version=1'), { status: 200, error: undefined });
      });

      it('pages through the answers with filters, oldest first', async () => {
        const office = `paging-${crypto.randomUUID()}`;
        const times = ['2025-01-01T10:00:00.000Z', '2025-01-02T10:00:00.000Z', '2025-01-03T10:00:00.000Z', '2025-02-01T10:00:00.000Z'];
        const records = times.map((submittedAt, i) => answer({ submittedAt, channel: i === 1 ? 'email' : 'web', context: { office } }));
        const handle = handler();
        await handle(post({ records }));
        const ids = records.map(r => r.id).join(',');
        const page = async (query: string) => (await (await handle(read(`?ids=${ids}&${query}`))).json()) as { responses: { id: string }[]; next: string | null };

        const first = await page('limit=2');
        const second = await page(`limit=2&after=${encodeURIComponent(first.next!)}`);
        const january = await page('from=2025-01-01&to=2025-02-01');
        const email = await page('channel=email');

        assert.deepEqual([...first.responses, ...second.responses].map(r => r.id), records.map(r => r.id));
        assert.deepEqual(january.responses.map(r => r.id), records.slice(0, 3).map(r => r.id));
        assert.deepEqual(email.responses.map(r => r.id), [records[1]!.id]);
        assert.equal((await page(`limit=2&after=${encodeURIComponent(second.next!)}`)).responses.length, 0);
      });

      it('pages through answers whose times have more than millisecond precision without repeats', async () => {
        const office = `micro-${crypto.randomUUID()}`;
        const records = [1, 2, 3].map(() => answer({ submittedAt: '2025-05-05T10:00:00.123456Z', context: { office } }));
        const handle = handler();
        await handle(post({ records }));
        const seen: string[] = [];
        let after = '';
        for (let page = 0; page < 5; page++) {
          const reply = (await (await handle(read(`?ids=${records.map(r => r.id).join(',')}&limit=1${after}`))).json()) as { responses: { id: string }[]; next: string | null };
          seen.push(...reply.responses.map(r => r.id));
          if (!reply.next) break;
          after = `&after=${encodeURIComponent(reply.next)}`;
        }

        assert.deepEqual(seen.sort(), records.map(r => r.id).sort());
      });

      const badQueries = [
        '?limit=0', '?limit=1001', '?limit=ten', '?from=yesterday', '?channel=fax', '?ids=1,2', '?after=garbage', '?color=red',
        '?from=0000-01-01', '?to=9999-12-31T23:59:59-14:00', `?after=99999999999999999_${crypto.randomUUID()}`,
        `?after=2025-01-01T00:00:00.000Z_${'-'.repeat(36)}`,
      ];
      for (const [query, name] of [['?channel=kiosk&channel=web', 'channel'], ['?limit=1&limit=5000', 'limit'], ['?ids=a&ids=b', 'ids']]) {
        it(`answers 400 for a parameter given twice: ${query}`, async () => {
          const response = await handler()(read(query));

          assert.equal(response.status, 400);
          assert.equal(((await response.json()) as { error: string }).error, `${name}: given twice`);
        });
      }

      it('refuses a cursor whose time is no real instant (30 February, 24:00), which Date would move to another day', async () => {
        const handle = handler();
        const id = crypto.randomUUID();
        const at = async (time: string) => {
          const response = await handle(read(`?after=${encodeURIComponent(`${time}_${id}`)}`));
          return { status: response.status, error: ((await response.json()) as { error?: string }).error };
        };

        for (const time of ['2026-02-30T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2025-02-29T00:00:00.000Z']) {
          assert.deepEqual(await at(time), { status: 400, error: 'after: Use the "next" value of the page before' }, time);
        }
        assert.deepEqual(await at('2024-02-29T00:00:00.000Z'), { status: 200, error: undefined }, 'a leap day is real');
        assert.equal((await at('2026-01-01t00:00:00.000z')).status, 200, 'the cursor pattern takes any case');
      });

      it('answers 400 for a from= after to=, as the report does, and an empty page for from= equal to to=', async () => {
        const handle = handler();
        const get = async (query: string) => {
          const response = await handle(read(query));
          return { status: response.status, body: (await response.json()) as { error?: string; responses?: unknown[] } };
        };

        for (const query of ['?from=2026-06-01&to=2026-01-01', '?from=2026-01-01T00:00:00.001Z&to=2026-01-01']) {
          assert.deepEqual(await get(query), { status: 400, body: { error: 'from= is after to=' } }, query);
        }
        assert.deepEqual(await get('?from=2026-01-01&to=2026-01-01T00:00:00Z'), { status: 200, body: { responses: [], next: null } });
      });

      for (const query of badQueries) {
        it(`answers 400 with a message for ${query}`, async () => {
          const response = await handler()(read(query));

          assert.equal(response.status, 400);
          assert.ok(((await response.json()) as { error: string }).error.length > 5);
        });
      }
    });

    it('repeats at most 64 characters of a path, parameter name or origin in an error', async () => {
      const handle = handler();
      const long = 'k'.repeat(20_000);
      const cut = `${'k'.repeat(64)}…`;
      const error = async (request: Request) => {
        const response = await handle(request);
        return { status: response.status, error: ((await response.json()) as { error: string }).error };
      };

      assert.deepEqual(await error(new Request(`http://collector.test/api/surveys/${long}`)), { status: 404, error: `No survey "${cut}".` });
      assert.deepEqual(await error(new Request(`http://collector.test/api/${long}`)), { status: 404, error: `No collector endpoint GET /api/${'k'.repeat(59)}….` });
      assert.deepEqual(await error(read(`?${long}=1`)), { status: 400, error: `Unknown key(s) "${cut}"` });
      assert.deepEqual(await error(read(`?${long}=1&${long}=2`)), { status: 400, error: `${cut}: given twice` });
      assert.deepEqual(await error(new Request(`http://collector.test/api/counts?${long}=1`, { headers: { authorization: `Bearer ${TOKEN}` } })), { status: 400, error: `Unknown key(s) "${cut}"` });
      assert.deepEqual(await error(new Request(`http://collector.test/api/surveys/service-quality?${long}=1`)), { status: 400, error: `Unknown key(s) "${cut}"` });
      const origin = `https://${long}.example`;
      assert.deepEqual(await error(post({ records: [answer()] }, { origin })), { status: 403, error: `Origin ${origin.slice(0, 64)}… is not allowed to send answers.` });
    });

    it('cuts an error at 1,000 characters, however many unknown names a body holds', async () => {
      const keys = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown${i}`, 1]));
      const response = await handler()(
        new Request(`http://collector.test/api/contacts/${crypto.randomUUID()}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ handled: true, ...keys }),
        }),
      );
      assert.equal(response.status, 400);
      const { error } = (await response.json()) as { error: string };
      assert.match(error, /^Expected \{"handled": true\} or \{"handled": false\}\. Unknown key\(s\) "unknown0", "unknown1", /);
      assert.equal(error.length, 1001);
      assert.ok(error.endsWith('…'));
    });

    it('answers other methods and paths with a JSON 405 or 404', async () => {
      const handle = handler();
      const put = await handle(new Request('http://collector.test/api/responses', { method: 'PUT', body: '{}' }));
      const unknown = await handle(new Request('http://collector.test/api/answers'));

      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET, HEAD, POST', 'RFC 9110: a 405 names the methods that work');
      assert.equal(unknown.status, 404);
      assert.match(((await unknown.json()) as { error: string }).error, /No collector endpoint GET \/api\/answers/);
    });

    it('answers 405 with Allow to a method the public read-only paths do not take', async () => {
      const handle = handler();

      for (const path of ['/api/health', '/api/surveys', '/api/surveys/service-quality']) {
        const response = await handle(new Request(`http://collector.test${path}`, { method: 'POST', body: '{}' }));
        assert.equal(response.status, 405, path);
        assert.equal(response.headers.get('allow'), 'GET, HEAD', path);
        assert.deepEqual(await response.json(), { error: 'Use GET.' }, path);
      }
    });

    it('answers a path outside /api/ with the same JSON 404 and headers as one inside it', async () => {
      const handle = handler();

      for (const [method, path] of [['GET', '/nope'], ['GET', '/API/report'], ['GET', '/'], ['HEAD', '/nope'], ['GET', '/api/nope']]) {
        const response = await handle(new Request(`http://collector.test${path}`, { method }));
        const label = `${method} ${path}`;
        assert.equal(response.status, 404, label);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/, label);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', label);
        assert.equal(response.headers.get('cache-control'), 'no-store', label);
        if (method === 'GET') assert.deepEqual(await response.json(), { error: `No collector endpoint GET ${path}.` }, label);
      }
    });

    describe('rate limit', () => {
      it('limits by the peer address under the Node adapter, and never puts all senders in one bucket', async () => {
        const handle = handler({ rateLimit: 1 });
        const peer = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

        const first = await handle(post({ records: [answer()] }), peer('192.0.2.1'));
        const second = await handle(post({ records: [answer()] }), peer('192.0.2.1'));
        const otherPeer = await handle(post({ records: [answer()] }), peer('192.0.2.2'));
        const unknown = await Promise.all([1, 2, 3].map(() => handle(post({ records: [answer()] }))));

        assert.deepEqual([first.status, second.status, otherPeer.status], [200, 429, 200]);
        assert.deepEqual(unknown.map(r => r.status), [200, 200, 200], 'no key, no shared limit');
      });

      it('counts only the answers sent: staff reading them from the same address use none of it', async () => {
        const handle = handler({ rateLimit: 1, clientKey: () => 'office-nat' });

        const reads = await Promise.all([1, 2, 3].map(() => handle(read(''))));
        const sent = await handle(post({ records: [answer()] }));
        const again = await handle(post({ records: [answer()] }));

        assert.deepEqual(reads.map(r => r.status), [200, 200, 200]);
        assert.deepEqual([sent.status, again.status], [200, 429]);
      });

      it('answers 429 with Retry-After once a client used its requests, and not for others', async () => {
        let now = 0;
        const handle = handler({ rateLimit: 3, now: () => now, clientKey: request => request.headers.get('x-client') ?? '' });
        const from = (client: string) => handle(post({ records: [answer()] }, { 'x-client': client }));

        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await from('kiosk-1')).status);
        const limited = await from('kiosk-1');
        const other = await from('kiosk-2');
        now += 20_000; // a third of a minute refills one request
        const later = await from('kiosk-1');

        assert.deepEqual(statuses, [200, 200, 200, 429]);
        assert.equal(limited.headers.get('retry-after'), '20');
        assert.equal(other.status, 200);
        assert.equal(later.status, 200);
      });
    });

    it('answers 503 with Retry-After when the database fails, logs no answer, and keeps serving', async () => {
      let down = true;
      // Database errors can carry the query's parameters, here the comment: it must not reach the log.
      const failure = (records: { answers: object }[]) =>
        Object.assign(new Error(`connection lost, params: ${JSON.stringify(records[0]!.answers)}`), { code: '08006' });
      const flaky: SqlStore = Object.create(store, {
        insertResponses: {
          value: (records: Parameters<SqlStore['insertResponses']>[0]) => (down ? Promise.reject(failure(records)) : store.insertResponses(records)),
        },
      });
      const lines: string[] = [];
      const handle = handler({ store: flaky, log: line => lines.push(line) });

      const failed = await handle(post({ records: [answer({ answers: { ...answer().answers, comment: 'Geheim verhaal' } })] }));
      down = false;
      const recovered = await handle(post({ records: [answer()] }));

      assert.equal(failed.status, 503);
      assert.equal(failed.headers.get('retry-after'), '30');
      assert.match(((await failed.json()) as { error: string }).error, /try again later/);
      assert.equal(recovered.status, 200);
      assert.deepEqual(lines, ['request failed: Error 08006', '1 accepted, 0 duplicate, 0 rejected']);
    });
  });
}
