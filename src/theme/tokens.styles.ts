import { css } from 'lit';

/**
 * Public `--feedback-*` tokens (inherited from any ancestor) copied to private `--_*` names that
 * the components use. Fallbacks meet WCAG AA contrast on their own.
 */
export const tokens = css`
  :host {
    --_accent: var(--feedback-color-accent, #1d4ed8);
    --_on-accent: var(--feedback-color-on-accent, #ffffff);
    --_surface: var(--feedback-color-surface, #ffffff);
    --_text: var(--feedback-color-text, #1f2937);
    --_muted: var(--feedback-color-muted, #4b5563);
    --_border: var(--feedback-color-border, #6b7280);
    --_danger: var(--feedback-color-danger, #b91c1c);
    --_radius: var(--feedback-radius, 0.5rem);
    --_spacing: var(--feedback-spacing, 1rem);
    --_font-family: var(--feedback-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--feedback-font-size, 1rem);
    --_focus-ring: var(--feedback-focus-ring, 3px solid #1d4ed8);
  }
`;

/**
 * The box both components draw in: every inherited property the host page might set is reset
 * here, so page CSS does not leak in. Each component adds its own `max-inline-size` after this.
 */
export const baseBox = css`
  [part='base'] {
    all: initial;
    display: block;
    box-sizing: border-box;
    /* Less padding on very narrow screens, so five 44 px options fit in 280 px. */
    padding: min(var(--_spacing), 3vw);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.5;
    text-align: start;
    overflow-wrap: anywhere;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;
