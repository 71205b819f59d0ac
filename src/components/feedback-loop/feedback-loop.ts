import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { FeedbackErrorEvent } from '../../events/feedback-events.js';
import { defaultSurvey } from '../../i18n/default-survey.js';
import { LocalizeController } from '../../i18n/localize-controller.js';
import type { MessageOverrides } from '../../i18n/messages.js';
import { pickText } from '../../i18n/pick-text.js';
import type { Transport } from '../../queue/transport.js';
import type { Context } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { tokens } from '../../theme/tokens.styles.js';
import { styles } from './feedback-loop.styles.js';
import { renderQuestion } from './render-question.js';
import { resolveSetup, type Setup } from './setup.js';
import { SurveyController, type SurveyStatus } from './survey-controller.js';
import { SurveySourceController } from './survey-source-controller.js';

/**
 * @summary Short satisfaction survey: five service dimensions, NPS and a comment, sent to `endpoint`.
 * @tag feedback-loop
 * @slot header - Replaces the survey title.
 * @slot thanks - Replaces the thank-you message shown once the answer is sent.
 * @fires {FeedbackChangeEvent} feedback-change - The respondent changed an answer.
 * @fires {FeedbackSubmitEvent} feedback-submit - A valid answer is about to be sent. Cancelable.
 * @fires {FeedbackSentEvent} feedback-sent - The endpoint acknowledged the answer.
 * @fires {FeedbackErrorEvent} feedback-error - Invalid setup, or the answer could not be sent.
 * @csspart base - The survey box.
 * @csspart header - The title area.
 * @csspart question - One question (a fieldset, or the comment's wrapper).
 * @csspart scale - The row of options of a rating or NPS question.
 * @csspart option - One choice on a scale.
 * @csspart option-selected - The chosen option (together with `option`).
 * @csspart comment - The comment text area.
 * @csspart submit - The send button.
 * @csspart status - The live region with sending, error and not-sent messages.
 * @csspart thanks - The thank-you message.
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
 * @cssstate sending - The answer is being sent.
 * @cssstate submitted - The answer was sent; the thank-you message shows.
 */
export class FeedbackLoop extends LitElement {
  static override styles = [tokens, styles];

  private readonly localize = new LocalizeController(this);
  private readonly answers = new SurveyController(this);
  private readonly source = new SurveySourceController(this);
  private readonly internals?: ElementInternals;
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

  constructor() {
    super();
    try {
      this.internals = this.attachInternals();
    } catch {
      // Custom states are progressive enhancement; the element works without them.
    }
  }

  /** Where the respondent is: `filling`, `sending`, `sent` or `not-sent`. */
  get status(): SurveyStatus {
    return this.answers.status;
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
      channel: this.channel,
      context: this.mergedContext(),
      base: document.baseURI,
    });
    const key = this.setup.state === 'ready' ? `${this.setup.survey.id}@${this.setup.survey.version}` : undefined;
    if (key && this.surveyKey && key !== this.surveyKey) this.answers.reset();
    if (key) this.surveyKey = key;
  }

  protected override updated(): void {
    this.setState('sending', this.status === 'sending');
    this.setState('submitted', this.status === 'sent');
    this.reportSetupError();
  }

  private mergedContext(): Context | undefined {
    const { office, team, staff, contactRef } = this;
    const fromAttributes = Object.entries({ office, team, staff, contactRef }).filter(
      (entry): entry is [string, string] => entry[1] != null,
    );
    if (!this.context && fromAttributes.length === 0) return undefined;
    return { ...this.context, ...Object.fromEntries(fromAttributes) };
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

  private setState(name: string, on: boolean): void {
    try {
      if (on) this.internals?.states.add(name);
      else this.internals?.states.delete(name);
    } catch {
      // Older engines reject custom state names; styling hooks are optional.
    }
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.setup.state !== 'ready') return;
    this.attempts++;
    const { survey, transport, channel, context } = this.setup;
    const submitting = this.answers.submit({ survey, transport, channel, context, locale: this.localize.messages.$code });
    const first = this.answers.problems[0];
    if (first) {
      await this.updateComplete;
      // The checked option if there is one, else the first: where a keyboard user would land.
      const question = this.renderRoot.querySelector(`#q-${first.questionId}`);
      question?.querySelector<HTMLElement>('input:checked, input, textarea')?.focus();
    }
    await submitting;
    if (this.status === 'sent') {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.thanks')?.focus();
    }
  }

  private statusText(): string {
    const m = this.localize.messages;
    if (this.status === 'sending') return m.sending;
    if (this.status === 'not-sent') return m.notSent;
    const count = this.answers.problems.length;
    return count > 0 ? m.errorSummary(count) : '';
  }

  override render() {
    const m = this.localize.messages;
    const setup = this.setup;
    const survey = setup.state === 'ready' ? setup.survey : undefined;
    const sent = this.status === 'sent';
    const title = survey?.title ? pickText(survey.title, m.$code) : '';
    return html`
      <div part="base" lang=${m.$code} dir=${m.$dir}>
        <div part="header" ?hidden=${!survey}>
          <slot name="header">${title ? html`<h2>${title}</h2>` : nothing}</slot>
        </div>
        <form novalidate ?hidden=${!survey || sent} @submit=${this.handleSubmit}>
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
          <button part="submit" type="submit" aria-disabled=${this.status === 'sending' ? 'true' : 'false'}>
            ${this.status === 'not-sent' ? m.retry : m.submit}
          </button>
        </form>
        <p ?hidden=${setup.state !== 'loading'}>${m.loading}</p>
        <p class="error" role="alert" ?hidden=${setup.state !== 'error'}>${m.setupError}</p>
        <div part="thanks" class="thanks" tabindex="-1" ?hidden=${!sent}>
          <slot name="thanks">${m.thanks}</slot>
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
