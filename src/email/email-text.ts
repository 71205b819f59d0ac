import { resolveLocale } from '../i18n/registry.js';
import { emailScale, type EmailSnippetOptions } from './email-scale.js';

/**
 * The plain-text part of the same email: the question, then one link per scale value, one a line,
 * then the note that the answer counts once sent from the page. Throws like `renderEmailSnippet()`.
 */
export function renderEmailText(options: EmailSnippetOptions): string {
  const scale = emailScale(options);
  // The language's own colon: French puts a no-break space before it.
  const colon = resolveLocale(scale.lang).colon ?? ': ';
  const lines = scale.choices.map(choice => `${choice.name}${colon}${choice.href}`);
  return [scale.label, '', ...lines, '', scale.note, ''].join('\n');
}
