import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { SurveyMessages } from '../../i18n/messages.js';
import { surveyText } from '../../i18n/survey-text.js';
import type { AnswerProblem } from '../../schema/answers.js';
import type { AnswerValue } from '../../schema/record.js';
import { DEFAULT_COMMENT_LENGTH, SCALES, type AnswerQuestion, type CommentQuestion, type Question, type ScaleQuestion } from '../../schema/survey.js';

export interface QuestionView {
  messages: SurveyMessages;
  value: AnswerValue | undefined;
  problem: AnswerProblem | undefined;
  onAnswer: (value: AnswerValue | undefined) => void;
}

function errorText(problem: AnswerProblem, question: Question, m: SurveyMessages): string {
  if (problem === 'required') return m.errorRequired;
  if (problem === 'out-of-range') return m.errorOutOfRange;
  return m.errorTooLong(question.kind === 'comment' ? (question.maxLength ?? DEFAULT_COMMENT_LENGTH) : 0);
}

// Rendered only with a problem: seven empty paragraphs up front cost the first paint (issue 7).
// Nothing refers to it until then (aria-describedby names it only while the answer is invalid);
// the status region announces the errors.
function renderError(id: string, question: Question, view: QuestionView) {
  return view.problem ? html`<p id=${id} class="error">${errorText(view.problem, question, view.messages)}</p>` : nothing;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

function renderScale(question: ScaleQuestion, view: QuestionView): TemplateResult {
  const m = view.messages;
  const { min, max } = SCALES[question.kind];
  const base = `q-${question.id}`;
  const nps = question.kind === 'nps';
  const low = question.lowLabel ? surveyText(question.lowLabel, m.$code) : nps ? m.npsLow : m.ratingLow;
  const high = question.highLabel ? surveyText(question.highLabel, m.$code) : nps ? m.npsHigh : m.ratingHigh;
  const hint = question.hint && surveyText(question.hint, m.$code);
  const colon = m.colon ?? ': ';
  const values = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const invalid = Boolean(view.problem);
  const described = ifDefined(describedBy(hint && `${base}-hint`, invalid && `${base}-error`));
  // One listener for the group, and no whitespace or wrapper inside an option: 36 options make
  // up most of the survey's DOM, and each node and binding there costs the first paint (issue 7).
  const onChange = (event: Event) => view.onAnswer(Number((event.target as HTMLInputElement).value));
  return html`
    <fieldset
      id=${base}
      part="question"
      role="radiogroup"
      aria-labelledby="${base}-label"
      aria-required=${question.required ? 'true' : 'false'}
      aria-invalid=${invalid ? 'true' : 'false'}
      class=${invalid ? 'invalid' : ''}
    >
      <legend id="${base}-label">${surveyText(question.label, m.$code)}${question.required
        ? html`<span aria-hidden="true"> *</span>`
        : nothing}</legend>
      ${hint ? html`<p id="${base}-hint" class="hint">${hint}</p>` : nothing}
      <div part="scale" class="scale" @change=${onChange}>
        ${values.map(value => {
          const selected = view.value === value;
          const end = value === min ? low : value === max ? high : undefined;
          // Line breaks only inside the <input> tag, where they make no text node.
          return html`<label part=${selected ? 'option option-selected' : 'option'}><input
              type="radio"
              name=${question.id}
              .value=${String(value)}
              .checked=${live(selected)}
              aria-describedby=${described}
            />${value}${end ? html`<span class="visually-hidden">${end}</span>` : nothing}</label>`;
        })}
      </div>
      <div class="ends" aria-hidden="true"><span>${min}${colon}${low}</span><span>${max}${colon}${high}</span></div>
      ${renderError(`${base}-error`, question, view)}
    </fieldset>
  `;
}

function renderComment(question: CommentQuestion, view: QuestionView): TemplateResult {
  const m = view.messages;
  const base = `q-${question.id}`;
  const max = question.maxLength ?? DEFAULT_COMMENT_LENGTH;
  const text = typeof view.value === 'string' ? view.value : '';
  const hint = question.hint && surveyText(question.hint, m.$code);
  const invalid = Boolean(view.problem);
  // No maxlength: it would cut pasted text off unseen; the count says how much is over instead.
  // The count changes at every key, so only the live line says it, once, when the text goes over.
  const over = text.length - max;
  // "Too long" is in one element only: the live line says it as the text goes over, and Send shows
  // that same line as the field's error. A copy beside it was read twice in browse mode.
  const tooLong = view.problem === 'too-long';
  return html`
    <div id=${base} part="question" class="question">
      <label class="label" for="${base}-input">${surveyText(question.label, m.$code)}${question.required
        ? html`<span aria-hidden="true"> *</span>`
        : nothing}</label>
      ${hint ? html`<p id="${base}-hint" class="hint">${hint}</p>` : nothing}
      <textarea
        id="${base}-input"
        part="comment"
        rows="4"
        dir="auto"
        .value=${live(text)}
        ?required=${question.required}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(hint && `${base}-hint`, `${base}-count`, invalid && `${base}-error`))}
        @input=${(event: Event) => view.onAnswer((event.target as HTMLTextAreaElement).value)}
      ></textarea>
      <p id="${base}-count" class=${over > 0 ? 'count over' : 'count'}>${over > 0 ? m.charactersOver(over) : m.charactersLeft(-over)}</p>
      <p id=${tooLong ? `${base}-error` : nothing} class=${tooLong ? 'error' : 'visually-hidden'} role="status"
        >${tooLong || over > 0 ? m.errorTooLong(max) : ''}</p
      >
      ${tooLong ? nothing : renderError(`${base}-error`, question, view)}
    </div>
  `;
}

/** One rating, NPS or comment question as native form controls; all text is rendered as text, never as HTML. */
export function renderQuestion(question: AnswerQuestion, view: QuestionView): TemplateResult {
  return question.kind === 'comment' ? renderComment(question, view) : renderScale(question, view);
}
