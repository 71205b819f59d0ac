import { openInvitationKey } from './invitation-key.js';
import type { Sql } from './store.js';

export interface MigrateOptions {
  /** INVITATION_KEY, when given: the key invitation tokens are hashed with (invitation-key.ts). */
  invitationKey?: string;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work in code after `sql`, in the same transaction. */
  run?: (tx: Sql, options: MigrateOptions) => Promise<void>;
}

/** Rows per round of migration 9: about a megabyte of JSON each way. */
export const HASH_BATCH = 10_000;

// Keyset over the unique index of the tokens, so each round reads only rows with a token, from
// where the last one stopped (the rows it set to NULL are still in that index until a vacuum).
// Two statements, not `$1 IS NULL OR …`: a generic plan would then not seek in the index.
const unhashed = (after: string) => `
  SELECT id::text AS id, survey_id, invitation FROM feedback_responses
  WHERE invitation IS NOT NULL ${after}
  ORDER BY survey_id, invitation LIMIT $1`;
const UNHASHED_FIRST = unhashed('');
const UNHASHED_AFTER = unhashed('AND (survey_id, invitation) > ($2::text, $3::text)');
const HASHED = `
  UPDATE feedback_responses AS r SET invitation_hash = decode(h.hash, 'hex'), invitation = NULL
  FROM jsonb_to_recordset($1::jsonb) AS h(id uuid, hash text) WHERE r.id = h.id`;

/**
 * Replaces each stored token by its HMAC, in rounds of `HASH_BATCH`. In code, not SQL: the key
 * never reaches the database server (nor its statement log) when INVITATION_KEY gives it.
 */
async function hashInvitations(tx: Sql, options: MigrateOptions): Promise<void> {
  const hasher = await openInvitationKey(tx, options.invitationKey);
  let last: { survey_id: string; invitation: string } | undefined;
  for (;;) {
    const rows = await tx.query<{ id: string; survey_id: string; invitation: string }>(
      last ? UNHASHED_AFTER : UNHASHED_FIRST,
      last ? [HASH_BATCH, last.survey_id, last.invitation] : [HASH_BATCH],
    );
    if (rows.length === 0) return;
    const hashes = await Promise.all(rows.map(async r => ({ id: r.id, hash: await hasher.hash(r.survey_id, r.invitation) })));
    await tx.query(HASHED, [JSON.stringify(hashes)]);
    last = rows.at(-1);
  }
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
  {
    version: 4,
    name: 'scale answers as numbers',
    // The report read six scores out of each answer's JSON, checking version, type and scale:
    // most of its time at a million answers. Now each answer's scores are checked once, as it is
    // stored, into `scores`: byte k − 1 is the answer to the k-th scale question of its survey
    // version (feedback_scale_questions), or 255 when missing or not a whole number of its scale.
    // Bytes rather than a smallint[]: get_byte() reads them in place, where each element of an
    // array is read from a copy (a sixth of the report's time). The collector's insert fills them
    // in the statement (response-sql.ts scoresSql()); the triggers fill them for answers written
    // by other SQL, and again when answers or a version's questions change. The trigger functions
    // keep the schema they were made in: a session with another search_path (psql, pg_restore)
    // must not reach another collector's tables.
    sql: `
      CREATE TABLE feedback_scale_questions (
        survey_id text NOT NULL,
        survey_version integer NOT NULL,
        position integer NOT NULL,
        question_id text NOT NULL,
        kind text NOT NULL,
        PRIMARY KEY (survey_id, survey_version, position),
        FOREIGN KEY (survey_id, survey_version) REFERENCES feedback_surveys (id, version) ON DELETE CASCADE
      );
      -- The answer as the report counts it (summarize.ts scaleValue()): a JSON number, whole, in the
      -- kind's scale. CASE tries its branches in order, so a string is never cast. Simple enough
      -- to be inlined into the statements that call it.
      CREATE FUNCTION feedback_score(answer jsonb, kind text) RETURNS smallint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE
            WHEN jsonb_typeof(answer) IS DISTINCT FROM 'number' THEN NULL
            WHEN kind = 'rating' AND answer::numeric IN (1, 2, 3, 4, 5) THEN answer::numeric::smallint
            WHEN kind = 'nps' AND answer::numeric IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) THEN answer::numeric::smallint
          END
        $$;
      CREATE FUNCTION feedback_responses_scores() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          NEW.scores := coalesce((
            SELECT string_agg(coalesce(set_byte(decode('00', 'hex'), 0, feedback_score(NEW.answers -> q.question_id, q.kind)), decode('ff', 'hex')), ''::bytea ORDER BY q.position)
            FROM feedback_scale_questions AS q WHERE q.survey_id = NEW.survey_id AND q.survey_version = NEW.survey_version), ''::bytea);
          RETURN NEW;
        END
      $$;
      CREATE FUNCTION feedback_surveys_scale_questions() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        DECLARE
          before text[];
          after text[];
        BEGIN
          SELECT array_agg(question_id || ' ' || kind ORDER BY position) INTO before
            FROM feedback_scale_questions WHERE survey_id = NEW.id AND survey_version = NEW.version;
          DELETE FROM feedback_scale_questions WHERE survey_id = NEW.id AND survey_version = NEW.version;
          INSERT INTO feedback_scale_questions (survey_id, survey_version, position, question_id, kind)
            SELECT NEW.id, NEW.version, row_number() OVER (ORDER BY q.position), q.question ->> 'id', q.question ->> 'kind'
            FROM jsonb_array_elements(NEW.definition -> 'questions') WITH ORDINALITY AS q(question, position)
            WHERE q.question ->> 'kind' IN ('rating', 'nps');
          SELECT array_agg(question_id || ' ' || kind ORDER BY position) INTO after
            FROM feedback_scale_questions WHERE survey_id = NEW.id AND survey_version = NEW.version;
          IF before IS DISTINCT FROM after THEN
            -- Reads them again through feedback_responses_rescored.
            UPDATE feedback_responses SET scores = NULL WHERE survey_id = NEW.id AND survey_version = NEW.version;
          END IF;
          RETURN NULL;
        END
      $$;
      CREATE TRIGGER feedback_surveys_scale_questions AFTER INSERT OR UPDATE OF definition ON feedback_surveys
        FOR EACH ROW EXECUTE FUNCTION feedback_surveys_scale_questions();
      INSERT INTO feedback_scale_questions (survey_id, survey_version, position, question_id, kind)
        SELECT s.id, s.version, row_number() OVER (PARTITION BY s.id, s.version ORDER BY q.position),
          q.question ->> 'id', q.question ->> 'kind'
        FROM feedback_surveys AS s, jsonb_array_elements(s.definition -> 'questions') WITH ORDINALITY AS q(question, position)
        WHERE q.question ->> 'kind' IN ('rating', 'nps');
      ALTER TABLE feedback_responses ADD COLUMN scores bytea;
      UPDATE feedback_responses AS r SET scores = coalesce((
        SELECT string_agg(coalesce(set_byte(decode('00', 'hex'), 0, feedback_score(r.answers -> q.question_id, q.kind)), decode('ff', 'hex')), ''::bytea ORDER BY q.position)
        FROM feedback_scale_questions AS q WHERE q.survey_id = r.survey_id AND q.survey_version = r.survey_version), ''::bytea);
      ALTER TABLE feedback_responses ALTER COLUMN scores SET NOT NULL;
      CREATE TRIGGER feedback_responses_scored BEFORE INSERT ON feedback_responses
        FOR EACH ROW WHEN (NEW.scores IS NULL) EXECUTE FUNCTION feedback_responses_scores();
      CREATE TRIGGER feedback_responses_rescored BEFORE UPDATE OF survey_id, survey_version, answers, scores ON feedback_responses
        FOR EACH ROW EXECUTE FUNCTION feedback_responses_scores();
    `,
  },
  {
    version: 5,
    name: 'deleted contact requests leave a row without details',
    // A later answer to an invitation may bring a call-back request (response-sql.ts). Deleting a
    // request (by staff, or after the retention time) now erases its details and keeps the row,
    // so a replay of that later answer cannot bring a deleted request back.
    sql: `
      ALTER TABLE feedback_contacts ADD COLUMN deleted_at timestamptz;
      ALTER TABLE feedback_contacts DROP CONSTRAINT feedback_contacts_check;
      ALTER TABLE feedback_contacts ADD CONSTRAINT feedback_contacts_details
        CHECK (CASE WHEN deleted_at IS NULL THEN email IS NOT NULL OR phone IS NOT NULL ELSE email IS NULL AND phone IS NULL END);
    `,
  },
  {
    version: 6,
    name: 'answer times in whole milliseconds',
    // Lists and exports page on (submitted_at, id), with the time as JavaScript carries it: to the
    // millisecond. An answer inserted by hand with microseconds (now() gives them) lay between two
    // such marks: a page could start over at the same row for ever, or skip rows.
    sql: `
      CREATE FUNCTION feedback_responses_millis() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          NEW.submitted_at := date_trunc('milliseconds', NEW.submitted_at);
          RETURN NEW;
        END
      $$;
      CREATE TRIGGER feedback_responses_millis BEFORE INSERT OR UPDATE OF submitted_at ON feedback_responses
        FOR EACH ROW EXECUTE FUNCTION feedback_responses_millis();
      UPDATE feedback_responses SET submitted_at = date_trunc('milliseconds', submitted_at)
        WHERE submitted_at <> date_trunc('milliseconds', submitted_at);
    `,
  },
  {
    version: 7,
    name: 'a call-back request per answer that brought one',
    // A later answer to an invitation may ask for a call-back when the stored answer already had a
    // request (open, handled or erased): a new consent, maybe new details. Each request is keyed by
    // the id of the record that brought it (the answer's own id for the first), so a replay still
    // adds nothing and an erased request stays erased.
    // A request stored before was keyed by its answer, whichever record brought it (`keyed_by_answer`):
    // a later record replayed now may be the one that did, so it adds nothing when it was
    // submitted before that request was stored (response-sql.ts LATE_CONTACTS).
    // The trigger gives a row an older instance inserts (without `id`) its answer's id, so instances
    // can still be updated one by one.
    sql: `
      ALTER TABLE feedback_contacts ADD COLUMN id uuid;
      ALTER TABLE feedback_contacts ADD COLUMN keyed_by_answer boolean NOT NULL DEFAULT false;
      UPDATE feedback_contacts SET id = response_id, keyed_by_answer = true;
      ALTER TABLE feedback_contacts ALTER COLUMN id SET NOT NULL;
      ALTER TABLE feedback_contacts DROP CONSTRAINT feedback_contacts_pkey;
      ALTER TABLE feedback_contacts ADD PRIMARY KEY (id);
      CREATE INDEX feedback_contacts_by_response ON feedback_contacts (response_id);
      CREATE FUNCTION feedback_contacts_id() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          NEW.id := coalesce(NEW.id, NEW.response_id);
          RETURN NEW;
        END
      $$;
      CREATE TRIGGER feedback_contacts_id BEFORE INSERT ON feedback_contacts
        FOR EACH ROW EXECUTE FUNCTION feedback_contacts_id();
    `,
  },
  {
    version: 8,
    name: 'contact requests still kept, by time',
    // Erased requests stay as rows, so the purge's batches (contact-sql.ts) and the listing would
    // walk every erased one first on an index of all rows. This one holds only the kept ones.
    sql: `
      CREATE INDEX feedback_contacts_kept_by_time ON feedback_contacts (created_at) WHERE deleted_at IS NULL;
      DROP INDEX feedback_contacts_by_time;
    `,
  },
  {
    version: 9,
    name: 'invitation tokens kept as keyed hashes',
    // Whoever holds the sender's list (token → email address) could join it to the stored tokens
    // and read who gave which answer. The token is replaced by HMAC-SHA-256(key, survey id, token)
    // (invitation-key.ts), which still allows one answer per token. The raw column goes: an older
    // instance still running fails to store (its answers wait in the browsers) rather than storing
    // a raw token the unique index would not compare with the hashes. The store vacuums afterwards.
    sql: 'ALTER TABLE feedback_responses ADD COLUMN invitation_hash bytea',
    run: async (tx, options) => {
      await hashInvitations(tx, options);
      await tx.exec(`
        DROP INDEX feedback_responses_one_per_invitation;
        ALTER TABLE feedback_responses DROP COLUMN invitation;
        CREATE UNIQUE INDEX feedback_responses_one_per_invitation ON feedback_responses (survey_id, invitation_hash)
          WHERE invitation_hash IS NOT NULL;`);
    },
  },
];

// Any constant works; it keeps two instances that start together from migrating at once.
const MIGRATION_LOCK = 7_210_515;

/** Brings the schema up to date; safe when several instances start at the same moment. */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS, options: MigrateOptions = {}): Promise<number[]> {
  return sql.transaction(async tx => {
    // A migration may rewrite every answer, and an instance starting meanwhile waits for it: both
    // take longer than the time limits of requests, so neither has one (exec has no read timeout).
    await tx.query('SET LOCAL statement_timeout = 0');
    await tx.exec(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
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
      await migration.run?.(tx, options);
      await tx.query('INSERT INTO feedback_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
