import { css } from 'lit';

/**
 * The report's results (figures, tables, bars, comments and call-back requests), then forced colours
 * and reduced motion for the whole element: listed after feedback-report.styles.ts, as in one sheet.
 */
export const resultsStyles = css`
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
