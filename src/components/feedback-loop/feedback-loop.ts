import { html, nothing, type PropertyValues } from 'lit';
import { surveyText } from '../../i18n/survey-text.js';
import { FeedbackErrorEvent, FeedbackResetEvent } from '../../events/feedback-events.js';
import { LocalizeController } from '../../i18n/localize-controller.js';
import { localFlags } from '../../queue/local-flags.js';
import { createShownSender } from '../../queue/transport.js';
import type { FeedbackRecord } from '../../schema/record.js';
import { baseBox, tokens } from '../../theme/tokens.styles.js';
import { contactStyles } from './contact.styles.js';
import { styles } from './feedback-loop.styles.js';
import { UNSET_DEFAULTS } from './behaviour-setup.js';
import { CustomStates } from './custom-states.js';
import { FeedbackLoopApi } from './feedback-loop-api.js';
import { focusFirst } from './focus-first.js';
import { forgetInvitations, readInvitation, rememberInvitation, type InvitationLink } from './invitation-link.js';
import { kioskFactory, type KioskModeHooks, type KioskPart } from './kiosk-support.js';
import { liveDelivery } from './live-delivery.js';
import { PresenceController } from './presence-controller.js';
import { presenceOf, resolveSetup, surveyKey, syncTarget, type Setup } from './setup.js';
import { setupInput } from './setup-input.js';
import { SurveyController } from './survey-controller.js';
// Out of order on purpose (SyncController before SurveySourceController, and the last two): in this
// order the CDN bundles gzip smallest (scripts/bundle-sizes.mjs).
import { SyncController } from './sync-controller.js';
import { SurveySourceController } from './survey-source-controller.js';
import { deliveryText, renderForm, type FormView } from './render-form.js';
import { isDone, isEditable, isFilling } from './survey-status.js';

// Its attributes, properties, getters, open(), slots, parts, custom properties and states: feedback-loop-api.ts.
/**
 * @summary Short satisfaction survey: five service dimensions, NPS and a comment, sent to `endpoint`.
 * @tag feedback-loop
 * @fires {FeedbackChangeEvent} feedback-change - The respondent changed an answer.
 * @fires {FeedbackSubmitEvent} feedback-submit - A valid answer is about to be stored and sent. Cancelable.
 * @fires {FeedbackQueuedEvent} feedback-queued - The answer is stored in the outbox.
 * @fires {FeedbackSentEvent} feedback-sent - The endpoint acknowledged answers.
 * @fires {FeedbackErrorEvent} feedback-error - Invalid setup, or a delivery or storage problem.
 * @fires {FeedbackShownEvent} feedback-shown - The survey was counted as shown in this browser today.
 * @fires {FeedbackDismissEvent} feedback-dismiss - The respondent pressed "Not now".
 * @fires {FeedbackResetEvent} feedback-reset - Kiosk: the survey started over for the next person.
 */
export class FeedbackLoop extends FeedbackLoopApi {
  static override styles = [tokens, baseBox, contactStyles, styles];

  private readonly localize = new LocalizeController(this);
  protected override readonly answers = new SurveyController(this);
  private readonly source = new SurveySourceController(this, () => this.time);
  protected override readonly sync = new SyncController(this, {
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
  protected override readonly presence = new PresenceController(this, { flags: () => this.flags, now: () => this.time.now() });
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
  private readonly live = liveDelivery(this);

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
    // The outbox stays (see liveDelivery); a pause may have been for the old token.
    if (this.hasUpdated && (changed.has('headers') || changed.has('transport'))) void this.sync.resume();
    const held = { source: this.source.source, transport: this.transport && this.live.transport, headers: this.live.headers };
    this.setup = resolveSetup(setupInput(this, { ...held, base: document.baseURI, kioskLoaded: kioskFactory() !== undefined }));
    const ready = this.setup.state === 'ready' ? this.setup : undefined;
    const key = ready && surveyKey(ready);
    this.sync.configure(ready && syncTarget(ready), [Boolean(this.transport)]);
    if (key && this.surveyKey && key !== this.surveyKey) this.answers.reset();
    // Made as soon as the mode asks for it, so its styles (64 px targets) apply while a survey-src loads.
    const createKiosk = this.mode === 'kiosk' ? kioskFactory() : undefined;
    if (createKiosk) this.kiosk ??= createKiosk(this, this.kioskHooks());
    this.kiosk?.configure(ready?.behaviour.kiosk);
    // A custom transport decides its own payloads: nothing is counted that no one would send.
    const shownSender = this.noShownCount || this.transport ? undefined : createShownSender;
    this.presence.configure(ready && presenceOf(ready, shownSender?.(ready.endpoint, { headers: this.live.headers })));
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
          ${status === 'already-received' ? html`<p aria-hidden="true">${m.alreadyReceived}</p>` : nothing}
          <slot name="thanks" ?hidden=${status === 'already-received'}>${m.thanks}</slot>
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
