import type { AnswerValue, FeedbackRecord } from '../schema/record.js';
import type { ValidationIssue } from '../schema/validate.js';

// Every public event bubbles and is composed, so hosts inside other shadow roots still hear it.
const PUBLIC = { bubbles: true, composed: true } as const;

/** The respondent changed an answer (never fired when a property is set from code). */
export class FeedbackChangeEvent extends Event {
  static readonly eventName = 'feedback-change';
  constructor(readonly detail: { questionId: string; value: AnswerValue | undefined }) {
    super(FeedbackChangeEvent.eventName, PUBLIC);
  }
}

/** A valid answer is about to be sent. Cancelable: `preventDefault()` stops the submit. */
export class FeedbackSubmitEvent extends Event {
  static readonly eventName = 'feedback-submit';
  constructor(readonly detail: { record: FeedbackRecord }) {
    super(FeedbackSubmitEvent.eventName, { ...PUBLIC, cancelable: true });
  }
}

/** The endpoint acknowledged the answers with these ids. */
export class FeedbackSentEvent extends Event {
  static readonly eventName = 'feedback-sent';
  constructor(readonly detail: { ids: string[] }) {
    super(FeedbackSentEvent.eventName, PUBLIC);
  }
}

/** What went wrong, as a stable code a host can switch on. */
export const FEEDBACK_ERROR_CODES = [
  'invalid-survey',
  'survey-load-failed',
  'invalid-endpoint',
  'invalid-attribute',
  'send-failed',
] as const;
export type FeedbackErrorCode = (typeof FEEDBACK_ERROR_CODES)[number];

export interface FeedbackErrorDetail {
  code: FeedbackErrorCode;
  /** A developer-facing explanation in English. */
  message: string;
  /** Validation issues, for `invalid-survey` and `invalid-attribute`. */
  issues?: ValidationIssue[];
  /** The underlying error or HTTP status, when there is one. */
  cause?: unknown;
}

/** Setup or delivery failed. The element shows a short message; the details are here. */
export class FeedbackErrorEvent extends Event {
  static readonly eventName = 'feedback-error';
  constructor(readonly detail: FeedbackErrorDetail) {
    super(FeedbackErrorEvent.eventName, PUBLIC);
  }
}

declare global {
  interface HTMLElementEventMap {
    'feedback-change': FeedbackChangeEvent;
    'feedback-submit': FeedbackSubmitEvent;
    'feedback-sent': FeedbackSentEvent;
    'feedback-error': FeedbackErrorEvent;
  }
}
