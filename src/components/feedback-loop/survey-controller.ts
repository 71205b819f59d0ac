import type { ReactiveControllerHost } from 'lit';
import { FeedbackChangeEvent, FeedbackErrorEvent, FeedbackSentEvent, FeedbackSubmitEvent } from '../../events/feedback-events.js';
import { buildRecord, checkAnswers, type Answers, type QuestionProblem } from '../../schema/answers.js';
import type { AnswerValue, Channel, Context, FeedbackRecord } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import type { SendFailure, SendResult, Transport } from '../../queue/transport.js';

const NOT_ACKNOWLEDGED: SendFailure = { ok: false, reason: 'not-acknowledged', retryable: true };
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
  /** Time of the first attempt: a retry with unchanged answers and setup sends the same body. */
  private pendingAt?: Date;
  /** Bumped by `reset()`, so a send that finishes afterwards cannot touch the new survey. */
  private generation = 0;
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
    this.host.requestUpdate();
    // While sending, the answer on its way is the one that counts: the control snaps back.
    if (this.currentStatus === 'sending') return;
    const given = value === '' ? undefined : value;
    const { [questionId]: _previous, ...others } = this.currentAnswers;
    this.currentAnswers = given === undefined ? others : { ...others, [questionId]: given };
    this.currentProblems = this.currentProblems.filter(p => p.questionId !== questionId);
    this.host.dispatchEvent(new FeedbackChangeEvent({ questionId, value: given }));
  }

  /** Validates, lets the host cancel, then sends. Resolves when the attempt is over. */
  async submit(setup: SubmitSetup): Promise<void> {
    if (this.currentStatus === 'sending' || this.currentStatus === 'sent') return;
    this.currentProblems = checkAnswers(setup.survey, this.currentAnswers);
    this.host.requestUpdate();
    if (this.currentProblems.length > 0) return;

    this.pendingId ??= this.mintId();
    this.pendingAt ??= this.now();
    const record = buildRecord(setup.survey, this.currentAnswers, {
      id: this.pendingId,
      channel: setup.channel,
      locale: setup.locale,
      submittedAt: this.pendingAt,
      context: setup.context,
    });
    if (!this.host.dispatchEvent(new FeedbackSubmitEvent({ record }))) return;
    await this.send(record, setup.transport);
  }

  /** Forgets the answers, e.g. when a different survey is loaded. */
  reset(): void {
    this.currentAnswers = {};
    this.currentProblems = [];
    this.currentStatus = 'filling';
    this.pendingId = undefined;
    this.pendingAt = undefined;
    this.generation++;
    this.host.requestUpdate();
  }

  private async send(record: FeedbackRecord, transport: Transport): Promise<void> {
    const generation = this.generation;
    this.setStatus('sending');
    let result: SendResult;
    let cause: unknown;
    try {
      result = await transport([record]);
      // A custom transport may answer anything; only a well-formed acknowledgement counts.
      if (!result?.ok) result = result?.ok === false ? result : NOT_ACKNOWLEDGED;
      else if (!Array.isArray(result.ids) || !result.ids.includes(record.id)) result = NOT_ACKNOWLEDGED;
    } catch (error) {
      cause = error; // a transport that throws: the answer is simply not sent
      result = { ok: false, reason: 'network', retryable: true };
    }
    if (generation !== this.generation) return; // the survey was replaced meanwhile
    if (!result.ok) {
      this.fail(result, cause);
      return;
    }
    this.pendingId = undefined;
    this.pendingAt = undefined;
    this.setStatus('sent');
    this.host.dispatchEvent(new FeedbackSentEvent({ ids: [record.id] }));
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
