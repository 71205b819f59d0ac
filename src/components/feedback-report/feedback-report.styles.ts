import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_good: var(--feedback-report-good, #15803d);
    --_middle: var(--feedback-report-neutral, #a3a3a3);
    --_bar-height: var(--feedback-report-bar-height, 0.5rem);
  }
  :host([hidden]) {
    display: none;
  }

  /* The reset box is baseBox (theme/tokens.styles.ts); its width and positioning are the report's own. */
  [part='base'] {
    position: relative;
    max-inline-size: var(--feedback-report-max-width, 72rem);
  }
  h2 {
    margin-block: 0 var(--_spacing);
    font-size: 1.375em;
    line-height: 1.3;
  }
  h3 {
    margin-block: calc(var(--_spacing) * 1.5) calc(var(--_spacing) / 2);
    font-size: 1.125em;
    line-height: 1.3;
  }
  p {
    margin-block: 0 var(--_spacing);
  }
  .muted,
  .meta,
  .legend {
    color: var(--_muted);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [hidden] {
    display: none !important;
  }

  /* Controls: a wrapping row of labelled fields. */
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_spacing) / 2) var(--_spacing);
    align-items: end;
    margin: 0 0 var(--_spacing);
    padding: calc(var(--_spacing) / 2) var(--_spacing) var(--_spacing);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-inline-size: 0;
  }
  legend {
    padding-inline: 0.25em;
    font-weight: 600;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    min-inline-size: min(12rem, 100%);
  }
  label {
    font-weight: 600;
  }
  select,
  input,
  button {
    font: inherit;
    color: inherit;
    min-block-size: 2.75rem;
    padding: 0.375em 0.625em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    max-inline-size: 100%;
  }
  button {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
    font-weight: 600;
    cursor: pointer;
  }
  /* Thicker too, as the survey's invalid fields: not told by colour alone, which forced colours replace (WCAG 1.4.1). */
  [aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 3px;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .error,
  .problem {
    color: var(--_danger);
  }
  .controls .error {
    flex-basis: 100%;
    margin: 0;
  }
  .problem {
    padding: var(--_spacing);
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .status:empty {
    margin: 0;
  }
`;
