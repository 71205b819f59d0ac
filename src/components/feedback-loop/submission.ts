import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import { buildRecord, type Answers, type ContactDraft } from '../../schema/answers.js';
import type { Channel, Context, FeedbackRecord } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';

/** Stores a record in the outbox; `durable` says whether it survives closing the page. */
export type Commit = (record: FeedbackRecord) => Promise<{ durable: boolean; pending: number }>;

/** What a submit needs besides the answers; read at submit time so it is always current. */
export interface SubmitSetup {
  survey: Survey;
  commit: Commit;
  channel: Channel;
  locale: string;
  context?: Context;
  /** The invitation token of an email link. */
  invitation?: string;
}

/** Seams for tests: the time and id a submission gets. */
export interface SurveyControllerOptions {
  now?: () => Date;
  mintId?: () => string;
}

/** The record of the respondent's answers, with the id and time of their first try. */
export function submission(setup: SubmitSetup, answers: Answers, contact: ContactDraft, id: string, at: Date): FeedbackRecord {
  const { survey, channel, locale, context, invitation } = setup;
  return buildRecord(survey, answers, { id, channel, locale, submittedAt: at, context, invitation, contact });
}

/** The `feedback-error` of an answer that could not even be kept. */
export const notStored = (cause: unknown): FeedbackErrorDetail => ({ code: 'send-failed', message: 'The answer could not be stored or sent', cause });
