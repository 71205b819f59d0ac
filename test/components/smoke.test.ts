import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';

describe('<feedback-loop> smoke', () => {
  it('renders', async () => {
    const el = await fixture<FeedbackLoop>(html`<feedback-loop endpoint="/api/test/ok" @feedback-error=${(e: Event) => console.log(JSON.stringify((e as any).detail))}></feedback-loop>`);
    console.log(el.shadowRoot!.innerHTML.slice(0, 3000));
    expect(el.shadowRoot!.querySelectorAll('fieldset').length).to.equal(6);
  });
});
