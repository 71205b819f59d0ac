import '../helpers/fresh-storage.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
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

  const STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html";
  type CspWindow = Window & { violations?: string[]; ran?: number };

  /** Loads the bundle in a frame under `policy` (with `body` for the element), waits for the survey, runs `check`. */
  async function inCspPage(policy: string, body: string | undefined, check: (page: CspWindow, el: FeedbackLoop) => Promise<void>): Promise<void> {
    const frame = document.createElement('iframe');
    frame.src = `/api/test/csp-page?${new URLSearchParams({ policy, bundle: BUNDLE, ...(body ? { body } : {}) })}`;
    document.body.append(frame);
    try {
      const page = () => frame.contentWindow as CspWindow | null;
      const element = () => page()?.document.querySelector<FeedbackLoop>('feedback-loop');
      await waitUntil(() => element()?.shadowRoot?.querySelector('input[type="radio"]'), 'the survey renders', { timeout: 10_000 });
      await check(page()!, element()!);
    } finally {
      frame.remove();
    }
  }

  it("renders under a strict Content Security Policy with Trusted Types, given Lit's 'lit-html' policy", async () => {
    // What an agency's page may send: no inline script or style, no eval, Trusted Types enforced.
    await inCspPage(STRICT, undefined, async page => {
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(page.violations).to.deep.equal([]);
    });
  });

  it('S35: shows markup and script in a survey file as text under the strict policy, running none of it', async () => {
    const body = '<feedback-loop lang="en" endpoint="/api/test/ok" survey-src="/api/test/survey/attack"></feedback-loop>';
    await inCspPage(STRICT, body, async (page, el) => {
      await new Promise(resolve => setTimeout(resolve, 200));
      const root = el.shadowRoot!;
      const text = root.textContent!;
      for (const shown of ['<img src=x onerror="window.ran=1">Title', '<script>window.ran=2</script>Speed', '<a href="javascript:window.ran=3">hint</a>', '<svg onload="window.ran=4">', '<iframe src="javascript:window.ran=5">', '<img src=x onerror="window.ran=6">Remark']) {
        expect(text, shown).to.contain(shown);
      }
      expect(root.querySelectorAll('img, script, svg, iframe, a[href^="javascript"]'), 'no element made from a text').to.have.length(0);
      expect(page.ran, 'nothing ran').to.equal(undefined);
      expect(page.violations).to.deep.equal([]);
    });
  });

  it("keeps answers from leaving for an endpoint outside the policy's connect-src, and keeps them queued", async () => {
    // Markup an editor could put into a page: the element takes any https endpoint, connect-src does not.
    const body = '<feedback-loop lang="en" endpoint="https://elsewhere.example/api/responses"></feedback-loop>';
    await inCspPage("default-src 'self'; script-src 'self'; style-src 'self'", body, async (page, el) => {
      const failed = oneEvent(el, 'feedback-error');
      const h = new LoopHarness(el);
      await h.answerDefault();
      await h.submit();
      const { detail } = (await failed) as FeedbackErrorEvent;
      expect(detail).to.include({ code: 'send-failed' });
      // The answer's request, and the survey's shown count (web mode) before it: both refused.
      const violations = page.violations!;
      expect(violations.every(v => v.startsWith('connect-src https://elsewhere.example/api/responses')), violations.join()).to.equal(true);
      expect(violations.some(v => v.includes('attempt=1')), 'the answer was refused by the policy').to.equal(true);
      expect(el.pending, 'the answer stays on the device').to.equal(1);
    });
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
