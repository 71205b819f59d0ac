import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type CollectorOptions, type FetchHandler } from '../../src/collector/handler.js';
import { migrate } from '../../src/collector/migrations.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { Counts } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, api, ORIGIN, post, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf, STORE_KINDS } from '../helpers/collector-stores.js';

const SURVEYS: Survey[] = [defaultSurvey()];
const NOW = new Date('2026-11-23T22:30:00Z');
const TODAY = '2026-11-23';

interface Reply {
  error?: string;
  results?: { id: string; status: string; reason?: string }[];
  shown?: { accepted: number; duplicate: number; rejected: { id: string; reason: string }[] };
  registered?: boolean;
}

let surveyCount = 0;

/** A survey of its own per test, so counts of other tests never mix in. */
async function freshSurvey(store: SqlStore, version = 1): Promise<Survey> {
  const survey: Survey = { id: `counted-${++surveyCount}-${crypto.randomUUID().slice(0, 8)}`, version, questions: [{ kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' } }] };
  await store.registerSurveys([survey]);
  return survey;
}

const shownOf = (survey: Survey, changes: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  surveyId: survey.id,
  surveyVersion: survey.version,
  channel: 'web',
  day: TODAY,
  ...changes,
});

for (const kind of STORE_KINDS) {
  describe(`shown items, invitations and counts on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;
    let lines: string[] = [];
    const handler = (options: Partial<CollectorOptions> = {}) =>
      createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0, clock: () => NOW, log: line => lines.push(line), ...options });

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(SURVEYS);
      handle = handler();
    });
    after(() => store.close());

    async function call(request: Request): Promise<{ status: number; body: Reply; response: Response }> {
      const response = await handle(request);
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Reply, response };
    }

    async function counts(query: string): Promise<Counts> {
      const { status, body } = await call(api('GET', `/api/counts${query}`));
      assert.equal(status, 200);
      return body as unknown as Counts;
    }

    const invite = (body: unknown, token: string | null = TOKEN) => call(api('POST', '/api/invitations', body, token));

    describe('POST /api/responses with "shown"', () => {
      it('counts each shown item once, and a resend as duplicate', async () => {
        const survey = await freshSurvey(store);
        const items = [shownOf(survey), shownOf(survey, { channel: 'kiosk' })];

        const first = await call(post({ shown: items }));
        const again = await call(post({ shown: [items[0], shownOf(survey)] }));

        assert.equal(first.status, 200);
        assert.deepEqual(first.body, { results: [], shown: { accepted: 2, duplicate: 0, rejected: [] } });
        assert.deepEqual(again.body.shown, { accepted: 1, duplicate: 1, rejected: [] });
        const rows = await sqlOf(store).query('SELECT 1 FROM feedback_shown WHERE survey_id = $1', [survey.id]);
        assert.equal(rows.length, 3);
        assert.deepEqual(lines.at(-1), 'shown: 1 accepted, 1 duplicate, 0 rejected');
        const total = await counts(`?surveyId=${survey.id}`);
        assert.deepEqual(total.shown.map(c => [c.channel, c.count]), [['kiosk', 1], ['web', 2]], 'the resend adds nothing to the day');
      });

      it('adds up the shown items of a database from before the day totals (migration 3)', async () => {
        const survey = await freshSurvey(store);
        await call(post({ shown: [shownOf(survey), shownOf(survey), shownOf(survey, { day: '2026-11-20' })] }));
        const sql = sqlOf(store);
        // Back to schema 2, as a database that stored shown items before version 3 existed.
        await sql.exec('DROP TABLE feedback_shown_days; DELETE FROM feedback_migrations WHERE version = 3;');
        assert.deepEqual(await migrate(sql), [3]);
        const total = await counts(`?surveyId=${survey.id}`);
        assert.deepEqual(total.shown.map(c => [c.day, c.count]), [['2026-11-20', 1], ['2026-11-23', 2]]);
      });

      it('keeps the day totals right when batches for the same days arrive at once', async () => {
        const survey = await freshSurvey(store);
        const batches = Array.from({ length: 6 }, () =>
          Array.from({ length: 20 }, (_, i) => shownOf(survey, { day: i % 2 ? '2026-11-22' : '2026-11-21' })),
        );
        const replies = await Promise.all(batches.map(items => call(post({ shown: items }))));
        assert.deepEqual(replies.map(reply => reply.status), [200, 200, 200, 200, 200, 200]);
        await call(post({ shown: batches[0] }));
        const total = await counts(`?surveyId=${survey.id}`);
        assert.deepEqual(total.shown.map(c => [c.day, c.count]), [['2026-11-21', 60], ['2026-11-22', 60]]);
      });

      it('takes records and shown items in one request, and answers both', async () => {
        const survey = await freshSurvey(store);
        const record = answer();

        const { status, body } = await call(post({ records: [record], shown: [shownOf(survey)] }));

        assert.equal(status, 200);
        assert.deepEqual(body, { results: [{ id: record.id, status: 'accepted' }], shown: { accepted: 1, duplicate: 0, rejected: [] } });
      });

      it('leaves "shown" out of the reply to a request without it', async () => {
        const { body } = await call(post({ records: [answer()] }));

        assert.equal('shown' in body, false);
      });

      it('rejects each invalid shown item with a reason and stores the valid ones', async () => {
        const survey = await freshSurvey(store);
        const valid = shownOf(survey);
        const cases: [Record<string, unknown>, RegExp][] = [
          [shownOf(survey, { id: 'not-a-uuid' }), /id: Expected a UUID/],
          [shownOf(survey, { surveyId: 'never-defined' }), /Unknown survey "never-defined" version 1/],
          [shownOf(survey, { surveyVersion: 9 }), /Unknown survey ".*" version 9/],
          [shownOf(survey, { channel: 'fax' }), /channel: Expected one of/],
          [shownOf(survey, { day: '2026-02-30' }), /day: Use a real day as YYYY-MM-DD/],
          [shownOf(survey, { day: '23/11/2026' }), /day: Use a real day/],
          [shownOf(survey, { day: '2026-11-23T10:00:00Z' }), /day: Use a real day/],
          [shownOf(survey, { day: '2026-11-25' }), /day: use a day from 2025-10-19 to 2026-11-24/],
          [shownOf(survey, { day: '2025-10-18' }), /day: use a day from 2025-10-19/],
          [shownOf(survey, { visitor: 'abc' }), /Unknown key\(s\) "visitor"/],
        ];

        const { status, body } = await call(post({ shown: [valid, ...cases.map(([item]) => item), shownOf(survey, { day: '2026-11-24' }), shownOf(survey, { day: '2025-10-19' })] }));

        assert.equal(status, 200);
        assert.equal(body.shown!.accepted, 3);
        assert.deepEqual(body.shown!.rejected.map(r => r.id), cases.map(([item]) => item.id));
        cases.forEach(([, reason], index) => assert.match(body.shown!.rejected[index]!.reason, reason, `case ${index}`));
        assert.equal((await sqlOf(store).query('SELECT 1 FROM feedback_shown WHERE survey_id = $1', [survey.id])).length, 3);
      });

      it('answers 422 when nothing could be stored, and 200 when records were', async () => {
        const survey = await freshSurvey(store);
        const bad = shownOf(survey, { channel: 'fax' });

        const nothing = await call(post({ shown: [bad] }));
        const badRecord = await call(post({ records: [answer({ surveyVersion: 9 })], shown: [bad] }));
        const someRecord = await call(post({ records: [answer()], shown: [bad] }));

        assert.equal(nothing.status, 422);
        assert.match(nothing.body.error!, /No record or shown item could be stored/);
        assert.equal(nothing.body.shown!.rejected.length, 1);
        assert.equal(badRecord.status, 422);
        assert.equal(someRecord.status, 200);
      });

      const wrong: [string, () => Request, number, RegExp][] = [
        ['"shown" that is not an array', () => post({ shown: { id: 'x' } }), 400, /Expected a JSON object/],
        ['an empty "shown" and no records', () => post({ shown: [], records: [] }), 400, /No records or shown items/],
        ['a shown item without an id', () => post({ shown: [{ surveyId: 'x' }] }), 400, /shown\[0\] has no string "id"/],
        ['more records and shown items than MAX_BATCH', () => post({ records: Array.from({ length: 300 }, () => answer()), shown: Array.from({ length: 201 }, () => ({ id: crypto.randomUUID() })) }), 413, /Too many records and shown items in one request: 501, at most 500/],
      ];
      for (const [name, request, status, message] of wrong) {
        it(`answers ${status} for ${name}`, async () => {
          const { status: got, body } = await call(request());

          assert.equal(got, status);
          assert.match(body.error!, message);
        });
      }

      it('follows the origin rules of records', async () => {
        const survey = await freshSurvey(store);

        const evil = await call(post({ shown: [shownOf(survey)] }, { origin: 'https://evil.example' }));
        const allowed = await call(post({ shown: [shownOf(survey)] }, { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' }));

        assert.equal(evil.status, 403);
        assert.equal(allowed.status, 200);
        assert.equal(allowed.response.headers.get('access-control-allow-origin'), ORIGIN);
      });

      it('is rate-limited like records', async () => {
        const survey = await freshSurvey(store);
        const limited = handler({ rateLimit: 1, clientKey: () => 'one-browser' });

        const statuses = [];
        for (let i = 0; i < 2; i++) statuses.push((await limited(post({ shown: [shownOf(survey)] }))).status);

        assert.deepEqual(statuses, [200, 429]);
      });
    });

    describe('POST /api/invitations', () => {
      it('registers a batch once: 201, then 200 for a replay', async () => {
        const survey = await freshSurvey(store);
        const batch = { id: crypto.randomUUID(), surveyId: survey.id, surveyVersion: 1, channel: 'email', day: '2026-11-20', count: 250 };

        const first = await invite(batch);
        const replay = await invite(batch);
        const upper = await invite({ ...batch, id: batch.id.toUpperCase() });

        assert.deepEqual([first.status, first.body], [201, { registered: true }]);
        assert.deepEqual([replay.status, replay.body], [200, { registered: false }]);
        assert.equal(upper.status, 200);
        assert.deepEqual((await counts(`?surveyId=${survey.id}`)).invitations, [{ surveyId: survey.id, channel: 'email', day: '2026-11-20', count: 250 }]);
      });

      it('answers 409 to a replay with other values', async () => {
        const survey = await freshSurvey(store);
        const batch = { id: crypto.randomUUID(), surveyId: survey.id, count: 10 };
        await invite(batch);

        const changed = await invite({ ...batch, count: 11 });
        const otherDay = await invite({ ...batch, day: '2026-01-01' });

        assert.equal(changed.status, 409);
        assert.match(changed.body.error!, /registered already, with other values/);
        assert.equal(otherDay.status, 409);
        assert.equal((await counts(`?surveyId=${survey.id}`)).invitations[0]!.count, 10);
      });

      it('counts a mailing registered just after midnight in the report\'s time zone on that day, not on the UTC day', async () => {
        const survey = await freshSurvey(store);
        handle = handler({ clock: () => new Date('2026-06-30T22:30:00Z') }); // 00:30 on 1 July in Brussels

        try {
          assert.equal((await invite({ id: crypto.randomUUID(), surveyId: survey.id, count: 100 })).status, 201);

          assert.deepEqual((await counts(`?surveyId=${survey.id}`)).invitations, [{ surveyId: survey.id, channel: 'email', day: '2026-07-01', count: 100 }]);
        } finally {
          handle = handler();
        }
      });

      it('takes email and today (in the report\'s time zone) when channel and day are left out, and a replay on a later day', async () => {
        const survey = await freshSurvey(store);
        const batch = { id: crypto.randomUUID(), surveyId: survey.id, count: 3 };
        await invite(batch);
        handle = handler({ clock: () => new Date(NOW.getTime() + 86_400_000) });

        try {
          const replay = await invite(batch);

          assert.equal(replay.status, 200);
          assert.deepEqual((await counts(`?surveyId=${survey.id}`)).invitations, [{ surveyId: survey.id, channel: 'email', day: TODAY, count: 3 }]);
        } finally {
          handle = handler();
        }
      });

      it('takes a mailing dated tomorrow (a sender a little ahead), but not one dated later, which no report would show yet', async () => {
        const survey = await freshSurvey(store);
        const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString().slice(0, 10);

        const tomorrow = await invite({ id: crypto.randomUUID(), surveyId: survey.id, count: 5, day: day(1) });
        const later = await invite({ id: crypto.randomUUID(), surveyId: survey.id, count: 7, day: day(2) });

        assert.deepEqual([tomorrow.status, later.status], [201, 400]);
        assert.equal(later.body.error, `day: invitations are registered once sent; use a day up to ${day(1)}`);
        assert.deepEqual((await counts(`?surveyId=${survey.id}`)).invitations.map(i => i.count), [5]);
      });

      it('answers 422 for an unknown survey or version', async () => {
        const survey = await freshSurvey(store);

        const unknown = await invite({ id: crypto.randomUUID(), surveyId: 'never-defined', count: 1 });
        const version = await invite({ id: crypto.randomUUID(), surveyId: survey.id, surveyVersion: 4, count: 1 });

        assert.deepEqual([unknown.status, version.status], [422, 422]);
        assert.match(unknown.body.error!, /Unknown survey "never-defined"/);
        assert.match(version.body.error!, /version 4/);
      });

      it('refuses a body with a key twice, naming it, and counts nothing', async () => {
        const survey = await freshSurvey(store);
        const id = crypto.randomUUID();

        const reply = await invite(`{"id":"${id}","surveyId":"${survey.id}","count":25,"count":2500}`);

        assert.equal(reply.status, 400);
        assert.match(reply.body.error!, /^The key "count" appears twice in one object/);
        assert.deepEqual((await counts(`?surveyId=${survey.id}`)).invitations, []);
        assert.equal((await invite({ id, surveyId: survey.id, count: 25 })).status, 201, 'the batch id was not taken');
      });

      const badBodies: [string, unknown][] = [
        ['no id', { surveyId: 'service-quality', count: 1 }],
        ['an id that is no UUID', { id: 'batch-1', surveyId: 'service-quality', count: 1 }],
        ['a count of 0', { id: crypto.randomUUID(), surveyId: 'service-quality', count: 0 }],
        ['a count over 10,000,000', { id: crypto.randomUUID(), surveyId: 'service-quality', count: 10_000_001 }],
        ['a fractional count', { id: crypto.randomUUID(), surveyId: 'service-quality', count: 1.5 }],
        ['a day that does not exist', { id: crypto.randomUUID(), surveyId: 'service-quality', count: 1, day: '2026-13-01' }],
        ['an unknown channel', { id: crypto.randomUUID(), surveyId: 'service-quality', count: 1, channel: 'fax' }],
        ['another field', { id: crypto.randomUUID(), surveyId: 'service-quality', count: 1, addresses: ['a@example.be'] }],
        ['a body that is not JSON', 'count=1'],
      ];
      for (const [name, body] of badBodies) {
        it(`answers 400 for ${name}`, async () => {
          const reply = await invite(body);

          assert.equal(reply.status, 400);
          assert.ok(reply.body.error!.length > 5);
        });
      }

      it('needs the report token', async () => {
        const reply = await invite({ id: crypto.randomUUID(), surveyId: 'service-quality', count: 1 }, null);

        assert.equal(reply.status, 401);
        assert.match(reply.body.error!, /Registering invitations needs Authorization: Bearer <REPORT_TOKEN>/);
      });
    });

    describe('GET /api/counts', () => {
      it('sums shown items and invitations per survey, channel and day, oldest day first', async () => {
        const [a, b] = [await freshSurvey(store), await freshSurvey(store)];
        const shown = [
          shownOf(a, { day: '2026-11-22' }),
          shownOf(a, { day: '2026-11-21' }),
          shownOf(a, { day: '2026-11-22' }),
          shownOf(a, { day: '2026-11-22', channel: 'kiosk' }),
          shownOf(b, { day: '2026-11-21' }),
        ];
        await call(post({ shown }));
        for (const [day, count] of [['2026-11-21', 100], ['2026-11-21', 50], ['2026-11-22', 7]] as const) {
          assert.equal((await invite({ id: crypto.randomUUID(), surveyId: a.id, day, count })).status, 201);
        }

        const all = await counts(`?surveyId=${a.id}`);
        const kiosk = await counts(`?surveyId=${a.id}&channel=kiosk`);
        const oneDay = await counts(`?surveyId=${a.id}&from=2026-11-22&to=2026-11-22`);
        const fromB = await counts(`?surveyId=${b.id}&to=2026-11-21`);

        assert.deepEqual(all, {
          shown: [
            { surveyId: a.id, channel: 'web', day: '2026-11-21', count: 1 },
            { surveyId: a.id, channel: 'kiosk', day: '2026-11-22', count: 1 },
            { surveyId: a.id, channel: 'web', day: '2026-11-22', count: 2 },
          ],
          invitations: [
            { surveyId: a.id, channel: 'email', day: '2026-11-21', count: 150 },
            { surveyId: a.id, channel: 'email', day: '2026-11-22', count: 7 },
          ],
        });
        assert.deepEqual(kiosk, { shown: [{ surveyId: a.id, channel: 'kiosk', day: '2026-11-22', count: 1 }], invitations: [] });
        assert.deepEqual(oneDay.shown.map(c => c.count), [1, 2]);
        assert.deepEqual(oneDay.invitations.map(c => c.count), [7]);
        assert.deepEqual(fromB, { shown: [{ surveyId: b.id, channel: 'web', day: '2026-11-21', count: 1 }], invitations: [] });
      });

      it('counts every survey without a filter', async () => {
        const survey = await freshSurvey(store);
        await call(post({ shown: [shownOf(survey)] }));

        const all = await counts('');

        assert.ok(all.shown.some(c => c.surveyId === survey.id));
        const days = all.shown.map(c => c.day);
        assert.deepEqual(days, [...days].sort());
      });

      for (const query of ['?from=2026-02-30', '?to=yesterday', '?channel=fax', '?surveyId=1bad', '?survey=x', '?channel=kiosk&channel=web']) {
        it(`answers 400 for ${query}`, async () => {
          const { status, body } = await call(api('GET', `/api/counts${query}`));

          assert.equal(status, 400);
          assert.ok(body.error!.length > 5);
        });
      }

      it('answers 400 for a from= after to=, as the report does, and takes a single day', async () => {
        const after = await call(api('GET', '/api/counts?from=2026-01-02&to=2026-01-01'));

        assert.deepEqual([after.status, after.body.error], [400, 'from= is after to=']);
        assert.deepEqual(await counts('?from=2026-01-01&to=2026-01-01'), { shown: [], invitations: [] });
      });

      it('needs the report token', async () => {
        const { status } = await call(api('GET', '/api/counts', undefined, null));

        assert.equal(status, 401);
      });
    });
  });
}
