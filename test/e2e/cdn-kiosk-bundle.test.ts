import '../helpers/fresh-storage.js';
import { expect, fixture, html } from '@open-wc/testing';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import { fakeTransport, LoopHarness } from '../helpers/harness.js';

// The built CDN file for tablets (npm run build), as a kiosk page loads it: alone, no bundler.
const BUNDLE = '/dist/cdn/feedback-loop-kiosk.js';

describe('dist/cdn/feedback-loop-kiosk.js in a page', () => {
  before(async () => {
    await import(/* @vite-ignore */ BUNDLE);
  });

  it('defines <feedback-loop> with kiosk mode: the staff line, 64 px targets, and a fresh survey after New survey', async () => {
    const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="kiosk" .transport=${fakeTransport().transport}></feedback-loop>`);
    const h = new LoopHarness(el);
    expect(h.formShown).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="staff-status"]'), 'the staff line').to.not.equal(null);
    expect(h.option('reliability', 5).getBoundingClientRect().height, 'kiosk styles').to.be.at.least(64);
    for (const id of ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness']) await h.choose(id, 4);
    await h.choose('nps', 9);
    h.root.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await new Promise(resolve => el.addEventListener('feedback-queued', resolve, { once: true }));
    await el.updateComplete;
    const next = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="next"]')!;
    expect(next, 'New survey').to.not.equal(null);
    next.click();
    await el.updateComplete;
    expect(h.formShown, 'a fresh survey').to.equal(true);
    expect(h.radios('reliability').some(r => r.checked), 'nothing of the last answer').to.equal(false);
  });
});
