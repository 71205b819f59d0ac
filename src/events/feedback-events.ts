import type { DeadLetter } from '../queue/stored-item.js';
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

/** A valid answer is about to be stored and sent. Cancelable: `preventDefault()` stops the submit. */
export class FeedbackSubmitEvent extends Event {
  static readonly eventName = 'feedback-submit';
  constructor(readonly detail: { record: FeedbackRecord }) {
    super(FeedbackSubmitEvent.eventName, { ...PUBLIC, cancelable: true });
  }
}

/**
 * The answer is stored in the outbox. `durable` is false when IndexedDB could not be used and it
 * lives only in this page until sent. `pending` counts answers not yet acknowledged.
 */
export class FeedbackQueuedEvent extends Event {
  static readonly eventName = 'feedback-queued';
  constructor(readonly detail: { id: string; durable: boolean; pending: number }) {
    super(FeedbackQueuedEvent.eventName, PUBLIC);
  }
}

/**
 * The endpoint acknowledged the answers with these ids (accepted, or already had them).
 * `alreadyReceived`, when present, lists those it did not store because it held an answer for the
 * same invitation already.
 */
export class FeedbackSentEvent extends Event {
  static readonly eventName = 'feedback-sent';
  constructor(readonly detail: { ids: string[]; pending: number; alreadyReceived?: string[] }) {
    super(FeedbackSentEvent.eventName, PUBLIC);
  }
}

/** The respondent closed the survey with its dismiss button; it stays away for the cooldown. */
export class FeedbackDismissEvent extends Event {
  static readonly eventName = 'feedback-dismiss';
  constructor(readonly detail: { surveyId: string; until: string }) {
    super(FeedbackDismissEvent.eventName, PUBLIC);
  }
}

/** The survey was counted as shown in this browser today (anonymous: no id of the person). */
export class FeedbackShownEvent extends Event {
  static readonly eventName = 'feedback-shown';
  constructor(readonly detail: { surveyId: string; surveyVersion: number; channel: string; day: string }) {
    super(FeedbackShownEvent.eventName, PUBLIC);
  }
}

/** Kiosk: the survey started over for the next respondent, after the thanks or an idle timeout. */
export class FeedbackResetEvent extends Event {
  static readonly eventName = 'feedback-reset';
  constructor(readonly detail: { reason: 'thanks' | 'idle' | 'next' | 'restored' }) {
    super(FeedbackResetEvent.eventName, PUBLIC);
  }
}

/** What went wrong, as a stable code a host can switch on. */
export const FEEDBACK_ERROR_CODES = [
  'invalid-survey',
  'survey-load-failed',
  'invalid-endpoint',
  'invalid-attribute',
  'kiosk-not-loaded',
  'send-failed',
  'delivery-paused',
  'delivery-stalled',
  'dead-letter',
  'storage-degraded',
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
  /** When the outbox tries again by itself (`send-failed`, `delivery-paused`, `delivery-stalled`). */
  retryInMs?: number;
  /** Answers not yet acknowledged, for delivery errors. */
  pending?: number;
  /** The answers the endpoint refused, for `dead-letter`. */
  deadLetters?: DeadLetter[];
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
    'feedback-queued': FeedbackQueuedEvent;
    'feedback-sent': FeedbackSentEvent;
    'feedback-error': FeedbackErrorEvent;
    'feedback-dismiss': FeedbackDismissEvent;
    'feedback-shown': FeedbackShownEvent;
    'feedback-reset': FeedbackResetEvent;
  }
}
