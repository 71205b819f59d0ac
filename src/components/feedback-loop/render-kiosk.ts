import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Messages } from '../../i18n/messages.js';
import type { StaffController } from './staff-controller.js';
import { PANEL_WARNING_MS } from './staff-panel.js';

export interface StaffView {
  messages: Messages;
  staff: StaffController;
  pending: number;
  offline: boolean;
  lastSentAt?: number;
  onSendNow: () => void;
}

function lastSent(view: StaffView): string {
  const m = view.messages;
  if (view.lastSentAt === undefined) return m.staffNeverSent;
  const time = new Intl.DateTimeFormat(m.$code, { dateStyle: 'short', timeStyle: 'short' }).format(view.lastSentAt);
  return m.staffLastSent(time);
}

/** The unobtrusive line for staff at the foot of a kiosk survey; held down, it opens the panel. */
export function renderStaffLine(view: StaffView): TemplateResult {
  const m = view.messages;
  const { staff } = view;
  const parts = [m.staffPending(view.pending), lastSent(view), ...(view.offline ? [m.staffOffline] : [])];
  const keyDown = (event: KeyboardEvent) => {
    if ((event.key === 'Enter' || event.key === ' ') && !event.repeat) {
      event.preventDefault(); // no click as well
      staff.activate();
    }
  };
  return html`<button
    type="button"
    part="staff-status"
    class="staff-status"
    aria-haspopup="dialog"
    aria-expanded=${staff.state === 'closed' ? 'false' : 'true'}
    @pointerdown=${() => staff.pressStart()}
    @pointerup=${() => staff.pressEnd()}
    @pointerleave=${() => staff.pressEnd()}
    @pointercancel=${() => staff.pressEnd()}
    @contextmenu=${(event: Event) => event.preventDefault()}
    @keydown=${keyDown}
    @click=${(event: MouseEvent) => event.detail === 0 && staff.activate()}
  >
    <span class="visually-hidden">${m.staffPanel}${m.colon ?? ': '}</span>${parts.join(' · ')}
  </button>`;
}

/** Why the PIN did not open the panel: the lock first (a right PIN is refused while it lasts). */
function pinMessage({ staff, messages: m }: StaffView): string | typeof nothing {
  const { lockedFor, wrong } = staff.pin;
  if (lockedFor !== undefined && m.staffPinLocked) return m.staffPinLocked(lockedFor);
  return wrong || lockedFor !== undefined ? m.staffPinWrong : nothing;
}

function renderPin(view: StaffView): TemplateResult {
  const m = view.messages;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('pin') as HTMLInputElement;
    view.staff.unlock(input.value);
    input.value = '';
  };
  return html`<form class="staff-pin" @submit=${submit}>
    <label for="staff-pin">${m.staffPin}</label>
    <input id="staff-pin" name="pin" type="password" inputmode="numeric" autocomplete="off"
      aria-invalid=${view.staff.pin.wrong ? 'true' : 'false'} aria-describedby="staff-pin-error" />
    <p id="staff-pin-error" class="error" role="alert">${keyed(view.staff.pin.tries, pinMessage(view))}</p>
    <button type="submit">${m.staffUnlock}</button>
  </form>`;
}

function renderOpen(view: StaffView): TemplateResult {
  const m = view.messages;
  const { staff } = view;
  return html`<ul>
      <li>${m.staffPending(view.pending)}</li>
      <li>${lastSent(view)}</li>
      ${view.offline ? html`<li>${m.staffOffline}</li>` : nothing}
      ${staff.deadLetters ? html`<li>${m.staffDeadLetters(staff.deadLetters.length)}</li>` : nothing}
    </ul>
    <div class="staff-actions">
      <button type="button" part="staff-send" @click=${view.onSendNow}>${m.staffSendNow}</button>
      ${staff.exports.waiting
        ? html`<a part="staff-export-pending" href=${staff.exports.waiting} download="feedback-waiting-answers.json">${m.staffExportPending}</a>`
        : nothing}
      ${staff.exports.refused
        ? html`<a part="staff-export" href=${staff.exports.refused} download="feedback-refused-answers.json">${m.staffExport}</a>`
        : nothing}
    </div>`;
}

/**
 * The last 20 seconds before the panel closes by itself (WCAG 2.2.1), counted down on screen but
 * said once: an alert that is always there (so it is read when filled) whose spoken text keeps the
 * first figure. "Keep open" hands focus to the panel's first control before it goes. Any touch or
 * key in the panel keeps it open too.
 */
function renderClosing(view: StaffView): TemplateResult {
  const { messages: m, staff } = view;
  const seconds = staff.closingIn;
  const keepOpen = (event: Event) => {
    const panel = (event.currentTarget as HTMLElement).closest('section');
    staff.activity();
    panel?.querySelector<HTMLElement>('#staff-pin, [part="staff-send"]')?.focus();
  };
  return html`<p id="staff-closing" class="error" role="alert">${seconds === undefined
      ? ''
      : html`<span class="visually-hidden">${m.staffClosing(PANEL_WARNING_MS / 1000)}</span><span aria-hidden="true">${m.staffClosing(seconds)}</span>`}</p>
    ${seconds === undefined ? nothing : html`<button type="button" part="staff-keep-open" @click=${keepOpen}>${m.staffKeepOpen}</button>`}`;
}

/** The staff panel: a PIN prompt, or what the outbox holds with "send now" and the export. */
export function renderStaffPanel(view: StaffView): TemplateResult | typeof nothing {
  const m = view.messages;
  const { staff } = view;
  if (staff.state === 'closed') return nothing;
  // Not a press of "Keep open": re-rendered away at keydown or pointerdown, it would never get its click.
  const press = (event: Event) => !(event instanceof KeyboardEvent) || event.key === 'Enter' || event.key === ' ';
  const activity = (event: Event) => ((event.target as Element).closest('[part="staff-keep-open"]') && press(event)) || staff.activity();
  const keydown = (event: KeyboardEvent) => (event.key === 'Escape' ? staff.close() : activity(event));
  return html`<section part="staff-panel" class="staff-panel" role="dialog" aria-labelledby="staff-title"
    @keydown=${keydown} @pointerdown=${activity}>
    <h3 id="staff-title">${m.staffPanel}</h3>
    ${staff.state === 'pin' ? renderPin(view) : renderOpen(view)}
    ${renderClosing(view)}
    <button type="button" class="staff-close" @click=${() => staff.close()}>${m.staffClose}</button>
  </section>`;
}

/**
 * The idle countdown: fixed in view, with a button that keeps the answers and takes focus (WCAG
 * 2.2.1). Screen readers hear it once (the first figure), as the dialog's name when focus arrives;
 * a live region re-read every second would drown everything else.
 */
export function renderIdleWarning(messages: Messages, seconds: number | undefined, from: number, onContinue: () => void) {
  if (seconds === undefined) return nothing;
  return html`<div part="idle-warning" class="idle-warning" role="alertdialog" aria-labelledby="idle-message">
    <p id="idle-message" class="visually-hidden">${messages.idleWarning(from)}</p>
    <p aria-hidden="true">${messages.idleWarning(seconds)}</p>
    <button type="button" @click=${onContinue}>${messages.idleContinue}</button>
  </div>`;
}
