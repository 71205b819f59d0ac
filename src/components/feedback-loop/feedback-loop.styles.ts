import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    /* 44 px touch targets even on sites that shrink the root font size (62.5 % tricks). */
    --_target: max(2.75rem, 44px);
  }
  :host([hidden]) {
    display: none;
  }

  /* The reset box is baseBox (theme/tokens.styles.ts); only its width is the survey's own. */
  [part='base'] {
    max-inline-size: var(--feedback-loop-max-width, 40rem);
  }
  h2 {
    margin-block: 0 calc(var(--_spacing) / 2);
    font-size: 1.25em;
    line-height: 1.3;
  }
  p {
    margin-block: 0 var(--_spacing);
  }
  .note,
  .hint,
  .ends,
  .count {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .count.over {
    color: var(--_danger);
    font-weight: 600;
  }

  fieldset {
    margin: 0 0 var(--_spacing);
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  legend,
  .label {
    display: block;
    padding: 0;
    margin-block-end: 0.5em;
    font-weight: 600;
  }
  /* Options share the row; in a column too narrow for all of them they wrap instead of overflowing. */
  .scale {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(var(--_target), 1fr));
    gap: 0.25rem;
  }
  [part~='option'] {
    position: relative;
    display: flex;
    align-items: center;
    justify-content: center;
    min-block-size: var(--_target);
    min-inline-size: var(--_target);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    font-weight: 600;
    transition: background-color 120ms ease-out;
  }
  [part~='option']:hover {
    border-color: var(--_accent);
  }
  [part~='option-selected'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  /* The native radio stays in the accessibility tree and takes the focus; the label is the target. */
  input[type='radio'] {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  [part~='option']:has(input:focus-visible) {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .ends {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25em 1em;
    margin-block-start: 0.375em;
  }
  [part='comment'],
  [part='contact-field'] {
    display: block;
    inline-size: 100%;
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }
  [part='comment'] {
    min-block-size: 6em;
    resize: vertical;
  }
  [part='comment']:focus-visible,
  [part='contact-field']:focus-visible,
  .consent input:focus-visible,
  button:focus-visible,
  .thanks:focus-visible,
  .notice:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .error {
    margin-block: 0.375em 0;
    color: var(--_danger);
    font-weight: 600;
  }
  /* [part]: also over the call-back fields' own border (contact.styles.ts). Thicker too, so it is
     not told by colour alone, which forced colours replace (WCAG 1.4.1). */
  [part][aria-invalid='true'],
  .invalid [part~='option'] {
    border-color: var(--_danger);
    border-width: 3px;
  }
  [part='submit'],
  [part='retry'] {
    min-block-size: var(--_target);
    min-inline-size: var(--_target);
    padding-inline: 1.5em;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  [part='submit'][aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  [part='status'] {
    margin-block-end: var(--_spacing);
  }
  /* Empty, but still rendered: a live region must be in the accessibility tree before its text arrives. */
  [part='status']:empty,
  [part='delivery']:empty {
    margin: 0;
  }
  .not-sent {
    color: var(--_danger);
    font-weight: 600;
  }
  .thanks {
    font-size: 1.125em;
    font-weight: 600;
  }
  [part='delivery'] {
    margin-block: 0.5em 0;
    font-size: 0.889em;
    font-weight: 400;
    color: var(--_muted);
  }
  .notice {
    color: var(--_danger);
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  [part='base'][hidden] {
    display: none;
  }

  /* "Not now": secondary, beside the title. */
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: start;
    justify-content: space-between;
    gap: 0.5em 1em;
  }
  /* Also kiosk mode's buttons (kiosk.styles.ts): one rule, not two copies. */
  [part='dismiss'],
  [part='next'],
  .staff button,
  .idle-warning button,
  .staff-panel a {
    min-block-size: var(--_target);
    min-inline-size: var(--_target);
    padding-inline: 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }

  @media (forced-colors: active) {
    [part='base'],
    [part~='option'],
    [part='comment'],
    [part='submit'],
    [part='retry'],
    [part='dismiss'],
    [part='next'],
    [part='contact-field'] {
      border-color: CanvasText;
    }
    [part~='option-selected'] {
      background: Highlight;
      border-color: Highlight;
      color: HighlightText;
      forced-color-adjust: none;
    }
    [part~='option']:has(input:focus-visible),
    [part='comment']:focus-visible,
    button:focus-visible {
      outline-color: Highlight;
    }
    .error,
    .not-sent,
    .notice,
    [part='delivery'] {
      color: CanvasText;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
