import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { LoadedMessages } from '../../i18n/messages.js';
import type { ContactDraft } from '../../schema/answers.js';
import { answerTo, type AnswerValue } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { renderContact } from './render-contact.js';
import { renderQuestion } from './render-question.js';
import type { SurveyController } from './survey-controller.js';
import type { SurveyStatus } from './survey-status.js';

/** What the survey's form shows, and where it reports to. */
export interface FormView {
  messages: LoadedMessages;
  answers: SurveyController;
  /** The email link pre-selected an answer. */
  preset: boolean;
  /** Submit attempts; keys the live region so a repeated message is announced again. */
  attempts: number;
  /** Kiosk respondents so far; keys the form, so the next person gets fresh controls. */
  respondent: number;
  onSubmit: (event: SubmitEvent) => void;
}

function statusText(m: LoadedMessages, { status, problems }: SurveyController): string {
  if (status === 'saving') return m.saving;
  if (status === 'not-sent') return m.notSent;
  if (problems.length === 0) return '';
  return problems.every(p => p.problem === 'required') ? m.errorSummary(problems.length) : m.errorCheck(problems.length);
}

/**
 * The live line under the thanks. "Already received" replaces the thanks above it, but that text
 * appears with its block, which screen readers do not announce: this line says it for them.
 */
export function deliveryText(m: LoadedMessages, status: SurveyStatus): string {
  const texts: Partial<Record<SurveyStatus, string>> = { sent: m.delivered, queued: m.savedOffline, 'already-received': m.alreadyReceived, refused: m.refused };
  return texts[status] ?? '';
}

/** The form: questions, the live status line and the send button. */
export function renderForm(view: FormView, survey: Survey, shared: boolean) {
  const { messages: m, answers } = view;
  const status = answers.status;
  return keyed(
    view.respondent,
    html`<form novalidate autocomplete=${shared ? 'off' : 'on'} @submit=${view.onSubmit}>
      ${view.preset ? html`<p class="note" part="email-confirm">${m.emailConfirm}</p>` : nothing}
      ${survey.questions.some(q => 'required' in q && q.required) ? html`<p class="note">${m.requiredNote}</p>` : nothing}
      ${survey.questions.map(question => {
        const problem = answers.problems.find(p => p.questionId === question.id)?.problem;
        if (question.kind === 'contact') {
          const onChange = (draft: ContactDraft) => answers.changeContact(question.id, draft);
          return renderContact(question, { messages: m, draft: answers.contact, problem, shared, onChange });
        }
        const onAnswer = (value: AnswerValue | undefined) => answers.answer(question.id, value);
        return renderQuestion(question, { messages: m, value: answerTo(answers.answers, question.id), problem, onAnswer });
      })}
      <div part="status" role="status" class=${status === 'not-sent' ? 'not-sent' : ''}
        >${keyed(view.attempts, statusText(m, answers))}</div
      >
      <button part="submit" type="submit" aria-disabled=${status === 'saving' ? 'true' : 'false'}>
        ${status === 'not-sent' ? m.retry : m.submit}
      </button>
    </form>`,
  );
}
