import { expect } from '@open-wc/testing';
import { loadSurvey } from '../../src/net/survey-source.js';
import { createFetchTransport, createShownSender, KEEPALIVE_BUDGET, requestBody, UNLOAD_CHUNK_BYTES, unloadChunks, type SendResult } from '../../src/queue/transport.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import { ledgerKey, ledgerUrl, read, script, type LedgerRequest } from '../helpers/ledger-client.js';

function record(changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'kiosk',
    locale: 'nl',
    answers: { reliability: 4, nps: 9, comment: 'Vriendelijk onthaal, “snel” geholpen ✓' },
    submittedAt: '2024-03-14T09:30:00.000Z',
    context: { office: 'Gent' },
    ...changes,
  };
}

type Failure = Extract<SendResult, { ok: false }>;

/** A ledger of its own per test, so concurrent runs never read each other's requests. */
function newLedger(): { key: string; url: string } {
  const key = ledgerKey('transport');
  return { key, url: ledgerUrl(key) };
}

const COOKIE = 'feedback_loop_transport_session';

describe('createFetchTransport()', () => {
  describe('request', () => {
    it('sends exactly requestBody(records): {"records":[…]}', async () => {
      const { key, url } = newLedger();
      const records = [record(), record({ channel: 'web' })];

      await createFetchTransport(url)(records);

      const { requests } = await read(key);
      expect(requests.map(r => r.body)).to.deep.equal([requestBody(records)]);
      expect(JSON.parse(requests[0]!.body)).to.deep.equal({ records });
      expect(requests[0]!.bytes).to.equal(new TextEncoder().encode(requestBody(records)).length);
    });

    it('posts a text/plain body, so cross-origin endpoints need no preflight', async () => {
      const { key, url } = newLedger();

      await createFetchTransport(url)([record()]);

      const [request] = (await read(key)).requests;
      expect(request!.contentType.split(';')[0]!.trim().toLowerCase()).to.equal('text/plain');
    });

    it('reaches a cross-origin endpoint without a preflight', async () => {
      // The test server answers no CORS headers: a preflight would fail, and the POST would never arrive.
      const { key } = newLedger();
      const crossOrigin = `${location.protocol}//127.0.0.1:${location.port}${ledgerUrl(key)}`;
      expect(location.hostname, 'the page itself runs on another host name').to.not.equal('127.0.0.1');
      const records = [record()];

      const result = await createFetchTransport(crossOrigin)(records);

      expect(result.ok, 'the answer is unreadable without CORS headers').to.equal(false);
      expect((await read(key)).requests.map(r => r.body)).to.deep.equal([requestBody(records)]);
    });

    it('sends the same bytes again on a retry of the same records', async () => {
      const { key, url } = newLedger();
      const send = createFetchTransport(url);
      const records = [record(), record()];
      await script(key, [{ status: 500 }]);

      const first = await send(records, { attempt: 1 });
      const second = await send(records, { attempt: 2 });

      expect(first.ok).to.equal(false);
      expect(second.ok).to.equal(true);
      const { requests } = await read(key);
      expect(requests).to.have.length(2);
      expect(requests[1]!.body).to.equal(requests[0]!.body);
      expect(requests[1]!.ids).to.deep.equal(records.map(r => r.id));
    });

    describe('sentAt and attempt in the query (S33)', () => {
      const query = (request: LedgerRequest) => new URL(request.url, location.href).searchParams;

      it('gives every attempt the device clock at that request and its number; the body stays byte-identical', async () => {
        const { key, url } = newLedger();
        const send = createFetchTransport(url);
        const records = [record(), record()];
        await script(key, [{ status: 500 }, { status: 503 }]);

        const windows: Array<[number, number]> = [];
        for (const attempt of [1, 2, 3]) {
          const before = Date.now();
          await send(records, { attempt });
          windows.push([before, Date.now()]);
        }

        const { requests } = await read(key);
        expect(requests.map(r => r.answer)).to.deep.equal(['status', 'status', 'default']);
        expect(requests.map(r => query(r).get('attempt'))).to.deep.equal(['1', '2', '3']);
        for (const [i, request] of requests.entries()) {
          const sentAt = query(request).get('sentAt')!;
          expect(sentAt, 'ISO 8601 in UTC').to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          expect(Date.parse(sentAt), `attempt ${i + 1} is stamped when it is sent`).to.be.within(windows[i]![0], windows[i]![1]);
        }
        expect(new Set(requests.map(r => r.body)).size, 'byte-identical bodies').to.equal(1);
      });

      it('reads sentAt from the clock it is given, afresh for every request', async () => {
        const { key, url } = newLedger();
        const times = [Date.UTC(2000, 0, 1, 0, 5), Date.UTC(2000, 0, 1, 0, 9)];
        const send = createFetchTransport(url, { now: () => times.shift()! });

        await send([record()]);
        await send([record()], { attempt: 2 });

        const sent = (await read(key)).requests.map(r => [query(r).get('sentAt'), query(r).get('attempt')]);
        expect(sent).to.deep.equal([
          ['2000-01-01T00:05:00.000Z', '1'],
          ['2000-01-01T00:09:00.000Z', '2'],
        ]);
      });

      it("keeps the endpoint's own query, and takes a URL object", async () => {
        const { key, url } = newLedger();
        const endpoint = new URL(`${url}?office=gent&note=a%20b%26c#top`, location.href);

        await createFetchTransport(endpoint)([record()]);
        await createFetchTransport(`${url}?office=gent`)([record()]);

        const [withUrl, withString] = (await read(key)).requests;
        const params = query(withUrl!);
        expect([...params.keys()]).to.deep.equal(['office', 'note', 'sentAt', 'attempt']);
        expect([params.get('office'), params.get('note'), params.get('attempt')]).to.deep.equal(['gent', 'a b&c', '1']);
        expect([...query(withString!).keys()]).to.deep.equal(['office', 'sentAt', 'attempt']);
        expect(new URL(withUrl!.url, location.href).pathname).to.equal(url);
      });
    });

    describe('with a cookie on the page', () => {
      beforeEach(() => {
        document.cookie = `${COOKIE}=abc123; path=/`;
      });

      afterEach(() => {
        document.cookie = `${COOKIE}=; path=/; max-age=0`;
      });

      it('sends no cookie (credentials omitted)', async () => {
        const { key, url } = newLedger();
        // Control: an ordinary same-origin request does carry the cookie.
        await fetch(url, { method: 'POST', body: requestBody([record()]) });

        await createFetchTransport(url)([record()]);

        const [control, request] = (await read(key)).requests;
        expect(control!.cookie).to.include(`${COOKIE}=abc123`);
        expect(request!.cookie).to.equal('');
      });
    });
  });

  describe('keepalive (S17)', () => {
    /** The real fetch, with a note of whether each request asked to outlive the page. */
    function recordingFetch() {
      const keepalive: boolean[] = [];
      const doFetch: typeof fetch = (input, init) => {
        keepalive.push(init?.keepalive === true);
        return fetch(input, init);
      };
      return { doFetch, keepalive };
    }

    it('asks for keepalive while the bodies in flight stay within the 60 kB budget', async () => {
      const { key, url } = newLedger();
      const { doFetch, keepalive } = recordingFetch();
      const send = createFetchTransport(url, { fetch: doFetch });
      const result = await send([record()], { keepalive: true });
      expect(result.ok).to.equal(true);
      expect(keepalive).to.deep.equal([true]);
      expect((await read(key)).requests).to.have.length(1);
    });

    it('sends a body over the budget without keepalive, and it still arrives', async () => {
      const { key, url } = newLedger();
      const { doFetch, keepalive } = recordingFetch();
      const big = Array.from({ length: 16 }, () => record({ answers: { comment: 'x'.repeat(4900) } }));
      expect(requestBody(big).length).to.be.above(KEEPALIVE_BUDGET);
      const result = await createFetchTransport(url, { fetch: doFetch })(big, { keepalive: true });
      expect(result.ok).to.equal(true);
      expect(keepalive).to.deep.equal([false]);
      expect((await read(key)).requests[0]!.ids).to.have.length(16);
    });

    it('splits an unload send into requests of at most 50 kB of UTF-8, each as full as it can be, in order', () => {
      const chars = ['a', 'é', '€', '😀'];
      let seed = 7;
      const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const items = Array.from({ length: 80 }, () => ({
        record: record({ answers: { comment: Array.from({ length: Math.floor(random() * 3000) }, () => chars[Math.floor(random() * 4)]).join('') } }),
      }));
      const bytes = (chunk: typeof items) => new TextEncoder().encode(requestBody(chunk.map(item => item.record))).length;

      const chunks = unloadChunks(items);

      expect(chunks.flat(), 'every answer once, in order').to.deep.equal(items);
      expect(chunks.length, 'the test spans several requests').to.be.above(3);
      for (const [i, chunk] of chunks.entries()) {
        expect(bytes(chunk), `request ${i + 1}`).to.be.at.most(UNLOAD_CHUNK_BYTES);
        const next = chunks[i + 1]?.[0];
        if (next) expect(bytes([...chunk, next]), `request ${i + 1} could not take the next answer`).to.be.above(UNLOAD_CHUNK_BYTES - 1);
      }
      // Two answers whose request body is `total` bytes: the envelope and the comma count too.
      const pair = (total: number) => {
        const second = record({ answers: { comment: '' } });
        const pairOf = () => [items[0]!, { record: second }];
        second.answers.comment = 'x'.repeat(total - bytes(pairOf()));
        return pairOf();
      };
      expect(bytes(pair(49_999))).to.equal(49_999);
      expect(unloadChunks(pair(49_999)).length, 'a body of 49,999 bytes goes as one').to.equal(1);
      expect(unloadChunks(pair(50_001)).length, 'a body of 50,001 bytes is split').to.equal(2);
      const huge = { record: record({ answers: { comment: '€'.repeat(20_000) } }) };
      expect(unloadChunks([items[0]!, huge, items[1]!]).map(chunk => chunk.length), 'a record over 50 kB goes alone').to.deep.equal([1, 1, 1]);
    });

    it('shares the budget between requests in flight: the one that would exceed it goes without keepalive', async () => {
      const { key, url } = newLedger();
      await script(key, [{ delayMs: 300 }, { delayMs: 300 }]);
      const { doFetch, keepalive } = recordingFetch();
      const send = createFetchTransport(url, { fetch: doFetch });
      const half = () => Array.from({ length: 8 }, () => record({ answers: { comment: 'y'.repeat(4500) } }));
      const results = await Promise.all([send(half(), { keepalive: true }), send(half(), { keepalive: true })]);
      expect(results.map(r => r.ok)).to.deep.equal([true, true]);
      expect(keepalive).to.deep.equal([true, false]);
      // Once both are back, the budget is free again.
      await send([record()], { keepalive: true });
      expect(keepalive[2]).to.equal(true);
    });
  });

  describe('headers', () => {
    it('adds headers given as an object', async () => {
      const { key, url } = newLedger();

      await createFetchTransport(url, { headers: { authorization: 'Bearer fixed' } })([record()]);

      const [request] = (await read(key)).requests;
      expect(request!.headers.authorization).to.equal('Bearer fixed');
    });

    it('asks a function for headers on every request, with the attempt number', async () => {
      const { key, url } = newLedger();
      const asked: number[] = [];
      const send = createFetchTransport(url, {
        headers: ({ attempt }) => {
          asked.push(attempt);
          return { authorization: `Bearer sync-${attempt}` };
        },
      });

      await send([record()], { attempt: 1 });
      await send([record()], { attempt: 3 });

      expect(asked).to.deep.equal([1, 3]);
      expect((await read(key)).requests.map(r => r.headers.authorization)).to.deep.equal(['Bearer sync-1', 'Bearer sync-3']);
    });

    it('waits for an async headers provider (a fresh token)', async () => {
      const { key, url } = newLedger();
      const headers = async () => {
        await Promise.resolve();
        return new Headers({ authorization: 'Bearer async' });
      };

      const result = await createFetchTransport(url, { headers })([record()]);

      expect(result.ok).to.equal(true);
      expect((await read(key)).requests[0]!.headers.authorization).to.equal('Bearer async');
    });

    it('keeps the body text/plain even when the provider asks for another content type', async () => {
      const { key, url } = newLedger();

      await createFetchTransport(url, { headers: { 'content-type': 'application/json' } })([record()]);

      expect((await read(key)).requests[0]!.contentType.split(';')[0]!.trim().toLowerCase()).to.equal('text/plain');
    });

    it("reports a provider that throws as reason 'headers' and sends nothing", async () => {
      const { key, url } = newLedger();
      const send = createFetchTransport(url, {
        headers: () => {
          throw new Error('token service down');
        },
      });

      const result = await send([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'headers', retryable: true });
      expect((await read(key)).requests).to.deep.equal([]);
    });

    it('refuses static headers no request can carry when it is made, naming the header but not its value', () => {
      const cases: Array<[unknown, string]> = [
        [{ 'X Api Key': 'secret' }, 'Header "X Api Key" cannot be sent'],
        [{ authorization: 'Bearer sec\nret' }, 'Header "authorization" cannot be sent'],
        [[['x-ok', '1'], ['x-tenant', 'Gent \u{1F600} secret']], 'Header "x-tenant" cannot be sent'],
        ['authorization: secret', 'Header "" cannot be sent'], // not headers at all
      ];
      for (const [headers, message] of cases) {
        const make = () => createFetchTransport('/api/test/ok', { headers: headers as HeadersInit });
        expect(make, message).to.throw(TypeError, message);
        expect(make, 'never the value, which may be a token').not.to.throw(/secret|sec\nret/);
      }
    });

    it('sends no extra headers for headers set to null, as a framework leaves an unset prop', async () => {
      const { key, url } = newLedger();

      const result = await createFetchTransport(url, { headers: null as unknown as HeadersInit })([record()]);

      expect(result.ok).to.equal(true);
      expect((await read(key)).requests).to.have.length(1);
    });

    it("reports a provider that rejects as reason 'headers'", async () => {
      const { url } = newLedger();

      const result = await createFetchTransport(url, { headers: () => Promise.reject(new Error('no token')) })([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'headers', retryable: true });
    });
  });

  describe('acknowledgement', () => {
    it('reads per-item results: accepted, duplicate and rejected with its reason', async () => {
      const { key, url } = newLedger();
      const [a, b, c] = [record(), record(), record()];
      await fetch(url, { method: 'POST', body: requestBody([b!]) }); // the collector has b already
      await script(key, [{ rejectIds: [c!.id] }]);

      const result = await createFetchTransport(url)([a!, b!, c!]);

      expect(result).to.deep.equal({
        ok: true,
        results: [
          { id: a!.id, status: 'accepted' },
          { id: b!.id, status: 'duplicate' },
          { id: c!.id, status: 'rejected', reason: 'invalid answer (ledger script)' },
        ],
      });
    });

    it('takes the readable results and leaves an unreadable one unacknowledged, without holding back the others', async () => {
      const { key, url } = newLedger();
      const [one, two, three] = [record(), record(), record()];
      const results = [
        { id: one!.id, status: 'probably' },
        { id: two!.id, status: 'rejected', reason: `stack trace ${'x'.repeat(5000)}` },
        { id: three!.id, status: 'accepted' },
      ];
      await script(key, [{ status: 200, body: { results } }]);

      const result = await createFetchTransport(url)([one!, two!, three!]);

      expect(result).to.deep.equal({
        ok: true,
        results: [
          { id: two!.id, status: 'rejected', reason: `stack trace ${'x'.repeat(5000)}`.slice(0, 2000) },
          { id: three!.id, status: 'accepted' },
        ],
      });
    });

    it('reports a results field that is not a list as not acknowledged', async () => {
      const { key, url } = newLedger();
      await script(key, [{ status: 200, body: { results: 'all good' } }]);

      const result = await createFetchTransport(url)([record()]);

      expect(result).to.deep.include({ ok: false, reason: 'not-acknowledged', retryable: true });
    });

    // S13: only the endpoint's own acknowledgement deletes answers. A proxy, gateway or service
    // worker answering 200 in its place would otherwise take them for good.
    const unacknowledging: Array<[string, number, (ids: string[]) => unknown, string?]> = [
      ['a plain "OK" (a proxy\'s own answer)', 200, () => 'OK', 'text/plain'],
      ['JSON without results (a gateway\'s {"message":…})', 200, () => ({ message: 'Forbidden' })],
      ['JSON without results ({"stored":1})', 201, () => ({ stored: 1 })],
      ['an "accepted" list of ids, which is not the contract\'s shape', 200, ids => ({ accepted: ids })],
    ];
    for (const [what, status, bodyOf, contentType] of unacknowledging) {
      it(`does not take a 2xx with ${what} as an acknowledgement`, async () => {
        const { key, url } = newLedger();
        const records = [record(), record()];
        await script(key, [{ status, body: bodyOf(records.map(r => r.id)), ...(contentType ? { contentType } : {}) }]);

        const result = await createFetchTransport(url)(records);

        expect(result).to.deep.equal({ ok: false, reason: 'not-acknowledged', retryable: true, status });
      });
    }

    it('takes a 204 without a body as acknowledging the whole batch', async () => {
      const { key, url } = newLedger();
      const records = [record(), record()];
      await script(key, [{ status: 204 }]);

      const result = await createFetchTransport(url)(records);

      expect(result).to.deep.equal({ ok: true, ids: records.map(r => r.id) });
    });

    it('does not take an empty 200 that calls itself an HTML page as an acknowledgement', async () => {
      const { key, url } = newLedger();
      await script(key, [{ status: 200, body: '', contentType: 'text/html' }]);

      const result = await createFetchTransport(url)([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'not-acknowledged', retryable: true, status: 200 });
    });

    it('takes a 200 with an empty body as acknowledging the whole batch', async () => {
      const { key, url } = newLedger();
      const records = [record()];
      await script(key, [{ status: 200, body: '' }]);

      const result = await createFetchTransport(url)(records);

      expect(result).to.deep.equal({ ok: true, ids: records.map(r => r.id) });
    });

    it('does not take an HTML page (a captive portal) as an acknowledgement', async () => {
      const { key, url } = newLedger();
      await script(key, [{ html: true }]);

      const result = await createFetchTransport(url)([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'not-acknowledged', retryable: true, status: 200 });
    });

    it('does not take a 2xx whose acknowledgement is cut off as delivered', async () => {
      // The status line arrived, the per-item results did not: some item may have been rejected.
      const { key, url } = newLedger();
      await script(key, [{ truncate: true }]);

      const result = await createFetchTransport(url)([record()]);

      expect(result.ok, JSON.stringify(result)).to.equal(false);
      expect((result as Failure).retryable).to.equal(true);
    });

    it('takes 409 for a single record as "the endpoint already has it"', async () => {
      const { key, url } = newLedger();
      const one = record();
      await script(key, [{ status: 409, body: { error: 'duplicate id' } }]);

      const result = await createFetchTransport(url)([one]);

      expect(result).to.deep.equal({ ok: true, results: [{ id: one.id, status: 'duplicate' }] });
    });

    it('does not take 409 for a batch as a duplicate of every record', async () => {
      const { key, url } = newLedger();
      await script(key, [{ status: 409 }]);

      const result = await createFetchTransport(url)([record(), record()]);

      expect(result).to.deep.include({ ok: false, reason: 'http', status: 409, retryable: false });
    });

    for (const status of [400, 422]) {
      it(`takes the per-record reasons of a ${status} that names its records`, async () => {
        // The reference collector answers 422 when no record of a batch could be stored.
        const { key, url } = newLedger();
        const [first, second] = [record(), record()];
        const results = [
          { id: first.id, status: 'rejected', reason: 'answers.nps: outside the question’s scale' },
          { id: second.id, status: 'rejected', reason: 'Unknown survey "x" version 1' },
        ];
        await script(key, [{ status, body: { error: 'No record could be stored', results } }]);

        const result = await createFetchTransport(url)([first, second]);

        expect(result).to.deep.equal({ ok: true, results, status });
      });
    }

    it('splits a 400 whose results name only records of another request, instead of sending it as is again', async () => {
      const { key, url } = newLedger();
      const [first, second] = [record(), record()];
      const results = [{ id: crypto.randomUUID(), status: 'rejected', reason: 'not in this request' }];
      await script(key, [{ status: 400, body: { results } }]);

      const result = await createFetchTransport(url)([first, second]);

      expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: false, status: 400 });
    });

    it('takes the reasons of a 400 that names its records in capitals', async () => {
      const { key, url } = newLedger();
      const [first, second] = [record(), record()];
      const results = [{ id: first.id.toUpperCase(), status: 'rejected', reason: 'answers.nps: outside the question’s scale' }];
      await script(key, [{ status: 400, body: { results } }]);

      const result = await createFetchTransport(url)([first, second]);

      expect(result).to.deep.equal({ ok: true, results, status: 400 });
    });

    it('takes nothing in a 422 as delivered, even what it calls accepted', async () => {
      // An all-or-nothing endpoint may mark the valid records "accepted" while storing none of them.
      const { key, url } = newLedger();
      const [valid, invalid] = [record(), record()];
      const results = [
        { id: valid.id, status: 'accepted' },
        { id: invalid.id, status: 'rejected', reason: 'answers.nps: too big' },
      ];
      await script(key, [{ status: 422, body: { results } }]);

      const result = await createFetchTransport(url)([valid, invalid]);

      expect(result).to.deep.equal({ ok: true, results: [results[1]], status: 422 });
    });

    it('still splits on a 422 whose body names no records', async () => {
      const { key, url } = newLedger();
      await script(key, [{ status: 422, body: { error: 'invalid', results: [] } }]);

      const result = await createFetchTransport(url)([record(), record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: false, status: 422 });
    });
  });

  describe('HTTP failures', () => {
    for (const status of [500, 503, 429, 408, 425]) {
      it(`reports ${status} as a failure worth retrying`, async () => {
        const { key, url } = newLedger();
        await script(key, [{ status }]);

        const result = await createFetchTransport(url)([record()]);

        expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: true, status });
      });
    }

    for (const status of [400, 401, 403, 404, 410, 413, 422]) {
      it(`reports ${status} as a failure not worth retrying as is`, async () => {
        const { key, url } = newLedger();
        await script(key, [{ status }]);

        const result = await createFetchTransport(url)([record()]);

        expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: false, status });
      });
    }

    it('reads Retry-After in seconds as retryAfterMs', async () => {
      const { key, url } = newLedger();
      await script(key, [{ status: 503, headers: { 'Retry-After': '120' } }]);

      const result = await createFetchTransport(url)([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: true, status: 503, retryAfterMs: 120_000 });
    });

    it('reads Retry-After as an HTTP date', async () => {
      const { key, url } = newLedger();
      const at = new Date(Date.now() + 10 * 60_000).toUTCString();
      await script(key, [{ status: 429, headers: { 'Retry-After': at } }]);

      const result = (await createFetchTransport(url)([record()])) as Failure;

      expect(result.status).to.equal(429);
      // The date has whole seconds: between 9 and 10 minutes from now.
      expect(result.retryAfterMs).to.be.within(9 * 60_000, 10 * 60_000);
    });

    it('ignores a garbage Retry-After (normal backoff applies)', async () => {
      const { key, url } = newLedger();
      await script(key, [{ status: 503, headers: { 'Retry-After': 'soon-ish' } }]);

      const result = await createFetchTransport(url)([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: true, status: 503 });
    });

    it("reports a redirect as reason 'redirect', never follows it and never takes it as delivered", async () => {
      // The ledger redirects to itself: following the 307 would store the record.
      const { key, url } = newLedger();
      await script(key, [{ redirect: true }]);

      const result = (await createFetchTransport(url)([record()])) as Failure;

      expect(result.ok).to.equal(false);
      expect(result.reason).to.equal('redirect');
      expect(result.retryable).to.equal(false);
      const ledger = await read(key);
      expect(ledger.requests, 'the redirect was not followed').to.have.length(1);
      expect(ledger.accepted).to.deep.equal({});
    });
  });

  describe('no answer', () => {
    it('reports a connection reset as a network failure', async () => {
      const { key, url } = newLedger();
      // Several resets: a browser may retry a reset on a reused connection by itself once.
      await script(key, Array.from({ length: 8 }, () => ({ reset: true as const })));

      const result = await createFetchTransport(url)([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'network', retryable: true });
    });

    it('reports a refused connection as a network failure', async () => {
      const result = await createFetchTransport('http://127.0.0.1:9/api/responses')([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'network', retryable: true });
    });

    it('gives up after timeoutMs', async () => {
      // The ledger answers after two seconds; without the timeout this would succeed.
      const { key, url } = newLedger();
      await script(key, [{ delayMs: 2000 }]);

      const result = await createFetchTransport(url, { timeoutMs: 50 })([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'timeout', retryable: true });
    });

    it('reports an already aborted signal as aborted', async () => {
      const { url } = newLedger();

      const result = await createFetchTransport(url)([record()], { signal: AbortSignal.abort() });

      expect(result).to.deep.equal({ ok: false, reason: 'aborted', retryable: true });
    });

    it('stops a pending request when the signal aborts', async () => {
      const { key, url } = newLedger();
      await script(key, [{ delayMs: 2000 }]);
      const controller = new AbortController();

      const pending = createFetchTransport(url)([record()], { signal: controller.signal });
      controller.abort();

      expect(await pending).to.deep.equal({ ok: false, reason: 'aborted', retryable: true });
    });
  });

  describe('an answer it does not read', () => {
    it('reads out its body (a 503, a 401, a 409), so the request ends instead of staying open until the timeout', async () => {
      for (const status of [503, 401, 409]) {
        const { fetch, responses, stop } = watched();
        const only = record();
        const result = await createFetchTransport(`/api/test/trickle/${status}/${crypto.randomUUID()}`, { fetch })([only]);
        const expected: SendResult =
          status === 409 ? { ok: true, results: [{ id: only.id, status: 'duplicate' }] } : { ok: false, reason: 'http', retryable: status === 503, status };
        expect(result, String(status)).to.deep.equal(expected);
        expect(responses[0]!.bodyUsed, `the ${status} body is read out`).to.equal(true);
        stop();
      }
    });
  });
});

describe('createShownSender()', () => {
  it("reads out the answer's body, which it does not need, whatever the status", async () => {
    for (const [status, outcome] of [[200, 'done'], [503, 'retry']] as const) {
      const { fetch, responses, stop } = watched();
      const send = createShownSender(`/api/test/trickle/${status}/${crypto.randomUUID()}`, { fetch });
      expect(await send([{ id: crypto.randomUUID(), surveyId: 'service-quality', surveyVersion: 1, channel: 'web', day: '2026-12-06' }])).to.equal(outcome);
      expect(responses[0]!.bodyUsed, `the ${status} body is read out`).to.equal(true);
      stop();
    }
  });
});

/**
 * The browser's own fetch, keeping each Response. The answers come from /api/test/trickle, whose
 * body takes 5 s: a body left unread keeps the request open until the timeout aborts it (in
 * Chromium it shows as pending, so a page never reaches network idle); one read out ends.
 */
function watched(): { fetch: typeof fetch; responses: Response[]; stop: () => void } {
  const responses: Response[] = [];
  // Stops the slow bodies once checked: the browser has 6 connections per host, and the next tests need them.
  const stopped = new AbortController();
  return {
    responses,
    stop: () => stopped.abort(),
    fetch: async (input, init) => {
      const signal = init?.signal ? AbortSignal.any([init.signal, stopped.signal]) : stopped.signal;
      const response = await globalThis.fetch(input, { ...init, signal });
      responses.push(response);
      return response;
    },
  };
}

describe('loadSurvey()', () => {
  it('loads and validates a survey definition', async () => {
    const result = await loadSurvey('/api/test/survey/email');

    expect(result.ok).to.equal(true);
    const survey = result.ok ? result.survey : undefined;
    expect(survey?.id).to.equal('email-answer');
    expect(survey?.version).to.equal(2);
    expect(survey?.questions.map(q => q.id)).to.deep.equal(['speed', 'professionalism', 'clarity', 'attention']);
  });

  it('reports an invalid definition with its issues', async () => {
    const result = await loadSurvey('/api/test/survey/invalid');

    expect(result.ok).to.equal(false);
    expect(result.ok || result.kind).to.equal('invalid');
    const issues = !result.ok && result.kind === 'invalid' ? result.issues : [];
    expect(issues.map(issue => issue.path.join('.'))).to.include.members(['version', 'questions.0.kind']);
    expect(result.ok || result.message).to.include('/api/test/survey/invalid');
  });

  it('reports a missing definition as a load failure with its status', async () => {
    const result = await loadSurvey('/api/test/survey/missing');

    expect(result).to.deep.include({ ok: false, kind: 'load', status: 404, retryable: false });
  });

  it('reads out the body of a failed load, which it does not need', async () => {
    const { fetch, responses, stop } = watched();
    expect(await loadSurvey(`/api/test/trickle/503/${crypto.randomUUID()}`, { fetch })).to.deep.include({ ok: false, kind: 'load', status: 503, retryable: true });
    expect(responses[0]!.bodyUsed).to.equal(true);
    stop();
  });

  it('reports a response that is not JSON as a load failure', async () => {
    const result = await loadSurvey('/api/test/survey/not-json');

    expect(result.ok).to.equal(false);
    expect(result.ok || result.kind).to.equal('load');
    expect(result.ok || result.message).to.include('/api/test/survey/not-json');
    expect(result, 'the same file would fail again').to.deep.include({ retryable: false });
  });

  it('reports an unreachable server as a load failure worth trying again', async () => {
    const result = await loadSurvey('http://127.0.0.1:9/survey.json');

    expect(result).to.deep.include({ ok: false, kind: 'load', retryable: true });
  });

  it('gives up after timeoutMs, also while the body is still coming', async () => {
    const result = await loadSurvey(`/api/test/trickle/200/${crypto.randomUUID()}`, { timeoutMs: 200 });

    expect(result).to.deep.include({ ok: false, kind: 'load', retryable: true });
    expect(result.ok || result.message).to.match(/^No answer from \/api\/test\/trickle\/200\/.+ within 0\.2 s$/);
  });
});
