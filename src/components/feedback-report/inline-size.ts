// Sets an element's inline size through CSSOM. A `style` attribute (what styleMap writes on the first
// render) is inline style, which a Content Security Policy without 'unsafe-inline' refuses; CSSOM
// writes are not governed by style-src, so the report's bars keep their widths on strict pages.
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class InlineSizeDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('inlineSize() belongs on an element: <span ${inlineSize(…)}>');
  }

  render(_size: string): unknown {
    return noChange;
  }

  override update(part: ElementPart, [size]: [string]): unknown {
    (part.element as HTMLElement).style.inlineSize = size;
    return noChange;
  }
}

/** `<span ${inlineSize('40%')}>`: the element's inline size, set without a style attribute. */
export const inlineSize = directive(InlineSizeDirective);
