import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { FeedbackErrorEvent, FeedbackResetEvent } from '../../events/feedback-events.js';
import { LocalizeController } from '../../i18n/localize-controller.js';
import type { MessageOverrides } from '../../i18n/messages.js';
import { surveyText } from '../../i18n/survey-text.js';
import { localFlags } from '../../queue/local-flags.js';
import { DEFAULT_BATCH_SIZE } from '../../queue/outbox.js';
import { createShownSender, type HeadersProvider, type Transport } from '../../queue/transport.js';
import type { Context, FeedbackRecord } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { baseBox, tokens } from '../../theme/tokens.styles.js';
import { styles } from './feedback-loop.styles.js';
import { keywordAttribute, numberAttribute, UNSET_DEFAULTS, type Mode, type Trigger } from './behaviour-setup.js';
import { SYSTEM_CLOCK, type Clock } from './clock.js';
import { DEFAULT_COOLDOWN_DAYS } from './cooldown.js';
import { CustomStates } from './custom-states.js';
import { focusFirst } from './focus-first.js';
import { forgetInvitations, readInvitation, rememberInvitation, type InvitationLink } from './invitation-link.js';
import { kioskFactory, type KioskModeHooks, type KioskPart } from './kiosk-support.js';
import { PresenceController } from './presence-controller.js';
import { resolveSetup, setupInput, surveyKey, syncTarget, type Setup } from './setup.js';
import { SurveyController, type SurveyStatus } from './survey-controller.js';
import { SurveySourceController } from './survey-source-controller.js';
import { SyncController } from './sync-controller.js';
import type { OutboxHandle } from './sync-options.js';
// Last on purpose: in this order the CDN bundles gzip smallest (scripts/bundle-sizes.mjs).
import { deliveryText, renderForm, type FormView } from './render-form.js';
import { isDone, isEditable, isFilling } from './survey-status.js';

/**
 * @summary Short satisfaction survey: five service dimensions, NPS and a comment, sent to `endpoint`.
 * @tag feedback-loop
 * @slot header - Replaces the survey title.
 * @slot thanks - Replaces the thank-you message shown once the answer is sent.
 * @fires {FeedbackChangeEvent} feedback-change - The respondent changed an answer.
 * @fires {FeedbackSubmitEvent} feedback-submit - A valid answer is about to be stored and sent. Cancelable.
 * @fires {FeedbackQueuedEvent} feedback-queued - The answer is stored in the outbox.
 * @fires {FeedbackSentEvent} feedback-sent - The endpoint acknowledged answers.
 * @fires {FeedbackErrorEvent} feedback-error - Invalid setup, or a delivery or storage problem.
 * @fires {FeedbackShownEvent} feedback-shown - The survey was counted as shown in this browser today.
 * @fires {FeedbackDismissEvent} feedback-dismiss - The respondent pressed "Not now".
 * @fires {FeedbackResetEvent} feedback-reset - Kiosk: the survey started over for the next person.
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
 * @csspart staff-keep-open - Kiosk: "Keep open" in the staff panel's last 20 seconds.
 * @cssprop [--feedback-color-accent=#1d4ed8] - Selected options and the send button.
 * @cssprop [--feedback-color-on-accent=#ffffff] - Text on the accent color.
 * @cssprop [--feedback-color-surface=#ffffff] - Background.
 * @cssprop [--feedback-color-text=#1f2937] - Text.
 * @cssprop [--feedback-color-muted=#4b5563] - Hints and scale end labels.
 * @cssprop [--feedback-color-border=#6b7280] - Borders of the box and the options.
 * @cssprop [--feedback-color-danger=#b91c1c] - Error messages.
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
 * @cssstate submitted - The answer was sent.
 * @cssstate pending - The outbox holds answers not yet acknowledged.
 * @cssstate offline - The last delivery attempt found no network.
 * @cssstate closed - The survey is not showing: cooldown, "Not now", or waiting for `open()`.
 * @cssstate awake - Kiosk: the screen is kept awake.
 */
export class FeedbackLoop extends LitElement {
  static override styles = [tokens, baseBox, styles];

  private readonly localize = new LocalizeController(this);
  private readonly answers = new SurveyController(this);
  private readonly source = new SurveySourceController(this, () => this.time);
  private readonly sync = new SyncController(this, {
    onSent: (ids, already) => this.answers.delivered(ids, already),
    onRefused: letters => {
      this.answers.refused(letters.map(letter => letter.id));
      forgetInvitations(letters, this.flags, this.time.now());
    },
    onDurable: () => this.answers.stored(),
    onPageEvent: event => {
      this.source.pageEvent(event);
      this.kiosk?.pageEvent(event);
    },
  });
  private readonly flags = localFlags();
  private readonly presence = new PresenceController(this, { flags: () => this.flags, now: () => this.time.now() });
  /** Kiosk mode (feedback-loop/kiosk.js), made the first time this element is a kiosk. */
  private kiosk?: KioskPart;
  private readonly states = new CustomStates(this);
  private setup: Setup = { state: 'loading' };
  private surveyKey?: string;
  private reportedError?: string;
  /** Set when the notice that had focus goes: the thanks takes focus, and is read. */
  private refocusThanks = false;
  /** Submit attempts; keys the live region so a repeated message is announced again. */
  private attempts = 0;
  /** Kiosk respondents so far; keys the form, so the next person gets fresh controls. */
  private respondent = 0;
  /** Email mode: what the link brought (see readInvitation). */
  private link?: InvitationLink;
  // `headers` and `transport` as read at send time: a framework that passes a new function on
  // every render (React 19) keeps one outbox, with its backoff and Retry-After wait, instead of a new one each time.
  private readonly liveHeaders: HeadersProvider = info => (typeof this.headers === 'function' ? this.headers(info) : (this.headers ?? {}));
  // Unset meanwhile, it throws: a failed send for an outbox that is being replaced.
  private readonly liveTransport: Transport = (records, options) => this.transport!(records, options);

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

  /** The clock in use: the `clock` property, or the system's when it is unset. */
  private get time(): Clock {
    return this.clock ?? SYSTEM_CLOCK;
  }

  /** Where the respondent is: `filling`, `saving`, `queued`, `held`, `sent`, `already-received` or `not-sent`. */
  get status(): SurveyStatus {
    return this.answers.status;
  }

  /** Answers in the outbox not yet acknowledged by the endpoint (this page and earlier visits). */
  get pending(): number {
    return this.sync.pending;
  }

  /** The outbox of this element's endpoint and survey: flush, and list, export, retry or discard dead letters. */
  get outbox(): OutboxHandle {
    return this.sync;
  }

  /** Whether the survey is showing (false during the cooldown, after "Not now", or before `open()`). */
  get isOpen(): boolean {
    return this.presence.isOpen;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A property a framework set to undefined or null (a removed attribute's converter gives the default at once).
    for (const [key, value] of Object.entries(UNSET_DEFAULTS)) (this as unknown as Record<string, unknown>)[key] ??= value;
    // The notice goes once its answer is stored or sent; focus on it would fall to the page.
    // activeElement, not :focus-within, which matches nothing while the window is in the background.
    this.refocusThanks = this.status !== 'held' && Boolean(this.shadowRoot?.activeElement?.closest('.notice'));
    // A survey object wins over survey-src, which is then neither checked nor fetched.
    if (changed.has('surveySrc') || changed.has('survey')) {
      this.source.load(this.survey ? undefined : this.surveySrc);
    }
    // Unnamed updates only change answers or language, which the setup does not depend on.
    if (this.hasUpdated && changed.size === 0) return;
    // The outbox stays (see liveHeaders); a pause may have been for the old token.
    if (this.hasUpdated && (changed.has('headers') || changed.has('transport'))) void this.sync.resume();
    const held = { source: this.source.source, transport: this.transport && this.liveTransport, headers: this.liveHeaders };
    this.setup = resolveSetup(setupInput(this, { ...held, base: document.baseURI, kioskLoaded: kioskFactory() !== undefined }));
    const ready = this.setup.state === 'ready' ? this.setup : undefined;
    const key = ready && surveyKey(ready);
    this.sync.configure(ready && syncTarget(ready), [Boolean(this.transport)]);
    if (key && this.surveyKey && key !== this.surveyKey) this.answers.reset();
    // Made as soon as the mode asks for it, so its styles (64 px targets) apply while a survey-src loads.
    const createKiosk = this.mode === 'kiosk' ? kioskFactory() : undefined;
    if (createKiosk) this.kiosk ??= createKiosk(this, this.kioskHooks());
    this.kiosk?.configure(ready?.behaviour.kiosk);
    this.presence.configure(
      ready && {
        ...ready.behaviour,
        surveyId: ready.survey.id,
        surveyVersion: ready.survey.version,
        channel: ready.channel,
        endpoint: ready.endpoint,
        // A custom transport decides its own payloads: nothing is counted that no one would send.
        sendShown: this.noShownCount || this.transport ? undefined : createShownSender(ready.endpoint, { headers: this.liveHeaders }),
      },
    );
    const email = ready?.behaviour.mode === 'email';
    // Read again when the mode turns to email (or away from it) after the first render: a page script run after define.js.
    if (ready && (key !== this.surveyKey || email !== Boolean(this.link))) {
      this.link = email ? readInvitation(ready.survey, location.search, this.flags, this.time.now(), this.answers) : undefined;
    }
    if (key) this.surveyKey = key;
  }

  protected override updated(): void {
    for (const status of ['saving', 'queued', 'held', 'refused'] as const) this.states.set(status, this.status === status);
    this.states.set('submitted', this.status === 'sent' || this.status === 'already-received');
    this.states.set('pending', this.sync.pending > 0);
    this.states.set('offline', this.sync.offline);
    this.states.set('closed', !this.presence.isOpen);
    this.states.set('awake', this.kiosk?.awake ?? false);
    this.reportSetupError();
    rememberInvitation(this.link, this.status, this.flags, () => this.time.now());
    // An invitation answered here before opens on "already answered": no survey is shown to count.
    if (this.setup.state === 'ready' && this.status !== 'already-received') this.presence.rendered();
    this.kiosk?.updated(this.shadowRoot!);
    if (this.refocusThanks) focusFirst(this.renderRoot, '.thanks:not([hidden])');
  }

  private kioskHooks(): KioskModeHooks {
    return {
      clock: () => this.time,
      touched: () => this.answers.touched,
      // Idle timeout with `idle-action="keep"`: a complete enough answer is stored, not lost; one
      // that could not be kept (not-sent) is tried again, as its Try again would.
      keep: () => isEditable(this.status) && this.answers.touched && this.submitAnswers(),
      reset: reason => {
        this.answers.reset();
        this.respondent++;
        const event = new FeedbackResetEvent({ reason }); // built first: see reportSetupError
        this.dispatchEvent(event);
      },
      outbox: () => this.sync,
      pin: () => (this.setup.state === 'ready' ? this.setup.behaviour.staffPin : undefined),
      messages: () => this.localize.messages,
      overrides: () => this.messages,
    };
  }

  private reportSetupError(): void {
    const error = this.setup.state === 'error' ? this.setup.error : undefined;
    const key = error && JSON.stringify([error.code, error.message, error.issues]);
    if (key === this.reportedError) return;
    this.reportedError = key;
    if (!error) return;
    // Built before dispatch so the manifest analyzer does not read `error` as an event name.
    const event = new FeedbackErrorEvent(error);
    this.dispatchEvent(event);
  }

  /** Stores the answers; resolves whether they are now stored (queued or held). */
  private async submitAnswers(): Promise<boolean> {
    if (this.setup.state !== 'ready') return false;
    const { survey, channel, context } = this.setup;
    const commit = (record: FeedbackRecord) => this.sync.commit(record);
    const locale = this.localize.messages.$code;
    await this.answers.submit({ survey, commit, channel, context, locale, invitation: this.link?.token });
    const stored = this.status === 'queued' || this.status === 'held';
    if (stored) {
      this.presence.answered();
      this.kiosk?.submitted();
    }
    return stored;
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.attempts++;
    const submitting = this.submitAnswers();
    const first = this.answers.problems[0];
    if (first) {
      await this.updateComplete;
      // The field at fault, else the checked option, else the first: where a keyboard user would land.
      focusFirst(this.renderRoot.querySelector(`#q-${first.questionId}`), '[aria-invalid="true"]', 'input:checked', 'input, textarea');
    }
    if ((await submitting) || this.status === 'sent') {
      await this.updateComplete;
      focusFirst(this.renderRoot, this.status === 'held' ? '.notice' : '.thanks');
    }
  }

  /** Shows the survey (hidden by `trigger="manual"` or the cooldown); `force` ignores the cooldown. Returns whether it shows. */
  open(options: { force?: boolean } = {}): boolean {
    return this.presence.open(options.force ?? false);
  }

  override render() {
    const m = this.localize.messages;
    const setup = this.setup;
    const ready = setup.state === 'ready' ? setup : undefined;
    const survey = ready?.survey;
    const mode = ready?.behaviour.mode;
    const status = this.status;
    const filling = isFilling(status);
    const done = isDone(status);
    const title = survey?.title ? surveyText(survey.title, m.$code) : '';
    // focusin too: a screen reader moving through the survey touches nothing, but is someone there.
    // click: kiosk mode drops a tap meant for the screen before the next person's survey.
    const activity = (event: Event) => this.kiosk?.activity(event);
    const form: FormView = { messages: m, answers: this.answers, preset: Boolean(this.link?.preset), attempts: this.attempts, respondent: this.respondent, onSubmit: this.handleSubmit };
    // A submit moves focus to the notice or the thanks, which reads them: the notice is no alert, or it is read twice.
    // The delivery line appears with the thanks, too late for its live region: the thanks names it as its description.
    return html`
      <div part="base" lang=${m.$code} dir=${m.$dir} ?hidden=${ready !== undefined && !this.presence.isOpen}
        @pointerdown=${activity} @keydown=${activity} @input=${activity} @change=${activity} @focusin=${activity} @click=${activity}>
        <div part="header" ?hidden=${!survey}>
          <slot name="header">${title ? html`<h2>${title}</h2>` : nothing}</slot>
          ${mode === 'web' && !this.noDismiss && filling
            ? html`<button part="dismiss" type="button" class="dismiss" @click=${() => this.presence.dismiss()}>${m.dismiss}</button>`
            : nothing}
        </div>
        ${survey && filling ? renderForm(form, survey, mode === 'kiosk') : nothing}
        <p ?hidden=${setup.state !== 'loading'}>${m.loading}</p>
        <p class="error" role="alert" ?hidden=${setup.state !== 'error'}>${m.setupError}</p>
        <div class="notice" part="notice" tabindex="-1" ?hidden=${status !== 'held'}>
          <p>${m.keepOpen}</p>
          <button part="retry" type="button" @click=${() => this.sync.flush()}>${m.retry}</button>
        </div>
        <div part="thanks" class="thanks" tabindex="-1" ?hidden=${!done} aria-describedby=${status === 'already-received' ? nothing : 'delivery'}>
          ${status === 'already-received' ? html`<p aria-hidden="true">${m.alreadyReceived}</p>` : html`<slot name="thanks">${m.thanks}</slot>`}
          <p id="delivery" part="delivery" role="status" class=${status === 'already-received' ? 'visually-hidden' : ''}>${deliveryText(m, status)}</p>
          ${mode === 'kiosk' && done
            ? html`<button part="next" type="button" @click=${() => this.kiosk?.resetNow('next')}>${m.nextRespondent}</button>`
            : nothing}
        </div>
        ${mode === 'kiosk' ? this.kiosk?.render(this.idleWarningSeconds) : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'feedback-loop': FeedbackLoop;
  }
}
