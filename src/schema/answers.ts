import * as z from 'zod/mini';
import { answerTo, EmailSchema, PhoneSchema, UNSTORABLE, type AnswerValue, type Channel, type Contact, type Context, type FeedbackRecord } from './record.js';
import { DEFAULT_COMMENT_LENGTH, SCALES, type Question, type Survey } from './survey.js';

export type Answers = Record<string, AnswerValue>;

/** Why a question's answer cannot be accepted yet. */
export const ANSWER_PROBLEMS = ['required', 'out-of-range', 'too-long', 'contact-needed', 'invalid-email', 'invalid-phone', 'invalid-email-and-phone'] as const;
export type AnswerProblem = (typeof ANSWER_PROBLEMS)[number];

export interface QuestionProblem {
  questionId: string;
  problem: AnswerProblem;
}

/** Comments are trimmed; an empty comment counts as no answer. */
export function normalizeAnswer(question: Question, value: AnswerValue | undefined) {
  if (question.kind === 'comment' && typeof value === 'string') {
    // A lone surrogate (a broken emoji) has no UTF-8 form, and a NUL (pasted from a PDF) no place
    // in PostgreSQL text: strict backends refuse both, for good (S37).
    const trimmed = value.trim().replace(new RegExp(UNSTORABLE, 'g'), '\uFFFD');
    return trimmed === '' ? undefined : trimmed;
  }
  return value;
}

/** What the respondent typed in a contact question; only used when `consent` is ticked. */
export interface ContactDraft {
  consent: boolean;
  email: string;
  phone: string;
}

export const EMPTY_CONTACT: ContactDraft = { consent: false, email: '', phone: '' };

/** The call-back request the draft stands for: none without consent, else trimmed fields. */
export function contactOf(draft: ContactDraft): Contact | undefined {
  if (!draft.consent) return undefined;
  const email = draft.email.trim();
  const phone = draft.phone.trim();
  return { consent: true, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/** Checks a contact draft: with consent, at least one valid way to reach the respondent. */
export function checkContact(draft: ContactDraft): AnswerProblem | undefined {
  const contact = contactOf(draft);
  if (!contact) return undefined;
  if (contact.email === undefined && contact.phone === undefined) return 'contact-needed';
  const email = contact.email !== undefined && !z.safeParse(EmailSchema, contact.email).success;
  const phone = contact.phone !== undefined && !z.safeParse(PhoneSchema, contact.phone).success;
  // Both at once: the second must not wait for the next Send to be named (WCAG 3.3.1).
  return email ? (phone ? 'invalid-email-and-phone' : 'invalid-email') : phone ? 'invalid-phone' : undefined;
}

function problemOf(question: Question, value: AnswerValue | undefined): AnswerProblem | undefined {
  if (question.kind === 'contact') return undefined; // checked by checkContact
  if (value === undefined) return question.required ? 'required' : undefined;
  if (question.kind === 'comment') {
    const max = question.maxLength ?? DEFAULT_COMMENT_LENGTH;
    return typeof value === 'string' && value.length <= max ? undefined : 'too-long';
  }
  const { min, max } = SCALES[question.kind];
  return Number.isInteger(value) && +value >= min && +value <= max ? undefined : 'out-of-range';
}

/** Every problem in survey order, so the first one is where focus goes. */
export function checkAnswers(survey: Survey, answers: Answers, contact: ContactDraft = EMPTY_CONTACT): QuestionProblem[] {
  return survey.questions.flatMap(question => {
    const problem = question.kind === 'contact' ? checkContact(contact) : problemOf(question, normalizeAnswer(question, answerTo(answers, question.id)));
    return problem ? [{ questionId: question.id, problem }] : [];
  });
}

export interface RecordMeta {
  id: string;
  channel: Channel;
  locale: string;
  submittedAt: Date;
  context?: Context;
  invitation?: string;
  contact?: ContactDraft;
}

/** Builds the record for valid answers: only the survey's own questions, unanswered ones left out. */
export function buildRecord(survey: Survey, answers: Answers, meta: RecordMeta): FeedbackRecord {
  const kept: Answers = {};
  for (const question of survey.questions) {
    if (question.kind === 'contact') continue;
    const value = normalizeAnswer(question, answerTo(answers, question.id));
    if (value !== undefined) kept[question.id] = value;
  }
  const record: FeedbackRecord = {
    id: meta.id,
    surveyId: survey.id,
    surveyVersion: survey.version,
    channel: meta.channel,
    locale: meta.locale,
    answers: kept,
    submittedAt: meta.submittedAt.toISOString(),
  };
  if (meta.context && Object.keys(meta.context).length > 0) record.context = { ...meta.context };
  if (meta.invitation) record.invitation = meta.invitation;
  const contact = survey.questions.some(q => q.kind === 'contact') && meta.contact ? contactOf(meta.contact) : undefined;
  if (contact) record.contact = contact;
  return record;
}
