// Entry of <feedback-report> (`feedback-loop/report`): registers the element and exports its API.
// Separate from define.ts and index.ts, so the survey bundle never carries the report.
import { FeedbackReport } from './components/feedback-report/feedback-report.js';

if (!customElements.get('feedback-report')) customElements.define('feedback-report', FeedbackReport);

export { FeedbackReport };
export {
  FeedbackLoadEvent,
  FeedbackReportErrorEvent,
  REPORT_ERROR_CODES,
  type FeedbackReportEventMap,
  type ReportError,
  type ReportErrorCode,
  type ReportRequestKind,
} from './events/report-events.js';
export {
  registerReportLocale,
  resolveReportMessages,
  type ReportMessageOverrides,
  type ReportMessages,
} from './i18n/report-messages.js';
export { ReportSchema, type Report } from './report/report-schema.js';
// The pure report API, for pages that compute a report themselves.
export { summarize, type SummarizableResponse, type SummarizeInput } from './report/summarize.js';
export { parseReportQuery, reportParams, DEFAULT_MIN_COUNT, DEFAULT_REPORT_TIME_ZONE, type Breakdown, type ReportQuery } from './report/report-query.js';
export { presetPeriod, previousPeriod, PRESETS, type Period, type Preset } from './report/period.js';
