import type { ReactiveControllerHost } from 'lit';
import { FeedbackChangeEvent, FeedbackErrorEvent, FeedbackQueuedEvent, FeedbackSubmitEvent } from '../../events/feedback-events.js';
import { checkAnswers, EMPTY_CONTACT, type Answers, type ContactDraft, type QuestionProblem } from '../../schema/answers.js';
import { mintId } from '../../schema/mint-id.js';
import type { AnswerValue, FeedbackRecord } from '../../schema/record.js';
import { notStored, submission, type Commit, type SubmitSetup, type SurveyControllerOptions } from './submission.js';
import { isEditable, isUnsent, type SurveyStatus } from './survey-status.js';

export type { SurveyStatus };

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Answers, validation and submit of one survey; the element only renders its state. It has no
 * lifecycle work (nothing to start or clean up), so it is not registered with `addController`.
 */
export class SurveyController {
  // Read-only state for the element; only the commands below change it.
  answers: Readonly<Answers> = {};
  contact: Readonly<ContactDraft> = EMPTY_CONTACT;
  problems: readonly QuestionProblem[] = [];
  status: SurveyStatus = 'filling';
  /** The id of the answer being stored or sent; one answer, one id, however often it is tried. */
  private pendingId?: string;
  private pendingAt?: Date;
  /** Bumped by `reset()`, so a commit that finishes afterwards cannot touch the new survey. */
  private generation = 0;

  constructor(
    private readonly host: Host,
    private readonly options: SurveyControllerOptions = {},
  ) {}

  /** Whether the respondent has started: something answered or typed. */
  get touched(): boolean {
    const { consent, email, phone } = this.contact;
    return Object.keys(this.answers).length > 0 || consent || email !== '' || phone !== '';
  }

  /** The respondent changed an answer: store it, clear its problem, tell the host. */
  answer(questionId: string, value: AnswerValue | undefined): void {
    if (!this.editable()) return;
    const given = value === '' ? undefined : value;
    this.set(questionId, given);
    this.host.dispatchEvent(new FeedbackChangeEvent({ questionId, value: given }));
  }

  /** An answer chosen before the page opened (an email link): shown, not an event, not sent. */
  preset(questionId: string, value: AnswerValue): void {
    if (this.editable()) this.set(questionId, value);
  }

  /** The respondent changed the call-back request of question `questionId`. */
  changeContact(questionId: string, draft: ContactDraft): void {
    if (!this.editable()) return;
    this.contact = { ...draft };
    this.changed(questionId);
  }

  private editable(): boolean {
    this.host.requestUpdate();
    // Once submitted, the control snaps back.
    return isEditable(this.status);
  }

  private set(questionId: string, value: AnswerValue | undefined): void {
    const { [questionId]: _previous, ...others } = this.answers;
    this.answers = value === undefined ? others : { ...others, [questionId]: value };
    this.changed(questionId);
  }

  private changed(questionId: string): void {
    this.problems = this.problems.filter(p => p.questionId !== questionId);
    this.pendingId = undefined; // a changed answer is a new answer with a new id
    this.pendingAt = undefined;
  }

  /** Validates, lets the host cancel, then stores the answer. Resolves once it is stored. */
  async submit(setup: SubmitSetup): Promise<void> {
    if (!isEditable(this.status)) return;
    this.problems = checkAnswers(setup.survey, this.answers, this.contact);
    this.host.requestUpdate();
    if (this.problems.length > 0) return;

    this.pendingId ??= (this.options.mintId ?? mintId)();
    this.pendingAt ??= this.options.now?.() ?? new Date();
    const record = submission(setup, this.answers, this.contact, this.pendingId, this.pendingAt);
    if (!this.host.dispatchEvent(new FeedbackSubmitEvent({ record }))) return;
    await this.store(record, setup.commit);
  }

  /** The endpoint acknowledged these ids; if ours is among them, the answer is sent (or was already there). */
  delivered(ids: readonly string[], alreadyReceived: readonly string[] = []): void {
    if (this.awaits(ids)) this.setStatus(alreadyReceived.includes(this.pendingId!) ? 'already-received' : 'sent');
  }

  /** The endpoint refused these ids for good; if ours is among them, "will be sent" is no longer true. */
  refused(ids: readonly string[]): void {
    if (this.awaits(ids)) this.setStatus('refused');
  }

  /** Our answer is among `ids`, and its fate is still open. */
  private awaits(ids: readonly string[]): boolean {
    return this.pendingId !== undefined && ids.includes(this.pendingId) && isUnsent(this.status);
  }

  /** Storage works again and the answer kept in memory is now stored on the device. */
  stored(): void {
    if (this.status === 'held') this.setStatus('queued');
  }

  /** An email invitation this browser answered before: it shows as received, and nothing more is sent. */
  answeredBefore(): void {
    this.setStatus('already-received');
  }

  /** Forgets the answers, e.g. when a different survey is loaded. */
  reset(): void {
    this.answers = {};
    this.contact = EMPTY_CONTACT;
    this.problems = [];
    this.pendingId = undefined;
    this.pendingAt = undefined;
    this.generation++;
    this.setStatus('filling');
  }

  private async store(record: FeedbackRecord, commit: Commit): Promise<void> {
    const generation = this.generation;
    this.setStatus('saving');
    try {
      const { durable, pending } = await commit(record);
      // Replaced meanwhile (another survey): the status is the new survey's, but the answer is stored.
      if (generation === this.generation && this.status === 'saving') this.setStatus(durable ? 'queued' : 'held');
      // After the status change, so a listener sees the element in its new state.
      this.host.dispatchEvent(new FeedbackQueuedEvent({ id: record.id, durable, pending }));
    } catch (error) {
      if (generation !== this.generation) return;
      this.setStatus('not-sent');
      const event = new FeedbackErrorEvent(notStored(error));
      this.host.dispatchEvent(event);
    }
  }

  private setStatus(status: SurveyStatus): void {
    this.status = status;
    this.host.requestUpdate();
  }
}
