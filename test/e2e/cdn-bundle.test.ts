import '../helpers/fresh-storage.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackErrorEvent } from '../../src/events/feedback-events.js';
import { fakeTransport, LoopHarness } from '../helpers/harness.js';

// The built CDN file for websites and email pages (npm run build): without kiosk mode.
const BUNDLE = '/dist/cdn/feedback-loop.js';

describe('dist/cdn/feedback-loop.js in a page', () => {
  before(async () => {
    await import(/* @vite-ignore */ BUNDLE);
  });

  it('shows the survey on a website, with 44 px targets and no kiosk parts', async () => {
    const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" .transport=${fakeTransport().transport}></feedback-loop>`);
    const h = new LoopHarness(el);
    expect(h.formShown).to.equal(true);
    const height = h.option('reliability', 5).getBoundingClientRect().height;
    expect(height).to.be.at.least(44).and.below(64);
    expect(el.shadowRoot!.querySelector('[part="staff-status"]')).to.equal(null);
  });

  it('refuses mode="kiosk" with kiosk-not-loaded, naming the file that has it', async () => {
    const el = document.createElement('feedback-loop') as FeedbackLoop;
    el.lang = 'en';
    el.mode = 'kiosk';
    el.transport = fakeTransport().transport;
    const error = oneEvent(el, 'feedback-error');
    document.body.append(el);
    const { detail } = (await error) as FeedbackErrorEvent;
    expect(detail.code).to.equal('kiosk-not-loaded');
    expect(detail.message).to.contain('cdn/feedback-loop-kiosk.js');
    await el.updateComplete;
    expect(new LoopHarness(el).formShown).to.equal(false);
    el.remove();
  });
});
