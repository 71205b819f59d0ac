// From cut rows (made by summarize() or by SQL) to the report: the minimum-count rule, changes
// against the previous period, and response rates. Shared by both ways, so they cannot drift.
import type { Channel } from '../schema/record.js';
import { previousPeriod, type DayRange } from './period.js';
import { changeOf, type CutRow, type ScaleFigures, type Triple } from './figures.js';
import { filterBreakdowns } from './filter-guard.js';
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

function visible(figures: ScaleFigures, minCount: number, protect = false): { hidden: boolean; show: boolean } {
  const hidden = figures.n > 0 && (figures.n < minCount || protect);
  return { hidden, show: figures.n > 0 && !hidden };
}

/**
 * Breakdown values whose figures must be hidden although they have enough answers: when the
 * small cuts of a breakdown hold fewer than `minCount` answers together, the total minus the
 * shown cuts would give them away. The smallest shown cuts are hidden too until the hidden ones
 * hold at least `minCount` answers (ties go to the earlier key). For breakdowns by a context key
 * (office, team, staff), and for any breakdown under a context filter: staff are who the rule
 * protects, and within one staff member's answers a small channel is a few people they served. A
 * channel breakdown of everyone's answers hides no other channel: a small channel there holds
 * anonymous members of the public, and shows n only (README: "Small cuts are not exposed").
 */
export function protectedGroups(figures: ReadonlyMap<string, ScaleFigures>, minCount: number): Set<string> {
  const extra = new Set<string>();
  let hidden = [...figures.values()].filter(f => f.n > 0 && f.n < minCount).reduce((sum, f) => sum + f.n, 0);
  if (hidden === 0) return extra;
  const shown = [...figures].filter(([, f]) => f.n >= minCount).sort(([a, f], [b, g]) => f.n - g.n || (a < b ? -1 : 1));
  for (const [key, f] of shown) {
    if (hidden >= minCount) break;
    extra.add(key);
    hidden += f.n;
  }
  return extra;
}

function ratingFigures(figures: ScaleFigures, minCount: number, protect = false): RatingFigures {
  const { hidden, show } = visible(figures, minCount, protect);
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

function npsFigures(figures: ScaleFigures, minCount: number, protect = false): NpsFigures {
  const { hidden, show } = visible(figures, minCount, protect);
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
function change(difference: number, higherIsBetter: boolean): { value: number; direction: Direction } {
  const direction: Direction = difference === 0 ? 'same' : difference > 0 === higherIsBetter ? 'better' : 'worse';
  return { value: decimal(difference), direction };
}

/** The change of group `g`'s share, in hundredths of a percentage point. */
const shareChange = (now: ScaleFigures, before: ScaleFigures, g: 0 | 1 | 2) => changeOf(now.counts[g], now.n, before.counts[g], before.n, 10_000);

/** The change of the mean in hundredths: from the sums when both cuts have one, else of the rounded means. */
const meanChange = (now: ScaleFigures, before: ScaleFigures) =>
  now.sum !== undefined && before.sum !== undefined ? changeOf(now.sum, now.n, before.sum, before.n, 100) : now.value! - before.value!;

/** The change of the NPS in hundredths. */
const npsChange = (now: ScaleFigures, before: ScaleFigures) =>
  changeOf(now.counts[0] - now.counts[2], now.n, before.counts[0] - before.counts[2], before.n, 10_000);

/** Whether the current and previous figures are hidden to protect another cut. */
interface Protection {
  now: boolean;
  before: boolean;
}

function comparable(now: ScaleFigures, before: ScaleFigures | undefined, minCount: number, protect: Protection): before is ScaleFigures {
  return before !== undefined && visible(now, minCount, protect.now).show && visible(before, minCount, protect.before).show;
}

function questionResult(question: ReportQuestion, now: ScaleFigures, before: ScaleFigures | undefined, minCount: number, protect: Protection): QuestionResult {
  const can = comparable(now, before, minCount, protect);
  if (question.kind === 'rating') {
    return {
      questionId: question.id,
      kind: 'rating',
      current: ratingFigures(now, minCount, protect.now),
      previous: before ? ratingFigures(before, minCount, protect.before) : null,
      change: can
        ? {
            satisfied: change(shareChange(now, before, 0), true),
            dissatisfied: change(shareChange(now, before, 2), false),
            mean: change(meanChange(now, before), true),
          }
        : null,
    };
  }
  return {
    questionId: question.id,
    kind: 'nps',
    current: npsFigures(now, minCount, protect.now),
    previous: before ? npsFigures(before, minCount, protect.before) : null,
    change: can
      ? {
          promoters: change(shareChange(now, before, 0), true),
          detractors: change(shareChange(now, before, 2), false),
          score: change(npsChange(now, before), true),
        }
      : null,
  };
}

function sumCounts(list: readonly DayCount[], surveyId: string, channel: Channel, range: DayRange): number {
  return list
    .filter(c => c.surveyId === surveyId && c.channel === channel && c.day >= range.from && c.day <= range.to)
    .reduce((total, c) => total + c.count, 0);
}

/**
 * answers / invitations for one channel, or answers / times shown where no invitations were
 * counted; null when neither was. Never their sum: an email landing page counts itself as shown
 * too, so one invited person who opens it would be counted twice. `like`: the current period's
 * rate, whose base the previous one must share, or the two would not compare.
 */
function responseRate(answers: number, surveyId: string, channel: Channel, range: DayRange, counts: RateCounts, like?: ResponseRate | null): ResponseRate | null {
  const shown = sumCounts(counts.shown, surveyId, channel, range);
  const invited = sumCounts(counts.invitations, surveyId, channel, range);
  const byInvitations = like ? like.invited > 0 : invited > 0;
  const base = byInvitations ? invited : shown;
  if (base === 0) return null;
  return { answers, shown, invited, percent: decimal(Math.floor((20_000 * answers + base) / (2 * base))) };
}

interface CutContext {
  query: ReportQuery;
  catalog: SurveyCatalog;
  counts: RateCounts;
  /** The single channel the cut covers, when rates apply to it. */
  channel: Channel | undefined;
  /** For a breakdown value: whether each question's figures protect another cut, per period. */
  protect?: (questionId: string) => Protection;
}

function cut(now: CutRow | undefined, before: CutRow | undefined, { query, catalog, counts, channel, protect }: CutContext): Cut {
  const { surveyId, period, compare, minCount } = query;
  const answers = now?.answers ?? 0;
  const previousAnswers = compare ? (before?.answers ?? 0) : null;
  const rate = channel ? responseRate(answers, surveyId, channel, period, counts) : null;
  return {
    answers,
    previousAnswers,
    responseRate: rate,
    // Only beside a current rate, and on its base: else the two would not compare.
    previousResponseRate: channel && rate && compare ? responseRate(previousAnswers ?? 0, surveyId, channel, previousPeriod(period), counts, rate) : null,
    results: catalog.questions.map(question =>
      questionResult(
        question,
        now?.figures[question.id] ?? EMPTY,
        compare ? (before?.figures[question.id] ?? EMPTY) : undefined,
        minCount,
        protect?.(question.id) ?? { now: false, before: false },
      ),
    ),
  };
}

/**
 * The report from its cut rows; `counts` gives response rates; `filterRows`: the cut rows of each
 * of `filterBreakdowns(query)`, in that order, when the query has filters.
 */
export function assembleReport(
  query: ReportQuery,
  catalog: SurveyCatalog,
  rows: readonly CutRow[],
  counts: RateCounts = { shown: [], invitations: [] },
  filterRows: ReadonlyArray<readonly CutRow[]> = [],
): Report {
  const find = (period: CutRow['period'], group: string | null) => rows.find(row => row.period === period && row.group === group);
  const breakdowns = filterBreakdowns(query);
  // Whether a filter's kept values are hidden in the breakdown the filter undoes (see
  // filterBreakdowns): then the filtered figures are too, and a breakdown of them, which adds up to them.
  const exposed = (period: CutRow['period'], questionId: string) =>
    breakdowns.some(({ kept }, i) => {
      const parts = new Map<string, ScaleFigures>();
      let keptKey: string | undefined; // several kept values (channel=web,email) count as one group
      for (const row of [...(filterRows[i] ?? [])].sort((a, b) => ((a.group ?? '') < (b.group ?? '') ? -1 : 1))) {
        if (row.period !== period || row.group === null) continue;
        const n = row.figures[questionId]?.n ?? 0;
        if (!kept(row.group)) parts.set(row.group, { ...EMPTY, n });
        else parts.set((keptKey ??= row.group), { ...EMPTY, n: (parts.get(keptKey)?.n ?? 0) + n });
      }
      return keptKey !== undefined && protectedGroups(parts, query.minCount).has(keptKey);
    });
  const noContext = Object.keys(query.context).length === 0;
  const onlyChannel = query.channels.length === 1 && noContext ? query.channels[0] : undefined;
  const keys = [...new Set(rows.flatMap(row => (row.group === null ? [] : [row.group])))].sort();
  const guarded = (period: CutRow['period'], questionId: string) =>
    exposed(period, questionId)
      ? new Set(keys)
      : query.breakdown?.by === 'context' || !noContext
        ? protectedGroups(new Map(keys.map(key => [key, find(period, key)?.figures[questionId] ?? EMPTY])), query.minCount)
        : new Set<string>();
  const shielded = new Map(catalog.questions.map(q => [q.id, { now: guarded('current', q.id), before: guarded('previous', q.id) }]));
  const groups: GroupCut[] = query.breakdown
    ? keys.map(key => {
        const channel = query.breakdown?.by === 'channel' && noContext ? (key as Channel) : undefined;
        const protect = (questionId: string) => {
          const sets = shielded.get(questionId);
          return { now: sets?.now.has(key) ?? false, before: sets?.before.has(key) ?? false };
        };
        return { key, ...cut(find('current', key), find('previous', key), { query, catalog, counts, channel, protect }) };
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
    hasComments: catalog.comments.length > 0,
    total: cut(find('current', null), find('previous', null), {
      query,
      catalog,
      counts,
      channel: onlyChannel,
      protect: questionId => ({ now: exposed('current', questionId), before: exposed('previous', questionId) }),
    }),
    groups,
  };
}
