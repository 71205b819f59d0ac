// From cut rows (made by summarize() or by SQL) to the report: the minimum-count rule, changes
// against the previous period, and response rates. Shared by both ways, so they cannot drift.
import type { Channel } from '../schema/record.js';
import { previousPeriod, type DayRange } from './period.js';
import type { CutRow, ScaleFigures, Triple } from './figures.js';
import type { ReportQuery } from './report-query.js';
import type { ReportQuestion, SurveyCatalog } from './report-questions.js';
import type { Cut, Direction, GroupCut, NpsFigures, QuestionResult, RatingFigures, Report, ResponseRate } from './report-schema.js';

/** Shown or invitation counts of a survey, channel and day (`GET /api/counts`). */
export interface DayCount {
  surveyId: string;
  channel: Channel;
  day: string;
  count: number;
}

export interface RateCounts {
  shown: readonly DayCount[];
  invitations: readonly DayCount[];
}

const EMPTY: ScaleFigures = { n: 0, counts: [0, 0, 0], percent: null, value: null };
const decimal = (hundredths: number) => hundredths / 100;

function visible(figures: ScaleFigures, minCount: number): { hidden: boolean; show: boolean } {
  const hidden = figures.n > 0 && figures.n < minCount;
  return { hidden, show: figures.n > 0 && !hidden };
}

function ratingFigures(figures: ScaleFigures, minCount: number): RatingFigures {
  const { hidden, show } = visible(figures, minCount);
  const [satisfied, neutral, dissatisfied] = figures.counts;
  const p = figures.percent as Triple;
  return {
    n: figures.n,
    hidden,
    counts: show ? { satisfied, neutral, dissatisfied } : null,
    percent: show ? { satisfied: decimal(p[0]), neutral: decimal(p[1]), dissatisfied: decimal(p[2]) } : null,
    mean: show ? decimal(figures.value as number) : null,
  };
}

function npsFigures(figures: ScaleFigures, minCount: number): NpsFigures {
  const { hidden, show } = visible(figures, minCount);
  const [promoters, passives, detractors] = figures.counts;
  const p = figures.percent as Triple;
  return {
    n: figures.n,
    hidden,
    counts: show ? { promoters, passives, detractors } : null,
    percent: show ? { promoters: decimal(p[0]), passives: decimal(p[1]), detractors: decimal(p[2]) } : null,
    score: show ? decimal(figures.value as number) : null,
  };
}

/** A change in hundredths, as a figure and a direction; `higherIsBetter` says which way is good. */
function change(now: number, before: number, higherIsBetter: boolean): { value: number; direction: Direction } {
  const difference = now - before;
  const direction: Direction = difference === 0 ? 'same' : difference > 0 === higherIsBetter ? 'better' : 'worse';
  return { value: decimal(difference), direction };
}

function comparable(now: ScaleFigures, before: ScaleFigures | undefined, minCount: number): before is ScaleFigures {
  return before !== undefined && visible(now, minCount).show && visible(before, minCount).show;
}

function questionResult(question: ReportQuestion, now: ScaleFigures, before: ScaleFigures | undefined, minCount: number): QuestionResult {
  const can = comparable(now, before, minCount);
  const [p, q] = [now.percent as Triple, before?.percent as Triple];
  if (question.kind === 'rating') {
    return {
      questionId: question.id,
      kind: 'rating',
      current: ratingFigures(now, minCount),
      previous: before ? ratingFigures(before, minCount) : null,
      change: can
        ? { satisfied: change(p[0], q[0], true), dissatisfied: change(p[2], q[2], false), mean: change(now.value!, before.value!, true) }
        : null,
    };
  }
  return {
    questionId: question.id,
    kind: 'nps',
    current: npsFigures(now, minCount),
    previous: before ? npsFigures(before, minCount) : null,
    change: can
      ? { promoters: change(p[0], q[0], true), detractors: change(p[2], q[2], false), score: change(now.value!, before.value!, true) }
      : null,
  };
}

function sumCounts(list: readonly DayCount[], surveyId: string, channel: Channel, range: DayRange): number {
  return list
    .filter(c => c.surveyId === surveyId && c.channel === channel && c.day >= range.from && c.day <= range.to)
    .reduce((total, c) => total + c.count, 0);
}

/** answers / (shown + invited) for one channel, or null when nothing was counted. */
function responseRate(answers: number, surveyId: string, channel: Channel, range: DayRange, counts: RateCounts): ResponseRate | null {
  const shown = sumCounts(counts.shown, surveyId, channel, range);
  const invited = sumCounts(counts.invitations, surveyId, channel, range);
  if (shown + invited === 0) return null;
  return { answers, shown, invited, percent: decimal(Math.floor((20_000 * answers + shown + invited) / (2 * (shown + invited)))) };
}

interface CutContext {
  query: ReportQuery;
  catalog: SurveyCatalog;
  counts: RateCounts;
  /** The single channel the cut covers, when rates apply to it. */
  channel: Channel | undefined;
}

function cut(now: CutRow | undefined, before: CutRow | undefined, { query, catalog, counts, channel }: CutContext): Cut {
  const { surveyId, period, compare, minCount } = query;
  const answers = now?.answers ?? 0;
  const previousAnswers = compare ? (before?.answers ?? 0) : null;
  return {
    answers,
    previousAnswers,
    responseRate: channel ? responseRate(answers, surveyId, channel, period, counts) : null,
    previousResponseRate: channel && compare ? responseRate(previousAnswers ?? 0, surveyId, channel, previousPeriod(period), counts) : null,
    results: catalog.questions.map(question =>
      questionResult(question, now?.figures[question.id] ?? EMPTY, compare ? (before?.figures[question.id] ?? EMPTY) : undefined, minCount),
    ),
  };
}

/** The report from its cut rows; `counts` gives response rates. */
export function assembleReport(query: ReportQuery, catalog: SurveyCatalog, rows: readonly CutRow[], counts: RateCounts = { shown: [], invitations: [] }): Report {
  const find = (period: CutRow['period'], group: string | null) => rows.find(row => row.period === period && row.group === group);
  const noContext = Object.keys(query.context).length === 0;
  const onlyChannel = query.channels.length === 1 && noContext ? query.channels[0] : undefined;
  const keys = [...new Set(rows.flatMap(row => (row.group === null ? [] : [row.group])))].sort();
  const groups: GroupCut[] = query.breakdown
    ? keys.map(key => {
        const channel = query.breakdown?.by === 'channel' && noContext ? (key as Channel) : undefined;
        return { key, ...cut(find('current', key), find('previous', key), { query, catalog, counts, channel }) };
      })
    : [];
  return {
    surveyId: query.surveyId,
    ...(catalog.title ? { title: catalog.title } : {}),
    timeZone: query.timeZone,
    period: query.period,
    previous: query.compare ? previousPeriod(query.period) : null,
    filters: { channels: query.channels, context: query.context },
    breakdown: query.breakdown,
    minCount: query.minCount,
    questions: catalog.questions.map(({ id, kind, label }) => ({ id, kind, label })),
    total: cut(find('current', null), find('previous', null), { query, catalog, counts, channel: onlyChannel }),
    groups,
  };
}
