import type { CutRow } from '../report/figures.js';
import type { ReportQuery } from '../report/report-query.js';
import type { ReportQuestion } from '../report/report-questions.js';
import type { FeedbackRecord } from '../schema/record.js';
import type { Survey } from '../schema/survey.js';
import * as comments from './comment-sql.js';
import * as contacts from './contact-sql.js';
import * as tallies from './count-sql.js';
import { migrate } from './migrations.js';
import * as report from './report-sql.js';
import * as responses from './response-sql.js';
import {
  SurveyConflictError,
  type CollectorStore,
  type CommentQuery,
  type ContactQuery,
  type CountQuery,
  type Counts,
  type InsertReport,
  type InvitationBatch,
  type InvitationResult,
  type ResponseQuery,
  type ShownItem,
  type Sql,
  type StoredComment,
  type StoredContact,
  type StoredResponse,
} from './store.js';

export { isDataError } from './sql-error.js';

/**
 * What answers depend on: the questions' ids, kinds and limits. Texts may be corrected under the
 * same version; a change here needs a new version.
 */
function structureOf(survey: Survey): string {
  return JSON.stringify(
    survey.questions.map(q => [q.id, q.kind, ('required' in q && q.required) || false, q.kind === 'comment' ? (q.maxLength ?? null) : null]),
  );
}

/**
 * The collector's store over any `Sql`. Its queries live in `response-sql.ts`, `contact-sql.ts`,
 * `count-sql.ts`, `report-sql.ts`, `comment-sql.ts` and, for surveys and settings, here.
 */
export class SqlStore implements CollectorStore {
  /**
   * Erased call-back details may still sit in dead row versions on disk until the contacts table
   * is swept. True at start too: a sweep may have failed before a restart.
   */
  private sweepOwed = true;
  private sweeping?: Promise<void>;
  private purging?: Promise<number>;

  constructor(
    readonly kind: CollectorStore['kind'],
    private readonly sql: Sql,
  ) {}

  /** Applies pending migrations; call once before use. */
  async open(): Promise<this> {
    const done = await migrate(this.sql);
    // Migration 4 rewrote every answer. PGlite has no autovacuum to clear the old row versions,
    // which would leave the table twice its size and the report slower. Not in a transaction.
    if (done.includes(4)) await this.sql.exec('VACUUM ANALYZE feedback_responses');
    return this;
  }

  insertResponses(records: FeedbackRecord[]): Promise<InsertReport> {
    return responses.insertResponses(this.sql, records);
  }

  listResponses(query: ResponseQuery): Promise<StoredResponse[]> {
    return responses.listResponses(this.sql, query);
  }

  reportRows(query: ReportQuery, questions: readonly ReportQuestion[]): Promise<CutRow[]> {
    return report.reportRows(this.sql, query, questions);
  }

  listComments(query: CommentQuery): Promise<StoredComment[]> {
    return comments.listComments(this.sql, query);
  }

  listContacts(query: ContactQuery): Promise<StoredContact[]> {
    return contacts.listContacts(this.sql, query);
  }

  setContactHandled(id: string, handled: boolean): Promise<StoredContact | undefined> {
    return contacts.setContactHandled(this.sql, id, handled);
  }

  async deleteContact(id: string): Promise<boolean> {
    const deleted = await contacts.deleteContact(this.sql, id);
    if (deleted) this.sweepContacts();
    return deleted;
  }

  /** Also runs a sweep still owed (the timer and each listing purge). */
  async purgeContacts(cutoff: Date): Promise<number> {
    // One at a time: a listing during the hourly purge waits for it, rather than stopping short at
    // the rows that purge holds (its batches skip them) and listing requests past their retention.
    while (this.purging) await this.purging.catch(() => {});
    const purging = contacts.purgeContacts(this.sql, cutoff);
    this.purging = purging;
    const erased = await purging.finally(() => (this.purging = undefined));
    if (erased > 0 || this.sweepOwed) this.sweepContacts();
    return erased;
  }

  /**
   * Erased details live on in the old row versions on disk until the table is vacuumed, and PGlite
   * never vacuums by itself. FULL writes the table anew, so no freed space keeps their bytes
   * either; the table is small and erasing rare. In the background: the erase is committed, and a
   * failed sweep must not fail its request. It waits at most 200 ms for its lock, or writers would
   * queue behind it while a long reader (a backup) holds the table; then the next erase, purge or
   * start tries again. A role that does not own the table is skipped by PostgreSQL with a warning.
   */
  private sweepContacts(): void {
    this.sweepOwed = true;
    if (this.sweeping) return; // it sweeps again when done: this erase may have come after its start
    this.sweeping = (async () => {
      while (this.sweepOwed) {
        this.sweepOwed = false;
        try {
          await this.sql.session(async sql => {
            await sql.exec("SET lock_timeout = '200ms'");
            try {
              await sql.exec('VACUUM FULL feedback_contacts');
            } finally {
              await sql.exec('RESET lock_timeout');
            }
          });
        } catch {
          this.sweepOwed = true; // for the next erase, purge or start
          return;
        }
      }
    })().finally(() => (this.sweeping = undefined));
  }

  insertShown(items: ShownItem[]): Promise<Set<string>> {
    return tallies.insertShown(this.sql, items);
  }

  registerInvitations(batch: InvitationBatch): Promise<InvitationResult> {
    return tallies.registerInvitations(this.sql, batch);
  }

  counts(query: CountQuery): Promise<Counts> {
    return tallies.counts(this.sql, query);
  }

  async registerSurveys(surveys: Survey[]): Promise<void> {
    // One order for every instance: two starting at once with the files listed otherwise deadlocked.
    const ordered = [...surveys].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
    await this.sql.transaction(async tx => {
      for (const survey of ordered) {
        const definition = JSON.stringify(survey);
        await tx.query(
          `INSERT INTO feedback_surveys (id, version, definition) VALUES ($1, $2, $3::jsonb)
           ON CONFLICT (id, version) DO NOTHING`,
          [survey.id, survey.version, definition],
        );
        const [stored] = await tx.query<{ definition: Survey }>(
          'SELECT definition FROM feedback_surveys WHERE id = $1 AND version = $2 FOR UPDATE',
          [survey.id, survey.version],
        );
        if (structureOf(stored!.definition) !== structureOf(survey)) {
          throw new SurveyConflictError(
            `Survey "${survey.id}" version ${survey.version} is already stored with other questions. ` +
              'Give the changed survey a new version, so answers to the old one keep their meaning.',
          );
        }
        await tx.query('UPDATE feedback_surveys SET definition = $3::jsonb WHERE id = $1 AND version = $2', [
          survey.id,
          survey.version,
          definition,
        ]);
      }
    });
  }

  async surveys(): Promise<Survey[]> {
    const rows = await this.sql.query<{ definition: Survey }>(
      'SELECT definition FROM feedback_surveys ORDER BY id, version',
    );
    return rows.map(row => row.definition);
  }

  async setting(key: string, make: () => string): Promise<string> {
    await this.sql.query('INSERT INTO feedback_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, make()]);
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM feedback_settings WHERE key = $1', [key]);
    return row!.value;
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.sweeping; // its connection goes with the pool
    return this.sql.close();
  }
}
