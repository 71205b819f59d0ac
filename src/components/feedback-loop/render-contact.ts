import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { SurveyMessages } from '../../i18n/messages.js';
import { surveyText } from '../../i18n/survey-text.js';
import type { AnswerProblem, ContactDraft } from '../../schema/answers.js';
import type { ContactQuestion } from '../../schema/survey.js';

export interface ContactView {
  messages: SurveyMessages;
  draft: ContactDraft;
  problem: AnswerProblem | undefined;
  /** On a shared device the browser must not offer the previous person's address. */
  shared: boolean;
  onChange: (draft: ContactDraft) => void;
}

const ERROR_TEXT = {
  'contact-needed': 'errorContactNeeded',
  'invalid-email': 'errorEmail',
  'invalid-phone': 'errorPhone',
  'invalid-email-and-phone': 'errorEmailAndPhone',
} as const satisfies Partial<Record<AnswerProblem, keyof SurveyMessages>>;

function errorOf(problem: AnswerProblem | undefined, m: SurveyMessages): string | undefined {
  const key = problem && problem in ERROR_TEXT ? ERROR_TEXT[problem as keyof typeof ERROR_TEXT] : undefined;
  return key && m[key];
}

/**
 * The call-back request: a consent checkbox, and only once it is ticked the email and phone fields.
 * Unticking hides them again, and nothing typed there is sent without the tick.
 */
export function renderContact(question: ContactQuestion, view: ContactView): TemplateResult {
  const m = view.messages;
  const { draft, problem } = view;
  const base = `q-${question.id}`;
  const hint = question.hint && surveyText(question.hint, m.$code);
  const error = errorOf(problem, m);
  const field = (name: 'email' | 'phone', label: string, invalid: boolean) => html`
    <label class="label" for="${base}-${name}">${label}</label>
    <input
      id="${base}-${name}"
      part="contact-field"
      type=${name === 'email' ? 'email' : 'tel'}
      dir="ltr"
      autocomplete=${view.shared ? 'off' : name === 'email' ? 'email' : 'tel'}
      maxlength=${name === 'email' ? 254 : 30}
      .value=${live(draft[name])}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${invalid ? `${base}-error ${base}-fields-hint` : `${base}-fields-hint`}
      @input=${(event: Event) => view.onChange({ ...draft, [name]: (event.target as HTMLInputElement).value })}
    />
  `;
  return html`
    <fieldset id=${base} part="question" class="contact" aria-describedby=${ifDefined(hint ? `${base}-hint` : undefined)}>
      <legend>${surveyText(question.label, m.$code)}</legend>
      ${hint ? html`<p id="${base}-hint" class="hint">${hint}</p>` : nothing}
      <label class="consent">
        <input
          type="checkbox"
          part="consent"
          .checked=${live(draft.consent)}
          @change=${(event: Event) => view.onChange({ ...draft, consent: (event.target as HTMLInputElement).checked })}
        /><span>${question.consent ? surveyText(question.consent, m.$code) : m.contactConsent}</span>
      </label>
      ${draft.consent
        ? html`<div class="contact-fields">
            ${field('email', m.contactEmail, problem !== undefined && problem !== 'invalid-phone')}
            ${field('phone', m.contactPhone, problem !== undefined && problem !== 'invalid-email')}
            <p id="${base}-fields-hint" class="hint">${m.contactHint}</p>
          </div>`
        : nothing}
      <p id="${base}-error" class="error" ?hidden=${!error}>${error ?? nothing}</p>
    </fieldset>
  `;
}
