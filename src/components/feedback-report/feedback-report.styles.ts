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

  /* Summary figures. */
  .summary .period {
    font-weight: 600;
    margin-block-end: 0.25em;
  }
  .metrics {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em var(--_spacing);
    margin: 0 0 var(--_spacing);
    padding: 0;
    list-style: none;
  }
  [part='metric'] {
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  /* Tables scroll inside their own labelled, focusable region, never the page (200 % zoom, phones). */
  .scroll {
    /* Positioned, so the visually hidden texts in cells scroll with it instead of widening the page. */
    position: relative;
    overflow-x: auto;
    container-type: inline-size;
    margin-block-end: var(--_spacing);
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.5em;
  }
  /* The caption wraps within the visible part of a wide table and stays there while it scrolls. */
  .caption {
    display: block;
    position: sticky;
    inset-inline-start: 0;
    max-inline-size: 100cqi;
  }
  th,
  td {
    padding: 0.5em;
    border-block-end: 1px solid var(--_border);
    text-align: end;
    vertical-align: top;
    overflow-wrap: normal;
  }
  thead th {
    vertical-align: bottom;
  }
  th[scope='row'],
  thead th:first-child {
    text-align: start;
    font-weight: normal;
    min-inline-size: 12rem;
  }
  thead th {
    font-weight: 600;
  }
  td.withheld {
    text-align: center;
    font-style: italic;
    color: var(--_muted);
  }
  .change {
    white-space: nowrap;
  }
  .arrow {
    display: inline-block;
    min-inline-size: 1em;
  }
  .change.better .arrow {
    color: var(--_good);
  }
  .change.worse .arrow {
    color: var(--_danger);
  }

  /* Stacked bars and their key: decoration beside numbers that are in the cells. */
  .bar {
    display: flex;
    block-size: var(--_bar-height);
    margin-block-start: 0.375em;
    border-radius: calc(var(--_bar-height) / 2);
    overflow: hidden;
    background: var(--_surface);
  }
  .good {
    background: var(--_good);
  }
  .middle {
    background: var(--_middle);
  }
  .bad {
    background: var(--_danger);
  }
  .bar > span {
    transition: inline-size 0.3s ease;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em var(--_spacing);
    font-size: 0.875em;
  }
  .swatch {
    display: inline-block;
    inline-size: 0.875em;
    block-size: 0.875em;
    margin-inline-end: 0.375em;
    vertical-align: -0.1em;
    border-radius: 2px;
  }

  /* Comments and call-back requests. */
  .list {
    margin: 0 0 var(--_spacing);
    padding: 0;
    list-style: none;
  }
  .list > li {
    padding-block: 0.75em;
    border-block-end: 1px solid var(--_border);
  }
  .list p {
    margin-block-end: 0.25em;
  }
  .comment .text {
    white-space: pre-line;
  }
  form[role='search'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.5em;
    align-items: center;
    margin-block-end: 0.5em;
  }
  form[role='search'] input {
    flex: 1 1 16rem;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  a {
    color: var(--_accent);
  }

  @media (forced-colors: active) {
    [part='base'],
    [part='metric'],
    .controls,
    select,
    input,
    button {
      border: 1px solid CanvasText;
    }
    button {
      background: ButtonFace;
      color: ButtonText;
    }
    .problem {
      border-color: CanvasText;
    }
    /* System colours replace ours: the three segments stay apart by fill, outline and none. */
    .bar,
    .swatch {
      forced-color-adjust: none;
      border: 1px solid CanvasText;
      background: Canvas;
    }
    .good {
      background: CanvasText;
    }
    .middle {
      background: GrayText;
    }
    .bad {
      background: Canvas;
    }
    .change .arrow {
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
