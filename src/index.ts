// The package entry: classes, types and pure APIs. No side effects: importing this file defines
// no custom element (import `feedback-loop/define.js` for that).
export { FeedbackLoop } from './components/feedback-loop/feedback-loop.js';
export type { SurveyStatus } from './components/feedback-loop/survey-controller.js';
export {
  FeedbackChangeEvent,
  FeedbackErrorEvent,
  FeedbackSentEvent,
  FeedbackSubmitEvent,
  FEEDBACK_ERROR_CODES,
  type FeedbackErrorCode,
  type FeedbackErrorDetail,
} from './events/feedback-events.js';
export { defaultSurvey, DEFAULT_SURVEY_ID, DEFAULT_SURVEY_VERSION, DIMENSIONS } from './i18n/default-survey.js';
export type { DefaultSurveyText, MessageOverrides, Messages } from './i18n/messages.js';
export { availableLocales, registerLocale, resolveLocale } from './i18n/registry.js';
export { createFetchTransport, requestBody, type SendResult, type Transport } from './queue/transport.js';
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
