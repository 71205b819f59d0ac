// The results area of <feedback-report>: the summary, the improvement points, the legend and each cut, or why there are none.
import { html, nothing } from 'lit';
import type { ReportMessages } from '../../i18n/report-messages.js';
import { improvementPoints } from '../../report/improvement-points.js';
import type { NpsResult, Report } from '../../report/report-schema.js';
import { ARROWS, rateText, renderCut, spaced, type CutView } from './render-cut.js';
import { errorText } from './render-lists.js';
import type { ReportController } from './report-controller.js';

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

/** The improvement points of the total: its lowest-scored rating questions, lowest first, with their scores. */
function renderImprovements({ m, f, report, labels }: CutView) {
  const points = improvementPoints(report.total);
  if (!points.length) return nothing;
  return html`<section part="improvement-points">
    <h3>${m.improvementPoints}</h3>
    <ol>${points.map(p => html`<li>${labels.get(p.questionId) ?? p.questionId}${m.colon}${f.figure(p.mean)}</li>`)}</ol>
  </section>`;
}

/** The summary, the improvement points, the legend, all answers and each group of the breakdown. */
export function renderReport(view: CutView) {
  const { m, report } = view;
  // A new period without answers yet still shows the previous one's figures beside its empty ones.
  if (report.total.answers === 0 && !report.total.previousAnswers) return html`${renderSummary(view)}<p class="empty">${m.empty}</p>`;
  return html`${renderSummary(view)} ${renderImprovements(view)} ${renderLegend(m)} ${renderCut(view, report.total, cutName(m, report), 0)}
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
