import '../helpers/fresh-storage.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import '../../src/kiosk.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackDismissEvent, FeedbackShownEvent } from '../../src/events/feedback-events.js';
import { LoopHarness, fakeTransport } from '../helpers/harness.js';
import { ledgerKey, ledgerUrl, read, script, waitForLedger } from '../helpers/ledger-client.js';
import { ManualClock } from '../helpers/manual-clock.js';

// Website behaviour: the half-year rule (not asked again after an answer or "Not now"), stored
// without cookies; trigger="manual" with open(); and the anonymous "shown" counts.

const DAY_MS = 86_400_000;
let frames: HTMLIFrameElement[] = [];

afterEach(() => {
  for (const frame of frames) frame.remove();
  frames = [];
});

async function web(attributes: { endpoint?: string; trigger?: string; cooldownDays?: number } = {}, clock?: ManualClock) {
  const { transport } = fakeTransport();
  const el = await fixture<FeedbackLoop>(html`<feedback-loop
    lang="en"
    endpoint=${attributes.endpoint ?? '/api/test/ok'}
    trigger=${attributes.trigger ?? 'auto'}
    cooldown-days=${attributes.cooldownDays ?? 180}
    .transport=${attributes.endpoint ? undefined : transport}
    .clock=${clock ?? undefined}
  ></feedback-loop>`);
  await el.updateComplete;
  return new LoopHarness(el);
}

/** A web-mode element on `key`'s ledger endpoint, connected now; `shown()` counts its feedback-shown events. */
function connected(key: string): { el: FeedbackLoop; shown: () => number } {
  const el = document.createElement('feedback-loop') as FeedbackLoop;
  el.lang = 'en';
  el.setAttribute('endpoint', ledgerUrl(key));
  let count = 0;
  el.addEventListener('feedback-shown', () => count++);
  document.body.append(el);
  return { el, shown: () => count };
}

/** A page with the widget in a same-origin frame, so it can be reloaded like a visitor does. */
async function page(endpoint: string): Promise<{ frame: HTMLIFrameElement; h: () => Promise<LoopHarness> }> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  const loaded = () => new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
  const first = loaded();
  frame.src = `/test/e2e/tab.html?endpoint=${encodeURIComponent(endpoint)}`;
  document.body.append(frame);
  await first;
  return {
    frame,
    h: async () => {
      const el = frame.contentDocument!.querySelector('feedback-loop') as FeedbackLoop;
      await el.updateComplete;
      return new LoopHarness(el);
    },
  };
}

async function reload(frame: HTMLIFrameElement): Promise<void> {
  const loaded = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
  frame.contentWindow!.location.reload();
  await loaded;
}

describe('<feedback-loop> on a website', () => {
  describe("don't ask again", () => {
    it('is not shown again after an answer, also after a reload, and sets no cookie', async () => {
      const key = ledgerKey('cooldown');
      const tab = await page(ledgerUrl(key));
      const h = await tab.h();
      expect(h.el.isOpen).to.equal(true);
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => h.el.status === 'sent', 'sent', { timeout: 10_000 });
      expect(h.thanks.hidden, 'the thanks stays on this visit').to.equal(false);

      await reload(tab.frame);
      const again = await tab.h();

      expect(again.el.isOpen).to.equal(false);
      expect(again.base.hidden).to.equal(true);
      expect(again.el.matches(':state(closed)')).to.equal(true);
      expect(tab.frame.contentDocument!.cookie).to.equal('');
      const stored = localStorage.getItem('feedback-loop:asked:service-quality')!;
      expect(stored, 'only the date is kept, not the time').to.equal(new Date().toISOString().slice(0, 10));
    });

    it('has a "Not now" button that hides it for the cooldown and says until when', async () => {
      const h = await web({ cooldownDays: 30 });
      const button = h.root.querySelector<HTMLButtonElement>('[part="dismiss"]')!;
      expect(button.textContent!.trim()).to.equal('Not now');
      const dismissed = oneEvent(h.el, 'feedback-dismiss') as Promise<FeedbackDismissEvent>;
      button.click();
      const { detail } = await dismissed;
      await h.el.updateComplete;

      expect(h.base.hidden).to.equal(true);
      expect(detail.surveyId).to.equal('service-quality');
      // Only the day is kept: the cooldown ends at the start of a day, at least 30 days from now.
      expect(detail.until).to.match(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
      expect(Date.parse(detail.until) - Date.now()).to.be.within(30 * DAY_MS, 31 * DAY_MS);
      const next = await web({ cooldownDays: 30 });
      expect(next.el.isOpen, 'a later page in the same browser').to.equal(false);
    });

    it('asks again once the cooldown has passed', async () => {
      const clock = new ManualClock();
      const first = await web({ cooldownDays: 180 }, clock);
      first.root.querySelector<HTMLButtonElement>('[part="dismiss"]')!.click();

      const soon = new ManualClock(clock.now() + 179 * DAY_MS);
      expect((await web({ cooldownDays: 180 }, soon)).el.isOpen).to.equal(false);
      const later = new ManualClock(clock.now() + 181 * DAY_MS);
      expect((await web({ cooldownDays: 180 }, later)).el.isOpen).to.equal(true);
    });

    it('keeps the survey hidden at least cooldown-days days, whatever the hour of the dismissal', async () => {
      // Only the day is kept: a "Not now" a minute before midnight (UTC) must not end a 1-day cooldown a minute later.
      const late = new ManualClock(Date.UTC(2026, 5, 1, 23, 59));
      (await web({ cooldownDays: 1 }, late)).root.querySelector<HTMLButtonElement>('[part="dismiss"]')!.click();
      expect(localStorage.getItem('feedback-loop:asked:service-quality')).to.equal('2026-06-01');
      expect((await web({ cooldownDays: 1 }, new ManualClock(late.now() + 2 * 60_000))).el.isOpen).to.equal(false);
      expect((await web({ cooldownDays: 1 }, new ManualClock(late.now() + DAY_MS))).el.isOpen, 'a day later').to.equal(false);
      expect((await web({ cooldownDays: 1 }, new ManualClock(Date.UTC(2026, 5, 3)))).el.isOpen, 'the day after that').to.equal(true);
    });

    it('always asks with cooldown-days="0", and never hides a kiosk', async () => {
      localStorage.setItem('feedback-loop:asked:service-quality', new Date().toISOString());
      expect((await web({ cooldownDays: 0 })).el.isOpen).to.equal(true);
      expect((await web()).el.isOpen).to.equal(false);
      const kiosk = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="kiosk" .transport=${fakeTransport().transport}></feedback-loop>`);
      expect(kiosk.isOpen).to.equal(true);
      expect(kiosk.shadowRoot!.querySelector('[part="dismiss"]'), 'no "Not now" on a tablet').to.equal(null);
    });

    it('asks again when the kept date lies ahead (kept while the clock ran years ahead)', async () => {
      localStorage.setItem('feedback-loop:asked:service-quality', '2031-01-01');
      expect((await web({ cooldownDays: 180 }, new ManualClock(Date.UTC(2026, 0, 1)))).el.isOpen).to.equal(true);
    });

    it('shows the survey when storage is blocked rather than never', async () => {
      localStorage.setItem('feedback-loop:asked:service-quality', 'not a date');
      expect((await web()).el.isOpen).to.equal(true);
    });
  });

  describe('trigger="manual"', () => {
    it('stays hidden until the host calls open()', async () => {
      const h = await web({ trigger: 'manual' });
      expect(h.base.hidden).to.equal(true);
      expect(h.el.open()).to.equal(true);
      await h.el.updateComplete;
      expect(h.base.hidden).to.equal(false);
      expect(h.questions.length).to.equal(7);
    });

    it('open() respects the cooldown unless forced', async () => {
      localStorage.setItem('feedback-loop:asked:service-quality', new Date().toISOString());
      const h = await web({ trigger: 'manual' });
      expect(h.el.open()).to.equal(false);
      await h.el.updateComplete;
      expect(h.base.hidden).to.equal(true);
      expect(h.el.open({ force: true })).to.equal(true);
      await h.el.updateComplete;
      expect(h.base.hidden).to.equal(false);
    });

    it('open() called before the survey has loaded opens it once it has', async () => {
      const el = document.createElement('feedback-loop');
      el.lang = 'en';
      el.setAttribute('trigger', 'manual');
      el.transport = fakeTransport().transport;
      el.setAttribute('survey-src', '/api/test/survey/email');
      expect(el.open()).to.equal(false); // not ready yet
      document.body.append(el);
      try {
        await waitUntil(() => new LoopHarness(el).questions.length > 0, 'the survey loads and opens', { timeout: 10_000 });
        expect(el.isOpen).to.equal(true);
      } finally {
        el.remove();
      }
    });

    it('refuses an unknown trigger or mode with a clear error', async () => {
      for (const [name, value] of [['trigger', 'hover'], ['mode', 'popup'], ['cooldown-days', '-1']] as const) {
        const el = document.createElement('feedback-loop');
        el.setAttribute(name, value);
        el.setAttribute('endpoint', '/api/test/ok');
        const error = oneEvent(el, 'feedback-error');
        document.body.append(el);
        try {
          const { detail } = await error;
          expect(detail.code, name).to.equal('invalid-attribute');
          expect(detail.message).to.contain(name);
        } finally {
          el.remove();
        }
      }
    });
  });

  describe('shown counts', () => {
    it('counts the open survey once a day per browser, anonymously, at the endpoint', async () => {
      const key = ledgerKey('shown');
      const shown = oneEvent(document, 'feedback-shown') as Promise<FeedbackShownEvent>;
      await web({ endpoint: ledgerUrl(key) });
      const { detail } = await shown;
      const ledger = await waitForLedger(key, l => l.shown.length === 1, 'the count arrives');

      expect(detail).to.deep.include({ surveyId: 'service-quality', surveyVersion: 1, channel: 'web' });
      expect(detail.day).to.match(/^\d{4}-\d{2}-\d{2}$/);
      const [item] = ledger.shown;
      expect(Object.keys(item!).sort()).to.deep.equal(['channel', 'day', 'id', 'surveyId', 'surveyVersion']);
      expect(ledger.requests, 'no answer was sent').to.deep.equal([]);

      await web({ endpoint: ledgerUrl(key) }); // a second page the same day
      await web({ endpoint: ledgerUrl(key) });
      // A resend carries the same id, which the collector stores once; a new count would have a new id.
      const ids = new Set((await read(key)).shown.map(entry => entry.id));
      expect([...ids]).to.deep.equal([item!.id]);
    });

    it('sends a count waiting beside a damaged one, which would make the collector refuse the whole request', async () => {
      const key = ledgerKey('shown-damaged');
      const endpoint = new URL(ledgerUrl(key), document.baseURI).href;
      const now = new Date();
      const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
      // Written by hand or by a damaged storage: no id, so the collector answers 400 to the request (ingest.ts).
      const damaged = { endpoint, item: { surveyId: 'service-quality', surveyVersion: 1, channel: 'web', day: today } };
      localStorage.setItem('feedback-loop:shown-outbox', JSON.stringify([damaged]));

      await web({ endpoint: ledgerUrl(key) });
      const ledger = await waitForLedger(key, l => l.shown.length > 0, 'the new count is sent');
      expect(ledger.shown.map(item => typeof item.id), 'only items the collector can acknowledge').to.deep.equal(['string']);
      await waitUntil(() => localStorage.getItem('feedback-loop:shown-outbox') === null, 'nothing left waiting', { timeout: 3000 });
    });

    it('does not count a survey taken off the page before it was painted, until it is shown', async () => {
      const key = ledgerKey('shown-unpainted');
      const { el, shown } = connected(key);
      await el.updateComplete; // rendered, not yet painted
      el.remove(); // e.g. a single-page app leaves the route in the same frame
      await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)));
      expect(shown(), 'not counted while off the page').to.equal(0);
      expect((await read(key)).shown).to.deep.equal([]);

      document.body.append(el); // back on the page, painted this time
      try {
        await waitForLedger(key, l => l.shown.length === 1, 'counted once it is shown');
        expect(shown()).to.equal(1);
      } finally {
        el.remove();
      }
    });

    it('does not count a survey that is not shown (cooldown or manual trigger)', async () => {
      const key = ledgerKey('shown-hidden');
      await web({ endpoint: ledgerUrl(key), trigger: 'manual' });
      localStorage.setItem('feedback-loop:asked:service-quality', new Date().toISOString());
      await web({ endpoint: ledgerUrl(key) });
      await new Promise(resolve => requestAnimationFrame(resolve));
      expect((await read(key)).shown).to.deep.equal([]);
    });

    it('keeps a count that could not be sent and sends it with the next page', async () => {
      const key = ledgerKey('shown-retry');
      await script(key, []);
      // 503 first: the count waits in localStorage.
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint="/api/test/status/503"></feedback-loop>`);
      await waitUntil(() => (localStorage.getItem('feedback-loop:shown-outbox') ?? '').includes('service-quality'), 'the count waits', { timeout: 10_000 });
      el.remove();
      // The same endpoint answers again on a later page (same browser, same day: no new count).
      const waiting = JSON.parse(localStorage.getItem('feedback-loop:shown-outbox')!) as Array<{ endpoint: string }>;
      expect(waiting).to.have.length(1);
      expect(waiting[0]!.endpoint).to.contain('/api/test/status/503');
    });

    it('counts nothing with a custom transport, which decides its own payloads', async () => {
      const key = ledgerKey('shown-transport');
      let shown = 0;
      const listening = new AbortController();
      document.addEventListener('feedback-shown', () => shown++, { signal: listening.signal });
      try {
        await fixture(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} .transport=${fakeTransport().transport}></feedback-loop>`);
        await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)));
        expect(shown, 'no feedback-shown').to.equal(0);
        expect(localStorage.getItem('feedback-loop:shown-outbox'), 'nothing left waiting for a later page').to.equal(null);
        // Nor is the day marked: a plain element on the same endpoint still counts the survey today.
        await web({ endpoint: ledgerUrl(key) });
        await waitForLedger(key, l => l.shown.length === 1, 'the plain element counts');
        expect(shown).to.equal(1);
      } finally {
        listening.abort();
      }
    });

    it('counts nothing when a transport (or no-shown-count) arrives after the first render but before the paint', async () => {
      for (const late of ['transport', 'no-shown-count'] as const) {
        const key = ledgerKey('shown-late');
        const { el, shown } = connected(key);
        try {
          await el.updateComplete; // rendered, not yet painted: its count waits for the paint
          if (late === 'transport') el.transport = fakeTransport().transport;
          else el.noShownCount = true;
          await el.updateComplete;
          await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)));
          expect(shown(), late).to.equal(0);
          expect(localStorage.getItem('feedback-loop:shown-outbox'), late).to.equal(null);
          expect((await read(key)).shown, late).to.deep.equal([]);
        } finally {
          el.remove();
        }
      }
    });

    it('sends nothing with no-shown-count, and nothing from a kiosk', async () => {
      const key = ledgerKey('shown-off');
      await fixture(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} no-shown-count></feedback-loop>`);
      await fixture(html`<feedback-loop lang="en" mode="kiosk" endpoint=${ledgerUrl(key)}></feedback-loop>`);
      await new Promise(resolve => setTimeout(resolve, 50));
      expect((await read(key)).shown).to.deep.equal([]);
    });
  });
});
