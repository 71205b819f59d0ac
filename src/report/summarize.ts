// summarize(): the report computed in TypeScript, for teams with their own backend. It gives the
// same report as the collector's SQL (`GET /api/report`) on the same answers; a test holds both to it.
import { answerTo, contextValue } from '../schema/record.js';
import type { Survey } from '../schema/survey.js';
import { assembleReport, type RateCounts } from './assemble-report.js';
import { filterBreakdowns } from './filter-guard.js';
import { npsFigures, npsGroup, ratingFigures, ratingGroup, type CutRow } from './figures.js';
import { periodBounds, previousPeriod } from './period.js';
import type { ReportQuery } from './report-query.js';
import { surveyCatalog, type ReportQuestion } from './report-questions.js';
import type { Report } from './report-schema.js';

/** What summarize() reads of an answer: a FeedbackRecord or a stored response both fit. */
export interface SummarizableResponse {
  surveyId: string;
  surveyVersion: number;
  channel: string;
  /** ISO 8601 date-time. */
  submittedAt: string;
  context?: Record<string, string>;
  answers: Record<string, number | string>;
}

export interface SummarizeInput {
  /** Every version of the survey that answers may refer to. */
  surveys: readonly Survey[];
  responses: Iterable<SummarizableResponse>;
  /** Shown and invitation counts, for response rates. */
  counts?: RateCounts;
}

interface Tally {
  answers: number;
  counts: Map<string, [number, number, number]>;
  sums: Map<string, number>;
}

const newTally = (): Tally => ({ answers: 0, counts: new Map(), sums: new Map() });

/** The answer to `question` as counted: a whole number in its scale, from a version where it has its kind. */
function scaleValue(question: ReportQuestion, response: SummarizableResponse): number | undefined {
  const value = answerTo(response.answers, question.id);
  if (typeof value !== 'number' || !Number.isInteger(value) || !question.versions.includes(response.surveyVersion)) return undefined;
  const [min, max] = question.kind === 'rating' ? [1, 5] : [0, 10];
  return value >= min && value <= max ? value : undefined;
}

function add(tally: Tally, questions: readonly ReportQuestion[], response: SummarizableResponse): void {
  tally.answers++;
  for (const question of questions) {
    const value = scaleValue(question, response);
    if (value === undefined) continue;
    const counts = tally.counts.get(question.id) ?? [0, 0, 0];
    counts[question.kind === 'rating' ? ratingGroup(value) : npsGroup(value)]++;
    tally.counts.set(question.id, counts);
    tally.sums.set(question.id, (tally.sums.get(question.id) ?? 0) + value);
  }
}

function groupOf(query: ReportQuery, response: SummarizableResponse): string {
  if (!query.breakdown) return '';
  if (query.breakdown.by === 'channel') return response.channel;
  return contextValue(response.context, query.breakdown.key) ?? '';
}

function matches(query: ReportQuery, response: SummarizableResponse): boolean {
  if (response.surveyId !== query.surveyId) return false;
  if (query.channels.length > 0 && !(query.channels as string[]).includes(response.channel)) return false;
  return Object.entries(query.context).every(([key, value]) => contextValue(response.context, key) === value);
}

/** Counts the answers into cut rows: the total and each breakdown value, per period. */
export function tallyRows(query: ReportQuery, questions: readonly ReportQuestion[], responses: Iterable<SummarizableResponse>): CutRow[] {
  const current = periodBounds(query.period, query.timeZone);
  const previous = query.compare ? periodBounds(previousPeriod(query.period), query.timeZone) : undefined;
  const tallies = new Map<string, Tally>();
  const tallyFor = (key: string) => tallies.get(key) ?? tallies.set(key, newTally()).get(key)!;
  for (const response of responses) {
    if (!matches(query, response)) continue;
    const time = Date.parse(response.submittedAt);
    const period = time >= current.start.getTime() && time < current.end.getTime() ? 'current'
      : previous && time >= previous.start.getTime() && time < previous.end.getTime() ? 'previous' : undefined;
    if (!period) continue;
    add(tallyFor(JSON.stringify([period, null])), questions, response);
    if (query.breakdown) add(tallyFor(JSON.stringify([period, groupOf(query, response)])), questions, response);
  }
  return [...tallies].map(([key, tally]) => {
    const [period, group] = JSON.parse(key) as [CutRow['period'], string | null];
    const figures = Object.fromEntries(
      questions.map(question => {
        const counts = tally.counts.get(question.id) ?? [0, 0, 0];
        return [question.id, question.kind === 'rating' ? ratingFigures(counts, tally.sums.get(question.id) ?? 0) : npsFigures(counts)];
      }),
    );
    return { period, group, answers: tally.answers, figures };
  });
}

/**
 * The report of `query` over `responses`, as `GET /api/report` returns it. Throws a RangeError
 * when no survey definition has the query's survey id.
 */
export function summarize(input: SummarizeInput, query: ReportQuery): Report {
  const catalog = surveyCatalog(input.surveys, query.surveyId);
  if (!catalog) throw new RangeError(`No definition of survey "${query.surveyId}" among the surveys given`);
  const breakdowns = filterBreakdowns(query);
  // Read again for each filter: an iterator would be empty the second time.
  const responses = breakdowns.length > 0 ? [...input.responses] : input.responses;
  const filterRows = breakdowns.map(breakdown => tallyRows(breakdown.query, catalog.questions, responses));
  return assembleReport(query, catalog, tallyRows(query, catalog.questions, responses), input.counts, filterRows);
}
