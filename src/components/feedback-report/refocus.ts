import type { ReactiveElement } from 'lit';

/**
 * After the host's next render, focuses what `next()` finds if that render took away the focused
 * control (a "handled" request leaves the list, a retry replaces its error): the browser would drop
 * focus to the page's start (WCAG 2.4.3). Focus the reader moved elsewhere meanwhile is left alone.
 */
export async function refocusIfLost(host: ReactiveElement, next: () => HTMLElement | null | undefined): Promise<void> {
  await host.updateComplete;
  const active = document.activeElement;
  if (active && active !== document.body) return;
  next()?.focus();
}
