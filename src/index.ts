// The package entry: classes, types and pure APIs. No side effects: importing this file defines
// no custom element (import `feedback-loop/define.js` for that).
export { FeedbackLoop } from './components/feedback-loop/feedback-loop.js';
export type { SurveyStatus } from './components/feedback-loop/survey-controller.js';
export type { OutboxHandle } from './components/feedback-loop/sync-options.js';
export {
  FeedbackChangeEvent,
  FeedbackDismissEvent,
  FeedbackErrorEvent,
  FeedbackQueuedEvent,
  FeedbackResetEvent,
  FeedbackSentEvent,
  FeedbackShownEvent,
  FeedbackSubmitEvent,
  FEEDBACK_ERROR_CODES,
  type FeedbackErrorCode,
  type FeedbackErrorDetail,
} from './events/feedback-events.js';
export { defaultSurvey, DEFAULT_SURVEY_ID, DEFAULT_SURVEY_VERSION, DIMENSIONS } from './i18n/default-survey.js';
export type { DefaultSurveyText, KioskMessages, LoadedMessages, MessageOverrides, Messages, SurveyMessages } from './i18n/messages.js';
export { availableLocales, registerLocale, resolveLocale } from './i18n/registry.js';
export { openIdbStore, StorageFullError } from './queue/idb.js';
export { createMemoryStore, type OutboxStore } from './queue/outbox-store.js';
export { DEFAULT_BATCH_SIZE, Outbox, type FlushReport, type OutboxEvent, type OutboxOptions } from './queue/outbox.js';
export { backoffMs, parseRetryAfter, RETRY } from './queue/policy.js';
export type { DeadLetter } from './queue/stored-item.js';
export {
  createFetchTransport,
  KEEPALIVE_BUDGET,
  requestBody,
  type FetchTransportOptions,
  type HeadersProvider,
  type SendFailure,
  type SendOptions,
  type SendResult,
  type SendSuccess,
  type Transport,
} from './queue/transport.js';
export { AckSchema, ITEM_STATUSES, type Ack, type ItemResult, type ItemStatus } from './schema/ack.js';
export { buildRecord, checkAnswers, type Answers, type QuestionProblem } from './schema/answers.js';
export { checkEndpoint } from './schema/endpoint.js';
export {
  CHANNELS,
  CONTEXT_LIMITS,
  FeedbackRecordSchema,
  type Channel,
  type Context,
  type FeedbackRecord,
} from './schema/record.js';
export {
  QUESTION_KINDS,
  SCALES,
  SurveySchema,
  type CommentQuestion,
  type LocalizedText,
  type NpsQuestion,
  type Question,
  type RatingQuestion,
  type Survey,
} from './schema/survey.js';
export { formatIssues, validateRecord, validateSurvey, type Validated, type ValidationIssue } from './schema/validate.js';
export { assembleReport, type DayCount, type RateCounts } from './report/assemble-report.js';
export { changeOf, percentages, meanHundredths, npsHundredths, type CutRow, type ScaleFigures } from './report/figures.js';
export { dayCount, periodBounds, presetPeriod, previousPeriod, PRESETS, type DayRange, type Period, type Preset } from './report/period.js';
export { DEFAULT_MIN_COUNT, DEFAULT_REPORT_TIME_ZONE, parseReportQuery, reportParams, type Breakdown, type ReportQuery } from './report/report-query.js';
export { surveyCatalog, type ReportQuestion, type SurveyCatalog } from './report/report-questions.js';
export {
  ReportSchema,
  type Cut,
  type GroupCut,
  type NpsFigures,
  type NpsResult,
  type QuestionResult,
  type RatingFigures,
  type RatingResult,
  type Report,
  type ResponseRate,
} from './report/report-schema.js';
export { summarize, tallyRows, type SummarizableResponse, type SummarizeInput } from './report/summarize.js';
