import '../helpers/fresh-storage.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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

  it('runs a respondent through under a strict Content Security Policy, with its 64 px targets and no violation', async () => {
    const policy = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html";
    const body = '<feedback-loop lang="en" mode="kiosk" endpoint="/api/test/ok"></feedback-loop>';
    const frame = document.createElement('iframe');
    frame.style.height = '900px';
    frame.src = `/api/test/csp-page?${new URLSearchParams({ policy, body, bundle: BUNDLE })}`;
    document.body.append(frame);
    try {
      const page = () => frame.contentWindow as (Window & { violations?: string[] }) | null;
      const el = () => page()?.document.querySelector<FeedbackLoop>('feedback-loop');
      await waitUntil(() => el()?.shadowRoot?.querySelector('input[type="radio"]'), 'the survey renders', { timeout: 10_000 });
      const h = new LoopHarness(el()!);
      expect(h.option('reliability', 5).getBoundingClientRect().height, 'the kiosk sheet applies').to.be.at.least(64);
      for (const id of ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness']) await h.choose(id, 4);
      await h.choose('nps', 9);
      h.root.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
      await waitUntil(() => el()!.status === 'sent', 'the answer is sent', { timeout: 10_000 });
      expect(page()!.violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
