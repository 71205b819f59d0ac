import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredResponse } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, ORIGIN, post, read, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';
import { emailSurvey } from '../helpers/email-survey.mjs';
import { OBJECT_NAMED_SURVEY } from '../helpers/object-named-survey.js';

const SURVEYS: Survey[] = [defaultSurvey(), emailSurvey() as Survey];

interface Ack {
  error?: string;
  results?: { id: string; status: string; reason?: string }[];
}

for (const kind of STORE_KINDS) {
  describe(`POST /api/responses on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(SURVEYS);
      handle = createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0 });
    });
    after(() => store.close());

    async function send(request: Request): Promise<{ status: number; body: Ack; response: Response }> {
      const response = await handle(request);
      return { status: response.status, body: (await response.json()) as Ack, response };
    }

    async function stored(ids: string[]): Promise<StoredResponse[]> {
      const response = await handle(read(`?ids=${ids.join(',')}&limit=1000`));
      assert.equal(response.status, 200);
      return ((await response.json()) as { responses: StoredResponse[] }).responses;
    }

    it('stores a batch and acknowledges every record as accepted', async () => {
      const records = [answer(), answer({ channel: 'kiosk', context: { office: 'brugge', team: 'consult-1' } }), answer()];

      const { status, body } = await send(post({ records }));

      assert.equal(status, 200);
      assert.deepEqual(body.results, records.map(r => ({ id: r.id, status: 'accepted' })));
      const rows = await stored(records.map(r => r.id));
      assert.equal(rows.length, 3);
      const kiosk = rows.find(row => row.id === records[1]!.id)!;
      assert.deepEqual(
        { surveyId: kiosk.surveyId, surveyVersion: kiosk.surveyVersion, channel: kiosk.channel, locale: kiosk.locale, context: kiosk.context, answers: kiosk.answers, submittedAt: kiosk.submittedAt },
        { surveyId: 'service-quality', surveyVersion: 1, channel: 'kiosk', locale: 'nl', context: { office: 'brugge', team: 'consult-1' }, answers: records[1]!.answers, submittedAt: records[1]!.submittedAt },
      );
      assert.ok(Date.now() - Date.parse(kiosk.receivedAt) < 60_000, 'receivedAt is the server clock');
    });

    it('keeps answers waiting (503) when the server never registered its surveys in the database, and takes them once it has', async () => {
      // A server of your own that skipped store.registerSurveys(): the answers are fine, the setup is not.
      const bare = await kind.open();
      const logged: string[] = [];
      try {
        const unregistered = createHandler({ store: bare, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0, log: line => logged.push(line) });
        const record = answer();
        const refused = await unregistered(post({ records: [record] }));
        assert.equal(refused.status, 503, 'a 4xx would make the browser give the answer up for good');
        assert.equal(refused.headers.get('retry-after'), '30');
        assert.match(logged.join('\n'), /SurveyNotRegisteredError/, 'the log names the cause');

        await bare.registerSurveys(SURVEYS);
        const taken = await unregistered(post({ records: [record] }));
        assert.equal(taken.status, 200);
        assert.deepEqual(((await taken.json()) as Ack).results, [{ id: record.id, status: 'accepted' }]);
      } finally {
        await bare.close();
      }
    });

    it('counts an answer from a device clock more than a day ahead when it arrived, and one less ahead as sent', async () => {
      const hour = 3_600_000;
      const [far, near] = [answer({ submittedAt: '2099-06-01T00:00:00.000Z' }), answer({ submittedAt: new Date(Date.now() + 23 * hour).toISOString() })];

      const { body } = await send(post({ records: [far, near] }));

      assert.deepEqual(body.results!.map(r => r.status), ['accepted', 'accepted']);
      const rows = await stored([far.id, near.id]);
      const farRow = rows.find(row => row.id === far.id)!;
      assert.ok(Math.abs(Date.parse(farRow.submittedAt) - Date.parse(farRow.receivedAt)) < 60_000, `${farRow.submittedAt} is about ${farRow.receivedAt}`);
      assert.equal(rows.find(row => row.id === near.id)!.submittedAt, near.submittedAt);
    });

    it('answers a replay with duplicate and keeps one row per id', async () => {
      const records = [answer(), answer()];
      await send(post({ records }));

      const replay = await send(post({ records: [records[1], answer(), records[0]] }));

      assert.equal(replay.status, 200);
      assert.deepEqual(replay.body.results!.map(r => r.status), ['duplicate', 'accepted', 'duplicate']);
      assert.equal((await stored(records.map(r => r.id))).length, 2);
    });

    it('keeps the first version when a replay carries other answers under the same id', async () => {
      const first = answer({ answers: { ...answer().answers, nps: 10 } });
      await send(post({ records: [first] }));

      const { body } = await send(post({ records: [{ ...first, answers: { ...first.answers, nps: 0 } }] }));

      assert.equal(body.results![0]!.status, 'duplicate');
      assert.equal((await stored([first.id]))[0]!.answers.nps, 10);
    });

    it('stores each id once when the same answers arrive at the same moment', async () => {
      const records = Array.from({ length: 20 }, () => answer());
      const sends = Array.from({ length: 6 }, () => send(post({ records })));

      const replies = await Promise.all(sends);

      for (const { status } of replies) assert.equal(status, 200);
      for (const record of records) {
        const statuses = replies.map(reply => reply.body.results!.find(r => r.id === record.id)!.status);
        assert.equal(statuses.filter(s => s === 'accepted').length, 1, `one acceptance of ${record.id}: ${statuses}`);
      }
      assert.equal((await stored(records.map(r => r.id))).length, 20);
    });

    it('rejects each invalid record with a reason and stores the valid ones', async () => {
      const valid = [answer(), answer({ channel: 'phone', context: undefined })];
      const cases: [{ id: string } & Record<string, unknown>, RegExp][] = [
        [answer({ answers: { ...answer().answers, nps: 11 } }), /answers\.nps: Too big: at most 10/],
        [answer({ answers: { ...answer().answers, credibility: 6 } }), /answers\.credibility: outside the question’s scale/],
        [answer({ answers: { ...answer().answers, reliability: 0 } }), /answers\.reliability: outside/],
        [answer({ answers: { ...answer().answers, empathy: 3.5 } }), /^answers\.empathy: a whole number is expected, not 3\.5$/],
        [answer({ answers: { ...answer().answers, nps: 1e308 } }), /^answers\.nps: Too big: at most 10$/],
        [answer({ answers: { ...answer().answers, tangibles: '5' } }), /answers\.tangibles: a JSON number from 1 to 5 is expected, not a string/],
        [answer({ answers: { ...answer().answers, comment: 3 } }), /answers\.comment: a comment is a JSON string, not a number/],
        // Its value is fine: it was called "Too small: at least 0".
        [answer({ answers: { ...answer().answers, 'bad key': 9 } }), /^answers\.bad key: Invalid key: Use 1–64 letters, digits, "_" or "-", starting with a letter$/],
        // zod said only "Matches none of the allowed shapes".
        [answer({ answers: { ...answer().answers, nps: null } as never }), /^answers\.nps: a JSON number \(a scale\) or string \(a comment\) is expected, not null$/],
        [answer({ answers: { ...answer().answers, comment: ['Goed'] } as never }), /^answers\.comment: a JSON number \(a scale\) or string \(a comment\) is expected, not an array$/],
        [answer({ answers: { ...answer().answers, reliability: true } as never }), /^answers\.reliability: a JSON number \(a scale\) or string \(a comment\) is expected, not a boolean$/],
        [answer({ answers: { ...answer().answers, empathy: { value: 4 } } as never }), /^answers\.empathy: a JSON number \(a scale\) or string \(a comment\) is expected, not an object$/],
        [answer({ context: JSON.parse('{"__proto__":"x","office":"Gent"}') }), /context: "__proto__" cannot be a context key/],
        [answer({ surveyId: 'unknown-survey' }), /Unknown survey "unknown-survey" version 1/],
        [answer({ surveyVersion: 7 }), /Unknown survey "service-quality" version 7/],
        [answer({ answers: { ...answer().answers, shoeSize: 4 } }), /"shoeSize" not in survey "service-quality"/],
        [answer({ answers: { reliability: 4 } }), /answers\.credibility: required/],
        [answer({ answers: { ...answer().answers, comment: 'x'.repeat(1001) } }), /answers\.comment: longer than/],
        [answer({ answers: { ...answer().answers, comment: 'null \u0000 byte' } }), /answers\.comment: contains a NUL/],
        [answer({ answers: { ...answer().answers, comment: 'half \ud83d emoji' } }), /broken surrogate pair/],
        [answer({ context: { office: 'x'.repeat(201) } }), /context\.office: Too big/],
        [answer({ context: { office: 'Gent\u0000' } }), /^context\.office: Without NUL characters or half an emoji/],
        [answer({ submittedAt: 'yesterday' }), /submittedAt: Expected an ISO 8601 date-time/],
        [answer({ submittedAt: '0000-01-01T00:00:00Z' }), /submittedAt: the year must be between 1970 and 9999/],
        [{ ...answer(), id: 'not-a-uuid' }, /id: Expected a UUID/],
        [{ ...answer(), extra: true }, /Unknown key\(s\) "extra"/],
        [{ ...answer(), channel: 'fax' }, /channel: Expected one of/],
        [answer({ answers: { ...answer().answers, comment: `${' '.repeat(3000)}x` } }), /answers\.comment: longer than/],
        [{ ...answer(), answers: JSON.parse('{"reliability":4,"__proto__":{"x":1}}') }, /"__proto__" not in survey/],
        // Refused on the count, before each key is checked: 80,000 keys took 0.7 s of CPU that way.
        [answer({ answers: Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`a${i}`, 99])) }), /^answers: 80000 keys, but a survey has at most 30 questions$/],
        [answer({ context: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'x'])) }), /^context: At most 16 context keys$/],
      ];

      const { status, body } = await send(post({ records: [valid[0], ...cases.map(([record]) => record), valid[1]] }));

      assert.equal(status, 200);
      const results = body.results!;
      assert.deepEqual(results.map(r => r.id), [valid[0]!.id, ...cases.map(([r]) => r.id), valid[1]!.id]);
      cases.forEach(([, reason], index) => {
        const result = results[index + 1]!;
        assert.equal(result.status, 'rejected', `case ${index}`);
        assert.match(result.reason!, reason, `case ${index}`);
      });
      assert.equal(results[0]!.status, 'accepted');
      assert.equal(results.at(-1)!.status, 'accepted');
      const ids = cases.map(([r]) => r.id).filter(id => /^[0-9a-f-]{36}$/.test(id));
      assert.deepEqual((await stored([...ids, valid[0]!.id, valid[1]!.id])).map(r => r.id).sort(), valid.map(r => r.id).sort());
    });

    it('cuts an id that is no UUID to 64 characters in its rejection, and keeps a UUID as sent', async () => {
      const long = 'x'.repeat(900_000);
      const upper = answer({ answers: { ...answer().answers, nps: 11 } });
      const records = [{ ...answer(), id: long }, { ...answer(), id: 'x'.repeat(64) }, { ...upper, id: upper.id.toUpperCase() }];

      const { status, body } = await send(post({ records }));

      assert.equal(status, 422);
      assert.deepEqual(body.results!.map(r => [r.id, r.status]), [
        [`${'x'.repeat(64)}…`, 'rejected'],
        ['x'.repeat(64), 'rejected'],
        [upper.id.toUpperCase(), 'rejected'],
      ]);
      const shown = await send(post({ shown: [{ id: long, surveyId: 'service-quality', surveyVersion: 1, channel: 'web', day: '2026-01-01' }] }));
      assert.equal((shown.body as { shown: { rejected: { id: string }[] } }).shown.rejected[0]!.id, `${'x'.repeat(64)}…`);
    });

    it('refuses a body with a key twice in one object, which JSON.parse would settle silently', async () => {
      const record = answer();
      const raw = JSON.stringify({ records: [record] }).replace('"nps":9', '"nps":9,"nps":10');
      assert.match(raw, /"nps":9,"nps":10/);

      const { status, body } = await send(post(raw));

      assert.equal(status, 400);
      assert.match((body as unknown as { error: string }).error, /"nps" appears twice/);
      assert.deepEqual(await stored([record.id]), [], 'nothing stored');
    });

    it('names a number too big for JSON (1e999) as too big, not as Infinity', async () => {
      const [big, small] = [answer(), answer()];
      const raw = JSON.stringify({ records: [big, small] })
        .replace(`"nps":${big.answers.nps}`, '"nps":1e999')
        .replace(`"nps":${small.answers.nps}`, '"nps":-1e999');
      assert.match(raw, /"nps":1e999.*"nps":-1e999/);

      const { status, body } = await send(post(raw));

      assert.equal(status, 422); // every record refused
      assert.deepEqual(
        body.results!.map(r => [r.status, r.reason]),
        [
          ['rejected', 'answers.nps: Too big: at most 10'],
          ['rejected', 'answers.nps: Too small: at least 0'],
        ],
      );
    });

    it('treats a UUID in capitals as the same id, and answers in the sender’s spelling', async () => {
      const upper = answer({ id: crypto.randomUUID().toUpperCase() });

      const first = await send(post({ records: [upper] }));
      const again = await send(post({ records: [{ ...upper, id: upper.id.toLowerCase() }] }));
      const both = await send(post({ records: [upper, { ...upper, id: upper.id.toLowerCase() }] }));

      assert.deepEqual(first.body.results, [{ id: upper.id, status: 'accepted' }]);
      assert.deepEqual(again.body.results, [{ id: upper.id.toLowerCase(), status: 'duplicate' }]);
      assert.equal(both.status, 400);
      assert.equal((await stored([upper.id.toLowerCase()])).length, 1);
    });

    it('stores a time with another offset or more precision in UTC milliseconds', async () => {
      const far = answer({ submittedAt: '2026-03-14T09:30:00+20:00' }); // past PostgreSQL's ±15:59
      const fine = answer({ submittedAt: '2026-03-14T09:30:00.123456+01:00' });

      const { status, body } = await send(post({ records: [far] }));
      await send(post({ records: [fine] }));

      assert.equal(status, 200);
      assert.deepEqual(body.results, [{ id: far.id, status: 'accepted' }]);
      const rows = await stored([far.id, fine.id]);
      assert.equal(rows.find(r => r.id === far.id)!.submittedAt, '2026-03-13T13:30:00.000Z');
      assert.equal(rows.find(r => r.id === fine.id)!.submittedAt, '2026-03-14T08:30:00.123Z');
    });

    it('takes answers to a survey another instance registered in the database', async () => {
      const other: Survey = { id: 'added-elsewhere', version: 3, questions: [{ kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' }, required: true }] };
      await store.registerSurveys([other]); // a newer instance during a rolling deploy
      const record = answer({ surveyId: 'added-elsewhere', surveyVersion: 3, answers: { nps: 7 } });

      const { body } = await send(post({ records: [record] }));

      assert.deepEqual(body.results, [{ id: record.id, status: 'accepted' }]);
    });

    it('takes an answer to a survey registered while a read of the surveys, for an earlier answer, was under way', async () => {
      const late: Survey = { id: 'registered-meanwhile', version: 1, questions: [{ kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' }, required: true }] };
      let looked!: () => void;
      let release!: () => void;
      const firstLooked = new Promise<void>(done => (looked = done));
      const held = new Promise<void>(done => (release = done));
      let reads = 0;
      // The first read of the surveys has looked, but its list is not taken in yet (a slow round trip).
      const slow = Object.assign(Object.create(store) as SqlStore, {
        async surveys() {
          const list = await store.surveys();
          if (reads++ === 0) {
            looked();
            await held;
          }
          return list;
        },
      });
      const handleSlow = createHandler({ store: slow, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0 });
      const early = answer({ surveyId: late.id, surveyVersion: 1, answers: { nps: 7 } });
      const first = handleSlow(post({ records: [early] }));
      await firstLooked;
      await store.registerSurveys([late]); // a newer instance, during a rolling deploy
      const record = answer({ surveyId: late.id, surveyVersion: 1, answers: { nps: 8 } });

      const second = handleSlow(post({ records: [record] }));
      // Its body is read and its survey missed (microtasks only): it meets the first read under way.
      for (let turn = 0; turn < 5; turn++) await new Promise(done => setImmediate(done));
      release();

      assert.equal((await first).status, 422, 'the first answer came before the survey was registered');
      const response = await second;
      assert.equal(response.status, 200);
      assert.deepEqual(((await response.json()) as Ack).results, [{ id: record.id, status: 'accepted' }]);
    });

    it('takes answers that leave out optional questions named like Object methods (constructor, toString)', async () => {
      await store.registerSurveys([OBJECT_NAMED_SURVEY]);
      const skipped = answer({ surveyId: 'object-names', answers: { valueOf: 8 } });
      const given = answer({ surveyId: 'object-names', answers: { constructor: 4, toString: 'Goed' } });
      const wrong = answer({ surveyId: 'object-names', answers: { constructor: 'vier' } });

      const { body } = await send(post({ records: [skipped, given, wrong] }));

      assert.deepEqual(body.results!.slice(0, 2), [{ id: skipped.id, status: 'accepted' }, { id: given.id, status: 'accepted' }]);
      assert.match(body.results![2]!.reason!, /answers\.constructor: a JSON number from 1 to 5 is expected, not a string/);
      assert.deepEqual((await stored([given.id]))[0]!.answers, { constructor: 4, toString: 'Goed' });
    });

    it('answers 422 with the reasons when no record of the request could be stored', async () => {
      const bad = answer({ answers: { ...answer().answers, nps: -1 } });

      const { status, body } = await send(post({ records: [bad] }));

      assert.equal(status, 422);
      assert.match(body.error!, /No record could be stored/);
      assert.equal(body.results![0]!.status, 'rejected');
      assert.match(body.results![0]!.reason!, /answers\.nps/);
    });

    it('checks answers against the survey they name', async () => {
      const email = answer({ surveyId: 'email-answer', surveyVersion: 2, channel: 'email', answers: { speed: 4, professionalism: 5, clarity: 3, attention: 4 } });
      const wrong = answer({ surveyId: 'email-answer', surveyVersion: 2, channel: 'email' });

      const { body } = await send(post({ records: [email, wrong] }));

      assert.equal(body.results![0]!.status, 'accepted');
      assert.equal(body.results![1]!.status, 'rejected');
      assert.match(body.results![1]!.reason!, /not in survey "email-answer" version 2/);
    });

    it('stores HTML, script and SQL in a comment exactly as given, as data', async () => {
      const texts = [
        '<script>alert("x")</script><img src=x onerror=alert(1)>',
        "'); DROP TABLE feedback_responses; --",
        'Robert"); DELETE FROM feedback_surveys; \\ $1 $$ \\x00',
        'Ĳsselmeer, ﷺ, 👩🏽‍⚕️, עברית, ١٢٣',
      ];
      const records = texts.map(comment => answer({ answers: { ...answer().answers, comment } }));

      const { body } = await send(post({ records }));

      assert.deepEqual(body.results!.map(r => r.status), texts.map(() => 'accepted'));
      const rows = await stored(records.map(r => r.id));
      for (const record of records) assert.equal(rows.find(r => r.id === record.id)!.answers.comment, record.answers.comment);
      assert.equal((await send(post({ records: [answer()] }))).status, 200, 'the tables are still there');
    });

    describe('a request that is wrong as a whole', () => {
      const cases: [string, () => Request, number, RegExp][] = [
        ['malformed JSON', () => post('{"records":[{"id":'), 400, /not JSON/],
        ['JSON that is not an object', () => post('[1,2]'), 400, /Expected a JSON object \{"records":\[…\]\}/],
        ['records that is not an array', () => post({ records: { id: 'x' } }), 400, /Expected a JSON object/],
        ['no records', () => post({ records: [] }), 400, /No records or shown items/],
        ['an empty object', () => post({}), 400, /No records or shown items/],
        ['a misspelt key beside valid records', () => post({ records: [answer()], Shown: [{ id: crypto.randomUUID() }] }), 400, /Unknown field "Shown": the body takes only "records" and "shown"/],
        ['only a misspelt key', () => post({ record: [answer()] }), 400, /Unknown field "record"/],
        ['a record without an id', () => post({ records: [answer(), { ...answer(), id: 42 }] }), 400, /records\[1\] has no string "id"/],
        ['the same id twice', () => { const a = answer(); return post({ records: [a, answer(), a] }); }, 400, /records\[2\] repeats the id/],
        ['invalid UTF-8', () => post(new Uint8Array([...new TextEncoder().encode('{"records":[{"id":"'), 0xc3, 0x28, ...new TextEncoder().encode('"}]}')])), 400, /not valid UTF-8/],
        ['501 records', () => post({ records: Array.from({ length: 501 }, (_, i) => ({ id: `r${i}` })) }), 413, /Too many records in one request: 501, at most 500/],
        ['a body over 1 MiB', () => post({ records: [answer({ answers: { comment: 'x'.repeat(1_100_000) } })] }), 413, /larger than 1048576 bytes/],
      ];
      for (const [name, request, status, message] of cases) {
        it(`answers ${status} with a clear message for ${name}, and stores nothing`, async () => {
          const before = await store.listResponses({ limit: 1000 });

          const reply = await send(request());

          assert.equal(reply.status, status);
          assert.match(reply.body.error!, message);
          assert.equal(reply.body.results, undefined);
          assert.equal((await store.listResponses({ limit: 1000 })).length, before.length);
        });
      }

      it('refuses a 10,000-record batch and keeps serving', async () => {
        const records = Array.from({ length: 10_000 }, () => answer());

        const reply = await send(post({ records }));

        assert.equal(reply.status, 413);
        assert.equal((await send(post({ records: records.slice(0, 1) }))).status, 200);
      });

      it('limits a body that arrives without a length', async () => {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ < 40) controller.enqueue(chunk);
            else controller.close();
          },
        });
        const request = new Request('http://collector.test/api/responses', { method: 'POST', body, duplex: 'half' } as RequestInit);

        const reply = await send(request);

        assert.equal(reply.status, 413);
        assert.ok(sent < 40, `stopped reading after ${sent} of 40 chunks`);
      });
    });

    it('takes the body whatever its content type says', async () => {
      for (const type of ['text/plain;charset=UTF-8', 'application/json', 'application/x-www-form-urlencoded']) {
        const reply = await send(post({ records: [answer()] }, { 'content-type': type }));
        assert.equal(reply.status, 200, type);
      }
    });
  });
}

describe('createHandler()', () => {
  it('refuses a missing or weak report token at once, instead of answering 401 to every reader', () => {
    const store = {} as SqlStore; // never reached: the options are checked first
    for (const reportToken of [undefined, '', 'short', 'sixteen chars!!!', 'x'.repeat(15)]) {
      assert.throws(
        () => createHandler({ store, surveys: SURVEYS, reportToken: reportToken as string }),
        (error: Error) => error instanceof TypeError && /reportToken/.test(error.message) && /openssl rand -base64 32/.test(error.message),
        String(reportToken),
      );
    }
    for (const reportToken of [TOKEN, 'c2VjcmV0LXJlcG9ydC10b2tlbg==', 'a'.repeat(16)]) {
      assert.equal(typeof createHandler({ store, surveys: SURVEYS, reportToken }), 'function', reportToken);
    }
  });
});
