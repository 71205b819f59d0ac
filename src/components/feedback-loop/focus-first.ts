/** Focuses the first element in `root` that matches one of `selectors`, tried in their order. */
export function focusFirst(root: ParentNode | null | undefined, ...selectors: string[]): void {
  selectors.map(s => root?.querySelector<HTMLElement>(s)).find(Boolean)?.focus();
}
