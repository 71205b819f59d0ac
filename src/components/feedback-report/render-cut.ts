import { html, nothing, type TemplateResult } from 'lit';
import type { ReportMessages } from '../../i18n/report-messages.js';
import type { Cut, Direction, NpsFigures, NpsResult, RatingFigures, RatingResult, Report, ResponseRate } from '../../report/report-schema.js';
import type { ReportFormat } from './report-format.js';
import { inlineSize } from './inline-size.js';
import type { ReportController } from './report-controller.js';
import { errorText } from './render-lists.js';

export interface CutView {
  m: ReportMessages;
  f: ReportFormat;
  report: Report;
  /** Question labels in the reader's language, by id. */
  labels: Map<string, string | TemplateResult>;
  /** Today in the report's time zone: a period that holds it is still running. */
  today: string;
}

const ARROWS: Record<Direction, string> = { better: '▲', worse: '▼', same: '=' };

/** Headers may wrap, but never inside a range such as "(9–10)": word joiners hold the dash. */
const noBreakRanges = (text: string) => text.replace(/(\d)–(\d)/g, '$1\u2060–\u2060$2');

/**
 * Texts that read as one, bound as one string: a space between two bindings is a text node of its
 * own between Lit's markers, which Chromium leaves out of the accessible name ("+0.09better").
 */
const spaced = (...parts: string[]) => parts.join(' ');

/** The change as arrow, signed figure and word: the direction never rests on colour alone. */
function renderChange(v: CutView, change: { value: number; direction: Direction } | undefined) {
  if (!change) return html`<td><span aria-hidden="true">–</span><span class="visually-hidden">${v.m.noComparison}</span></td>`;
  return html`<td class="change ${change.direction}">
    <span class="arrow" aria-hidden="true">${ARROWS[change.direction]}</span>
    ${spaced(v.f.change(change.value), v.m.direction(change.direction))}
  </td>`;
}

/** One figure of the previous period, or why there is none. */
function previousText(v: CutView, figures: RatingFigures | NpsFigures | null, value: number | null | undefined): string {
  if (!figures || figures.n === 0) return v.m.noAnswersShort;
  if (figures.hidden && figures.n >= v.report.minCount) return v.m.protectsSmaller;
  return figures.hidden || value == null ? v.m.tooFewShort : v.f.figure(value);
}

/** A stacked bar of the three groups; hidden from screen readers, which hear the row's cells. */
function renderBar(percent: [number, number, number] | undefined) {
  if (!percent) return nothing;
  const [a, b, c] = percent;
  return html`<div part="bar" class="bar" aria-hidden="true">
    <span class="good" ${inlineSize(`${a}%`)}></span><span class="middle" ${inlineSize(`${b}%`)}></span><span class="bad" ${inlineSize(`${c}%`)}></span>
  </div>`;
}

function renderRow(v: CutView, result: RatingResult | NpsResult, compare: boolean): TemplateResult {
  const { m, f } = v;
  const now = result.current;
  const p = now.percent;
  const triple: [number, number, number] | undefined =
    p === null ? undefined : ('satisfied' in p ? [p.satisfied, p.neutral, p.dissatisfied] : [p.promoters, p.passives, p.detractors]);
  const value = 'mean' in now ? now.mean : now.score;
  const change = result.change ? ('mean' in result.change ? result.change.mean : result.change.score) : undefined;
  const previousValue = result.previous && ('mean' in result.previous ? result.previous.mean : result.previous.score);
  return html`<tr>
    <th scope="row">${v.labels.get(result.questionId) ?? result.questionId} ${renderBar(triple)}</th>
    ${triple && value !== null
      ? html`${triple.map(x => html`<td>${f.percent(x)}</td>`)}<td>${f.figure(value)}</td>`
      : html`<td colspan="4" class="withheld">${!now.hidden ? m.noAnswersShort : now.n < v.report.minCount ? m.tooFew(v.report.minCount) : m.protectsSmaller}</td>`}
    <td>${f.count(now.n)}</td>
    ${compare ? html`<td>${previousText(v, result.previous, previousValue)}</td>${renderChange(v, change)}` : nothing}
  </tr>`;
}

/** A table in the agencies' layout: a row per question, the groups, the score, n, then the comparison. */
function renderTable(v: CutView, id: string, caption: string, columns: string[], rows: (RatingResult | NpsResult)[]) {
  const { m } = v;
  const compare = v.report.previous !== null;
  const headers = [m.question, ...columns, m.count, ...(compare ? [m.previousScore, m.change] : [])];
  return html`<div class="scroll" role="region" tabindex="0" aria-labelledby=${id}>
    <table part="table">
      <caption id=${id}><span class="caption">${caption}</span></caption>
      <thead>
        <tr>${headers.map(h => html`<th scope="col">${noBreakRanges(h)}</th>`)}</tr>
      </thead>
      <tbody>${rows.map(r => renderRow(v, r, compare))}</tbody>
    </table>
  </div>`;
}

function rateText(v: CutView, rate: ResponseRate, previous?: ResponseRate | null): string {
  const { f } = v;
  return v.m.rate(f.percent(rate.percent), f.amount(rate.answers), f.amount(rate.shown), f.amount(rate.invited), previous ? f.percent(previous.percent) : undefined);
}

/** One cut (all answers, a channel, an office): its counts, response rate, and tables. */
export function renderCut(v: CutView, cut: Cut, name: string, index: number) {
  const { m, f, report } = v;
  const period = f.period(report.period);
  const previous = report.previous ? f.period(report.previous) : undefined;
  const rating = cut.results.filter((r): r is RatingResult => r.kind === 'rating');
  const nps = cut.results.filter((r): r is NpsResult => r.kind === 'nps');
  const rate = cut.responseRate;
  return html`<section class="cut" aria-labelledby="cut-${index}">
    <h3 id="cut-${index}">${name}</h3>
    <p class="meta">
      ${m.answers(f.amount(cut.answers))}${cut.previousAnswers !== null ? html` (${m.previousAnswers(f.amount(cut.previousAnswers))})` : nothing}
      ${rate ? html`<br />${m.responseRate}${m.colon}${rateText(v, rate, cut.previousResponseRate)}` : nothing}
    </p>
    ${cut.answers === 0 && !cut.previousAnswers
      ? html`<p class="empty">${m.empty}</p>`
      : html`${rating.length
          ? renderTable(v, `cap-${index}-rating`, m.caption(m.satisfaction, name, period, previous), [m.satisfied, m.neutral, m.dissatisfied, m.score], rating)
          : nothing}
        ${nps.length
          ? renderTable(v, `cap-${index}-nps`, m.caption(m.nps, name, period, previous), [m.promoters, m.passives, m.detractors, m.npsScore], nps)
          : nothing}`}
  </section>`;
}

/** The key of the bars' colours; hidden from screen readers like the bars. */
export function renderLegend(m: ReportMessages) {
  return html`<p part="legend" class="legend" aria-hidden="true">
    <span><span class="swatch good"></span>${m.satisfied} / ${m.promoters}</span>
    <span><span class="swatch middle"></span>${m.neutral} / ${m.passives}</span>
    <span><span class="swatch bad"></span>${m.dissatisfied} / ${m.detractors}</span>
  </p>`;
}

/** The period's name; while it runs, with the last day its figures hold (less than a whole period). */
function periodText({ m, f, report, today }: CutView): string {
  const { from, to } = report.period;
  return from <= today && today <= to ? `${f.period(report.period)} (${m.periodRunning(f.day(today))})` : f.period(report.period);
}

/** The head of the report: the period, the number of answers, the NPS and the response rate of all answers. */
export function renderSummary(v: CutView) {
  const { m, f, report } = v;
  const total = report.total;
  const nps = total.results.find((r): r is NpsResult => r.kind === 'nps');
  const score = nps?.current.score;
  return html`<div part="summary" class="summary">
    <p class="period">${periodText(v)}</p>
    <ul class="metrics">
      <li part="metric">${m.answers(f.amount(total.answers))}${total.previousAnswers !== null ? html` <span class="muted">(${m.previousAnswers(f.amount(total.previousAnswers))})</span>` : nothing}</li>
      ${nps && score != null
        ? html`<li part="metric">
            ${spaced(m.npsScore, f.figure(score))}${nps.change
              ? html` <span class="change ${nps.change.score.direction}"><span aria-hidden="true">${ARROWS[nps.change.score.direction]}</span> ${spaced(f.change(nps.change.score.value), m.direction(nps.change.score.direction))}</span>`
              : nothing}
          </li>`
        : nothing}
      ${total.responseRate ? html`<li part="metric">${m.responseRate}${m.colon}${rateText(v, total.responseRate, total.previousResponseRate)}</li>` : nothing}
    </ul>
  </div>`;
}

/** The heading of a cut: the channels filtered on (or all answers), a channel, or a context value. */
function cutName(m: ReportMessages, report: Report, key?: string): string {
  if (key === undefined) return report.filters.channels.length ? report.filters.channels.map(m.channelName).join(', ') : m.allAnswers;
  if (report.breakdown?.by === 'context') return `${m.contextName(report.breakdown.key)}${m.colon}${key || m.noValue}`;
  return key ? m.channelName(key) : m.noValue;
}

/** The summary, the legend, all answers and each group of the breakdown. */
export function renderReport(view: CutView) {
  const { m, report } = view;
  // A new period without answers yet still shows the previous one's figures beside its empty ones.
  if (report.total.answers === 0 && !report.total.previousAnswers) return html`${renderSummary(view)}<p class="empty">${m.empty}</p>`;
  return html`${renderSummary(view)} ${renderLegend(m)} ${renderCut(view, report.total, cutName(m, report), 0)}
    ${report.groups.map((group, i) => renderCut(view, group, cutName(m, report, group.key), i + 1))}`;
}

/**
 * What the results area shows: the error with its retry button, why nothing can be asked yet (a
 * refused endpoint, no token), the report, or "loading".
 */
export function renderResults(
  view: Omit<CutView, 'report'>,
  { status, report, error }: Pick<ReportController, 'status' | 'report' | 'error'>,
  missing: 'endpoint' | 'token' | undefined,
  onRetry: () => void,
) {
  const { m } = view;
  if (error) {
    return html`<div part="error" class="problem" role="alert">
      <p>${errorText(m, error)}</p>
      <button type="button" @click=${onRetry}>${m.retry}</button>
    </div>`;
  }
  if (missing === 'endpoint') return html`<p part="error" class="problem" role="alert">${m.errorEndpoint}</p>`;
  if (missing === 'token') return html`<p>${m.noToken}</p>`;
  if (report) return renderReport({ ...view, report });
  return status === 'pending' ? html`<p class="muted">${m.loading}</p>` : nothing;
}
