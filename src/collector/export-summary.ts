// The summary sheet as plain rows, laid out like the tables agencies publish (seed 004): per cut a
// table of questions × tevreden / neutraal / ontevreden / score op 5, the NPS, and the previous
// period with its changes. Figures stay numbers with an Excel format, so Excel can compute on them.
import type { Cut, NpsResult, QuestionResult, RatingResult, Report, ResponseRate } from '../report/report-schema.js';
import { improvementPoints } from '../report/improvement-points.js';
import { dayIn, type DayRange } from '../report/period.js';
import { EXPORT_LABELS, localizedText, type ExportLabels, type ExportLocale } from './export-labels.js';
import { formatOffset, formatWallClock, wallClock } from './export-time.js';

export const FORMATS = {
  percent: '0.00%',
  /** Score op 5 and NPS, 2 decimals. */
  decimal: '0.00',
  signed: '+0.00;-0.00;0.00',
} as const;

/** A change in percentage points: +1.25 pt. */
const pointsFormat = (unit: string) => `+0.00" ${unit}";-0.00" ${unit}";0.00" ${unit}"`;

export type SummaryCell = string | number | null | { value: number; format: string };

export interface SummaryRow {
  cells: SummaryCell[];
  style?: 'title' | 'heading' | 'subheading' | 'header';
}

/** 63.6 (a report percentage) → 0.636, the fraction Excel formats as 63.60 %. */
const fraction = (percent: number): SummaryCell => ({ value: Math.round(percent * 100) / 10_000, format: FORMATS.percent });
const decimal = (value: number): SummaryCell => ({ value, format: FORMATS.decimal });

interface Context {
  report: Report;
  labels: ExportLabels;
  locale: ExportLocale;
  questionLabels: Map<string, string>;
  /** The export's day in the report's time zone. */
  today: string;
  /** The export's cut, when it has one: answers stored before it. */
  cut: Date | undefined;
}

/** "1 januari 2023". */
function formatDay(day: string, labels: ExportLabels): string {
  const format = new Intl.DateTimeFormat(labels.dateLocale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return format.format(new Date(`${day}T00:00:00Z`));
}

/** "1 januari 2023 – 30 juni 2023". */
export function formatRange(range: DayRange, labels: ExportLabels): string {
  return `${formatDay(range.from, labels)} – ${formatDay(range.to, labels)}`;
}

/** The period, and whether it is still running on `today` (then its figures hold the answers so far). */
function periodText(range: DayRange, today: string, labels: ExportLabels): string {
  const running = range.from <= today && today <= range.to;
  return running ? `${formatRange(range, labels)} (${labels.periodRunning(formatDay(today, labels))})` : formatRange(range, labels);
}

/** "7 december 2026 22:40:05 (UTC+01:00)": the cut in the report's zone. */
function cutText(cut: Date, report: Report, labels: ExportLabels): string {
  const instant = cut.toISOString();
  const wall = wallClock(report.timeZone)(instant);
  return `${formatDay(formatWallClock(wall).slice(0, 10), labels)} ${formatWallClock(wall).slice(11)} (${formatOffset(wall, instant)})`;
}

function titleBlock({ report, labels, locale, today, cut }: Context): SummaryRow[] {
  const { filters, breakdown } = report;
  const filterText = [
    ...(filters.channels.length ? [`${labels.channel}${labels.colon}${filters.channels.map(c => labels.channels[c]).join(', ')}`] : []),
    ...Object.entries(filters.context).map(([key, value]) => `${key} = ${value}`),
  ].join('; ');
  return [
    { cells: [report.title ? localizedText(report.title, locale) : report.surveyId], style: 'title' },
    { cells: [labels.survey, report.surveyId] },
    { cells: [labels.period, periodText(report.period, today, labels)] },
    ...(cut ? [{ cells: [labels.receivedUntil, cutText(cut, report, labels)] }] : []),
    ...(report.previous ? [{ cells: [labels.previousPeriod, formatRange(report.previous, labels)] }] : []),
    { cells: [labels.timeZone, report.timeZone] },
    { cells: [labels.filters, filterText || labels.none] },
    { cells: [labels.breakdown, !breakdown ? labels.none : breakdown.by === 'channel' ? labels.byChannel : labels.byKey(breakdown.key)] },
    { cells: [labels.minCount, report.minCount] },
    { cells: [labels.explanation] },
    { cells: [labels.hiddenNote(report.minCount)] },
  ];
}

/** The figure cells of one period: three percentages and a value, or the reason there are none. */
function figureCells(figures: { n: number; hidden: boolean }, values: SummaryCell[] | null, { labels, report }: Context): SummaryCell[] {
  if (values) return [...values, figures.n];
  const why = figures.n === 0 ? labels.noAnswers : figures.n < report.minCount ? labels.tooFew : labels.protectsSmaller;
  return [why, null, null, null, figures.n];
}

function ratingCells(result: RatingResult, period: 'current' | 'previous', context: Context): SummaryCell[] {
  const figures = result[period]!;
  const { percent, mean } = figures;
  const values = percent && mean !== null ? [fraction(percent.satisfied), fraction(percent.neutral), fraction(percent.dissatisfied), decimal(mean)] : null;
  return figureCells(figures, values, context);
}

function npsCells(result: NpsResult, period: 'current' | 'previous', context: Context): SummaryCell[] {
  const figures = result[period]!;
  const { percent, score } = figures;
  const values = percent && score !== null ? [decimal(score), fraction(percent.promoters), fraction(percent.passives), fraction(percent.detractors)] : null;
  return figureCells(figures, values, context);
}

/** Change columns: two in percentage points, one in points, and the direction of the last. */
function changeCells(result: QuestionResult, labels: ExportLabels): SummaryCell[] {
  if (!result.change) return [];
  const points = (value: number): SummaryCell => ({ value, format: pointsFormat(labels.points) });
  const signed = (value: number): SummaryCell => ({ value, format: FORMATS.signed });
  if (result.kind === 'rating') {
    const { satisfied, dissatisfied, mean } = result.change;
    return [points(satisfied.value), points(dissatisfied.value), signed(mean.value), labels.direction[mean.direction]];
  }
  const { score, promoters, detractors } = result.change;
  return [signed(score.value), points(promoters.value), points(detractors.value), labels.direction[score.direction]];
}

function rateRow(rate: ResponseRate | null, labels: ExportLabels): SummaryRow[] {
  if (!rate) return [];
  // The base the rate is of: invitations where any were counted, else times shown (never both).
  const detail = rate.invited > 0 ? labels.rateDetail(rate.answers, rate.invited, 'invited') : labels.rateDetail(rate.answers, rate.shown, 'shown');
  return [{ cells: [labels.responseRate, fraction(rate.percent), detail] }];
}

/** The two tables of one period: rating questions, then NPS questions. */
function periodTables(cut: Cut, period: 'current' | 'previous', context: Context): SummaryRow[] {
  const { labels, questionLabels } = context;
  const changes = period === 'previous';
  const label = (result: QuestionResult) => questionLabels.get(result.questionId) ?? result.questionId;
  const ratings = cut.results.filter((r): r is RatingResult => r.kind === 'rating');
  const nps = cut.results.filter((r): r is NpsResult => r.kind === 'nps');
  const rows: SummaryRow[] = [];
  if (ratings.length) {
    const changeHeader = changes ? [labels.changes.satisfied, labels.changes.dissatisfied, labels.changes.mean, labels.trend] : [];
    rows.push({ cells: [labels.question, labels.satisfied, labels.neutral, labels.dissatisfied, labels.mean, labels.n, ...changeHeader], style: 'header' });
    for (const result of ratings) rows.push({ cells: [label(result), ...ratingCells(result, period, context), ...(changes ? changeCells(result, labels) : [])] });
  }
  if (nps.length) {
    const changeHeader = changes ? [labels.changes.score, labels.changes.promoters, labels.changes.detractors, labels.trend] : [];
    rows.push({ cells: [labels.question, labels.npsScore, labels.promoters, labels.passives, labels.detractors, labels.n, ...changeHeader], style: 'header' });
    for (const result of nps) rows.push({ cells: [label(result), ...npsCells(result, period, context), ...(changes ? changeCells(result, labels) : [])] });
  }
  return rows;
}

function cutBlock(heading: string, cut: Cut, context: Context): SummaryRow[] {
  const { report, labels } = context;
  const rows: SummaryRow[] = [
    { cells: [heading], style: 'heading' },
    { cells: [`${labels.period}${labels.colon}${formatRange(report.period, labels)}`], style: 'subheading' },
    { cells: [labels.answers, cut.answers] },
    ...rateRow(cut.responseRate, labels),
    ...periodTables(cut, 'current', context),
  ];
  if (report.previous) {
    rows.push(
      { cells: [] },
      { cells: [`${labels.previousPeriod}${labels.colon}${formatRange(report.previous, labels)}`], style: 'subheading' },
      { cells: [labels.answers, cut.previousAnswers ?? 0] },
      ...rateRow(cut.previousResponseRate, labels),
      ...periodTables(cut, 'previous', context),
    );
  }
  return [...rows, { cells: [] }];
}

/** The improvement points of the total, as <feedback-report> shows them; none when it has none. */
function improvementBlock({ report, labels, questionLabels }: Context): SummaryRow[] {
  const points = improvementPoints(report.total);
  if (!points.length) return [];
  return [
    { cells: [labels.improvementPoints], style: 'heading' },
    { cells: [labels.improvementNote] },
    { cells: [labels.question, labels.mean], style: 'header' },
    ...points.map(p => ({ cells: [questionLabels.get(p.questionId) ?? p.questionId, decimal(p.mean)] })),
    { cells: [] },
  ];
}

/** The heading of a breakdown group: the channel's name, or `office: Gent`. */
function groupHeading(report: Report, key: string, labels: ExportLabels): string {
  if (report.breakdown?.by === 'channel') return labels.channels[key as keyof ExportLabels['channels']] ?? key;
  return `${report.breakdown?.by === 'context' ? report.breakdown.key : ''}${labels.colon}${key || labels.noValue}`;
}

/**
 * Every row of the summary sheet: the title block, the improvement points, the total, then each breakdown group. `now`:
 * the collector's clock, so a period that has not ended yet says so. `cut`: the moment up to which
 * the file holds the answers received, named in the title block.
 */
export function summaryRows(report: Report, locale: ExportLocale = 'nl', now = new Date(), cut?: Date): SummaryRow[] {
  const labels = EXPORT_LABELS[locale];
  const questionLabels = new Map(report.questions.map(q => [q.id, localizedText(q.label, locale)]));
  const context: Context = { report, labels, locale, questionLabels, today: dayIn(now, report.timeZone), cut };
  return [
    ...titleBlock(context),
    { cells: [] },
    ...improvementBlock(context),
    ...cutBlock(labels.total, report.total, context),
    ...report.groups.flatMap(group => cutBlock(groupHeading(report, group.key, labels), group, context)),
  ];
}
