import type { CutRow } from '../report/figures.js';
import type { ReportQuery } from '../report/report-query.js';
import type { ReportQuestion } from '../report/report-questions.js';
import type { FeedbackRecord } from '../schema/record.js';
import type { Survey } from '../schema/survey.js';
import * as comments from './comment-sql.js';
import * as contacts from './contact-sql.js';
import { ContactSweep } from './contact-sweep.js';
import { receivedCut } from './cut-sql.js';
import * as tallies from './count-sql.js';
import { openInvitationKey, type InvitationHasher } from './invitation-key.js';
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
  private readonly sweep: ContactSweep;
  private purging?: Promise<number>;
  private readonly log: (line: string) => void;
  private invitations!: InvitationHasher;

  /** @param log - problems worth an operator's look (a sweep the role may not run, an export held up by an open transaction) */
  constructor(
    readonly kind: CollectorStore['kind'],
    private readonly sql: Sql,
    log: (line: string) => void = line => console.warn(line),
  ) {
    this.log = log;
    this.sweep = new ContactSweep(sql, log);
  }

  /**
   * Applies pending migrations; call once before use.
   * @param invitationKey - INVITATION_KEY: the key for invitation tokens, kept out of the database (invitation-key.ts)
   */
  async open(invitationKey?: string): Promise<this> {
    const done = await migrate(this.sql, undefined, { invitationKey });
    this.invitations = await openInvitationKey(this.sql, invitationKey);
    // Migrations 4 and 9 rewrote answers. PGlite has no autovacuum to clear the old row versions,
    // which would leave the table twice its size and the report slower, and the old versions of
    // migration 9 hold the raw tokens. Not in a transaction.
    if (done.includes(4) || done.includes(9)) await this.sql.exec('VACUUM ANALYZE feedback_responses');
    return this;
  }

  insertResponses(records: FeedbackRecord[]): Promise<InsertReport> {
    return responses.insertResponses(this.sql, records, this.invitations);
  }

  listResponses(query: ResponseQuery): Promise<StoredResponse[]> {
    return responses.listResponses(this.sql, query);
  }

  reportRows(query: ReportQuery, questions: readonly ReportQuestion[], receivedBefore?: Date): Promise<CutRow[]> {
    return report.reportRows(this.sql, query, questions, receivedBefore);
  }

  receivedCut(): Promise<Date> {
    return receivedCut(this.sql, { log: this.log });
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
    if (deleted) this.sweep.request();
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
    if (erased > 0 || this.sweep.isOwed) this.sweep.request();
    return erased;
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
    await this.sweep.settled(); // its connection goes with the pool
    return this.sql.close();
  }
}
