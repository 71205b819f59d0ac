import { emailScale, type EmailSnippetOptions } from './email-scale.js';

/**
 * The plain-text part of the same email: the question, then one link per scale value, one a line,
 * then the note that the answer counts once sent from the page. Throws like `renderEmailSnippet()`.
 */
export function renderEmailText(options: EmailSnippetOptions): string {
  const scale = emailScale(options);
  const lines = scale.choices.map(choice => `${choice.name}: ${choice.href}`);
  return [scale.label, '', ...lines, '', scale.note, ''].join('\n');
}
