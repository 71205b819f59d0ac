// The report counts scale answers from `scores` (migration 4), which the database reads out of each
// answer as it is stored. These tests hold every way an answer can get into the table, or change
// there, to the same reading: the collector's own insert, an INSERT by hand, an UPDATE of the
// answers, a change to a version's questions, and an upgrade of a database that already has answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrate } from '../../src/collector/migrations.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import { surveyCatalog } from '../../src/report/report-questions.js';
import type { Survey } from '../../src/schema/survey.js';
import { sqlOf, STORE_KINDS, UNDO_MIGRATION_4 } from '../helpers/collector-stores.js';
import { record } from '../helpers/report-data.js';

const label = (nl: string) => ({ nl });

/** Scale questions around a comment: r1 (rating), c (comment), n (NPS), r2 (rating). */
const SURVEY: Survey = {
  id: 'scored',
  version: 1,
  questions: [
    { kind: 'rating', id: 'r1', label: label('Eerste') },
    { kind: 'comment', id: 'c', label: label('Opmerking') },
    { kind: 'nps', id: 'n', label: label('Aanbevelen') },
    { kind: 'rating', id: 'r2', label: label('Tweede') },
  ],
};

/**
 * Answers as JSON text, and the scores [r1, n, r2] the report must read from them. Numbers written
 * oddly (4.0, 5e0) reach the database as written only by hand: the collector's path parses them first.
 */
const CASES: { answers: string; scores: (number | null)[] }[] = [
  { answers: '{"r1": 4, "c": "goed", "n": 9, "r2": 1}', scores: [4, 9, 1] },
  { answers: '{"r1": 4.0, "n": 10.00, "r2": 5e0}', scores: [4, 10, 5] },
  { answers: '{"r1": "4", "n": "9", "r2": null}', scores: [null, null, null] },
  { answers: '{"r1": 4.5, "n": 11, "r2": 0}', scores: [null, null, null] },
  { answers: '{"r1": 6, "n": 0, "r2": -1}', scores: [null, 0, null] },
  { answers: '{"r1": true, "n": [9], "r2": {"v": 3}}', scores: [null, null, null] },
  { answers: '{"c": "alleen een opmerking"}', scores: [null, null, null] },
];

type Scores = { id: string; scores: (number | null)[] };

/** The answers' scores as numbers: the bytes of `scores`, 255 (none) as null. */
const SCORES = `SELECT id::text, ARRAY(SELECT NULLIF(get_byte(scores, i), 255) FROM generate_series(0, length(scores) - 1) AS i ORDER BY i) AS scores
  FROM feedback_responses`;

const INSERT_BY_HAND = `
  INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers)
  VALUES ($1, 'scored', 1, 'web', 'nl', '2026-03-14T09:30:00Z', $2::jsonb)`;

for (const kind of STORE_KINDS) {
  describe(`scale answers as numbers on ${kind.name}`, () => {
    let store: SqlStore;
    const scoresOf = async (id: string) => (await sqlOf(store).query<Scores>(`${SCORES} WHERE id = $1`, [id]))[0]!.scores;

    before(async () => {
      store = await kind.open();
      await store.registerSurveys([SURVEY]);
    });
    after(() => store.close());

    it('reads them the same way from the collector insert and from an INSERT by hand', async () => {
      for (const { answers, scores } of CASES) {
        const stored = record('scored', '2026-03-14T09:30:00Z', JSON.parse(answers));
        await store.insertResponses([stored]);
        const byHand = crypto.randomUUID();
        await sqlOf(store).query(INSERT_BY_HAND, [byHand, answers]);
        assert.deepEqual(await scoresOf(stored.id), scores, `collector insert of ${answers}`);
        assert.deepEqual(await scoresOf(byHand), scores, `INSERT by hand of ${answers}`);
      }
    });

    it('reads them again when the answers change, and will not take scores written by hand', async () => {
      const id = crypto.randomUUID();
      await sqlOf(store).query(INSERT_BY_HAND, [id, CASES[0]!.answers]);
      await sqlOf(store).query(`UPDATE feedback_responses SET answers = jsonb_set(answers, '{n}', '"9"') WHERE id = $1`, [id]);
      assert.deepEqual(await scoresOf(id), [4, null, 1]);
      await sqlOf(store).query(`UPDATE feedback_responses SET scores = decode('050505', 'hex') WHERE id = $1`, [id]);
      assert.deepEqual(await scoresOf(id), [4, null, 1]);
    });

    it('counts an answer INSERTed by hand with too short a scores from its answers, and mends the row', async () => {
      const survey: Survey = { ...SURVEY, id: 'short' };
      await store.registerSurveys([survey]);
      const sql = sqlOf(store);
      const stored = record('short', '2026-03-14T09:30:00Z', { r1: 5, n: 10, r2: 4 });
      await store.insertResponses([stored]);
      const byHand = crypto.randomUUID();
      // One byte where the version has three scale questions.
      await sql.query(
        `${INSERT_BY_HAND.replace("'scored'", "'short'").replace('answers)', 'answers, scores)').replace('$2::jsonb)', "$2::jsonb, decode('02', 'hex'))")}`,
        [byHand, '{"r1": 2, "n": 6, "r2": 1}'],
      );
      const query: ReportQuery = { surveyId: 'short', period: { from: '2026-03-01', to: '2026-03-31' }, compare: false, channels: [], context: {}, breakdown: null, minCount: 1, timeZone: 'UTC' };
      const [total] = await store.reportRows(query, surveyCatalog([survey], 'short')!.questions);
      assert.equal(total!.answers, 2);
      assert.deepEqual(total!.figures.r1!.counts, [1, 0, 1], 'r1: one satisfied (5), one dissatisfied (2)');
      assert.deepEqual(total!.figures.n!.counts, [1, 0, 1], 'n: one promoter (10), one detractor (6)');
      assert.deepEqual(total!.figures.r2!.counts, [1, 0, 1], 'r2: one satisfied (4), one dissatisfied (1)');
      assert.deepEqual(await scoresOf(byHand), [2, 6, 1]);
      assert.deepEqual(await scoresOf(stored.id), [5, 10, 4]);
    });

    it("reads a version's answers again when its questions are reordered, not when only texts change", async () => {
      const survey: Survey = { ...SURVEY, id: 'reordered' };
      await store.registerSurveys([survey]);
      const stored = record('reordered', '2026-03-14T09:30:00Z', { r1: 2, n: 7, r2: 5 });
      await store.insertResponses([stored]);
      const sql = sqlOf(store);
      const xmin = async () => (await sql.query<{ xmin: string }>('SELECT xmin::text FROM feedback_responses WHERE id = $1', [stored.id]))[0]!.xmin;
      const before = await xmin();
      await store.registerSurveys([{ ...survey, questions: survey.questions.map(q => ({ ...q, label: label(`${q.label.nl}?`) })) }]);
      assert.equal(await xmin(), before, 'a text correction leaves the answers alone');
      // The collector refuses other questions under the same version; a hand-made UPDATE can do it.
      const reversed = { ...survey, questions: [...survey.questions].reverse() };
      await sql.query(`UPDATE feedback_surveys SET definition = $1::jsonb WHERE id = 'reordered' AND version = 1`, [JSON.stringify(reversed)]);
      const positions = await sql.query<{ question_id: string }>(
        `SELECT question_id FROM feedback_scale_questions WHERE survey_id = 'reordered' ORDER BY position`,
      );
      assert.deepEqual(positions.map(p => p.question_id), ['r2', 'n', 'r1']);
      assert.deepEqual(await scoresOf(stored.id), [5, 7, 2]);
    });

    if (kind.name === 'PostgreSQL') {
      it("reads them from the collector's own schema for a session whose search_path is another", async () => {
        const [{ schema }] = await sqlOf(store).query<{ schema: string }>('SELECT current_schema() AS schema');
        const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await other.connect();
        try {
          const id = crypto.randomUUID();
          await other.query('SET search_path = pg_catalog'); // as pg_restore does: none of ours
          await other.query(INSERT_BY_HAND.replace('INSERT INTO feedback_responses', `INSERT INTO ${schema}.feedback_responses`), [id, CASES[0]!.answers]);
          assert.deepEqual(await scoresOf(id), CASES[0]!.scores);
        } finally {
          await other.end();
        }
      });
    }

    it('fills them in for the answers of a database from before migration 4', async () => {
      const old = await kind.open();
      try {
        const sql = sqlOf(old);
        await old.registerSurveys([SURVEY]);
        await sql.exec(UNDO_MIGRATION_4);
        const ids = [];
        for (const { answers } of CASES) {
          const id = crypto.randomUUID();
          await sql.query(INSERT_BY_HAND, [id, answers]);
          ids.push(id);
        }
        assert.deepEqual(await migrate(sql), [4]);
        const rows = await sql.query<Scores>(SCORES);
        const byId = new Map(rows.map(row => [row.id, row.scores]));
        assert.deepEqual(ids.map(id => byId.get(id)), CASES.map(c => c.scores));
      } finally {
        await old.close();
      }
    });
  });
}
