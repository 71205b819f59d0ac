import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { FeedbackErrorEvent } from '../../events/feedback-events.js';
import { defaultSurvey } from '../../i18n/default-survey.js';
import { LocalizeController } from '../../i18n/localize-controller.js';
import type { MessageOverrides } from '../../i18n/messages.js';
import { pickText } from '../../i18n/pick-text.js';
import { DEFAULT_BATCH_SIZE } from '../../queue/outbox.js';
import type { HeadersProvider, Transport } from '../../queue/transport.js';
import type { Context, FeedbackRecord } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { tokens } from '../../theme/tokens.styles.js';
import { styles } from './feedback-loop.styles.js';
import { CustomStates } from './custom-states.js';
import { renderQuestion } from './render-question.js';
import { mergeContext, resolveSetup, type Setup } from './setup.js';
import { SurveyController, type SurveyStatus } from './survey-controller.js';
import { SurveySourceController } from './survey-source-controller.js';
import { SyncController, type OutboxHandle } from './sync-controller.js';

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
 * @cssstate submitted - The answer was sent.
 * @cssstate pending - The outbox holds answers not yet acknowledged.
 * @cssstate offline - The last delivery attempt found no network.
 */
export class FeedbackLoop extends LitElement {
  static override styles = [tokens, styles];

  private readonly localize = new LocalizeController(this);
  private readonly answers = new SurveyController(this);
  private readonly source = new SurveySourceController(this);
  private readonly sync = new SyncController(this, {
    onSent: ids => this.answers.delivered(ids),
    onDurable: () => this.answers.stored(),
  });
  private readonly states = new CustomStates(this);
  private setup: Setup = { state: 'loading' };
  private surveyKey?: string;
  private reportedError?: string;
  /** Submit attempts; keys the live region so a repeated message is announced again. */
  private attempts = 0;

  /** Where answers are POSTed: an https URL, a relative URL, or http on localhost. */
  @property() endpoint?: string;
  /** URL of a survey definition (JSON) to show instead of the built-in one. */
  @property({ attribute: 'survey-src' }) surveySrc?: string;
  /** A survey definition object; wins over `survey-src`. */
  @property({ attribute: false }) survey?: Survey;
  /** Where the answer is given: web, email, kiosk, phone or other. */
  @property() channel = 'web';
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
  @property({ attribute: 'batch-size', type: Number }) batchSize = DEFAULT_BATCH_SIZE;

  /** Where the respondent is: `filling`, `saving`, `queued`, `held`, `sent` or `not-sent`. */
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A survey object wins over survey-src, which is then neither checked nor fetched.
    if (changed.has('surveySrc') || changed.has('survey')) {
      this.source.load(this.survey ? undefined : this.surveySrc);
    }
    // Unnamed updates only change answers or language, which the setup does not depend on.
    if (this.hasUpdated && changed.size === 0) return;
    this.setup = resolveSetup({
      survey: this.survey,
      source: this.source.source,
      defaultSurvey: () => defaultSurvey(this.messages?.defaultSurvey),
      endpoint: this.endpoint,
      transport: this.transport,
      headers: this.headers,
      batchSize: this.batchSize,
      channel: this.channel,
      context: mergeContext(this.context, { office: this.office, team: this.team, staff: this.staff, contactRef: this.contactRef }),
      base: document.baseURI,
    });
    const ready = this.setup.state === 'ready' ? this.setup : undefined;
    const key = ready && `${ready.survey.id}@${ready.survey.version}`;
    const { endpoint = '', transport, batchSize } = ready ?? {};
    this.sync.configure(ready && transport && { queue: `${endpoint}|${key}`, endpoint, transport, batchSize }, [this.transport, this.headers]);
    if (key && this.surveyKey && key !== this.surveyKey) this.answers.reset();
    if (key) this.surveyKey = key;
  }

  protected override updated(): void {
    for (const status of ['saving', 'queued', 'held'] as const) this.states.set(status, this.status === status);
    this.states.set('submitted', this.status === 'sent');
    this.states.set('pending', this.sync.pending > 0);
    this.states.set('offline', this.sync.offline);
    this.reportSetupError();
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

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.setup.state !== 'ready') return;
    this.attempts++;
    const { survey, channel, context } = this.setup;
    const commit = (record: FeedbackRecord) => this.sync.commit(record);
    const submitting = this.answers.submit({ survey, commit, channel, context, locale: this.localize.messages.$code });
    const first = this.answers.problems[0];
    if (first) {
      await this.updateComplete;
      // The checked option if there is one, else the first: where a keyboard user would land.
      const question = this.renderRoot.querySelector(`#q-${first.questionId}`);
      question?.querySelector<HTMLElement>('input:checked, input, textarea')?.focus();
    }
    await submitting;
    if (this.status !== 'filling' && this.status !== 'not-sent') {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(this.status === 'held' ? '.notice' : '.thanks')?.focus();
    }
  }

  private statusText(): string {
    const m = this.localize.messages;
    if (this.status === 'saving') return m.saving;
    if (this.status === 'not-sent') return m.notSent;
    const count = this.answers.problems.length;
    return count > 0 ? m.errorSummary(count) : '';
  }

  override render() {
    const m = this.localize.messages;
    const setup = this.setup;
    const survey = setup.state === 'ready' ? setup.survey : undefined;
    const status = this.status;
    const done = status === 'queued' || status === 'sent';
    const title = survey?.title ? pickText(survey.title, m.$code) : '';
    return html`
      <div part="base" lang=${m.$code} dir=${m.$dir}>
        <div part="header" ?hidden=${!survey}>
          <slot name="header">${title ? html`<h2>${title}</h2>` : nothing}</slot>
        </div>
        <form novalidate ?hidden=${!survey || (status !== 'filling' && status !== 'saving' && status !== 'not-sent')} @submit=${this.handleSubmit}>
          ${survey?.questions.some(q => q.required) ? html`<p class="note">${m.requiredNote}</p>` : nothing}
          ${survey?.questions.map(question =>
            renderQuestion(question, {
              messages: m,
              value: this.answers.answers[question.id],
              problem: this.answers.problems.find(p => p.questionId === question.id)?.problem,
              onAnswer: value => this.answers.answer(question.id, value),
            }),
          )}
          <div part="status" role="status" class=${this.status === 'not-sent' ? 'not-sent' : ''}
            >${keyed(this.attempts, this.statusText())}</div
          >
          <button part="submit" type="submit" aria-disabled=${status === 'saving' ? 'true' : 'false'}>
            ${this.status === 'not-sent' ? m.retry : m.submit}
          </button>
        </form>
        <p ?hidden=${setup.state !== 'loading'}>${m.loading}</p>
        <p class="error" role="alert" ?hidden=${setup.state !== 'error'}>${m.setupError}</p>
        <div class="notice" part="notice" role="alert" tabindex="-1" ?hidden=${status !== 'held'}>
          <p>${m.keepOpen}</p>
          <button part="retry" type="button" @click=${() => this.sync.flush()}>${m.retry}</button>
        </div>
        <div part="thanks" class="thanks" tabindex="-1" ?hidden=${!done}>
          <slot name="thanks">${m.thanks}</slot>
          <p part="delivery" role="status">${status === 'sent' ? m.delivered : done ? m.savedOffline : ''}</p>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'feedback-loop': FeedbackLoop;
  }
}
