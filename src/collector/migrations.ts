import type { Sql } from './store.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each once, at start. Never edit a released one: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'surveys, responses and settings',
    sql: `
      CREATE TABLE feedback_surveys (
        id text NOT NULL,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );
      CREATE TABLE feedback_responses (
        id uuid PRIMARY KEY,
        survey_id text NOT NULL,
        survey_version integer NOT NULL,
        channel text NOT NULL,
        locale text NOT NULL,
        submitted_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        context jsonb NOT NULL DEFAULT '{}'::jsonb,
        answers jsonb NOT NULL,
        FOREIGN KEY (survey_id, survey_version) REFERENCES feedback_surveys (id, version)
      );
      CREATE INDEX feedback_responses_by_time ON feedback_responses (survey_id, submitted_at, id);
      CREATE TABLE feedback_settings (key text PRIMARY KEY, value text NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'invitation tokens, contact requests, shown and invitation counts',
    sql: `
      ALTER TABLE feedback_responses ADD COLUMN invitation text;
      CREATE UNIQUE INDEX feedback_responses_one_per_invitation ON feedback_responses (survey_id, invitation)
        WHERE invitation IS NOT NULL;
      CREATE TABLE feedback_contacts (
        response_id uuid PRIMARY KEY REFERENCES feedback_responses (id) ON DELETE CASCADE,
        survey_id text NOT NULL,
        email text,
        phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        handled_at timestamptz,
        CHECK (email IS NOT NULL OR phone IS NOT NULL)
      );
      CREATE INDEX feedback_contacts_by_time ON feedback_contacts (created_at);
      CREATE TABLE feedback_shown (
        id uuid PRIMARY KEY,
        survey_id text NOT NULL,
        survey_version integer NOT NULL,
        channel text NOT NULL,
        day date NOT NULL
      );
      CREATE INDEX feedback_shown_by_day ON feedback_shown (survey_id, day);
      CREATE TABLE feedback_invitations (
        id uuid PRIMARY KEY,
        survey_id text NOT NULL,
        survey_version integer,
        channel text NOT NULL,
        day date NOT NULL,
        count integer NOT NULL CHECK (count > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX feedback_invitations_by_day ON feedback_invitations (survey_id, day);
    `,
  },
  {
    version: 3,
    name: 'shown counts per day',
    // The report's response rates sum shown items per day: one row per browser and day made that
    // a scan of millions of rows. The per-day totals are kept as items arrive (count-sql.ts).
    sql: `
      CREATE TABLE feedback_shown_days (
        survey_id text NOT NULL,
        day date NOT NULL,
        channel text NOT NULL,
        count bigint NOT NULL CHECK (count > 0),
        PRIMARY KEY (survey_id, day, channel)
      );
      INSERT INTO feedback_shown_days (survey_id, day, channel, count)
        SELECT survey_id, day, channel, count(*) FROM feedback_shown GROUP BY survey_id, day, channel;
    `,
  },
];

// Any constant works; it keeps two instances that start together from migrating at once.
const MIGRATION_LOCK = 7_210_515;

/** Brings the schema up to date; safe when several instances start at the same moment. */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.transaction(async tx => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS feedback_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM feedback_migrations');
    const applied = new Set(rows.map(row => row.version));
    const known = Math.max(0, ...migrations.map(m => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new Error(`The database schema is at version ${newest}, newer than this collector knows (${known}). Run a newer collector.`);
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO feedback_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
