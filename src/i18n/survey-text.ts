import { html, type TemplateResult } from 'lit';
import type { LocalizedText } from '../schema/survey.js';
import { foreignLang, pickText } from './pick-text.js';

/**
 * A survey's own text in the shown language, or its closest version; a version in another language
 * is marked as such, so a screen reader switches voice (WCAG 3.1.2) and its direction is its own.
 */
export function surveyText(text: LocalizedText, code: string): string | TemplateResult {
  const lang = foreignLang(text, code);
  const value = pickText(text, code);
  return lang ? html`<span lang=${lang} dir="auto">${value}</span>` : value;
}
