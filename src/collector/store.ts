import type { Channel, Context, FeedbackRecord } from '../schema/record.js';
import type { Survey } from '../schema/survey.js';
import type { CutRow } from '../report/figures.js';
import type { ReportQuery } from '../report/report-query.js';
import type { ReportQuestion } from '../report/report-questions.js';

/**
 * The little of a PostgreSQL driver the collector needs. PGlite and node-postgres both fit it, so
 * one set of queries serves both (`sql-store.ts`).
 */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several statements without parameters and without a read timeout (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if not. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Runs `work` on one connection, outside a transaction (session settings, VACUUM). */
  session<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One stored answer, as the read API returns it. */
export interface StoredResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  locale: string;
  /** When the respondent submitted, by the device's clock. */
  submittedAt: string;
  /** When the collector stored it, by the server's clock. */
  receivedAt: string;
  context: Context;
  answers: FeedbackRecord['answers'];
}

export interface ResponseQuery {
  surveyId?: string;
  channel?: Channel;
  /** Only these channels (the report's filter); empty or absent for all. */
  channels?: Channel[];
  /** Only answers whose context has all these values, e.g. `{ office: 'Gent' }`. */
  context?: Record<string, string>;
  /** Inclusive lower bound on `submittedAt`. */
  from?: Date;
  /** Exclusive upper bound on `submittedAt`. */
  to?: Date;
  ids?: string[];
  /** The `next` cursor of the page before. */
  after?: { submittedAt: Date; id: string };
  /** Only answers stored before this instant (`receivedAt`): an export's cut. */
  receivedBefore?: Date;
  limit: number;
}

/** One comment answer, with its response's metadata (`GET /api/comments`). */
export interface StoredComment {
  responseId: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  context: Context;
  submittedAt: string;
  /** The language the respondent answered in (a BCP 47 tag such as `fr-BE`). */
  locale: string;
  questionId: string;
  text: string;
}

export interface CommentQuery {
  surveyId: string;
  /** The survey's comment questions (`surveyCatalog(…).comments`). */
  questionIds: string[];
  /** Inclusive lower bound on `submittedAt`. */
  from: Date;
  /** Exclusive upper bound on `submittedAt`. */
  to: Date;
  /** Only these channels; empty or absent for all. */
  channels?: Channel[];
  context?: Record<string, string>;
  /** Only comments that contain this text, ignoring case; `%` and `_` are plain characters. */
  search?: string;
  /** The `next` cursor of the page before. */
  after?: { submittedAt: Date; id: string; questionId: string };
  limit: number;
}

/** What the database refused for one record when a batch had to be stored one by one. */
export interface RefusedRecord {
  id: string;
  reason: string;
}

export interface InsertReport {
  /** Ids stored by this call; the others were stored before (duplicates), came too late, or were refused. */
  inserted: Set<string>;
  /** Ids not stored because another answer for their invitation token is stored already. */
  alreadyReceived: Set<string>;
  refused: RefusedRecord[];
}

/** A call-back request, kept apart from the answers, with the answer's metadata for context. */
export interface StoredContact {
  /**
   * The request's own id, for PATCH and DELETE: the id of the record that brought it. That is the
   * answer's id (`responseId`), except for a request sent with a later answer to the same invitation.
   */
  id: string;
  /** The stored answer it belongs to. */
  responseId: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  context: Context;
  submittedAt: string;
  /** The language the respondent answered in: the one to call back in. */
  locale: string;
  email?: string;
  phone?: string;
  /** When the collector stored it; the retention counts from here. */
  createdAt: string;
  handled: boolean;
  handledAt?: string;
}

export interface ContactQuery {
  handled?: boolean;
  surveyId?: string;
  /** Only the requests with this email address (any case): whose to erase, when someone asks. */
  email?: string;
  /** Only the requests with this phone number, however it is spaced or punctuated, national or international (phone-pattern.ts). */
  phone?: string;
  limit: number;
}

/** One browser showed one survey on one day (`day` is `YYYY-MM-DD`); the random id makes a resend harmless. */
export interface ShownItem {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  day: string;
}

/** `count` invitations sent for a survey on a day; the id makes a retry harmless. */
export interface InvitationBatch {
  id: string;
  surveyId: string;
  surveyVersion?: number;
  channel: Channel;
  day: string;
  count: number;
}

export type InvitationResult = { registered: true } | { registered: false; stored: InvitationBatch };

export interface CountQuery {
  surveyId?: string;
  channel?: Channel;
  /** Inclusive first day, `YYYY-MM-DD`. */
  from?: string;
  /** Inclusive last day, `YYYY-MM-DD`. */
  to?: string;
}

export interface DayCount {
  surveyId: string;
  channel: Channel;
  day: string;
  count: number;
}

export interface Counts {
  shown: DayCount[];
  invitations: DayCount[];
}

/** Where the collector keeps answers: PGlite by default, PostgreSQL with `DATABASE_URL`. */
export interface CollectorStore {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Stores new records, each with its `contact` (apart, in the same statement). A record whose id
   * is stored is left as it is; of records sharing an invitation token, only the first is stored.
   */
  insertResponses(records: FeedbackRecord[]): Promise<InsertReport>;
  listResponses(query: ResponseQuery): Promise<StoredResponse[]>;
  /**
   * The report's cut rows, every figure computed by the database: the same rows as
   * `tallyRows(query, questions, responses)` over the stored answers (order aside), or over those
   * stored before `receivedBefore`.
   */
  reportRows(query: ReportQuery, questions: readonly ReportQuestion[], receivedBefore?: Date): Promise<CutRow[]>;
  /**
   * The database's clock now, once every answer stored before it can be read: an export's cut, for
   * `receivedBefore`, so its summary and its rows hold the same answers.
   */
  receivedCut(): Promise<Date>;
  /** Comment answers in the query's cut, newest first. */
  listComments(query: CommentQuery): Promise<StoredComment[]>;
  /** Contact requests, newest first. */
  listContacts(query: ContactQuery): Promise<StoredContact[]>;
  /** Marks a contact request (by its `id`) handled or not; undefined when there is no such request. */
  setContactHandled(id: string, handled: boolean): Promise<StoredContact | undefined>;
  /** Forgets a contact request (by its `id`; never the answer); false when there was none. */
  deleteContact(id: string): Promise<boolean>;
  /** Deletes the contact requests stored before `cutoff`; returns how many. */
  purgeContacts(cutoff: Date): Promise<number>;
  /** Stores new shown items; returns the ids stored by this call. */
  insertShown(items: ShownItem[]): Promise<Set<string>>;
  registerInvitations(batch: InvitationBatch): Promise<InvitationResult>;
  /** Shown items and invitations summed per survey, channel and day, oldest day first. */
  counts(query: CountQuery): Promise<Counts>;
  /** Records the survey definitions; refuses a changed definition under a stored id and version. */
  registerSurveys(surveys: Survey[]): Promise<void>;
  surveys(): Promise<Survey[]>;
  /** A value kept in the database, made by `make` the first time (the generated report token). */
  setting(key: string, make: () => string): Promise<string>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A changed survey definition under an id and version that answers already refer to. */
export class SurveyConflictError extends Error {
  override name = 'SurveyConflictError';
}
