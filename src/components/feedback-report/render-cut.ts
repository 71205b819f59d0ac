// One cut of the report (all answers, a channel, an office): its counts and its tables.
import { html, nothing, type TemplateResult } from 'lit';
import type { ReportMessages } from '../../i18n/report-messages.js';
import type { Cut, Direction, NpsFigures, NpsResult, RatingFigures, RatingResult, Report, ResponseRate } from '../../report/report-schema.js';
import type { ReportFormat } from './report-format.js';
import { inlineSize } from './inline-size.js';

export interface CutView {
  m: ReportMessages;
  f: ReportFormat;
  report: Report;
  /** Question labels in the reader's language, by id. */
  labels: Map<string, string | TemplateResult>;
  /** Today in the report's time zone: a period that holds it is still running. */
  today: string;
}

export const ARROWS: Record<Direction, string> = { better: '▲', worse: '▼', same: '=' };

/** Headers may wrap, but never inside a range such as "(9–10)": word joiners hold the dash. */
const noBreakRanges = (text: string) => text.replace(/(\d)–(\d)/g, '$1\u2060–\u2060$2');

/**
 * Texts that read as one, bound as one string: a space between two bindings is a text node of its
 * own between Lit's markers, which Chromium leaves out of the accessible name ("+0.09better").
 */
export const spaced = (...parts: string[]) => parts.join(' ');

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

export function rateText(v: CutView, rate: ResponseRate, previous?: ResponseRate | null): string {
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
