import type { Channel, Context, FeedbackRecord } from '../schema/record.js';
import type { Survey } from '../schema/survey.js';

/**
 * The little of a PostgreSQL driver the collector needs. PGlite and node-postgres both fit it, so
 * one set of queries serves both (`sql-store.ts`).
 */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if not. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
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
  /** Inclusive lower bound on `submittedAt`. */
  from?: Date;
  /** Exclusive upper bound on `submittedAt`. */
  to?: Date;
  ids?: string[];
  /** The `next` cursor of the page before. */
  after?: { submittedAt: Date; id: string };
  limit: number;
}

/** What the database refused for one record when a batch had to be stored one by one. */
export interface RefusedRecord {
  id: string;
  reason: string;
}

export interface InsertReport {
  /** Ids stored by this call; the others were stored before (duplicates) or refused. */
  inserted: Set<string>;
  refused: RefusedRecord[];
}

/** Where the collector keeps answers: PGlite by default, PostgreSQL with `DATABASE_URL`. */
export interface CollectorStore {
  readonly kind: 'pglite' | 'postgres';
  /** Stores new records; a record whose id is already stored is left as it is. */
  insertResponses(records: FeedbackRecord[]): Promise<InsertReport>;
  listResponses(query: ResponseQuery): Promise<StoredResponse[]>;
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
