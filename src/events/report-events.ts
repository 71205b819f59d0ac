// Public events of <feedback-report>. Kept apart from the survey's events so the survey bundle
// does not carry them.
import type { Report } from '../report/report-schema.js';

// Like the survey's events: hosts inside other shadow roots still hear them.
const PUBLIC = { bubbles: true, composed: true } as const;

/** What failed, as a stable code a host can switch on. */
export const REPORT_ERROR_CODES = ['unauthorized', 'invalid-response', 'http', 'network', 'invalid-endpoint'] as const;
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

/** Which request failed: `contacts` is the list of call-back requests, `contact-handled` one "handled" mark. */
export type ReportRequestKind = 'report' | 'comments' | 'contacts' | 'contact-handled' | 'export';

export interface ReportError {
  code: ReportErrorCode;
  request: ReportRequestKind;
  /** A developer-facing explanation in English (the server's own message when it gave one). */
  message: string;
  /** The HTTP status, for `http` and a refused token's `unauthorized`. */
  status?: number;
}

/** The report for the current controls was fetched, checked against its schema and rendered. */
export class FeedbackLoadEvent extends Event {
  static readonly eventName = 'feedback-load';
  constructor(readonly detail: { report: Report }) {
    super(FeedbackLoadEvent.eventName, PUBLIC);
  }
}

/**
 * A request of the report failed: the token was refused or cannot be sent (`unauthorized`), the
 * answer cannot be read (`invalid-response`), an error status (`http`), no answer (`network`), or
 * the endpoint is refused (`invalid-endpoint`). `request` says which request it was.
 */
export class FeedbackReportErrorEvent extends Event {
  static readonly eventName = 'feedback-error';
  constructor(readonly detail: { error: ReportError }) {
    super(FeedbackReportErrorEvent.eventName, PUBLIC);
  }
}

/**
 * The report's events by name. `feedback-error` is already the survey's FeedbackErrorEvent in
 * HTMLElementEventMap (one name, one type there), so FeedbackReport declares its own
 * addEventListener overload with this map instead.
 */
export interface FeedbackReportEventMap {
  'feedback-load': FeedbackLoadEvent;
  'feedback-error': FeedbackReportErrorEvent;
}

declare global {
  interface HTMLElementEventMap {
    'feedback-load': FeedbackLoadEvent;
  }
}
