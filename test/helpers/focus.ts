import { executeServerCommand } from '@web/test-runner-commands';
/**
 * An element said briefly, e.g. `h3#contacts-title` or `input[name=credibility][value=1]`; `the page`
 * for none. Focus assertions compare these strings: chai serialising two elements for a failed
 * `equal` takes minutes, so the test file times out without saying which assertion failed.
 */
export function nameOf(element: Element | null | undefined): string {
  if (!element) return 'the page';
  const id = element.id ? `#${element.id}` : '';
  const classes = [...element.classList].map(name => `.${name}`).join('');
  const radio = element instanceof HTMLInputElement && element.type === 'radio' ? `[name=${element.name}][value=${element.value}]` : '';
  const attributes = ['part', 'aria-describedby']
    .filter(name => element.hasAttribute(name))
    .map(name => `[${name}=${element.getAttribute(name)}]`)
    .join('');
  return `${element.localName}${id}${classes}${radio}${attributes}`;
}

/** What has the focus inside `root`, said as `nameOf` does; `the page` when focus is outside it. */
export const focusIn = (root: ShadowRoot): string => nameOf(root.activeElement);

/**
 * What a screen reader reads for `element`: its name in Chromium's accessibility tree, after the
 * browser's own whitespace rules. Null in a browser without CDP (Firefox over BiDi).
 */
export function accessibleName(element: Element): Promise<string | null> {
  return readAx(element, 'accessible-name');
}

/** What a screen reader reads after the name (`aria-describedby`): Chromium's description; null without CDP. */
export function accessibleDescription(element: Element): Promise<string | null> {
  return readAx(element, 'accessible-description');
}

async function readAx(element: Element, command: 'accessible-name' | 'accessible-description'): Promise<string | null> {
  const page = window as { axTarget?: Element };
  page.axTarget = element;
  try {
    const text = await executeServerCommand<string | false, undefined>(command);
    // Chromium has CDP: there a missing answer is a broken command, not a pass.
    if (text === false && navigator.userAgent.includes('Chrome')) throw new Error(`${command}: no answer from CDP in Chromium`);
    return text === false ? null : text;
  } finally {
    delete page.axTarget;
  }
}
