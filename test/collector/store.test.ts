import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate, MIGRATIONS } from '../../src/collector/migrations.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { SurveyConflictError, type Sql } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer } from '../helpers/collector-fixtures.js';
import { openPostgresWith, STORE_KINDS } from '../helpers/collector-stores.js';

/** The store's own connection, for checks the public API does not offer. */
const sqlOf = (store: SqlStore) => (store as unknown as { sql: Sql }).sql;

for (const kind of STORE_KINDS) {
  describe(`store on ${kind.name}`, () => {
    let store: SqlStore;

    before(async () => {
      store = await kind.open();
      await store.registerSurveys([defaultSurvey()]);
    });
    after(() => store.close());

    describe('migrations', () => {
      it('applies each migration once and records it', async () => {
        const again = await migrate(sqlOf(store));
        const rows = await sqlOf(store).query<{ version: number }>('SELECT version FROM feedback_migrations ORDER BY version');

        assert.deepEqual(again, []);
        assert.deepEqual(rows.map(r => r.version), MIGRATIONS.map(m => m.version));
      });

      it('refuses a database that a newer collector has migrated', async () => {
        const newer = [...MIGRATIONS, { version: 99, name: 'from the future', sql: 'CREATE TABLE feedback_future (x int)' }];
        await migrate(sqlOf(store), newer);

        const known = MIGRATIONS.at(-1)!.version;
        await assert.rejects(migrate(sqlOf(store)), new RegExp(`schema is at version 99, newer than this collector knows \\(${known}\\)`));
        await sqlOf(store).query('DELETE FROM feedback_migrations WHERE version = 99');
      });

      it('rolls a failed migration back completely', async () => {
        const broken = [...MIGRATIONS, { version: MIGRATIONS.at(-1)!.version + 1, name: 'broken', sql: 'CREATE TABLE feedback_half (x int); SELECT no_such_function();' }];

        await assert.rejects(migrate(sqlOf(store), broken));

        const tables = await sqlOf(store).query("SELECT 1 FROM information_schema.tables WHERE table_name = 'feedback_half'");
        assert.equal(tables.length, 0);
        assert.deepEqual(await migrate(sqlOf(store)), []);
      });
    });

    if (kind.name === 'PostgreSQL') {
      it('lets a migration, and an instance waiting for it, run past the time limit of queries', async () => {
        const limited = (await openPostgresWith({ statementTimeout: 300 }))!;
        try {
          const sql = sqlOf(limited);
          await assert.rejects(sql.query('SELECT pg_sleep(0.8)'), /statement timeout/, 'the limit holds for other queries');
          const slow = [...MIGRATIONS, { version: 50, name: 'slow', sql: 'SELECT pg_sleep(0.8); CREATE TABLE feedback_slow (x int);' }];
          // The second waits for the first's lock, then finds the migration applied.
          const [first, second] = await Promise.all([migrate(sql, slow), migrate(sql, slow)]);
          assert.deepEqual([...first, ...second], [50]);
        } finally {
          await limited.close();
        }
      });
    }

    describe('surveys', () => {
      const custom = (changes: Partial<Survey> = {}): Survey => ({
        id: 'store-test',
        version: 1,
        questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' }, required: true }],
        ...changes,
      });

      it('takes corrected texts under the same version and keeps the newest', async () => {
        await store.registerSurveys([custom()]);
        await store.registerSurveys([custom({ questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord' }, required: true }] })]);

        const saved = (await store.surveys()).find(s => s.id === 'store-test')!;
        assert.equal(saved.questions[0]!.label.nl, 'Snelheid van het antwoord');
      });

      it('refuses other questions under a stored version, and keeps the stored one', async () => {
        const changed = custom({ questions: [{ kind: 'nps', id: 'speed', label: { nl: 'Snelheid' }, required: true }] });

        await assert.rejects(store.registerSurveys([changed]), (error: Error) =>
          error instanceof SurveyConflictError && /Give the changed survey a new version/.test(error.message),
        );
        assert.equal((await store.surveys()).find(s => s.id === 'store-test')!.questions[0]!.kind, 'rating');
        await store.registerSurveys([{ ...changed, version: 2 }]);
      });
    });

    it('refuses only the records the database cannot hold and stores the rest of the batch', async () => {
      // The handler checks text first; this is the store's own safety net for anything it missed.
      const good = [answer(), answer()];
      const nul = answer({ answers: { ...answer().answers, comment: 'a\u0000b' } });
      const lone = answer({ answers: { ...answer().answers, comment: 'c\ud800' } });

      const report = await store.insertResponses([good[0]!, nul, lone, good[1]!]);

      assert.deepEqual([...report.inserted].sort(), good.map(r => r.id).sort());
      assert.deepEqual(report.refused.map(r => r.id), [nul.id, lone.id]);
      assert.match(report.refused[0]!.reason, /The database refused it/);
    });

    it('throws, refusing nothing, for a record whose survey was never registered (the server skipped registerSurveys)', async () => {
      const unknownSurvey = answer({ surveyId: 'never-registered' });

      await assert.rejects(store.insertResponses([answer(), unknownSurvey]), { name: 'SurveyNotRegisteredError' });
      assert.deepEqual(await store.listResponses({ ids: [unknownSurvey.id], limit: 10 }), []);
    });

    it('refuses a lone record the database cannot hold instead of failing the request', async () => {
      const nul = answer({ answers: { ...answer().answers, comment: 'a\u0000b' } });

      const report = await store.insertResponses([nul]);

      assert.deepEqual([...report.inserted], []);
      assert.deepEqual(report.refused.map(r => r.id), [nul.id]);
    });

    it('makes a setting once and returns the same value afterwards', async () => {
      const first = await store.setting('test-setting', () => 'first');
      const second = await store.setting('test-setting', () => 'second');

      assert.deepEqual([first, second], ['first', 'first']);
    });

    it('rejects a transaction whose work went on after a failed statement, since none of it was committed', async () => {
      // PostgreSQL answers COMMIT of such a transaction with ROLLBACK, and no error.
      const work = sqlOf(store).transaction(async tx => {
        await tx.query('SELECT 1 / 0').catch(() => {});
        await tx.query("INSERT INTO feedback_settings (key, value) VALUES ('after-a-failure', 'lost')").catch(() => {});
        return 'done';
      });

      await assert.rejects(work);
      assert.equal(await store.setting('after-a-failure', () => 'made later'), 'made later');
    });

    if (kind.openTwoAtOnce) {
      describe('several instances on one database', () => {
        it('migrate together without errors and store each id once', async () => {
          const [a, b] = await kind.openTwoAtOnce!();
          try {
            await Promise.all([a.registerSurveys([defaultSurvey()]), b.registerSurveys([defaultSurvey()])]);
            const records = Array.from({ length: 50 }, () => answer());
            const [fromA, fromB] = await Promise.all([a.insertResponses(records), b.insertResponses([...records].reverse())]);

            for (const record of records) {
              assert.equal(Number(fromA.inserted.has(record.id)) + Number(fromB.inserted.has(record.id)), 1);
            }
            assert.equal((await b.listResponses({ ids: records.map(r => r.id), limit: 100 })).length, 50);
            assert.equal(await a.setting('shared', () => 'from a'), await b.setting('shared', () => 'from b'));
          } finally {
            await Promise.all([a.close(), b.close()]);
          }
        });

        it('register the same surveys at once, listed in another order, without a deadlock', async () => {
          // Two instances of a rolling deploy whose SURVEYS folders list the files in another order.
          const [a, b] = await kind.openTwoAtOnce!();
          try {
            const surveys = Array.from({ length: 6 }, (_, i): Survey => ({
              id: `deploy-${i}`,
              version: 1,
              questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' }, required: true }],
            }));
            for (let round = 0; round < 5; round++) {
              const version = (survey: Survey) => ({ ...survey, version: round + 1 });
              await Promise.all([a.registerSurveys(surveys.map(version)), b.registerSurveys([...surveys].reverse().map(version))]);
            }
            assert.equal((await a.surveys()).filter(survey => survey.id.startsWith('deploy-')).length, 30);
          } finally {
            await Promise.all([a.close(), b.close()]);
          }
        });
      });
    }
  });
}
