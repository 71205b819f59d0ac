import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { MessageOverrides } from '../../i18n/messages.js';
import { DEFAULT_BATCH_SIZE } from '../../queue/outbox.js';
import type { HeadersProvider, Transport } from '../../queue/transport.js';
import type { Context } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { keywordAttribute, numberAttribute, type Mode, type Trigger } from './behaviour-setup.js';
import { SYSTEM_CLOCK, type Clock } from './clock.js';
import { DEFAULT_COOLDOWN_DAYS } from './cooldown.js';
import type { PresenceController } from './presence-controller.js';
import type { SurveyController, SurveyStatus } from './survey-controller.js';
import type { SyncController } from './sync-controller.js';
import type { OutboxHandle } from './sync-options.js';

/**
 * What a page sees of `<feedback-loop>`: its attributes and properties, getters and `open()`, slots,
 * parts, custom properties and states; what it does with them is in feedback-loop.ts. Defaults are written out,
 * not as UNSET_DEFAULTS' names, as the custom elements manifest shows them as written.
 * @slot header - Replaces the survey title.
 * @slot thanks - Replaces the thank-you message shown once the answer is saved (not an invitation's "already answered").
 * @csspart base - The survey box.
 * @csspart header - The title area.
 * @csspart question - One question (a fieldset, or the comment's wrapper).
 * @csspart scale - The row of options of a rating or NPS question.
 * @csspart option - One choice on a scale.
 * @csspart option-selected - The chosen option (together with `option`).
 * @csspart comment - The comment text area.
 * @csspart submit - The send button.
 * @csspart status - The live region with saving and error messages.
 * @csspart thanks - The thank-you message.
 * @csspart delivery - Below the thanks: "saved, will be sent" or "sent".
 * @csspart notice - The warning shown while an answer lives only in this page.
 * @csspart retry - The "try again" button of that warning.
 * @csspart dismiss - The "Not now" button (website mode).
 * @csspart email-confirm - Email mode: the note that the answer is recorded only when sent.
 * @csspart consent - The consent checkbox of a call-back request.
 * @csspart contact-field - The email and phone fields of a call-back request.
 * @csspart next - Kiosk: the "New survey" button under the thanks.
 * @csspart idle-warning - Kiosk: the countdown before a half-filled survey starts over.
 * @csspart staff-status - Kiosk: the line for staff (waiting, last sent, offline).
 * @csspart staff-panel - Kiosk: the staff panel.
 * @csspart staff-send - Kiosk: "Send now" in the staff panel.
 * @csspart staff-export - Kiosk: the refused answers export link.
 * @csspart staff-export-pending - Kiosk: the waiting answers export link.
 * @csspart staff-keep-open - Kiosk: "Keep open" in the staff panel's last 20 seconds.
 * @cssprop [--feedback-color-accent=#1d4ed8] - Selected options and the send button.
 * @cssprop [--feedback-color-on-accent=#ffffff] - Text on the accent color.
 * @cssprop [--feedback-color-surface=#ffffff] - Background.
 * @cssprop [--feedback-color-text=#1f2937] - Text.
 * @cssprop [--feedback-color-muted=#4b5563] - Hints and scale end labels.
 * @cssprop [--feedback-color-border=#6b7280] - Borders of the box and the options.
 * @cssprop [--feedback-color-danger=#b91c1c] - Error messages, and the border of a field with a problem.
 * @cssprop [--feedback-radius=0.5rem] - Corner radius.
 * @cssprop [--feedback-spacing=1rem] - Space between questions.
 * @cssprop [--feedback-font-family=system-ui] - Font.
 * @cssprop [--feedback-font-size=1rem] - Base font size.
 * @cssprop [--feedback-focus-ring=3px solid #1d4ed8] - Keyboard focus outline.
 * @cssprop [--feedback-loop-max-width=40rem] - Widest the survey grows.
 * @cssstate saving - The answer is being stored.
 * @cssstate queued - The answer is stored on this device, waiting to be sent.
 * @cssstate held - Storage is unusable; the answer lives in this page until sent.
 * @cssstate refused - The endpoint refused the answer for good (it is kept as a dead letter).
 * @cssstate submitted - The answer was sent, or an email invitation's answer was already received.
 * @cssstate pending - The outbox holds answers not yet acknowledged.
 * @cssstate offline - The last delivery attempt found no network, or the browser reported `offline`.
 * @cssstate closed - The survey is not showing: cooldown, "Not now", or waiting for `open()`.
 * @cssstate awake - Kiosk: the screen is kept awake.
 */
export class FeedbackLoopApi extends LitElement {
  /** Where answers are POSTed: an https URL, a relative URL, or http on localhost. */
  @property() endpoint?: string;
  /** URL of a survey definition (JSON) to show instead of the built-in one. */
  @property({ attribute: 'survey-src' }) surveySrc?: string;
  /** A survey definition object; wins over `survey-src`. */
  @property({ attribute: false }) survey?: Survey;
  /** `web` (a website: cooldown, dismiss), `kiosk` (a shared tablet) or `email` (a landing page). */
  @property({ converter: keywordAttribute('mode') }) mode: Mode = 'web';
  /** `manual`: stays hidden until the host calls `open()`, e.g. after a completed task. */
  @property({ converter: keywordAttribute('trigger') }) trigger: Trigger = 'auto';
  /** Web mode: days this browser is not asked again after answering or dismissing (0: always ask). */
  @property({ attribute: 'cooldown-days', type: Number, converter: numberAttribute('cooldownDays') }) cooldownDays = DEFAULT_COOLDOWN_DAYS;
  /** Kiosk: seconds the thank-you shows before a fresh survey. */
  @property({ attribute: 'thanks-seconds', type: Number, converter: numberAttribute('thanksSeconds') }) thanksSeconds = 8;
  /** Kiosk: seconds without a touch before a half-filled survey starts over. */
  @property({ attribute: 'idle-seconds', type: Number, converter: numberAttribute('idleSeconds') }) idleSeconds = 90;
  /** Kiosk: the last seconds of `idle-seconds`, shown as a countdown (at least 20: WCAG 2.2.1). */
  @property({ attribute: 'idle-warning-seconds', type: Number, converter: numberAttribute('idleWarningSeconds') }) idleWarningSeconds = 20;
  /** Kiosk: at the idle timeout, `discard` the half-filled survey or `keep` it (stored if it is valid). */
  @property({ attribute: 'idle-action', converter: keywordAttribute('idleAction') }) idleAction: 'discard' | 'keep' = 'discard';
  /** Kiosk: PIN (4–12 digits) for the staff panel; without it, a long press on the status line opens it. */
  @property({ attribute: 'staff-pin' }) staffPin?: string;
  /** Web mode: no "Not now" button. */
  @property({ attribute: 'no-dismiss', type: Boolean }) noDismiss = false;
  /** Do not count or send anonymous "shown" counts. */
  @property({ attribute: 'no-shown-count', type: Boolean }) noShownCount = false;
  /** Where the answer is given: web, email, kiosk, phone or other. Default: the mode's channel. */
  @property() channel?: string;
  /** Office the answer is about (stored as context `office`). */
  @property() office?: string;
  /** Team the answer is about (context `team`). */
  @property() team?: string;
  /** Staff member the answer is about (context `staff`). */
  @property() staff?: string;
  /** Reference of the contact, e.g. a case number (context `contactRef`). */
  @property({ attribute: 'contact-ref' }) contactRef?: string;
  /** Further context keys; the attributes above win over keys of the same name. */
  @property({ attribute: false }) context?: Context;
  /** Single strings to override, e.g. `{ submit: 'Verzenden' }`. */
  @property({ attribute: false }) messages?: MessageOverrides;
  /** Replaces the built-in fetch transport, e.g. for another payload shape. */
  @property({ attribute: false }) transport?: Transport;
  /** Extra request headers, or a (possibly async) function returning them, e.g. for a token. */
  @property({ attribute: false }) headers?: HeadersProvider;
  /** Most answers sent in one request (1–500). */
  @property({ attribute: 'batch-size', type: Number, converter: numberAttribute('batchSize') }) batchSize = DEFAULT_BATCH_SIZE;
  /** Time for the kiosk timers and the cooldown; a seam for tests. */
  @property({ attribute: false }) clock?: Clock;

  // Made by FeedbackLoop; what the page reads of them is below.
  protected declare readonly answers: SurveyController;
  protected declare readonly sync: SyncController;
  protected declare readonly presence: PresenceController;

  /** Where the respondent is: `filling`, `saving`, `queued`, `held`, `sent`, `already-received`, `refused` or `not-sent`. */
  get status(): SurveyStatus {
    return this.answers.status;
  }

  /** Answers in the outbox not yet acknowledged by the endpoint (this page and earlier visits). */
  get pending(): number {
    return this.sync.pending;
  }

  /** The outbox of this element's endpoint and survey: flush, export what waits, and list, export, retry or discard dead letters. */
  get outbox(): OutboxHandle {
    return this.sync;
  }

  /** Whether the survey is showing (false during the cooldown, after "Not now", or before `open()`). */
  get isOpen(): boolean {
    return this.presence.isOpen;
  }

  /** Shows the survey (hidden by `trigger="manual"` or the cooldown); `force` ignores the cooldown. Returns whether it shows. */
  open(options: { force?: boolean } = {}): boolean {
    return this.presence.open(options.force ?? false);
  }

  /** The clock in use: the `clock` property, or the system's when it is unset. */
  protected get time(): Clock {
    return this.clock ?? SYSTEM_CLOCK;
  }
}
