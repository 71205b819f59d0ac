import { css } from 'lit';

/** Kiosk mode's styles, adopted by the element once kiosk mode is in use (after its own, which also size its buttons). */
export const kioskStyles = css`
  .staff-panel input:focus-visible,
  .staff-panel a:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  /* Kiosk: a tablet at arm's length, used standing: bigger text and targets. */
  :host([mode='kiosk']) {
    --_target: max(4rem, 64px);
  }
  :host([mode='kiosk']) [part='base'] {
    font-size: calc(var(--_font-size) * 1.25);
  }
  :host([mode='kiosk']) .consent input {
    inline-size: 2.5em;
    block-size: 2.5em;
  }
  /* Fixed in view: on a tall survey it would otherwise appear below the fold, unseen. */
  .idle-warning {
    position: fixed;
    inset-inline: var(--_spacing);
    inset-block-end: var(--_spacing);
    z-index: 1;
    max-block-size: calc(100vh - 2 * var(--_spacing));
    overflow: auto;
    padding: var(--_spacing);
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.25);
    font-weight: 600;
  }
  .staff {
    margin-block-start: var(--_spacing);
  }
  /* Staff only: quiet, but still 44 px to touch. */
  .staff .staff-status {
    inline-size: 100%;
    min-block-size: 44px;
    border: 0;
    background: none;
    color: var(--_muted);
    font-size: 0.75em;
    text-align: end;
    user-select: none;
    -webkit-user-select: none;
    touch-action: none;
  }
  .staff-panel {
    margin-block-start: 0.5em;
    padding: var(--_spacing);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .staff-panel h3 {
    margin-block: 0 0.5em;
    font-size: 1em;
  }
  .staff-panel input {
    display: block;
    min-block-size: var(--_target);
    margin-block: 0.25em 0.5em;
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font: inherit;
  }
  /* Thicker as well, as every invalid field (feedback-loop.styles.ts): not by colour alone. */
  .staff-panel input[aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 3px;
  }
  .staff-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-block: 0.5em;
  }
  .staff-panel a {
    display: inline-flex;
    align-items: center;
    text-decoration: underline;
  }

  @media (forced-colors: active) {
    .idle-warning,
    .staff-panel {
      border-color: CanvasText;
    }
  }
`;
