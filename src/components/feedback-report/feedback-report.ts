import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FeedbackLoadEvent, FeedbackReportErrorEvent, type FeedbackReportEventMap, type ReportError } from '../../events/report-events.js';
import type { ReportMessageOverrides } from '../../i18n/report-messages.js';
import { surveyText } from '../../i18n/survey-text.js';
import { dayIn } from '../../report/period.js';
import { DEFAULT_MIN_COUNT } from '../../report/report-query.js';
import type { Report } from '../../report/report-schema.js';
import { baseBox, tokens } from '../../theme/tokens.styles.js';
import { CommentsController } from './comments-controller.js';
import { ContactsController } from './contacts-controller.js';
import { ExportController, type ExportFormat } from './export-controller.js';
import { styles } from './feedback-report.styles.js';
import { apiUrl, endpointBase } from './api-url.js';
import { ReportController } from './report-controller.js';
import { ReportLocalizeController } from './report-localize-controller.js';
import { refocusIfLost } from './refocus.js';
import { endpointError, readyOf, requestsOf } from './report-requests.js';
import { exportOf, isRange, kindChange, presetOf, queryOf, recentPeriods, timeZoneOf } from './report-settings.js';
import { resultsStyles } from './results.styles.js'; // here, not beside feedback-report.styles.js: in this order the bundle gzips smallest
import { renderControls, type PeriodKind } from './render-controls.js';
import { renderResults } from './render-report.js';
import { contactAt, renderComments, renderContacts, renderExport, reportAlerts } from './render-lists.js';

/**
 * @summary The survey's results as the agencies publish them: per channel and question, % satisfied, neutral and dissatisfied, the score out of 5, NPS, and the change since the previous period.
 * @tag feedback-report
 * @fires {FeedbackLoadEvent} feedback-load - A report was fetched, checked and rendered.
 * @fires {FeedbackReportErrorEvent} feedback-error - A request failed: refused token, unreadable answer, error status, no answer or refused endpoint.
 * @csspart base - The report's box.
 * @csspart controls - The period, channel and breakdown controls.
 * @csspart status - The polite live region ("loading", "loaded").
 * @csspart error - The error message with its retry button.
 * @csspart summary - The period, the number of answers, NPS and response rate.
 * @csspart metric - One figure of the summary.
 * @csspart improvement-points - The improvement points: the rating questions with the lowest score out of 5 (of all answers).
 * @csspart legend - The key of the bars' colours.
 * @csspart table - A results table.
 * @csspart bar - The stacked bar of a question (decorative: the row's cells carry the numbers).
 * @csspart comments - The comments section.
 * @csspart contacts - The call-back requests section.
 * @csspart export - The export buttons.
 * @cssprop [--feedback-color-accent=#1d4ed8] - Buttons and links.
 * @cssprop [--feedback-color-on-accent=#ffffff] - Text on the buttons.
 * @cssprop [--feedback-color-surface=#ffffff] - Background.
 * @cssprop [--feedback-color-text=#1f2937] - Text.
 * @cssprop [--feedback-color-muted=#4b5563] - Secondary text.
 * @cssprop [--feedback-color-border=#6b7280] - Table and box borders.
 * @cssprop [--feedback-color-danger=#b91c1c] - Errors, the "dissatisfied" and "detractors" bar segment, the ▼ arrow.
 * @cssprop [--feedback-radius=0.5rem] - Corner radius.
 * @cssprop [--feedback-spacing=1rem] - Space between sections.
 * @cssprop [--feedback-font-family=system-ui] - Font.
 * @cssprop [--feedback-font-size=1rem] - Base font size.
 * @cssprop [--feedback-focus-ring=3px solid #1d4ed8] - Keyboard focus outline.
 * @cssprop [--feedback-report-good=#15803d] - The "satisfied" and "promoters" bar segment, the ▲ arrow.
 * @cssprop [--feedback-report-neutral=#a3a3a3] - The "neutral" and "passives" bar segment.
 * @cssprop [--feedback-report-bar-height=0.5rem] - Height of the bars.
 * @cssprop [--feedback-report-max-width=72rem] - Widest the report grows.
 */
export class FeedbackReport extends LitElement {
  static override styles = [tokens, baseBox, styles, resultsStyles];

  private readonly localize = new ReportLocalizeController(this);
  private readonly loader = new ReportController(this, {
    onComplete: report => void this.updateComplete.then(() => this.loaded(report)),
    onError: error => this.fail(error),
  });
  private readonly commentList = new CommentsController(this, { onError: error => this.fail(error) });
  private readonly contactList = new ContactsController(this, { onError: error => this.fail(error) });
  private readonly exporter = new ExportController(this, { onError: error => this.fail(error) });
  private refusedEndpoint?: string;

  /** The custom days entered are not a range: the last valid one stays until they are. */
  @state() private customInvalid = false;

  /** Base URL of the collector (`{endpoint}/api/report`); empty for the page's own origin. */
  @property() endpoint = '';
  /** The survey to report on. */
  @property({ attribute: 'survey-id' }) surveyId?: string;
  /** Calendar period: `month`, `quarter`, `half-year` or `year`. */
  @property() period = 'half-year';
  /** A day (YYYY-MM-DD) in the period to show; default today (in `time-zone`, else the collector's zone). */
  @property() date?: string;
  /** First day of a custom range; with `to`, wins over `period`. */
  @property() from?: string;
  /** Last day (inclusive) of a custom range. */
  @property() to?: string;
  /** `channel`, a context key such as `office`, or empty for no breakdown. */
  @property() breakdown = 'channel';
  /** Only these channels, comma-separated (e.g. `email,phone`); empty for all. */
  @property() channels = '';
  /** Cuts with fewer answers show only how many there are, no figures. */
  @property({ attribute: 'min-count', type: Number }) minCount = DEFAULT_MIN_COUNT;
  /** IANA time zone in which days start; default the collector's `REPORT_TIME_ZONE`. */
  @property({ attribute: 'time-zone' }) timeZone?: string;
  /** Context keys offered in the breakdown select, comma-separated. */
  @property({ attribute: 'breakdown-keys' }) breakdownKeys = 'office,team,staff';
  /** Hides the comments. */
  @property({ attribute: 'no-comments', type: Boolean }) noComments = false;
  /** Hides the call-back requests. */
  @property({ attribute: 'no-contacts', type: Boolean }) noContacts = false;
  /** Hides the export buttons. */
  @property({ attribute: 'no-export', type: Boolean }) noExport = false;
  /** The report token (`Authorization: Bearer`). A property only: a secret never goes in an attribute. */
  @property({ attribute: false }) token?: string;
  /** Single strings to override, e.g. `{ satisfied: 'Tevreden (4–5)' }`. */
  @property({ attribute: false }) messages?: ReportMessageOverrides;
  /** What "today" is, for the default period; a seam for tests. */
  @property({ attribute: false }) clock?: { now(): number };

  /** The report on screen, once loaded. */
  get report(): Report | undefined {
    return this.loader.report;
  }

  /** Today in the `time-zone` attribute's zone, else the collector's once a report names it, else the browser's. */
  private get today(): string {
    return dayIn(new Date(this.clock?.now() ?? Date.now()), timeZoneOf(this, this.loader.report?.timeZone));
  }

  protected override willUpdate(): void {
    const refused = endpointError(this.endpoint);
    if (refused && this.refusedEndpoint !== this.endpoint) {
      this.refusedEndpoint = this.endpoint;
      this.fail(refused);
    }
    const { report, comments, contacts, token, current } = requestsOf(this, this.today);
    // A page left open into the next period loads it again, and its comments.
    const stale = this.loader.markOutdated(current);
    this.loader.load(report, stale);
    this.commentList.configure(comments, stale);
    // Focus in the comments as they go (hidden, or the report says the survey has none) goes to the results.
    if (!comments && this.shadowRoot!.activeElement?.closest('[part="comments"]')) void refocusIfLost(this, () => this.renderRoot.querySelector<HTMLElement>('.results'));
    this.contactList.configure(contacts);
    // A file read with the last reader's token is not saved for the next one.
    this.exporter.configure(token);
  }

  /** Fired once the report is on screen. */
  private loaded(report: Report): void {
    // Built before dispatch, so the manifest analyzer does not list an unnamed event (as in FeedbackLoop).
    const event = new FeedbackLoadEvent({ report });
    this.dispatchEvent(event);
  }

  private fail(error: ReportError): void {
    const event = new FeedbackReportErrorEvent({ error });
    this.dispatchEvent(event);
  }

  private handleKind(kind: PeriodKind): void {
    this.customInvalid = false;
    Object.assign(this, kindChange(this, kind, this.today));
  }

  private handleCustom(from: string, to: string): void {
    this.customInvalid = !isRange(from, to);
    if (!this.customInvalid) [this.from, this.to] = [from, to];
  }

  private handleExport(format: ExportFormat): void {
    const ready = readyOf(this);
    if (!ready) return;
    const { params, name } = exportOf(this, this.today, format, this.localize.messages.$code, this.report?.surveyId);
    void this.exporter.download(format, { url: apiUrl(ready.base, `export.${format}`, params), token: ready.token }, name);
  }

  /** The retry button goes with the error it answers (and asks again for the lists that failed too): focus waits on the results it reloads. */
  private handleRetry(): void {
    this.loader.retry();
    if (this.commentList.status === 'error') this.commentList.search(this.commentList.query, true);
    if (this.contactList.status === 'error') this.contactList.reload();
    void refocusIfLost(this, () => this.renderRoot.querySelector<HTMLElement>('.results'));
  }

  /** A list's own retry goes with its error: focus waits on the list's heading. */
  private handleListRetry(retry: () => void, heading: string): void {
    retry();
    void refocusIfLost(this, () => this.renderRoot.querySelector<HTMLElement>(heading));
  }

  /** "Load more" goes with the last page: focus goes to the first comment it brought. */
  private async handleMore(): Promise<void> {
    const shown = this.commentList.comments.length;
    await this.commentList.more();
    await refocusIfLost(this, () => this.renderRoot.querySelectorAll<HTMLElement>('[part="comments"] li')[shown]);
  }

  /**
   * A failed mark's retry goes as the mark is sent again: focus goes to the request's own button.
   * A request marked handled leaves the list: focus goes to the next one's button (the one before,
   * if it was the last), or the heading.
   */
  private async handleContact(id: string, index: number): Promise<void> {
    const next = () => contactAt(this.renderRoot, index);
    const marked = this.contactList.markHandled(id);
    void refocusIfLost(this, next);
    await marked;
    await refocusIfLost(this, next);
  }

  override render() {
    const m = this.localize.messages;
    const f = this.localize.format(m);
    const period = queryOf(this, this.today).period!;
    const report = this.loader.report;
    const labels = new Map(report?.questions.map(q => [q.id, surveyText(q.label, m.$code)]));
    const list = { m, f, timeZone: timeZoneOf(this, report?.timeZone), reportAlerts: reportAlerts(this.loader) };
    const ready = readyOf(this) !== undefined;
    const missing = endpointBase(this.endpoint) === undefined ? 'endpoint' : ready ? undefined : 'token';
    const status = this.loader.status === 'pending' ? m.loading : this.loader.status === 'complete' && report ? m.loaded(f.amount(report.total.answers)) : '';
    return html`<div part="base" lang=${m.$code} dir=${m.$dir}>
      <h2>${report?.title ? surveyText(report.title, m.$code) : m.title}</h2>
      ${renderControls({
        m,
        f,
        kind: period.preset ?? 'custom',
        period,
        periods: recentPeriods(presetOf(this.period), this.today, period),
        customInvalid: this.customInvalid,
        channels: this.channels,
        breakdown: this.breakdown,
        breakdownKeys: this.breakdownKeys.split(',').map(k => k.trim()).filter(Boolean),
        onKind: kind => this.handleKind(kind),
        onPeriod: from => (this.date = from),
        onCustom: (from, to) => this.handleCustom(from, to),
        onChannels: channels => (this.channels = channels),
        onBreakdown: breakdown => (this.breakdown = breakdown),
      })}
      <p part="status" class="status" role="status">${status}</p>
      <div class="results" tabindex="-1" aria-busy=${this.loader.status === 'pending' ? 'true' : 'false'}>${renderResults({ m, f, labels, today: this.today }, this.loader, missing, () => this.handleRetry())}</div>
      ${ready && !this.noComments && report?.hasComments !== false ? renderComments(list, this.commentList, () => void this.handleMore(), () => this.handleListRetry(() => this.commentList.search(this.commentList.query, true), '#comments-title')) : nothing}
      ${ready && !this.noContacts ? renderContacts(list, this.contactList, (id, index) => void this.handleContact(id, index), () => this.handleListRetry(() => this.contactList.reload(), '#contacts-title')) : nothing}
      ${ready && !this.noExport ? renderExport(list, this.exporter, format => this.handleExport(format)) : nothing}
    </div>`;
  }
}

/** Typed listeners for the report's events (`feedback-error` here is the report's own event class). */
export interface FeedbackReport {
  addEventListener<K extends keyof FeedbackReportEventMap>(type: K, listener: (this: FeedbackReport, event: FeedbackReportEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: FeedbackReport, event: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'feedback-report': FeedbackReport;
  }
}
