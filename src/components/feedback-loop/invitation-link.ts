import type { FlagStore } from '../../queue/local-flags.js';
import type { DeadLetter } from '../../queue/stored-item.js';
import { readEmailLink } from '../../schema/email-link.js';
import { SCALES, type Survey } from '../../schema/survey.js';
import { answeredHere } from './answered-invitations.js';
import type { SurveyController } from './survey-controller.js';
import { isSaved, type SurveyStatus } from './survey-status.js';

/**
 * What an email link brought: the invitation token; whether it pre-selected an answer; the
 * invitation (survey id and token) to remember once answered, unless this browser answered it
 * before; and whether it is remembered now.
 */
export interface InvitationLink {
  token?: string;
  preset: boolean;
  unanswered?: string;
  marked?: boolean;
}

/**
 * Email mode: applies the landing page's link to `answers`. An invitation this browser answered
 * before shows as received; the answer clicked in the email is pre-selected (recorded only when sent).
 */
export function readInvitation(survey: Survey, search: string, flags: FlagStore, now: number, answers: Pick<SurveyController, 'answeredBefore' | 'preset'>): InvitationLink {
  const link = readEmailLink(search);
  const token = link.token;
  const invitation = token && `${survey.id} ${token}`;
  // Answered from this browser before: "already received", not a form for a second answer. Read
  // before the first paint, as the website's cooldown is, so the form never flashes up and then
  // collapses: one localStorage read (2–4 ms when it is the page's first), only for a link with a token.
  const before = invitation && answeredHere(flags, invitation, now);
  if (before) answers.answeredBefore();
  const question = survey.questions.find(q => q.id === link.questionId);
  const scale = question && (question.kind === 'rating' || question.kind === 'nps') ? SCALES[question.kind] : undefined;
  const value = link.value;
  const inRange = scale !== undefined && value !== undefined && value >= scale.min && value <= scale.max;
  if (inRange) answers.preset(question!.id, value);
  return { token, preset: inRange, unanswered: before ? undefined : invitation };
}

/**
 * Remembers the invitation as answered once its answer is in the outbox (one that could not be
 * saved leaves the form usable). A refusal forgets it again (`forgetInvitations`).
 */
export function rememberInvitation(link: InvitationLink | undefined, status: SurveyStatus, flags: FlagStore, now: () => number): void {
  if (link?.unanswered && !link.marked && isSaved(status)) {
    answeredHere(flags, link.unanswered, now(), true);
    link.marked = true;
  }
}

/**
 * Answers the endpoint refused for good, also ones sent from a later page: their invitations were
 * not answered after all, so their links show the form again.
 */
export function forgetInvitations(letters: DeadLetter[], flags: FlagStore, now: number): void {
  for (const { record } of letters) if (record?.invitation) answeredHere(flags, `${record.surveyId} ${record.invitation}`, now, false);
}
