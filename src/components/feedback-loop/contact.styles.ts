import { css } from 'lit';

/**
 * The call-back request (render-contact.ts). Listed before feedback-loop.styles.ts in the element's
 * styles, so that sheet's error border and forced colours win over these rules, as in one sheet.
 */
export const contactStyles = css`
  .consent {
    display: flex;
    gap: 0.75em;
    align-items: start;
    cursor: pointer;
  }
  .consent input {
    flex: none;
    inline-size: 1.5em;
    block-size: 1.5em;
    margin: 0;
    accent-color: var(--_accent);
  }
  .contact-fields {
    margin-block-start: var(--_spacing);
  }
  /* The box and focus ring are the comment's (feedback-loop.styles.ts); this sheet comes first. */
  [part='contact-field'] {
    min-block-size: var(--_target);
    margin-block-end: 0.75em;
  }
`;
