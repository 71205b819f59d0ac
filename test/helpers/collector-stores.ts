// The databases the collector suite runs on: PGlite always, and a real PostgreSQL server when
// TEST_DATABASE_URL is set (scripts/test.mjs starts one; CI must have it).
import pg from 'pg';
import { openPgliteStore } from '../../src/collector/pglite-store.js';
import { openPostgresStore, type PostgresOptions } from '../../src/collector/postgres-store.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { Sql } from '../../src/collector/store.js';

export interface StoreKind {
  name: 'PGlite' | 'PostgreSQL';
  /** A fresh, empty database (PGlite in memory, or a schema of its own on the server). */
  open(): Promise<SqlStore>;
  /** Two instances that start at the same moment on one fresh database, as behind a load balancer. */
  openTwoAtOnce?(): Promise<[SqlStore, SqlStore]>;
}

const url = process.env.TEST_DATABASE_URL;
if (!url && process.env.CI === 'true') {
  throw new Error('CI must run the collector suite on PostgreSQL too: set TEST_DATABASE_URL (scripts/test.mjs does).');
}

async function freshSchema(connectionString: string): Promise<string> {
  const schema = `test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return schema;
}

export const STORE_KINDS: StoreKind[] = [
  { name: 'PGlite', open: () => openPgliteStore() },
  ...(url
    ? [
        {
          name: 'PostgreSQL' as const,
          async open() {
            return openPostgresStore({ connectionString: url, schema: await freshSchema(url), maxConnections: 4 });
          },
          async openTwoAtOnce() {
            const schema = await freshSchema(url);
            const open = () => openPostgresStore({ connectionString: url, schema, maxConnections: 4 });
            return Promise.all([open(), open()]);
          },
        },
      ]
    : []),
];

/** A PostgreSQL store on a fresh schema with other options, or undefined without a test server. */
export async function openPostgresWith(options: Omit<PostgresOptions, 'connectionString' | 'schema'>): Promise<SqlStore | undefined> {
  return url ? openPostgresStore({ connectionString: url, schema: await freshSchema(url), ...options }) : undefined;
}

/** The store's own connection, for checks the public API does not offer (what is in which table). */
export const sqlOf = (store: SqlStore) => (store as unknown as { sql: Sql }).sql;

/** Takes a database back to before migration 4 (scale answers as numbers), to replay the upgrade. */
export const UNDO_MIGRATION_4 = `
  ALTER TABLE feedback_responses DROP COLUMN scores CASCADE;
  DROP TABLE feedback_scale_questions;
  DROP TRIGGER feedback_surveys_scale_questions ON feedback_surveys;
  DROP FUNCTION feedback_responses_scores, feedback_surveys_scale_questions, feedback_score;
  DELETE FROM feedback_migrations WHERE version = 4;`;

/** Takes a database back to before migration 9 (invitation tokens as keyed hashes): raw tokens again. */
export const UNDO_MIGRATION_9 = `
  DROP INDEX feedback_responses_one_per_invitation;
  ALTER TABLE feedback_responses DROP COLUMN invitation_hash;
  ALTER TABLE feedback_responses ADD COLUMN invitation text;
  CREATE UNIQUE INDEX feedback_responses_one_per_invitation ON feedback_responses (survey_id, invitation)
    WHERE invitation IS NOT NULL;
  DELETE FROM feedback_migrations WHERE version = 9;`;
