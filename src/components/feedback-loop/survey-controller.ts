import type { ReactiveControllerHost } from 'lit';
import { FeedbackChangeEvent, FeedbackErrorEvent, FeedbackQueuedEvent, FeedbackSubmitEvent } from '../../events/feedback-events.js';
import { buildRecord, checkAnswers, EMPTY_CONTACT, type Answers, type ContactDraft, type QuestionProblem } from '../../schema/answers.js';
import { mintId } from '../../schema/mint-id.js';
import type { AnswerValue, Channel, Context, FeedbackRecord } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';

/**
 * Where the respondent is: filling in; saving; `queued` (stored on this device, waiting to be
 * sent); `held` (could only be kept in this page: storage is unusable); `sent` (acknowledged);
 * `already-received` (the endpoint had an answer for this invitation already, or this browser
 * sent one for the same email link before: not counted twice);
 * `refused` (the endpoint will never take it: kept as a dead letter); `not-sent` (could not even
 * be kept: try again).
 */
export const SURVEY_STATUS = ['filling', 'saving', 'queued', 'held', 'sent', 'already-received', 'refused', 'not-sent'] as const;
export type SurveyStatus = (typeof SURVEY_STATUS)[number];

/** Stores a record in the outbox; `durable` says whether it survives closing the page. */
export type Commit = (record: FeedbackRecord) => Promise<{ durable: boolean; pending: number }>;

/** What a submit needs besides the answers; read at submit time so it is always current. */
export interface SubmitSetup {
  survey: Survey;
  commit: Commit;
  channel: Channel;
  locale: string;
  context?: Context;
  /** The invitation token of an email link. */
  invitation?: string;
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
  private currentContact: ContactDraft = EMPTY_CONTACT;
  private currentProblems: QuestionProblem[] = [];
  private currentStatus: SurveyStatus = 'filling';
  /** The id of the answer being stored or sent; one answer, one id, however often it is tried. */
  private pendingId?: string;
  private pendingAt?: Date;
  /** Bumped by `reset()`, so a commit that finishes afterwards cannot touch the new survey. */
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

  get contact(): Readonly<ContactDraft> {
    return this.currentContact;
  }

  /** Whether the respondent has started: something answered or typed. */
  get touched(): boolean {
    const { consent, email, phone } = this.currentContact;
    return Object.keys(this.currentAnswers).length > 0 || consent || email !== '' || phone !== '';
  }

  get problems(): readonly QuestionProblem[] {
    return this.currentProblems;
  }

  get status(): SurveyStatus {
    return this.currentStatus;
  }

  /** The id of the submitted answer, once it is stored. */
  get submittedId(): string | undefined {
    return this.currentStatus === 'filling' ? undefined : this.pendingId;
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
    this.currentContact = { ...draft };
    this.changed(questionId);
  }

  private editable(): boolean {
    this.host.requestUpdate();
    // Once submitted, the stored answer is the one that counts: the control snaps back.
    return this.currentStatus === 'filling' || this.currentStatus === 'not-sent';
  }

  private set(questionId: string, value: AnswerValue | undefined): void {
    const { [questionId]: _previous, ...others } = this.currentAnswers;
    this.currentAnswers = value === undefined ? others : { ...others, [questionId]: value };
    this.changed(questionId);
  }

  private changed(questionId: string): void {
    this.currentProblems = this.currentProblems.filter(p => p.questionId !== questionId);
    this.pendingId = undefined; // a changed answer is a new answer with a new id
    this.pendingAt = undefined;
  }

  /** Validates, lets the host cancel, then stores the answer. Resolves once it is stored. */
  async submit(setup: SubmitSetup): Promise<void> {
    if (this.currentStatus !== 'filling' && this.currentStatus !== 'not-sent') return;
    this.currentProblems = checkAnswers(setup.survey, this.currentAnswers, this.currentContact);
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
      invitation: setup.invitation,
      contact: this.currentContact,
    });
    if (!this.host.dispatchEvent(new FeedbackSubmitEvent({ record }))) return;
    await this.store(record, setup.commit);
  }

  /** The endpoint acknowledged these ids; if ours is among them, the answer is sent (or was already there). */
  delivered(ids: readonly string[], alreadyReceived: readonly string[] = []): void {
    if (!this.pendingId || !ids.includes(this.pendingId)) return;
    if (this.currentStatus !== 'queued' && this.currentStatus !== 'held' && this.currentStatus !== 'saving') return;
    this.setStatus(alreadyReceived.includes(this.pendingId) ? 'already-received' : 'sent');
  }

  /** The endpoint refused these ids for good; if ours is among them, "will be sent" is no longer true. */
  refused(ids: readonly string[]): void {
    if (!this.pendingId || !ids.includes(this.pendingId)) return;
    if (this.currentStatus === 'queued' || this.currentStatus === 'held' || this.currentStatus === 'saving') this.setStatus('refused');
  }

  /** Storage works again and the answer kept in memory is now stored on the device. */
  stored(): void {
    if (this.currentStatus === 'held') this.setStatus('queued');
  }

  /** An email invitation this browser answered before: it shows as received, and nothing more is sent. */
  answeredBefore(): void {
    this.setStatus('already-received');
  }

  /** Forgets the answers, e.g. when a different survey is loaded. */
  reset(): void {
    this.currentAnswers = {};
    this.currentContact = EMPTY_CONTACT;
    this.currentProblems = [];
    this.currentStatus = 'filling';
    this.pendingId = undefined;
    this.pendingAt = undefined;
    this.generation++;
    this.host.requestUpdate();
  }

  private async store(record: FeedbackRecord, commit: Commit): Promise<void> {
    const generation = this.generation;
    this.setStatus('saving');
    try {
      const { durable, pending } = await commit(record);
      // Replaced meanwhile (another survey): the status is the new survey's, but the answer is stored.
      if (generation === this.generation && this.currentStatus === 'saving') this.setStatus(durable ? 'queued' : 'held');
      // After the status change, so a listener sees the element in its new state.
      this.host.dispatchEvent(new FeedbackQueuedEvent({ id: record.id, durable, pending }));
    } catch (error) {
      if (generation !== this.generation) return;
      this.setStatus('not-sent');
      const event = new FeedbackErrorEvent({ code: 'send-failed', message: 'The answer could not be stored or sent', cause: error });
      this.host.dispatchEvent(event);
    }
  }

  private setStatus(status: SurveyStatus): void {
    this.currentStatus = status;
    this.host.requestUpdate();
  }
}
