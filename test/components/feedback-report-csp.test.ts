import { expect, waitUntil } from '@open-wc/testing';
import { ReportApi, TOKEN, scriptedApi } from '../helpers/report-fixtures.js';

// What an agency's intranet page may send: no inline script or style, no eval, Trusted Types enforced.
const STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html";

type CspWindow = Window & { violations?: string[] };

/** A frame under `policy` with a loaded <feedback-report> on `api`, its comments and call-backs shown. */
async function reportUnder(policy: string, api: ReportApi): Promise<HTMLIFrameElement> {
  const body = `<feedback-report endpoint="${api.endpoint}" survey-id="loket" date="2026-03-14" time-zone="Europe/Brussels" lang="nl"></feedback-report>`;
  const frame = document.createElement('iframe');
  frame.src = `/api/test/csp-page?${new URLSearchParams({ policy, body, token: TOKEN, bundle: '/src/report.ts' })}`;
  document.body.append(frame);
  return frame;
}

describe('<feedback-report> under a Content Security Policy', () => {
  it("renders its bars, comments and call-backs with no violation, given Lit's 'lit-html' policy", async () => {
    const api = await scriptedApi();
    const frame = await reportUnder(STRICT, api);
    try {
      const root = () => frame.contentDocument?.querySelector('feedback-report')?.shadowRoot;
      await waitUntil(() => root()?.querySelector('.results[aria-busy="false"] table'), 'the report renders', { timeout: 10_000 });
      await waitUntil(() => root()?.querySelector('li.comment'), 'the comments render', { timeout: 10_000 });
      await new Promise(resolve => setTimeout(resolve, 200));
      expect((frame.contentWindow as CspWindow).violations).to.deep.equal([]);
      // The bars' widths are set through CSSOM, which style-src does not govern: they still show the split.
      const bar = root()!.querySelector<HTMLElement>('.bar .good')!;
      expect(bar.style.inlineSize).to.match(/^\d+(\.\d+)?%$/);
      expect(bar.getBoundingClientRect().width).to.be.above(0);
    } finally {
      frame.remove();
    }
  });

  it("does not render where the page allows no Trusted Types policy (so the test above can fail)", async () => {
    const api = await scriptedApi();
    const frame = await reportUnder(STRICT.replace('trusted-types lit-html', "trusted-types 'none'"), api);
    try {
      await waitUntil(() => ((frame.contentWindow as CspWindow | null)?.violations?.length ?? 0) > 0, 'a violation', { timeout: 10_000 });
      expect((frame.contentWindow as CspWindow).violations!.join()).to.contain('trusted-types');
    } finally {
      frame.remove();
    }
  });
});
