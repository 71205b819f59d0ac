// One definition of every figure: the collector's SQL gives exactly the report summarize() gives
// over the same stored answers, for many generated queries (issue 6, "a test proves both give
// identical results on the same data").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectorReport } from '../../src/collector/report-service.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { Counts, StoredResponse } from '../../src/collector/store.js';
import type { CutRow } from '../../src/report/figures.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import { surveyCatalog } from '../../src/report/report-questions.js';
import { summarize, tallyRows } from '../../src/report/summarize.js';
import type { Channel } from '../../src/schema/record.js';
import { sqlOf, STORE_KINDS } from '../helpers/collector-stores.js';
import { generateRecords, GENERATED_SURVEYS, prng, randomQuery, readAll } from '../helpers/report-data.js';

const SEED = 20_240_606;
const ANSWERS = 3000;
const QUERIES = 150;

/** Rows in a fixed order, so that two lists compare as sets. */
const sorted = (rows: CutRow[]) => [...rows].sort((a, b) => JSON.stringify([a.period, a.group]).localeCompare(JSON.stringify([b.period, b.group])));

const describeQuery = (query: ReportQuery) => JSON.stringify(query);

for (const kind of STORE_KINDS) {
  describe(`the report in SQL equals summarize() on ${kind.name}`, () => {
    let store: SqlStore;
    let responses: StoredResponse[];
    let counts: Counts;

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(GENERATED_SURVEYS);
      const random = prng(SEED);
      const records = generateRecords(random, ANSWERS);
      for (let i = 0; i < records.length; i += 500) await store.insertResponses(records.slice(i, i + 500));
      // Numbers written unusually (a whole number in JSON is still one) and strings of digits
      // (never a number), as only a hand-made INSERT could store them.
      const sql = sqlOf(store);
      await sql.query(`UPDATE feedback_responses SET answers = jsonb_set(answers, '{a}', '4.0') WHERE id IN (SELECT id FROM feedback_responses WHERE survey_id = 'gen' ORDER BY id LIMIT 40)`);
      await sql.query(`UPDATE feedback_responses SET answers = jsonb_set(answers, '{n}', '10.00') WHERE id IN (SELECT id FROM feedback_responses WHERE survey_id = 'gen' ORDER BY id DESC LIMIT 40)`);
      await sql.query(`UPDATE feedback_responses SET answers = jsonb_set(answers, '{a}', '"5"') WHERE id IN (SELECT id FROM feedback_responses WHERE survey_id = 'gen' ORDER BY id LIMIT 20 OFFSET 40)`);
      const shown = [];
      for (let day = 0; day < 700; day += 9) {
        const date = new Date(Date.UTC(2023, 0, 1 + day)).toISOString().slice(0, 10);
        const channel: Channel = (['web', 'kiosk', 'email'] as const)[day % 3]!;
        shown.push(...Array.from({ length: 1 + (day % 5) }, () => ({ id: crypto.randomUUID(), surveyId: 'gen', surveyVersion: 3, channel, day: date })));
        if (day % 27 === 0) await store.registerInvitations({ id: crypto.randomUUID(), surveyId: 'gen', channel: 'email', day: date, count: 3 + (day % 7) });
      }
      await store.insertShown(shown);
      responses = [...(await readAll(store, 'gen')), ...(await readAll(store, 'gen-other'))];
      counts = await store.counts({});
    });
    after(() => store.close());

    it('stores the generated answers, odd values included', () => {
      assert.equal(responses.length, ANSWERS);
      assert.ok(responses.some(r => r.answers.a === '5'));
      assert.ok(responses.some(r => r.answers.a === 4.5));
    });

    it(`gives the same cut rows and report for ${QUERIES} random queries`, async () => {
      const random = prng(SEED + 1);
      let withAnswers = 0;
      for (let i = 0; i < QUERIES; i++) {
        const query = randomQuery(random);
        const catalog = surveyCatalog(GENERATED_SURVEYS, query.surveyId)!;
        const rows = await store.reportRows(query, catalog.questions);
        assert.deepEqual(sorted(rows), sorted(tallyRows(query, catalog.questions, responses)), describeQuery(query));
        const result = await collectorReport(store, GENERATED_SURVEYS, query);
        assert.ok(result.ok);
        assert.deepEqual(result.report, summarize({ surveys: GENERATED_SURVEYS, responses, counts }, query), describeQuery(query));
        if (result.report.total.answers > 0) withAnswers++;
      }
      // The queries must mostly hit answers, or the comparison proves little.
      assert.ok(withAnswers > QUERIES * 0.6, `${withAnswers} of ${QUERIES} queries found answers`);
    });

    it('counts a question only in the versions where it has its kind', async () => {
      const all: ReportQuery = { surveyId: 'gen', period: { from: '2022-01-01', to: '2025-12-31' }, compare: false, channels: [], context: {}, breakdown: null, minCount: 5, timeZone: 'UTC' };
      const catalog = surveyCatalog(GENERATED_SURVEYS, 'gen')!;
      const [total] = await store.reportRows(all, catalog.questions);
      const bAsNps = responses.filter(r => r.surveyId === 'gen' && r.surveyVersion === 2 && Number.isInteger(r.answers.b) && (r.answers.b as number) >= 0 && (r.answers.b as number) <= 10);
      assert.deepEqual(catalog.questions.find(q => q.id === 'b'), { id: 'b', kind: 'nps', label: { nl: 'B' }, versions: [2] });
      assert.equal(total!.figures.b!.n, bAsNps.length);
    });

    it('filters GET /api/responses by channels and context, as the exports read it', async () => {
      const page = await store.listResponses({ surveyId: 'gen', channels: ['web', 'kiosk'], context: { office: 'Gent', team: 'A' }, limit: 1000 });
      const expected = responses.filter(r => r.surveyId === 'gen' && ['web', 'kiosk'].includes(r.channel) && r.context.office === 'Gent' && r.context.team === 'A');
      assert.ok(expected.length > 10);
      assert.deepEqual(page.map(r => r.id), expected.map(r => r.id));
    });
  });
}
