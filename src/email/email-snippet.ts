import { emailScale, type EmailChoice, type EmailScale, type EmailSnippetOptions } from './email-scale.js';
import { escapeHtml } from './escape-html.js';

// Mail clients drop <style>, classes and most layout CSS: tables, inline styles and HTML
// attributes are what survives Gmail, Outlook and Apple Mail alike.
const FONT = 'font-family:Arial,Helvetica,sans-serif';
const TEXT_COLOR = '#1f2937';
const MUTED_COLOR = '#4b5563';
const ACCENT_COLOR = '#1d4ed8';
/**
 * The snippet's own background: its dark text stays on white in an email with a dark theme (the
 * template's dark-mode CSS, or Apple Mail under `color-scheme`), where inline colours are kept.
 */
const CARD_COLOR = '#ffffff';
const TABLE = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';

/** 44 px of content plus a 2 px border each side: a tap target of 48 × 48 px. Spaced by the space between links. */
const LINK_STYLE = [
  'display:inline-block',
  'min-width:44px',
  'padding:12px 0',
  'margin:0 0 8px',
  `border:2px solid ${ACCENT_COLOR}`,
  'border-radius:6px',
  `background-color:${CARD_COLOR}`,
  `color:${ACCENT_COLOR}`,
  'font-size:18px',
  'line-height:20px',
  'font-weight:bold',
  'text-align:center',
  'text-decoration:none',
].join(';');

function renderChoice(choice: EmailChoice): string {
  const name = escapeHtml(choice.name);
  return `<a href="${escapeHtml(choice.href)}" aria-label="${name}" title="${name}" style="${LINK_STYLE}">${choice.value}</a>`;
}

/** A text as HTML, marked with its language when that is not the email's, so a screen reader reads it right. */
function inLang(text: string, lang: string | undefined): string {
  return lang ? `<span lang="${escapeHtml(lang)}" dir="auto">${escapeHtml(text)}</span>` : escapeHtml(text);
}

/** The scale's end labels under the links: low at the start, high at the end. */
function renderEnds(scale: EmailScale): string {
  const [start, end] = scale.dir === 'rtl' ? ['right', 'left'] : ['left', 'right'];
  const style = `padding:0 2px;font-size:14px;line-height:20px;color:${MUTED_COLOR}`;
  return (
    `<table ${TABLE} width="100%" style="border-collapse:collapse"><tr>` +
    `<td align="${start}" style="${style};text-align:${start}">${inLang(scale.low, scale.lowLang)}</td>` +
    `<td align="${end}" style="${style};text-align:${end}">${inLang(scale.high, scale.highLang)}</td>` +
    '</tr></table>'
  );
}

/**
 * HTML to paste into a follow-up email: the survey's first rating or NPS question (or
 * `questionId`) with one link per scale value to the landing page, which asks to confirm.
 * Throws a TypeError when the survey, locale, token, question or landing URL is not usable.
 */
export function renderEmailSnippet(options: EmailSnippetOptions): string {
  const scale = emailScale(options);
  const align = scale.dir === 'rtl' ? 'right' : 'left';
  const label = inLang(scale.label, scale.labelLang);
  const cell = (style: string, content: string) => `<tr><td align="${align}" style="text-align:${align};${style}">${content}</td></tr>`;
  return (
    `<table ${TABLE} lang="${escapeHtml(scale.lang)}" dir="${scale.dir}" style="border-collapse:collapse;background-color:${CARD_COLOR};${FONT};color:${TEXT_COLOR}">` +
    cell('padding:12px;font-size:18px;line-height:24px;font-weight:bold', label) +
    cell(
      'padding:0 12px',
      `<table ${TABLE} style="border-collapse:collapse">` +
        // A space between the links, not margins: a client that drops styles, or reads the text alone, shows "1 2 3", not "123".
        `<tr><td align="${align}" style="text-align:${align};padding:0;font-size:16px">${scale.choices.map(renderChoice).join(' ')}</td></tr>` +
        `<tr><td style="padding:0">${renderEnds(scale)}</td></tr></table>`,
    ) +
    cell(`padding:12px;font-size:14px;line-height:20px;color:${MUTED_COLOR}`, inLang(scale.note, scale.noteLang)) +
    '</table>'
  );
}
