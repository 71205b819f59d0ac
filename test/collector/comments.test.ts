import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { listComments } from '../../src/collector/comment-sql.js';
import { storeResponses } from '../../src/collector/export-source.js';
import { parseReportQuery } from '../../src/report/report-query.js';
import type { Sql, StoredComment } from '../../src/collector/store.js';
import type { Survey } from '../../src/schema/survey.js';
import { api, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf, STORE_KINDS } from '../helpers/collector-stores.js';
import { record } from '../helpers/report-data.js';

const NOW = new Date('2023-05-01T10:00:00Z');
const SURVEY: Survey = {
  id: 'remarks',
  version: 1,
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } },
    { kind: 'comment', id: 'remark', label: { nl: 'Opmerking' } },
    { kind: 'comment', id: 'idea', label: { nl: 'Idee' } },
  ],
};

interface Page {
  comments: StoredComment[];
  next: string | null;
  error?: string;
}

for (const kind of STORE_KINDS) {
  describe(`GET /api/comments on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;
    const ids: Record<string, string> = {};

    before(async () => {
      store = await kind.open();
      await store.registerSurveys([SURVEY]);
      handle = createHandler({ store, surveys: [SURVEY], reportToken: TOKEN, rateLimit: 0, clock: () => NOW, reportTimeZone: 'UTC' });
      const answers: [name: string, at: string, answers: Record<string, unknown>, changes?: Parameters<typeof record>[3]][] = [
        ['both', '2023-03-05T10:00:00Z', { speed: 4, remark: 'Vlot geholpen', idea: 'Langer open op zaterdag' }, { context: { office: 'Gent' }, locale: 'nl-BE' }],
        ['percent', '2023-03-04T10:00:00Z', { remark: '100% tevreden' }, { context: { office: 'Brugge' } }],
        ['plain', '2023-03-03T10:00:00Z', { remark: 'Honderd procent tevreden' }, { channel: 'email', context: { office: 'Gent' } }],
        ['underscore', '2023-03-02T10:00:00Z', { remark: 'snel_en_goed' }],
        ['accent', '2023-03-01T12:00:00Z', { idea: 'ÉÉN LOKET VOOR ALLES' }, { channel: 'kiosk' }],
        ['scripts', '2023-03-01T11:00:00Z', { remark: 'ŁUKASZ POMÓGŁ, ДЯКУЮ, ΕΥΧΑΡΙΣΤΏ ΚΑΛΟΣ, İSTANBUL' }],
        ['blank', '2023-03-01T10:00:00Z', { speed: 2, remark: '   ' }],
        ['blank lines', '2023-03-01T09:00:00Z', { remark: '\n\t\u00a0', idea: '\u3000\u2028\ufeff' }],
        ['number', '2023-02-28T10:00:00Z', { remark: 5, speed: 3 }],
        ['old', '2022-12-31T23:59:59.999Z', { remark: 'Vorig halfjaar' }],
      ];
      for (const [name, at, values, changes] of answers) {
        const stored = record('remarks', at, values, changes);
        ids[name] = stored.id;
        await store.insertResponses([stored]);
      }
      // Another survey's comment is never among these.
      await store.registerSurveys([{ ...SURVEY, id: 'elsewhere' }]);
      await store.insertResponses([record('elsewhere', '2023-03-05T10:00:00Z', { remark: 'Vlot' })]);
    });
    after(() => store.close());

    async function call(query: string, token: string | null = TOKEN): Promise<{ status: number; body: Page }> {
      const response = await handle(api('GET', `/api/comments${query}`, undefined, token));
      return { status: response.status, body: (await response.json()) as Page };
    }

    const texts = (page: Page) => page.comments.map(c => c.text);

    it('lists the comments of the period, newest first, with their answer\'s details and language', async () => {
      const { status, body } = await call('?survey=remarks');

      assert.equal(status, 200);
      // H1 2023 (today's half-year): the blank comments (spaces; tabs, line breaks and no-break or
      // ideographic spaces, which an export also leaves out) and the number are no comments; "old" is in 2022.
      assert.deepEqual(texts(body), ['Langer open op zaterdag', 'Vlot geholpen', '100% tevreden', 'Honderd procent tevreden', 'snel_en_goed', 'ÉÉN LOKET VOOR ALLES', 'ŁUKASZ POMÓGŁ, ДЯКУЮ, ΕΥΧΑΡΙΣΤΏ ΚΑΛΟΣ, İSTANBUL']);
      assert.deepEqual(body.comments[1], {
        responseId: ids.both,
        surveyId: 'remarks',
        surveyVersion: 1,
        channel: 'web',
        context: { office: 'Gent' },
        submittedAt: '2023-03-05T10:00:00.000Z',
        locale: 'nl-BE',
        questionId: 'remark',
        text: 'Vlot geholpen',
      });
      assert.equal(body.next, null);
    });

    it('filters on channel, context and period like the report', async () => {
      const gent = await call('?survey=remarks&context.office=Gent');
      const email = await call('?survey=remarks&channel=email');
      const before = await call('?survey=remarks&period=half-year&date=2022-12-01');

      assert.deepEqual(texts(gent.body), ['Langer open op zaterdag', 'Vlot geholpen', 'Honderd procent tevreden']);
      assert.deepEqual(texts(email.body), ['Honderd procent tevreden']);
      assert.deepEqual(texts(before.body), ['Vorig halfjaar']);
    });

    it('searches without regard to case, taking % and _ literally', async () => {
      const vlot = await call('?survey=remarks&q=VLOT');
      const percent = await call('?survey=remarks&q=%25');
      const underscore = await call('?survey=remarks&q=_');
      const accent = await call('?survey=remarks&q=%C3%A9%C3%A9n%20loket');
      const others = await Promise.all(['łukasz pomógł', 'дякую', 'ευχαριστώ', 'ΚΑΛΟΣ', 'καλος', 'İstanbul'].map(q => call(`?survey=remarks&q=${encodeURIComponent(q)}`)));
      const nothing = await call('?survey=remarks&q=wachttijd');

      assert.deepEqual(texts(vlot.body), ['Vlot geholpen']);
      assert.deepEqual(texts(percent.body), ['100% tevreden']);
      assert.deepEqual(texts(underscore.body), ['snel_en_goed']);
      assert.deepEqual(texts(accent.body), ['ÉÉN LOKET VOOR ALLES']);
      for (const other of others) assert.deepEqual(texts(other.body), ['ŁUKASZ POMÓGŁ, ДЯКУЮ, ΕΥΧΑΡΙΣΤΏ ΚΑΛΟΣ, İSTANBUL'], 'Polish, Ukrainian, Greek (a final ς too) and Turkish capitals, and the text as written');
      assert.deepEqual(nothing.body, { comments: [], next: null });
    });

    it('still finds Latin capitals in a database that folds no case beyond A–Z (the last resort)', async () => {
      const sql = sqlOf(store);
      // As a server without pg_c_utf8 or ICU in the C locale: every probe of a better fold says no.
      const bare: Sql = {
        query: (text, params) => (text.includes(' AS ok') ? Promise.resolve([{ ok: false }] as never) : sql.query(text, params)),
        exec: text => sql.exec(text),
        transaction: work => sql.transaction(work),
        session: work => sql.session(work),
        close: () => Promise.resolve(),
      };
      const search = (text: string) =>
        listComments(bare, { surveyId: 'remarks', questionIds: ['idea', 'remark'], from: new Date('2023-01-01T00:00:00Z'), to: NOW, search: text, limit: 10 });
      assert.deepEqual((await search('één loket')).map(c => c.text), ['ÉÉN LOKET VOOR ALLES']);
      assert.deepEqual((await search('VLOT')).map(c => c.text), ['Vlot geholpen']);
    });

    it('pages with the "next" cursor, also between two comments of one answer', async () => {
      const seen: string[] = [];
      let query = '?survey=remarks&limit=1';
      for (let pages = 0; pages < 20; pages++) {
        const { status, body } = await call(query);
        assert.equal(status, 200);
        seen.push(...texts(body));
        if (!body.next) break;
        query = `?survey=remarks&limit=1&after=${encodeURIComponent(body.next)}`;
      }
      const two = await call('?survey=remarks&limit=2');

      assert.deepEqual(seen, ['Langer open op zaterdag', 'Vlot geholpen', '100% tevreden', 'Honderd procent tevreden', 'snel_en_goed', 'ÉÉN LOKET VOOR ALLES', 'ŁUKASZ POMÓGŁ, ДЯКУЮ, ΕΥΧΑΡΙΣΤΏ ΚΑΛΟΣ, İSTANBUL']);
      assert.equal(two.body.next, `2023-03-05T10:00:00.000Z_${ids.both}_remark`);
    });

    it('pages through answers inserted by hand with microseconds, in the lists and the export (migration 6)', async () => {
      await store.registerSurveys([{ ...SURVEY, id: 'by-hand' }]);
      // An import of three answers in one statement, at a time with microseconds (as now() gives).
      await sqlOf(store).query(
        `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, context, answers)
         SELECT gen_random_uuid(), 'by-hand', 1, 'web', 'nl', '2023-03-14 09:30:00.123456+00', '{}'::jsonb,
                jsonb_build_object('speed', 4, 'remark', 'opmerking ' || g)
         FROM generate_series(1, 3) AS g`,
      );
      const seen: string[] = [];
      let query = '?survey=by-hand&limit=1';
      for (let pages = 0; pages < 10; pages++) {
        const { body } = await call(query);
        seen.push(...texts(body));
        if (!body.next) break;
        query = `?survey=by-hand&limit=1&after=${encodeURIComponent(body.next)}`;
      }
      const parsed = parseReportQuery(new URLSearchParams('period=year&date=2023-03-14'), NOW, 'UTC');
      assert.ok(parsed.ok);
      const exported: string[] = [];
      for await (const response of storeResponses(store, { ...parsed.query, surveyId: 'by-hand' }, { pageSize: 2 })()) {
        exported.push(response.id);
        if (exported.length > 10) break; // a pass that starts over would never end
      }

      assert.deepEqual(seen.sort(), ['opmerking 1', 'opmerking 2', 'opmerking 3']);
      assert.equal(exported.length, 3);
      assert.equal(new Set(exported).size, 3);
    });

    it('asks for the report token', async () => {
      const { status, body } = await call('?survey=remarks', null);

      assert.equal(status, 401);
      assert.match(String(body.error), /Reading comments needs Authorization: Bearer/);
    });

    it('answers 400 for bad paging or cut parameters, and 404 for an unknown survey', async () => {
      for (const query of ['?survey=remarks&limit=0', '?survey=remarks&limit=1001', '?survey=remarks&after=yesterday', '?survey=remarks&q=a&q=b', `?survey=remarks&q=${'x'.repeat(201)}`, '?survey=remarks&period=week']) {
        const { status, body } = await call(query);
        assert.equal(status, 400, query);
        assert.equal(typeof body.error, 'string');
      }
      assert.equal((await call('?survey=nobody')).status, 404);
    });

    it('takes periods up to the last day of the year 9999, in the report and the exports too', async () => {
      const cut = 'survey=remarks&from=9999-12-01&to=9999-12-31';
      const comments = await call(`?${cut}`);
      const report = await handle(api('GET', `/api/report?${cut}`));
      const csv = await handle(api('GET', `/api/export.csv?${cut}`));
      const responses = await handle(api('GET', '/api/responses?to=9999-12-31T23:59:59.999Z'));

      assert.deepEqual([comments.status, report.status, csv.status, responses.status], [200, 200, 200, 200]);
      assert.deepEqual(comments.body.comments, []);
    });

    it('refuses a cursor whose time is no real instant (30 February, 24:00), which Date would move to another day', async () => {
      const at = (time: string) => call(`?survey=remarks&after=${encodeURIComponent(`${time}_${ids.both}_remark`)}`);

      for (const time of ['2023-02-30T10:00:00.000Z', '2023-02-28T24:00:00.000Z', '2023-04-31T00:00:00.000Z']) {
        const { status, body } = await at(time);
        assert.deepEqual([status, body.error], [400, 'after: Use the "next" value of the page before'], time);
      }
      assert.equal((await at('2023-02-28T23:59:59.999Z')).status, 200);
      assert.equal((await at('2024-02-29T00:00:00.000Z')).status, 200, 'a leap day is real');
    });

    it('names the parameter at fault where the database would refuse the value', async () => {
      const cases = [
        [`?survey=remarks&after=${encodeURIComponent(`0000-01-01T00:00:00.000Z_${ids.both}_remark`)}`, /Use the "next" value/],
        ['?survey=remarks&q=a%00b', /Search without NUL characters/],
        ['?survey=remarks&context.office=a%00b', /context\.office: without NUL characters/],
      ] as const;
      for (const [query, message] of cases) {
        const { status, body } = await call(query);
        assert.equal(status, 400, query);
        assert.match(String(body.error), message, query);
      }
    });

    it('answers 405 to other methods', async () => {
      const response = await handle(api('DELETE', '/api/comments?survey=remarks'));

      assert.equal(response.status, 405);
    });
  });
}
