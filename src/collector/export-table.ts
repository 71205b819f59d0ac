// The rows of the raw answers (xlsx sheet "Antwoorden" and the CSV) and of the comments sheet:
// the one place that decides which columns an export has and what goes in them.
import type { SurveyCatalog } from '../report/report-questions.js';
import type { Report } from '../report/report-schema.js';
import { answerTo, contextValue, type Channel } from '../schema/record.js';
import type { LocalizedText } from '../schema/survey.js';
import { EXPORT_LABELS, localizedText, type ExportLabels, type ExportLocale } from './export-labels.js';
import { formatOffset, wallClock } from './export-time.js';

/**
 * What the exports read of a stored answer; a `StoredResponse` fits. Its invitation token is
 * never written, and contact data is not part of it.
 */
export interface ExportResponse {
  id: string;
  surveyVersion: number;
  channel: Channel;
  locale: string;
  /** ISO 8601 instant. */
  submittedAt: string;
  /** When the collector stored it; answers received after the export's `asOf` are left out. */
  receivedAt?: string;
  context?: Record<string, string>;
  answers: Record<string, number | string>;
}

/**
 * Opens one pass over the answers of the report's cut in its current period, oldest first. The
 * exports stream and never hold all answers, so they call it once per pass: once to find the
 * context keys (unless `contextKeys` is given), once for the raw rows, and the workbook once more
 * for its comments sheet (unless `comments` is given). Comments are not buffered instead: a cut
 * can hold hundreds of thousands of them.
 */
export type ResponseSource = () => AsyncIterable<ExportResponse> | Iterable<ExportResponse>;

/** One comment answer; a `StoredComment` fits. */
export interface ExportComment {
  responseId: string;
  channel: Channel;
  /** The language the respondent answered in (an empty cell without it). */
  locale?: string;
  context?: Record<string, string>;
  submittedAt: string;
  questionId: string;
  text: string;
}

export interface ExportInput {
  report: Report;
  catalog: SurveyCatalog;
  responses: ResponseSource;
  /**
   * Every context key of the cut (e.g. `SELECT DISTINCT jsonb_object_keys(context)`), one column
   * each, sorted. Keys not listed are left out. Without it a first pass finds them.
   */
  contextKeys?: readonly string[];
  /** Language of headers, labels and channel names; default Dutch. */
  locale?: ExportLocale;
  /** Answers received later are left out, so every pass sees the same answers (default: now). */
  asOf?: Date;
  /** The collector's clock (which picked the report's period): whether that period is still running (default: `asOf`). */
  now?: Date;
  /**
   * The comments of the cut (e.g. `store.listComments` page by page), for the comments sheet.
   * Without it that sheet comes from one more pass over `responses`.
   */
  comments?: () => AsyncIterable<ExportComment> | Iterable<ExportComment>;
}

export type ExportCell = string | number | Date | null;

export interface ExportTable {
  labels: ExportLabels;
  locale: ExportLocale;
  contextKeys: readonly string[];
  answerHeader: string[];
  /** Id, time (a wall-clock Date, see export-time.ts), its UTC offset, channel, language, version, context, answers. */
  answerRow(response: ExportResponse): ExportCell[];
  commentHeader: string[];
  /** Time, its UTC offset, channel, language, context, question, comment, id; null for an empty comment or another question. */
  commentRow(comment: ExportComment): ExportCell[] | null;
  /** The comments of an answer, for `commentRow`. */
  commentsOf(response: ExportResponse): ExportComment[];
}

/** A function that opens a pass, keeping only answers received by `asOf`. */
export function passes(input: ExportInput): () => AsyncIterable<ExportResponse> {
  const asOf = (input.asOf ?? new Date()).getTime();
  return async function* pass() {
    for await (const response of input.responses()) {
      if (response.receivedAt === undefined || Date.parse(response.receivedAt) <= asOf) yield response;
    }
  };
}

/** The context keys to give columns: the given ones, or those of every answer (one extra pass). */
export async function contextKeysOf(input: ExportInput, pass: () => AsyncIterable<ExportResponse>): Promise<string[]> {
  if (input.contextKeys) return [...new Set(input.contextKeys)].sort();
  const keys = new Set<string>();
  for await (const response of pass()) for (const key of Object.keys(response.context ?? {})) keys.add(key);
  return [...keys].sort();
}

const answerCell = (value: number | string | undefined): ExportCell =>
  typeof value === 'number' || (typeof value === 'string' && value !== '') ? value : null;

/** What the answer and comment rows share: labels, the time and channel cells, the context cells. */
interface Cells {
  locale: ExportLocale;
  labels: ExportLabels;
  time: (instant: string) => ExportCell;
  /** `UTC+01:00`, or null for an unreadable instant. */
  offset: (instant: string) => ExportCell;
  channel: (channel: Channel) => string;
  context: (item: { context?: Record<string, string> }) => ExportCell[];
}

function answerColumns(input: ExportInput, contextKeys: readonly string[], cells: Cells): Pick<ExportTable, 'answerHeader' | 'answerRow'> {
  const { labels, locale, time, offset, channel, context } = cells;
  // One column per question id: a question that changed kind between versions (a comment that
  // became a rating, or back) is in both lists, and its answers, text or number, share the one
  // column, named as in the newest version that has it.
  const byId = new Map<string, { id: string; label: LocalizedText; newest: number }>();
  for (const question of [...input.catalog.questions, ...input.catalog.comments]) {
    const newest = Math.max(...question.versions);
    if ((byId.get(question.id)?.newest ?? -Infinity) < newest) byId.set(question.id, { id: question.id, label: question.label, newest });
  }
  const questions = [...byId.values()];
  return {
    answerHeader: [
      labels.id,
      labels.submitted(input.report.timeZone),
      labels.utcOffset,
      labels.channel,
      labels.language,
      labels.version,
      ...contextKeys,
      ...questions.map(question => `${question.id}${labels.colon}${localizedText(question.label, locale)}`),
    ],
    answerRow: response => [
      response.id,
      time(response.submittedAt),
      offset(response.submittedAt),
      channel(response.channel),
      response.locale,
      response.surveyVersion,
      ...context(response),
      ...questions.map(question => answerCell(answerTo(response.answers, question.id))),
    ],
  };
}

function commentColumns(input: ExportInput, contextKeys: readonly string[], cells: Cells): Pick<ExportTable, 'commentHeader' | 'commentRow' | 'commentsOf'> {
  const { labels, locale, time, offset, channel, context } = cells;
  const { comments } = input.catalog;
  const questionLabels = new Map(comments.map(question => [question.id, localizedText(question.label, locale)]));
  return {
    commentHeader: [labels.date(input.report.timeZone), labels.utcOffset, labels.channel, labels.language, ...contextKeys, labels.question, labels.comment, labels.id],
    commentRow: comment => {
      const label = questionLabels.get(comment.questionId);
      if (label === undefined || comment.text.trim() === '') return null;
      return [time(comment.submittedAt), offset(comment.submittedAt), channel(comment.channel), comment.locale ?? null, ...context(comment), label, comment.text, comment.responseId];
    },
    commentsOf: ({ id: responseId, channel, locale, context, submittedAt, answers }) =>
      comments.flatMap(({ id: questionId }) => {
        const text = answerTo(answers, questionId);
        return typeof text === 'string' ? [{ responseId, channel, locale, ...(context ? { context } : {}), submittedAt, questionId, text }] : [];
      }),
  };
}

/** The columns and row makers of an export over `contextKeys`. */
export function exportTable(input: ExportInput, contextKeys: readonly string[]): ExportTable {
  const locale = input.locale ?? 'nl';
  const labels = EXPORT_LABELS[locale];
  const wall = wallClock(input.report.timeZone);
  const cells: Cells = {
    locale,
    labels,
    time: instant => {
      const date = wall(instant);
      return Number.isNaN(date.getTime()) ? instant : date;
    },
    offset: instant => {
      const date = wall(instant);
      return Number.isNaN(date.getTime()) ? null : formatOffset(date, instant);
    },
    channel: channel => labels.channels[channel] ?? channel,
    context: item => contextKeys.map(key => contextValue(item.context, key) ?? null),
  };
  return { labels, locale, contextKeys, ...answerColumns(input, contextKeys, cells), ...commentColumns(input, contextKeys, cells) };
}

/** The comments of every answer of a pass. */
export async function* commentsOf(responses: AsyncIterable<ExportResponse>, table: ExportTable): AsyncGenerator<ExportComment> {
  for await (const response of responses) yield* table.commentsOf(response);
}
