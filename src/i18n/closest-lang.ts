// The language an element is in, by the HTML rules. Its own file, so the report element can use
// it without loading the survey's locale registry.

/** The nearest non-empty `lang`, crossing shadow roots; `<html lang>` last. */
export function closestLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang')?.trim();
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return undefined;
}
