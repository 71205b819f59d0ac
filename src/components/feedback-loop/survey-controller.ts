import type { ReactiveControllerHost } from 'lit';
import { FeedbackChangeEvent, FeedbackErrorEvent, FeedbackSentEvent, FeedbackSubmitEvent } from '../../events/feedback-events.js';
import { buildRecord, checkAnswers, type Answers, type QuestionProblem } from '../../schema/answers.js';
import type { AnswerValue, Channel, Context, FeedbackRecord } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import type { SendFailure, Transport } from '../../queue/transport.js';
import { mintId } from '../../schema/mint-id.js';

/** Where the respondent is: filling in, sending, done, or told that sending failed. */
export const SURVEY_STATUS = ['filling', 'sending', 'sent', 'not-sent'] as const;
export type SurveyStatus = (typeof SURVEY_STATUS)[number];

/** What a submit needs besides the answers; read at submit time so it is always current. */
export interface SubmitSetup {
  survey: Survey;
  transport: Transport;
  channel: Channel;
  locale: string;
  context?: Context;
}

export interface SurveyControllerOptions {
  now?: () => Date;
  mintId?: () => string;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Answers, validation and submit of one survey; the element only renders its state. It has no
 * lifecycle work (nothing to start or clean up), so it is not registered with `addController`.
 */
export class SurveyController {
  private currentAnswers: Answers = {};
  private currentProblems: QuestionProblem[] = [];
  private currentStatus: SurveyStatus = 'filling';
  /** Kept across failed attempts so every retry carries the same id (the collector de-duplicates). */
  private pendingId?: string;
  /** The record of a failed attempt: a retry with unchanged answers sends exactly the same body. */
  private pendingRecord?: FeedbackRecord;
  private readonly now: () => Date;
  private readonly mintId: () => string;

  constructor(
    private readonly host: Host,
    options: SurveyControllerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.mintId = options.mintId ?? mintId;
  }

  get answers(): Readonly<Answers> {
    return this.currentAnswers;
  }

  get problems(): readonly QuestionProblem[] {
    return this.currentProblems;
  }

  get status(): SurveyStatus {
    return this.currentStatus;
  }

  /** The respondent changed an answer: store it, clear its problem, tell the host. */
  answer(questionId: string, value: AnswerValue | undefined): void {
    const given = value === '' ? undefined : value;
    if (given === undefined) delete this.currentAnswers[questionId];
    else this.currentAnswers = { ...this.currentAnswers, [questionId]: given };
    this.pendingRecord = undefined; // changed answers make a new body (under the same id)
    this.currentProblems = this.currentProblems.filter(p => p.questionId !== questionId);
    this.host.requestUpdate();
    this.host.dispatchEvent(new FeedbackChangeEvent({ questionId, value: given }));
  }

  /** Validates, lets the host cancel, then sends. Resolves when the attempt is over. */
  async submit(setup: SubmitSetup): Promise<void> {
    if (this.currentStatus === 'sending' || this.currentStatus === 'sent') return;
    this.currentProblems = checkAnswers(setup.survey, this.currentAnswers);
    this.host.requestUpdate();
    if (this.currentProblems.length > 0) return;

    this.pendingId ??= this.mintId();
    const record = (this.pendingRecord ??= buildRecord(setup.survey, this.currentAnswers, {
      id: this.pendingId,
      channel: setup.channel,
      locale: setup.locale,
      submittedAt: this.now(),
      context: setup.context,
    }));
    if (!this.host.dispatchEvent(new FeedbackSubmitEvent({ record }))) return;
    await this.send(record, setup.transport);
  }

  /** Forgets the answers, e.g. when a different survey is loaded. */
  reset(): void {
    this.currentAnswers = {};
    this.currentProblems = [];
    this.currentStatus = 'filling';
    this.pendingId = undefined;
    this.pendingRecord = undefined;
    this.host.requestUpdate();
  }

  private async send(record: FeedbackRecord, transport: Transport): Promise<void> {
    this.setStatus('sending');
    let result;
    try {
      result = await transport([record]);
    } catch (cause) {
      // A custom transport may throw; the answer is then simply not sent.
      this.fail({ ok: false, reason: 'network', retryable: true }, cause);
      return;
    }
    if (result.ok && result.ids.includes(record.id)) {
      this.pendingId = undefined;
      this.pendingRecord = undefined;
      this.setStatus('sent');
      this.host.dispatchEvent(new FeedbackSentEvent({ ids: [record.id] }));
    } else {
      this.fail(result.ok ? { ok: false, reason: 'not-acknowledged', retryable: true } : result);
    }
  }

  private fail(failure: SendFailure, cause?: unknown): void {
    this.setStatus('not-sent');
    const status = failure.status ? ` (HTTP ${failure.status})` : '';
    this.host.dispatchEvent(
      new FeedbackErrorEvent({
        code: 'send-failed',
        message: `The answer was not sent: ${failure.reason}${status}`,
        cause: cause ?? failure,
      }),
    );
  }

  private setStatus(status: SurveyStatus): void {
    this.currentStatus = status;
    this.host.requestUpdate();
  }
}
