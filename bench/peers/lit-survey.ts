// Render-benchmark floor: what a minimal hand-written Lit survey costs. One shadow-DOM <form>
// with the shared questions as native radio groups and a textarea; no i18n, theming, storage or
// validation beyond the `validate`/`persist` hooks that lit-zod-idb-entry.ts fills in.
import { LitElement, css, html } from 'lit';
import { SCALE_QUESTIONS, COMMENT, TEXT, type ScaleText } from './questions.js';

export type Answers = Record<string, number | string>;

export interface FloorOptions {
  validate?: (answers: Answers) => Answers;
  persist?: (answers: Answers) => Promise<unknown>;
}

export function defineFloor(tag: string, { validate = a => a, persist = async () => {} }: FloorOptions = {}) {
  class FloorSurvey extends LitElement {
    static override properties = { done: { state: true }, error: { state: true } };
    static override styles = css`
      :host { display: block; font: 16px system-ui, sans-serif; max-width: 40rem; margin: 1rem auto; }
      fieldset { border: 0; margin: 0 0 1rem; padding: 0; }
      legend { font-weight: 600; margin-bottom: 0.4rem; }
      .scale { display: flex; gap: 0.25rem; }
      .scale label { flex: 1; text-align: center; border: 1px solid #6b7280; border-radius: 4px; padding: 0.5rem 0; cursor: pointer; }
      .scale input { position: absolute; opacity: 0; }
      .scale label:has(input:checked) { background: #1d4ed8; color: #fff; }
      .ends { display: flex; justify-content: space-between; font-size: 0.8rem; color: #4b5563; }
      textarea { width: 100%; box-sizing: border-box; }
      .error { color: #b91c1c; }
    `;
    done = false;
    error = '';

    private renderScale(q: ScaleText) {
      const values = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
      return html`<fieldset>
        <legend>${q.label}${q.required ? ' *' : ''}</legend>
        <div class="scale">
          ${values.map(v => html`<label><input type="radio" name=${q.id} value=${v} ?required=${q.required} />${v}</label>`)}
        </div>
        <div class="ends"><span>${q.min}: ${q.low}</span><span>${q.max}: ${q.high}</span></div>
      </fieldset>`;
    }

    private async handleSubmit(event: SubmitEvent) {
      event.preventDefault();
      const form = new FormData(event.target as HTMLFormElement);
      const answers: Answers = {};
      for (const q of SCALE_QUESTIONS) answers[q.id] = Number(form.get(q.id));
      answers[COMMENT.id] = String(form.get(COMMENT.id) ?? '');
      try {
        await persist(validate(answers));
        this.done = true;
      } catch (error) {
        this.error = String(error);
      }
    }

    override render() {
      if (this.done) return html`<p>${TEXT.thanks}</p>`;
      return html`<form @submit=${this.handleSubmit}>
        <h2>${TEXT.title}</h2>
        <p>${TEXT.requiredNote}</p>
        ${SCALE_QUESTIONS.map(q => this.renderScale(q))}
        <label>${COMMENT.label}<textarea name=${COMMENT.id} rows="4"></textarea></label>
        <p class="error" ?hidden=${!this.error}>${this.error}</p>
        <button type="submit">${TEXT.submit}</button>
      </form>`;
    }
  }
  customElements.define(tag, FloorSurvey);
}
