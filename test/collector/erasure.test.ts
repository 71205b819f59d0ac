import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createHandler } from '../../src/collector/handler.js';
import { openPgliteStore } from '../../src/collector/pglite-store.js';
import { openPostgresStore } from '../../src/collector/postgres-store.js';
import type { StoredContact } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { Survey } from '../../src/schema/survey.js';
import { api, contactAnswer, contactSurvey, ORIGIN, post, TOKEN } from '../helpers/collector-fixtures.js';
import { openPostgresWith, sqlOf } from '../helpers/collector-stores.js';

// Erased call-back requests must be gone from the database's own files, not only from the API:
// an UPDATE or DELETE leaves the old row version, with the email and phone, on disk until the
// table is vacuumed, and PGlite never vacuums by itself.

const SURVEYS: Survey[] = [defaultSurvey(), contactSurvey()];
const DAY_MS = 86_400_000;

/** Files under `dir` whose bytes hold `text`. */
function filesHolding(dir: string, text: string): string[] {
  const needle = Buffer.from(text);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name))
    .filter(file => readFileSync(file).includes(needle));
}

describe('erased call-back requests on disk (PGlite data folder)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'feedback-erasure-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves no copy of an erased or expired email or phone number in the table files', async () => {
    const store = await openPgliteStore(dir);
    await store.registerSurveys(SURVEYS);
    let now = new Date();
    const handle = createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0, clock: () => now });
    const erased = contactAnswer({ contact: { consent: true, email: 'erase.me.now@example.org', phone: '+32 470 11 22 33' } });
    const expired = contactAnswer({ contact: { consent: true, email: 'expire.me@example.org' }, context: { office: 'Kantoor-Markt-17' } });
    assert.equal((await handle(post({ records: [erased, expired] }))).status, 200);
    // Handled first (an UPDATE: one more row version), then the respondent asks to be forgotten.
    assert.equal((await handle(api('PATCH', `/api/contacts/${erased.id}`, { handled: true }))).status, 200);
    assert.equal((await handle(api('DELETE', `/api/contacts/${erased.id}`))).status, 204);
    // The other one outlives its retention (90 days): listing the requests erases it.
    now = new Date(now.getTime() + 91 * DAY_MS);
    const listed = (await (await handle(api('GET', '/api/contacts'))).json()) as { contacts: StoredContact[] };
    assert.deepEqual(listed.contacts, []);
    await store.close(); // PGlite writes its buffers to the folder

    const tables = join(dir, 'base');
    assert.deepEqual(filesHolding(tables, 'erase.me.now@example.org'), [], 'erased email');
    assert.deepEqual(filesHolding(tables, '+32 470 11 22 33'), [], 'erased phone');
    assert.deepEqual(filesHolding(tables, 'expire.me@example.org'), [], 'expired email');
    // The answers themselves stay: the search does find what is kept.
    assert.notDeepEqual(filesHolding(tables, 'Kantoor-Markt-17'), [], 'the answer’s context');
  });
});

// PostgreSQL only: PGlite has one connection, so nothing can hold the table meanwhile.
if (process.env.TEST_DATABASE_URL) {
  describe('erasing while a long reader holds the contacts table (PostgreSQL, as a backup does)', () => {
    it('answers the DELETE at once, keeps taking answers, and sweeps the table once the reader is gone', async () => {
      const store = (await openPostgresWith({}))!;
      await store.registerSurveys(SURVEYS);
      const handle = createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0 });
      const person = contactAnswer({ contact: { consent: true, email: 'erase.me.later@example.org' } });
      assert.equal((await handle(post({ records: [person] }))).status, 200);
      const sql = sqlOf(store);
      const filenode = async () => (await sql.query<{ node: string }>(`SELECT pg_relation_filenode('feedback_contacts')::text AS node`))[0]!.node;
      await handle(api('GET', '/api/contacts')); // runs the sweep owed since start
      const [{ schema }] = await sql.query<{ schema: string }>('SELECT current_schema() AS schema');
      const reader = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await reader.connect();
      try {
        await reader.query('BEGIN');
        await reader.query(`SELECT count(*) FROM ${schema}.feedback_contacts`); // holds the table until COMMIT
        const before = await filenode();

        const started = performance.now();
        assert.equal((await handle(api('DELETE', `/api/contacts/${person.id}`))).status, 204);
        const deleteMs = performance.now() - started;
        await new Promise(resolve => setTimeout(resolve, 50)); // the sweep now waits for its lock
        const posting = performance.now();
        assert.equal((await handle(post({ records: [contactAnswer()] }))).status, 200);
        const postMs = performance.now() - posting;
        await new Promise(resolve => setTimeout(resolve, 400)); // past the sweep's lock time limit
        assert.equal(await filenode(), before, 'not swept while the reader holds the table');

        await reader.query('COMMIT');
        await handle(api('GET', '/api/contacts')); // a listing purges, and runs the owed sweep
        await waitFor(async () => (await filenode()) !== before);
        // Both well under a second: not held up by a sweep queued behind the reader (its lock wait is 200 ms).
        assert.ok(deleteMs < 1000, `DELETE took ${deleteMs} ms`);
        assert.ok(postMs < 1000, `an answer took ${postMs} ms`);
      } finally {
        await reader.end();
        await store.close();
      }
    });
  });
}

// PostgreSQL only: PGlite's one user owns every table.
if (process.env.TEST_DATABASE_URL) {
  describe('a database role that does not own the contacts table (PostgreSQL)', () => {
    it('says once in the log that erased details stay on disk, and how to let it sweep', async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const owner = (await openPostgresWith({}))!; // applies the migrations as the tables' owner
      const [{ schema }] = await sqlOf(owner).query<{ schema: string }>('SELECT current_schema() AS schema');
      await owner.close();
      // The usual split: the tables belong to the role that migrates, the collector's role may read and write them.
      const role = `writer_${crypto.randomUUID().slice(0, 8)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE ROLE ${role} LOGIN; GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};`);
      const asRole = new URL(url);
      asRole.username = role;
      const lines: string[] = [];
      const store = await openPostgresStore({ connectionString: asRole.href, schema, maxConnections: 2, log: line => lines.push(line) });
      try {
        await store.registerSurveys(SURVEYS);
        const handle = createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0 });
        const people = [contactAnswer(), contactAnswer()];
        assert.equal((await handle(post({ records: people }))).status, 200);

        for (const person of people) assert.equal((await handle(api('DELETE', `/api/contacts/${person.id}`))).status, 204);
        await waitFor(async () => lines.length > 0);
        await store.close(); // after the sweeps still running

        assert.deepEqual(lines, [
          `contact sweep skipped: the database role "${role}" does not own feedback_contacts, so PostgreSQL did not run VACUUM FULL, ` +
            `and erased email addresses and phone numbers stay in old row versions on disk. Make it the owner: ALTER TABLE feedback_contacts OWNER TO "${role}"`,
        ]);
      } finally {
        await store.close().catch(() => {});
        await admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
        await admin.end();
      }
    });
  });
}

/** Waits until `check` holds, at most 5 s. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error('not within 5 s');
}
