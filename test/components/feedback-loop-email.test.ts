import '../helpers/fresh-storage.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackErrorEvent, FeedbackSentEvent, FeedbackSubmitEvent } from '../../src/events/feedback-events.js';
import type { Transport } from '../../src/queue/transport.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { DELIVERY, fakeTransport, LoopHarness } from '../helpers/harness.js';
import { ManualClock } from '../helpers/manual-clock.js';

const CLICKED = { 'fl-question': 'reliability', 'fl-value': '4', 'fl-token': 'tok_12345678' };
const CONFIRM = 'Check your answer and press Send: only then is it recorded.';
const ALREADY = 'You have already answered this invitation. Only your first answer counts. Thank you!';
const DAY_MS = 86_400_000;
const OFFLINE: Transport = async () => ({ ok: false, reason: 'network', retryable: true });

const ORIGINAL_URL = location.href;

/**
 * Opens the page as the email link would: its parameters added to the page's own (the test
 * runner's), which a landing page keeps as well.
 */
function arriveFrom(params: Record<string, string>): void {
  const url = new URL(ORIGINAL_URL);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  history.replaceState(null, '', url.href);
}

/** A fresh endpoint name per test: it names the outbox queue, so tests never share one. */
function uniqueEndpoint(): string {
  return `/api/test/ok?queue=${crypto.randomUUID()}`;
}

/** Every event the element fires, by name, from the moment it is created. */
function recordEvents(el: HTMLElement): string[] {
  const seen: string[] = [];
  for (const name of ['feedback-change', 'feedback-submit', 'feedback-queued', 'feedback-sent', 'feedback-error']) {
    el.addEventListener(name, () => seen.push(name));
  }
  return seen;
}

async function landing(transport: Transport = fakeTransport().transport, endpoint = uniqueEndpoint()) {
  const el = await fixture<FeedbackLoop>(
    html`<feedback-loop lang="en" mode="email" endpoint=${endpoint} .transport=${transport}></feedback-loop>`,
  );
  return new LoopHarness(el);
}

function checked(h: LoopHarness): string[] {
  return [...h.root.querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter(r => r.checked).map(r => `${r.name}=${r.value}`);
}

function confirmNote(h: LoopHarness): HTMLElement | null {
  return h.root.querySelector('[part="email-confirm"]');
}

/**
 * Answers the default survey's questions other than `skip`, then presses Send; resolves the record
 * once the save has ended. The page remembers the link as answered then, so it happens within the
 * test that sent it, never after the next one has cleared localStorage.
 */
async function answerTheRest(h: LoopHarness, skip: string[] = []): Promise<FeedbackRecord> {
  for (const id of ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness']) {
    if (!skip.includes(id)) await h.choose(id, 3);
  }
  if (!skip.includes('nps')) await h.choose('nps', 8);
  const submitted = oneEvent(h.el, 'feedback-submit') as Promise<FeedbackSubmitEvent>;
  await h.submit();
  const event = await submitted;
  if (!event.defaultPrevented) await waitUntil(() => h.el.status !== 'filling' && h.el.status !== 'saving', `status ${h.el.status}`, DELIVERY);
  await h.el.updateComplete;
  return event.detail.record;
}

/** Answers the clicked link while offline, then closes the page: the answer waits in the outbox. */
async function answerOffline(endpoint: string): Promise<void> {
  arriveFrom(CLICKED);
  const first = await landing(OFFLINE, endpoint);
  await answerTheRest(first, ['reliability']);
  await waitUntil(() => first.el.status === 'queued', `status ${first.el.status}`, DELIVERY);
  first.el.remove();
}

describe('<feedback-loop mode="email">', () => {
  afterEach(() => history.replaceState(null, '', ORIGINAL_URL));

  describe('the clicked answer', () => {
    it('is pre-selected with a note that it is not recorded yet, and is accessible', async () => {
      arriveFrom(CLICKED);
      const h = await landing();
      expect(checked(h)).to.deep.equal(['reliability=4']);
      expect(h.option('reliability', 4).getAttribute('part')).to.equal('option option-selected');
      expect(confirmNote(h)!.textContent!.trim()).to.equal(CONFIRM);
      expect(h.formShown).to.equal(true);
      await expect(h.el).to.be.accessible();
    });

    it('records nothing by itself: mail scanners that open the link create no answer', async () => {
      arriveFrom(CLICKED);
      const { transport, calls } = fakeTransport();
      const el = document.createElement('feedback-loop');
      el.lang = 'en';
      el.setAttribute('mode', 'email');
      el.setAttribute('endpoint', uniqueEndpoint());
      el.transport = transport;
      const events = recordEvents(el);
      const parent = await fixture<HTMLDivElement>(html`<div></div>`);
      parent.append(el);
      await el.updateComplete;
      const h = new LoopHarness(el);
      expect(checked(h)).to.deep.equal(['reliability=4']);

      await el.outbox.flush(); // real IndexedDB: whatever was stored would go now
      expect(events).to.deep.equal([]);
      expect(calls).to.have.length(0);
      expect(el.pending).to.equal(0);
      expect(el.status).to.equal('filling');
      expect(h.thanks.hidden).to.equal(true);
    });

    it('sends nothing to a real endpoint when the page is only opened', async () => {
      arriveFrom(CLICKED);
      const key = `email-scan-${crypto.randomUUID()}`;
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="email" endpoint="/api/test/log/${key}"></feedback-loop>`);
      await el.outbox.flush();
      const log: Array<{ body: string }> = await (await fetch(`/api/test/log/${key}`)).json();
      // An anonymous "shown" count may go out; an answer must not.
      expect(log.filter(entry => 'records' in JSON.parse(entry.body))).to.deep.equal([]);
      expect(el.pending).to.equal(0);
    });

    it('is recorded with the invitation token once the respondent presses Send', async () => {
      arriveFrom(CLICKED);
      const { transport, calls } = fakeTransport();
      const h = await landing(transport);
      const record = await answerTheRest(h, ['reliability']);
      expect(record.answers).to.include({ reliability: 4, credibility: 3, nps: 8 });
      expect(record.invitation).to.equal('tok_12345678');
      expect(record.channel).to.equal('email');
      await waitUntil(() => h.el.status === 'sent', 'not sent', DELIVERY);
      expect(calls).to.have.length(1);
      expect(calls[0]![0]).to.deep.equal(record);
    });

    it('can be changed before sending', async () => {
      arriveFrom(CLICKED);
      const h = await landing();
      await h.choose('reliability', 2);
      const record = await answerTheRest(h, ['reliability']);
      expect(record.answers.reliability).to.equal(2);
    });

    it('is read when mode="email" is set after the first render (a page script that runs after define.js)', async () => {
      arriveFrom(CLICKED);
      const { transport } = fakeTransport();
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()} .transport=${transport}></feedback-loop>`);
      el.mode = 'email';
      await el.updateComplete;
      const h = new LoopHarness(el);
      expect(checked(h)).to.deep.equal(['reliability=4']);
      expect(confirmNote(h)!.textContent!.trim()).to.equal(CONFIRM);
      const record = await answerTheRest(h, ['reliability']);
      expect(record.invitation).to.equal('tok_12345678');
      expect(record.channel).to.equal('email');
    });

    it('pre-selects an NPS answer of 0 and of 10', async () => {
      for (const value of ['0', '10']) {
        arriveFrom({ 'fl-question': 'nps', 'fl-value': value });
        const h = await landing();
        expect(checked(h), value).to.deep.equal([`nps=${value}`]);
        expect(confirmNote(h), value).not.to.equal(null);
      }
    });
  });

  describe('a malformed link', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['a value out of any scale', { 'fl-value': '42' }],
      ['a value that is not a number', { 'fl-value': 'abc' }],
      ['a value outside the 1–5 rating', { 'fl-value': '7' }],
      ['a value of 0 for a 1–5 rating', { 'fl-value': '0' }],
      ['an unknown question', { 'fl-question': 'unknown' }],
      ['the comment question', { 'fl-question': 'comment' }],
      ['a question id that is not an id', { 'fl-question': '<b>reliability</b>' }],
    ];
    for (const [what, change] of cases) {
      it(`ignores ${what} without an error; the survey stays usable`, async () => {
        arriveFrom({ ...CLICKED, ...change });
        const { transport, calls } = fakeTransport();
        const el = document.createElement('feedback-loop');
        el.lang = 'en';
        el.setAttribute('mode', 'email');
        el.setAttribute('endpoint', uniqueEndpoint());
        el.transport = transport;
        const events = recordEvents(el);
        (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
        await el.updateComplete;
        const h = new LoopHarness(el);
        expect(checked(h)).to.deep.equal([]);
        expect(confirmNote(h)).to.equal(null);
        expect(h.setupMessage.hidden).to.equal(true);
        expect(events).to.deep.equal([]);

        const record = await answerTheRest(h);
        expect(record.answers.reliability).to.equal(3);
        expect(record.invitation, 'the token itself was fine').to.equal('tok_12345678');
        await waitUntil(() => calls.length === 1, 'not sent', DELIVERY);
        expect(events).not.to.include('feedback-error');
      });
    }

    it('leaves out a token that is too short, keeping the pre-selection', async () => {
      arriveFrom({ ...CLICKED, 'fl-token': 'abc' });
      const h = await landing();
      expect(checked(h)).to.deep.equal(['reliability=4']);
      const record = await answerTheRest(h, ['reliability']);
      expect(record).not.to.have.property('invitation');
      expect(record.answers.reliability).to.equal(4);
    });

    it('opens an empty survey without any parameters', async () => {
      const h = await landing();
      expect(checked(h)).to.deep.equal([]);
      expect(confirmNote(h)).to.equal(null);
      const record = await answerTheRest(h);
      expect(record).not.to.have.property('invitation');
      expect(record.channel).to.equal('email');
    });
  });

  describe('an invitation answered before', () => {
    it('says so instead of counting it twice', async () => {
      arriveFrom(CLICKED);
      const calls: FeedbackRecord[][] = [];
      const transport: Transport = async records => {
        calls.push(records);
        return { ok: true, results: records.map(r => ({ id: r.id, status: 'already-received' as const })) };
      };
      const h = await landing(transport);
      const sent = oneEvent(h.el, 'feedback-sent') as Promise<FeedbackSentEvent>;
      const record = await answerTheRest(h, ['reliability']);
      const { detail } = await sent;
      expect(detail.ids).to.deep.equal([record.id]);
      expect(detail.alreadyReceived).to.deep.equal([record.id]);
      await waitUntil(() => h.el.status === 'already-received', `status ${h.el.status}`, DELIVERY);
      await h.el.updateComplete;
      expect(h.thanks.hidden).to.equal(false);
      expect(h.thanks.textContent).to.contain(
        'You have already answered this invitation. Only your first answer counts. Thank you!',
      );
      // innerText: what shows. The thanks slot stays in place, hidden (STYLE: no conditional slots).
      expect(h.thanks.innerText).not.to.contain('Thank you for your answer!');
      // Shown in place of the thanks, and said by the live line, which a screen reader announces.
      const live = h.thanks.querySelector('[role="status"]')!;
      expect(live.textContent).to.equal('You have already answered this invitation. Only your first answer counts. Thank you!');
      expect(getComputedStyle(live).position, 'for screen readers only: the text shows once').to.equal('absolute');
      expect(h.el.matches(':state(submitted)')).to.equal(true);
      expect(h.el.pending).to.equal(0);
      expect(calls).to.have.length(1);
      await expect(h.el).to.be.accessible();
    });
  });

  describe('the same link opened again in this browser', () => {
    /** What the page shows for an invitation answered here before: the thanks, and nothing to send. */
    function expectAnsweredBefore(h: LoopHarness): void {
      expect(h.el.status).to.equal('already-received');
      expect(h.formShown, 'no form for a second answer').to.equal(false);
      expect(h.root.querySelector('input, textarea, [part="submit"]'), 'no control to send with').to.equal(null);
      expect(h.thanks.hidden).to.equal(false);
      expect(h.thanks.textContent).to.contain(ALREADY);
      expect(h.thanks.innerText, 'the thanks slot is hidden').not.to.contain('Thank you for your answer!');
      // Read by the line under the thanks, as when the endpoint says it.
      expect(h.thanks.querySelector('[role="status"]')!.textContent).to.equal(ALREADY);
      expect(h.el.matches(':state(submitted)')).to.equal(true);
    }

    it('shows "already received" instead of the form once the answer is sent; no second answer reaches the endpoint', async () => {
      arriveFrom(CLICKED);
      const key = `email-again-${crypto.randomUUID()}`;
      const open = async () =>
        new LoopHarness(await fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="email" endpoint="/api/test/log/${key}"></feedback-loop>`));
      const first = await open();
      await answerTheRest(first, ['reliability']);
      await waitUntil(() => first.el.status === 'sent', `status ${first.el.status}`, DELIVERY);
      first.el.remove(); // the tab is closed, or reloaded

      const again = await open();
      expectAnsweredBefore(again);
      expect(again.root.activeElement, 'nothing takes focus on load, as with the form').to.equal(null);
      await expect(again.el).to.be.accessible();
      await again.el.outbox.flush();
      const log: Array<{ body: string }> = await (await fetch(`/api/test/log/${key}`)).json();
      const records = log.flatMap(entry => (JSON.parse(entry.body) as { records?: FeedbackRecord[] }).records ?? []);
      expect(records.map(r => r.invitation)).to.deep.equal(['tok_12345678']);
    });

    it('is not counted as shown again: it shows no survey', async () => {
      arriveFrom(CLICKED);
      const first = await landing(); // a custom transport: nothing is counted here
      await answerTheRest(first, ['reliability']);
      await waitUntil(() => first.el.status === 'sent', `status ${first.el.status}`, DELIVERY);
      first.el.remove();

      const shown: EventTarget[] = [];
      const listen = (event: Event) => shown.push(event.target!);
      document.addEventListener('feedback-shown', listen);
      try {
        const key = `email-shown-${crypto.randomUUID()}`;
        const open = () => fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="email" endpoint="/api/test/log/${key}"></feedback-loop>`);
        const again = await open();
        expect(again.status).to.equal('already-received');
        // Counted once per day: had the reopened link been counted, this new one would not be.
        arriveFrom({ ...CLICKED, 'fl-token': 'tok_87654321' });
        const other = await open();
        await waitUntil(() => shown.length > 0, 'the new invitation is counted as shown', DELIVERY);
        expect(shown).to.deep.equal([other]);
      } finally {
        document.removeEventListener('feedback-shown', listen);
      }
    });

    it('shows it too while the answer waits offline in the outbox', async () => {
      const endpoint = uniqueEndpoint();
      await answerOffline(endpoint);
      const again = await landing(OFFLINE, endpoint);
      expectAnsweredBefore(again);
      await again.el.outbox.flush();
      expect(again.el.pending, 'the first answer still waits, and no other').to.equal(1);
    });

    it('shows the form for another invitation, and for a link without a token as before', async () => {
      const { transport, calls } = fakeTransport();
      const send = async () => {
        const h = await landing(transport);
        await answerTheRest(h, ['reliability']);
        await waitUntil(() => h.el.status === 'sent', `status ${h.el.status}`, DELIVERY);
        h.el.remove();
      };
      const untokened = { 'fl-question': 'reliability', 'fl-value': '4' };
      arriveFrom(untokened);
      await send();
      arriveFrom(CLICKED);
      await send();

      arriveFrom({ ...CLICKED, 'fl-token': 'tok_87654321' });
      const other = await landing(transport);
      expect(other.formShown).to.equal(true);
      expect(checked(other)).to.deep.equal(['reliability=4']);
      expect(confirmNote(other)).not.to.equal(null);
      arriveFrom(untokened);
      const plain = await landing(transport);
      expect(plain.formShown, 'nothing to tell one untokened answer from the next').to.equal(true);
      expect(checked(plain)).to.deep.equal(['reliability=4']);
      arriveFrom(CLICKED);
      expectAnsweredBefore(await landing(transport));
      expect(calls).to.have.length(2);
    });

    describe('when the answer is not saved', () => {
      const platform = Object.getOwnPropertyDescriptor(window, 'indexedDB');
      afterEach(() => {
        if (platform) Object.defineProperty(window, 'indexedDB', platform);
        else delete (window as { indexedDB?: IDBFactory }).indexedDB;
      });

      it('keeps the form while the answer lives only in the page (no IndexedDB), and shows the thanks once it is sent', async () => {
        Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
        let online = false;
        const transport: Transport = async records => (online ? { ok: true, ids: records.map(r => r.id) } : OFFLINE(records));
        arriveFrom(CLICKED);
        const h = await landing(transport);
        await answerTheRest(h, ['reliability']);
        await waitUntil(() => h.el.status === 'held', `status ${h.el.status}`, DELIVERY);
        // Closed now, the answer would be lost: the link must still let the respondent answer.
        const meanwhile = await landing(fakeTransport().transport);
        expect(meanwhile.formShown).to.equal(true);
        expect(checked(meanwhile)).to.deep.equal(['reliability=4']);
        meanwhile.el.remove();

        online = true;
        h.notice.querySelector('button')!.click();
        await waitUntil(() => h.el.status === 'sent', `status ${h.el.status}`, DELIVERY);
        expectAnsweredBefore(await landing(fakeTransport().transport));
      });

      it('shows the form again when the endpoint refuses the answer for good', async () => {
        const refuse: Transport = async records => ({ ok: true, results: records.map(r => ({ id: r.id, status: 'rejected', reason: 'Unknown survey' })) });
        arriveFrom(CLICKED);
        const h = await landing(refuse);
        await answerTheRest(h, ['reliability']);
        await waitUntil(() => h.el.status === 'refused', `status ${h.el.status}`, DELIVERY);
        h.el.remove();

        const again = await landing(fakeTransport().transport);
        expect(again.formShown, 'the refused answer was not received: the respondent may answer again').to.equal(true);
        expect(checked(again)).to.deep.equal(['reliability=4']);
      });

      // The later page shows the same survey (one queue), or the site's own survey (the answer is
      // another queue's, sent along as a leftover).
      const laterSurveys: Array<[string, Survey | undefined]> = [
        ['the same survey', undefined],
        ['another survey', { id: 'site-survey', version: 3, questions: [{ kind: 'rating', id: 'speed', label: { en: 'Speed' } }] }],
      ];
      for (const [name, laterSurvey] of laterSurveys) {
        it(`shows the form again when the endpoint refuses the answer later, from another page with ${name}`, async () => {
          const endpoint = uniqueEndpoint();
          await answerOffline(endpoint);
          const reopened = await landing(OFFLINE, endpoint);
          expectAnsweredBefore(reopened);
          reopened.el.remove();

          // A later page of the site, online again: its element sends the waiting answer, which is refused.
          arriveFrom({});
          const refuse: Transport = async records => ({ ok: true, results: records.map(r => ({ id: r.id, status: 'rejected', reason: 'Unknown survey' })) });
          const errors: string[] = []; // listened to from the start: it may send as it connects
          const later = await fixture<FeedbackLoop>(
            html`<feedback-loop lang="en" endpoint=${endpoint} .survey=${laterSurvey} .transport=${refuse}
              @feedback-error=${(event: FeedbackErrorEvent) => errors.push(event.detail.code)}></feedback-loop>`,
          );
          await later.outbox.flush();
          await waitUntil(() => errors.includes('dead-letter'), `errors ${errors.join()}`, DELIVERY);
          later.remove();

          arriveFrom(CLICKED);
          const again = await landing(fakeTransport().transport, endpoint);
          expect(again.formShown, 'the refused answer was not received: the respondent may answer again').to.equal(true);
          expect(checked(again)).to.deep.equal(['reliability=4']);
        });
      }

      it('keeps the form when the host cancels the submit', async () => {
        arriveFrom(CLICKED);
        const { transport, calls } = fakeTransport();
        const h = await landing(transport);
        h.el.addEventListener('feedback-submit', event => event.preventDefault(), { once: true });
        await answerTheRest(h, ['reliability']);
        expect(h.el.status).to.equal('filling');
        const meanwhile = await landing(transport);
        expect(meanwhile.formShown).to.equal(true);
        meanwhile.el.remove();

        await h.submit(); // not cancelled this time
        await waitUntil(() => h.el.status === 'sent', `status ${h.el.status}`, DELIVERY);
        expectAnsweredBefore(await landing(transport));
        expect(calls).to.have.length(1);
      });
    });

    it('works without localStorage (blocked): the page answers as before, with nothing to remember it by', async () => {
      const platform = Object.getOwnPropertyDescriptor(window, 'localStorage');
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get: () => {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      const errors: string[] = [];
      const listen = (e: Event) => errors.push((e as FeedbackErrorEvent).detail.code);
      document.addEventListener('feedback-error', listen);
      try {
        arriveFrom(CLICKED);
        const { transport, calls } = fakeTransport();
        const h = await landing(transport);
        expect(checked(h)).to.deep.equal(['reliability=4']);
        await answerTheRest(h, ['reliability']);
        await waitUntil(() => h.el.status === 'sent', `status ${h.el.status}`, DELIVERY);
        expect(h.thanks.hidden).to.equal(false);
        expect(calls).to.have.length(1);
        const again = await landing(transport);
        expect(again.formShown).to.equal(true);
        expect(errors).to.deep.equal([]);
      } finally {
        document.removeEventListener('feedback-error', listen);
        if (platform) Object.defineProperty(window, 'localStorage', platform);
        else delete (window as { localStorage?: Storage }).localStorage;
      }
    });

    it('forgets an invitation after 180 days, keeps the last 20, and stores no token', async () => {
      const survey: Survey = { id: 'email-answer', version: 1, questions: [{ kind: 'rating', id: 'speed', label: { en: 'Speed' } }] };
      const { transport } = fakeTransport();
      const endpoint = uniqueEndpoint();
      const start = Date.now();
      const open = async (token: string, at: number) => {
        arriveFrom({ 'fl-question': 'speed', 'fl-value': '4', 'fl-token': token });
        return new LoopHarness(
          await fixture<FeedbackLoop>(
            html`<feedback-loop lang="en" mode="email" endpoint=${endpoint} .survey=${survey} .transport=${transport} .clock=${new ManualClock(at)}></feedback-loop>`,
          ),
        );
      };
      const answer = async (token: string) => {
        const h = await open(token, start);
        await h.submit();
        await waitUntil(() => h.el.status === 'sent', `${token}: status ${h.el.status}`, DELIVERY);
        h.el.remove();
      };
      await answer('tok_first');
      expect((await open('tok_first', start + 179 * DAY_MS)).el.status).to.equal('already-received');
      expect((await open('tok_first', start + 181 * DAY_MS)).formShown).to.equal(true);

      // A shared computer: 20 more invitations answered on it push out the first.
      const more = Array.from({ length: 20 }, (_, i) => `tok_more${String(i).padStart(2, '0')}`);
      for (const token of more) await answer(token);
      expect((await open('tok_first', start)).formShown).to.equal(true);
      for (const token of [more[0]!, more[19]!]) expect((await open(token, start)).el.status, token).to.equal('already-received');
      const stored = Object.keys(localStorage).filter(k => k.startsWith('feedback-loop:')).map(k => `${k}=${localStorage.getItem(k)}`).join('\n');
      expect(stored).not.to.contain('tok_');
      expect(stored.length).to.be.below(600);
    });
  });

  describe('presence', () => {
    it('is never hidden by the website cooldown and has no "Not now" button', async () => {
      localStorage.setItem('feedback-loop:asked:service-quality', new Date().toISOString());
      // The same browser on the website: the cooldown hides the survey there.
      const web = await fixture<FeedbackLoop>(
        html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()} .transport=${fakeTransport().transport}></feedback-loop>`,
      );
      expect(web.isOpen).to.equal(false);

      arriveFrom(CLICKED);
      const h = await landing();
      expect(h.el.isOpen).to.equal(true);
      expect(h.formShown).to.equal(true);
      expect(h.root.querySelector('[part="dismiss"]')).to.equal(null);
      expect(checked(h)).to.deep.equal(['reliability=4']);
    });
  });
});
