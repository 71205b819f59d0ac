import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { ReportMessages } from '../../i18n/report-messages.js';
import type { CommentsController } from './comments-controller.js';
import type { ContactsController } from './contacts-controller.js';
import type { ExportController, ExportFormat } from './export-controller.js';
import type { ReportError } from '../../events/report-events.js';
import { contactId, type Comment } from './list-schemas.js';
import type { ReportController } from './report-controller.js';
import type { ReportFormat } from './report-format.js';

export interface ListView {
  m: ReportMessages;
  f: ReportFormat;
  timeZone: string;
  /** The report says, or may yet say, that the token is refused: its alert, once, not each list's too. */
  reportAlerts: boolean;
}

/**
 * Whether the report says a refused token: it failed with that, or has not answered yet (nothing on
 * screen, no other error). Once it shows a report or another error, a list's refusal is news.
 */
export const reportAlerts = ({ report, error }: Pick<ReportController, 'report' | 'error'>): boolean =>
  error ? error.code === 'unauthorized' : !report;

/** What to tell the reader about a failed request (the details go to `feedback-error`). */
export function errorText(m: ReportMessages, error: ReportError): string {
  // Only the report's own request is the report's to fail: a list or an export says what it got.
  const report = error.request === 'report';
  if (error.code === 'unauthorized') return m.errorUnauthorized;
  if (error.code === 'invalid-response') return report ? m.errorInvalid : m.errorAnswer;
  if (error.code === 'network') return m.errorNetwork;
  if (error.code === 'invalid-endpoint') return m.errorEndpoint;
  return (report ? m.errorHttp : m.errorStatus)(error.status ?? 0);
}

const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** Channel, context and, when it is not the reader's, language of an answer: "E-mail · Kantoor: Gent · Frans". */
function origin(v: ListView, item: { channel: string; context: Record<string, string>; locale?: string | undefined }): string {
  const context = Object.entries(item.context).map(([key, value]) => `${v.m.contextName(key)}${v.m.colon}${value}`);
  const language = item.locale && primary(item.locale) !== primary(v.m.$code) ? v.f.language(item.locale) : undefined;
  return [v.m.channelName(item.channel), ...context, ...(language ? [language] : [])].join(' · ');
}

function renderComment(v: ListView, comment: Comment) {
  // The text is bound as text: lit escapes it, so markup in a comment stays visible characters.
  // tabindex: "load more" puts focus on the first new comment when its button goes with the last page.
  return html`<li class="comment" tabindex="-1">
    <p class="text" dir="auto" lang=${comment.locale ?? ''}>${comment.text}</p>
    <p class="muted"><time datetime=${comment.submittedAt}>${v.f.dateTime(comment.submittedAt, v.timeZone)}</time> · ${origin(v, comment)}</p>
  </li>`;
}

/**
 * A list's error, with a retry of that list alone; none for a refused token, which no retry with
 * the same token mends (and whose alert is the report's when the report says it too).
 */
function renderError(v: ListView, error: ReportError, text: string, onRetry: () => void, describedBy?: string) {
  const refused = error.code === 'unauthorized';
  const quiet = refused && v.reportAlerts;
  const retry = html` <button type="button" aria-describedby=${describedBy ?? nothing} @click=${onRetry}>${v.m.retry}</button>`;
  // Keyed: an error that becomes an alert (the report loaded after all) is put on the page anew, as
  // screen readers say an alert when it is inserted, not when a text already there takes the role.
  return keyed(quiet, html`<p class="error" role=${quiet ? nothing : 'alert'}>${text}${refused ? nothing : retry}</p>`);
}

/** The comments of the cut, with a server-side search, "load more" and a retry when they failed. */
export function renderComments(v: ListView, comments: CommentsController, onMore: () => void, onRetry: () => void) {
  const { m } = v;
  const input = (e: Event) => comments.search((e.target as HTMLInputElement).value);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    comments.search(new FormData(e.target as HTMLFormElement).get('q')?.toString() ?? '', true);
  };
  const count = comments.comments.length;
  // "None found" waits for the report (reportAlerts: none on screen yet), which may say the survey has no comment question.
  const status = comments.status === 'complete' ? (count ? m.commentsShown(v.f.amount(count), comments.next !== null) : v.reportAlerts ? '' : m.commentsNone) : '';
  return html`<section part="comments" class="comments" aria-labelledby="comments-title" aria-busy=${comments.status === 'pending' ? 'true' : 'false'}>
    <h3 id="comments-title" tabindex="-1">${m.comments}</h3>
    <form role="search" aria-label=${m.commentsSearch} @submit=${submit}>
      <label for="comment-search">${m.commentsSearch}</label>
      <input id="comment-search" name="q" type="search" maxlength="200" autocomplete="off" .value=${comments.query} @input=${input} />
    </form>
    <p role="status" class="muted">${status}</p>
    ${comments.error && comments.status === 'error' ? renderError(v, comments.error, `${m.commentsFailed} ${errorText(m, comments.error)}`, onRetry) : nothing}
    ${count ? html`<ul class="list">${comments.comments.map(c => renderComment(v, c))}</ul>` : nothing}
    ${comments.next ? html`<button type="button" @click=${onMore}>${m.commentsMore}</button>` : nothing}
  </section>`;
}

/**
 * Call-back requests not yet handled, each with a "handled" button (`onHandled`: its id and place),
 * which a failed mark's retry presses again; and a retry of the list when it failed.
 */
export function renderContacts(v: ListView, contacts: ContactsController, onHandled: (id: string, index: number) => void, onRetry: () => void) {
  const { m, f } = v;
  return html`<section part="contacts" class="contacts" aria-labelledby="contacts-title" aria-busy=${contacts.status === 'pending' ? 'true' : 'false'}>
    <h3 id="contacts-title" tabindex="-1">${m.contacts}</h3>
    <p class="muted">${m.contactsNote}</p>
    ${contacts.status === 'complete' && contacts.contacts.length === 0 ? html`<p>${m.contactsNone}</p>` : nothing}
    ${contacts.error ? renderError(v, contacts.error, `${m.contactsFailed} ${errorText(m, contacts.error)}`, onRetry) : nothing}
    <ul class="list">
      ${contacts.contacts.map((c, i) => {
        const id = contactId(c);
        const failed = contacts.markErrors.get(id);
        return html`<li class="contact">
          <p>
            ${c.email ? html`${m.contactEmail}${m.colon}<a href="mailto:${c.email}">${c.email}</a><br />` : nothing}
            ${c.phone ? html`${m.contactPhone}${m.colon}<a href="tel:${c.phone.replace(/[^\d+]/g, '')}">${c.phone}</a>` : nothing}
          </p>
          <p class="muted"><time datetime=${c.submittedAt}>${f.dateTime(c.submittedAt, v.timeZone)}</time> · ${origin(v, c)}</p>
          <button type="button" aria-disabled=${contacts.saving.has(id) ? 'true' : 'false'}
            aria-describedby="contact-${id}" @click=${() => onHandled(id, i)}>${m.contactHandled}</button>
          ${failed ? renderError(v, failed, `${m.contactNotSaved} ${errorText(m, failed)}`, () => onHandled(id, i), `contact-${id}`) : nothing}
          <span id="contact-${id}" class="visually-hidden">${c.email ?? c.phone ?? ''}</span>
        </li>`;
      })}
    </ul>
    <p role="status" class="visually-hidden">${keyed(contacts.handledCount, contacts.handledCount ? m.contactDone : '')}</p>
  </section>`;
}

/**
 * Where focus goes after a mark: the "handled" button of the request now at `index` (the one
 * before, if that was the last), else the list's heading.
 */
export function contactAt(root: ParentNode, index: number): HTMLElement | null {
  const buttons = root.querySelectorAll<HTMLElement>('[part="contacts"] li > button');
  return buttons[Math.min(index, buttons.length - 1)] ?? root.querySelector<HTMLElement>('#contacts-title');
}

/** The export buttons (Excel, CSV). */
export function renderExport(v: ListView, exporter: ExportController, onExport: (format: ExportFormat) => void) {
  const { m } = v;
  const button = (format: ExportFormat, label: string) =>
    html`<button type="button" aria-disabled=${exporter.busy ? 'true' : 'false'} @click=${() => onExport(format)}>${label}</button>`;
  const { error } = exporter;
  // A collector without exceljs answers the workbook 501: the CSV export still works.
  const why = error && (error.status === 501 && exporter.format === 'xlsx' ? m.exportNoXlsx : errorText(m, error));
  return html`<section part="export" class="export" aria-labelledby="export-title">
    <h3 id="export-title">${m.exportTitle}</h3>
    <p class="buttons">${button('xlsx', m.exportXlsx)} ${button('csv', m.exportCsv)}</p>
    <p role="status" class="muted">${exporter.busy ? m.exporting : why ? `${m.exportFailed} ${why}` : ''}</p>
  </section>`;
}
