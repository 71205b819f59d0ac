import '../helpers/fresh-storage.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define.js';
import '../../src/kiosk.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { Messages } from '../../src/i18n/messages.js';
import { nl } from '../../src/i18n/locales/nl.js';
import { registerLocale } from '../../src/i18n/registry.js';
import type { FeedbackErrorEvent, FeedbackQueuedEvent, FeedbackResetEvent } from '../../src/events/feedback-events.js';
import { requestBody, type SendResult, type Transport } from '../../src/queue/transport.js';
import type { Survey } from '../../src/schema/survey.js';
import { DELIVERY, fakeTransport, LoopHarness } from '../helpers/harness.js';
import { focusIn, nameOf } from '../helpers/focus.js';
import { ManualClock } from '../helpers/manual-clock.js';

/** One required rating and an optional comment: quick to complete, or to leave half-filled. */
/** SHORT with a call-back request: a respondent's contact details in the outbox. */
const WITH_CALLBACK: Survey = {
  id: 'kiosk-callback',
  version: 1,
  questions: [
    { kind: 'rating', id: 'visit', label: { en: 'How satisfied are you with your visit?' }, required: true },
    { kind: 'contact', id: 'callback', label: { en: 'Would you like us to contact you?' } },
  ],
};

const SHORT: Survey = {
  id: 'kiosk-short',
  version: 1,
  title: { en: 'How was your visit?' },
  questions: [
    { kind: 'rating', id: 'visit', label: { en: 'How satisfied are you with your visit?' }, required: true },
    { kind: 'comment', id: 'comment', label: { en: 'Anything we should know?' } },
  ],
};

const WITH_CONTACT: Survey = {
  id: 'kiosk-contact',
  version: 1,
  questions: [
    { kind: 'rating', id: 'visit', label: { en: 'How satisfied are you with your visit?' }, required: true },
    { kind: 'contact', id: 'callback', label: { en: 'May we contact you?' } },
  ],
};

/** Not delivered, and the endpoint asks for an hour's patience: the answer stays pending until staff press "Send now". */
const UNREACHABLE: SendResult = { ok: false, reason: 'network', retryable: true, retryAfterMs: 3_600_000 };

/** A fresh endpoint name per test: it names the outbox queue, so tests never share one. */
function uniqueEndpoint(): string {
  return `/api/test/ok?queue=${crypto.randomUUID()}`;
}

interface KioskOptions {
  transport?: Transport;
  clock?: ManualClock;
  survey?: Survey;
  idleAction?: string;
  staffPin?: string;
  office?: string;
  team?: string;
}

/** A kiosk with 5 s thanks and a 60 s idle timeout whose last 20 s count down, driven by a manual clock. */
async function kiosk(options: KioskOptions = {}) {
  const clock = options.clock ?? new ManualClock();
  const el = await fixture<FeedbackLoop>(html`<feedback-loop
    lang="en"
    mode="kiosk"
    thanks-seconds="5"
    idle-seconds="60"
    idle-warning-seconds="20"
    idle-action=${ifDefined(options.idleAction)}
    staff-pin=${ifDefined(options.staffPin)}
    office=${ifDefined(options.office)}
    team=${ifDefined(options.team)}
    endpoint=${uniqueEndpoint()}
    .survey=${options.survey}
    .transport=${options.transport ?? fakeTransport().transport}
    .clock=${clock}
  ></feedback-loop>`);
  const h = new LoopHarness(el);
  const resets: string[] = [];
  el.addEventListener('feedback-reset', e => resets.push((e as FeedbackResetEvent).detail.reason));
  const settle = () => el.updateComplete;
  return { el, h, clock, resets, advance: (ms: number) => clock.advance(ms, settle) };
}

/** Presses Send and waits until the thank-you has focus: the answer is stored and the kiosk's thanks timer runs. */
async function send(h: LoopHarness): Promise<void> {
  await h.submit();
  await waitUntil(() => h.root.activeElement === h.thanks, 'the thank-you never took focus', DELIVERY);
}

function part(h: LoopHarness, name: string): HTMLElement | null {
  return h.root.querySelector<HTMLElement>(`[part~="${name}"]`);
}

function text(element: Element | null): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** What the countdown shows on screen (the screen-reader copy only announces the first figure). */
function countdown(h: LoopHarness): string {
  return text(h.root.querySelector('[part="idle-warning"] p[aria-hidden="true"]'));
}

function checkedRadios(h: LoopHarness): HTMLInputElement[] {
  return [...h.root.querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter(r => r.checked);
}

function pointer(target: Element, type: 'pointerdown' | 'pointerup'): void {
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, pointerType: 'touch' }));
}

/** Taps the staff line and sends `pin` in the panel's PIN field; resolves the panel. */
async function typePin(k: Awaited<ReturnType<typeof kiosk>>, pin: string): Promise<HTMLElement> {
  pointer(staffLine(k.h), 'pointerdown');
  pointer(staffLine(k.h), 'pointerup');
  await k.el.updateComplete;
  const panel = part(k.h, 'staff-panel')!;
  panel.querySelector<HTMLInputElement>('input[name="pin"]')!.value = pin;
  panel.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  return panel;
}

function staffLine(h: LoopHarness): HTMLButtonElement {
  return part(h, 'staff-status') as HTMLButtonElement;
}

/** Holds the staff line for the long press and waits until the panel has read the outbox. */
async function openPanel(k: Awaited<ReturnType<typeof kiosk>>): Promise<HTMLElement> {
  pointer(staffLine(k.h), 'pointerdown');
  await k.advance(2000);
  pointer(staffLine(k.h), 'pointerup');
  await waitUntil(() => /refused by the server/.test(text(part(k.h, 'staff-panel'))), 'the panel did not open', DELIVERY);
  return part(k.h, 'staff-panel')!;
}

describe('<feedback-loop mode="kiosk">', () => {
  describe('rendering', () => {
    it('renders the survey with a quiet staff line and is accessible', async () => {
      const { el, h } = await kiosk();
      expect(h.formShown).to.equal(true);
      expect(h.root.querySelector('h2')!.textContent).to.equal('How did we do?');
      expect(part(h, 'dismiss'), 'no "Not now" on a tablet').to.equal(null);
      expect(text(staffLine(h))).to.contain('0 answers waiting');
      expect(part(h, 'staff-panel')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('is accessible with the staff panel open', async () => {
      const k = await kiosk();
      const panel = await openPanel(k);
      expect(panel.getAttribute('role')).to.equal('dialog');
      await expect(k.el).to.be.accessible();
    });

    it('records the channel kiosk and the office and team of the tablet', async () => {
      const { transport, calls } = fakeTransport();
      const { el, h } = await kiosk({ transport, office: 'Gent', team: 'Onthaal' });
      await h.answerDefault(5, 10);
      const submitted = oneEvent(el, 'feedback-submit');
      await h.submit();
      const { record } = (await submitted).detail;
      expect(record.channel).to.equal('kiosk');
      expect(record.context).to.deep.equal({ office: 'Gent', team: 'Onthaal' });
      await waitUntil(() => calls.length === 1, 'not sent', DELIVERY);
      expect(calls[0]![0]!.channel).to.equal('kiosk');
    });
  });

  describe('between respondents', () => {
    it('thanks, then after thanks-seconds shows a fresh, empty survey', async () => {
      const k = await kiosk({ survey: SHORT });
      const { el, h } = k;
      await h.choose('visit', 4);
      await h.type('The queue was long');
      await send(h);
      expect(h.thanks.hidden).to.equal(false);
      expect(h.formShown).to.equal(false);
      expect(text(part(h, 'next'))).to.equal('New survey');

      await k.advance(4900);
      expect(h.thanks.hidden, 'the thanks stays for the full 5 s').to.equal(false);
      expect(k.resets).to.deep.equal([]);
      await k.advance(100);

      expect(k.resets).to.deep.equal(['thanks']);
      expect(el.status).to.equal('filling');
      expect(h.thanks.hidden).to.equal(true);
      expect(h.formShown).to.equal(true);
      expect(checkedRadios(h)).to.deep.equal([]);
      expect(h.comment!.value).to.equal('');
      expect(h.root.querySelectorAll('[part~="option-selected"]')).to.have.length(0);
    });

    it('starts the next survey at once with "New survey"', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await send(k.h);
      part(k.h, 'next')!.click();
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['next']);
      expect(k.el.status).to.equal('filling');
      expect(k.h.formShown).to.equal(true);
      expect(checkedRadios(k.h)).to.deep.equal([]);
      await k.advance(10_000);
      expect(k.resets, 'the thanks timer no longer runs').to.deep.equal(['next']);
    });

    describe('a tap meant for the screen before', () => {
      afterEach(async () => {
        await resetMouse();
        await setViewport({ width: 800, height: 600 });
      });

      /** A tablet in portrait, a respondent who sent, and the middle of "New survey" (where the first question's options come). */
      async function thanked() {
        await setViewport({ width: 768, height: 1024 });
        const k = await kiosk({ survey: SHORT });
        await k.h.choose('visit', 4);
        await send(k.h);
        const box = part(k.h, 'next')!.getBoundingClientRect();
        const changes: unknown[] = [];
        k.el.addEventListener('feedback-change', e => changes.push(e.detail));
        return { k, changes, tap: () => sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] }) };
      }

      it('answers nothing for the next person: the second tap of a double tap on "New survey"', async () => {
        const { k, changes, tap } = await thanked();
        await tap();
        await k.el.updateComplete;
        expect(k.resets).to.deep.equal(['next']);
        await tap();
        await k.el.updateComplete;
        expect(changes).to.deep.equal([]);
        expect(checkedRadios(k.h)).to.deep.equal([]);
        // Half a second on, a tap there is the next person's own.
        await k.advance(500);
        await tap();
        await k.el.updateComplete;
        expect(changes).to.have.length(1);
        expect(checkedRadios(k.h)).to.have.length(1);
      });

      it('answers nothing for the next person: a tap on "New survey" as the thanks gives way', async () => {
        const { k, changes, tap } = await thanked();
        await k.advance(5000);
        expect(k.resets).to.deep.equal(['thanks']);
        await tap();
        await k.el.updateComplete;
        expect(changes).to.deep.equal([]);
        expect(checkedRadios(k.h)).to.deep.equal([]);
      });
    });

    it('sends nothing and chooses nothing for the next person on a second Enter or Space on "New survey"', async () => {
      for (const key of ['Enter', ' ']) {
        const k = await kiosk({ survey: SHORT });
        await k.h.choose('visit', 4);
        await send(k.h);
        part(k.h, 'next')!.focus();
        await sendKeys({ press: key });
        await k.el.updateComplete;
        await waitUntil(() => k.h.root.activeElement !== null && k.h.root.activeElement !== part(k.h, 'next'), 'focus never reached the new survey');
        await sendKeys({ press: key });
        await k.el.updateComplete;
        expect(k.resets, key).to.deep.equal(['next']);
        expect(k.h.status, `${key}: no errors for the next person`).to.equal('');
        expect(k.h.root.querySelectorAll('[aria-invalid="true"]'), key).to.have.length(0);
        expect(checkedRadios(k.h), key).to.deep.equal([]);
        // Half a second on, the key is the next person's own.
        await k.advance(500);
        await sendKeys({ press: key });
        await k.el.updateComplete;
        expect(k.h.status === '' && checkedRadios(k.h).length === 0, `${key} works again`).to.equal(false);
      }
    });

    describe('a key held down from the screen before', () => {
      afterEach(async () => {
        for (const key of ['Enter', ' ']) await sendKeys({ up: key }).catch(() => {});
      });

      /** Holds `key` down on what has focus, lets `start` bring the next survey, then lets the key repeat past the half second. */
      async function heldThrough(k: Awaited<ReturnType<typeof kiosk>>, key: string, start: () => Promise<void>) {
        const changes: unknown[] = [];
        k.el.addEventListener('feedback-change', e => changes.push(e.detail));
        await sendKeys({ down: key });
        await start();
        await waitUntil(() => k.h.root.activeElement === k.h.radios('visit')[0], 'focus never reached the new survey');
        await k.advance(600);
        for (let i = 0; i < 3; i++) await sendKeys({ down: key }); // the keyboard's auto-repeat
        await sendKeys({ up: key });
        await k.el.updateComplete;
        return changes;
      }

      it('sends nothing for the next person while Enter held on "New survey" repeats', async () => {
        const k = await kiosk({ survey: SHORT });
        await k.h.choose('visit', 4);
        await send(k.h);
        part(k.h, 'next')!.focus();
        const changes = await heldThrough(k, 'Enter', () => k.el.updateComplete.then(() => {}));
        expect(k.resets).to.deep.equal(['next']);
        expect(k.h.status, 'no errors for the next person').to.equal('');
        expect(k.h.root.querySelectorAll('[aria-invalid="true"]')).to.have.length(0);
        expect(changes).to.deep.equal([]);
      });

      it('sends and chooses nothing for the next person while Enter or Space held as the thanks gives way repeats', async () => {
        for (const key of [' ', 'Enter']) {
          const k = await kiosk({ survey: SHORT });
          await k.h.choose('visit', 4);
          await send(k.h);
          const changes = await heldThrough(k, key, () => k.advance(5000));
          expect(k.resets, key).to.deep.equal(['thanks']);
          expect(k.h.status, `${key}: no errors for the next person`).to.equal('');
          expect(k.h.root.querySelectorAll('[aria-invalid="true"]'), key).to.have.length(0);
          expect(checkedRadios(k.h), key).to.deep.equal([]);
          expect(changes, key).to.deep.equal([]);
          // A key pressed anew is the next person's own, and acts however long it is held.
          await sendKeys({ down: key });
          await sendKeys({ down: key });
          await sendKeys({ up: key });
          await k.el.updateComplete;
          expect(k.h.status !== '' || checkedRadios(k.h).length > 0, `${key} works again`).to.equal(true);
        }
      });
    });

    it('puts focus on the fresh survey\'s first question after "New survey", not on the page', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await send(k.h);
      const next = part(k.h, 'next')!;
      next.focus();
      await sendKeys({ press: 'Enter' });
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['next']);
      await waitUntil(() => k.h.root.activeElement !== null, 'focus was lost');
      expect(focusIn(k.h.root)).to.equal(nameOf(k.h.radios('visit')[0]));
    });

    it('leaves nothing of the previous respondent: no text, fresh controls, no history entries', async () => {
      const historyLength = history.length;
      const k = await kiosk({ survey: SHORT });
      const { el, h } = k;
      const before = h.form;
      expect(before.getAttribute('autocomplete')).to.equal('off');
      await h.choose('visit', 1);
      await h.type('Secret complaint about Jan');
      await send(h);
      await k.advance(5000);
      expect(k.resets).to.deep.equal(['thanks']);

      expect(el.shadowRoot!.innerHTML).not.to.contain('Secret complaint');
      const values = [...h.root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map(c => c.value);
      expect(values.join('|')).not.to.contain('Secret complaint');
      expect(checkedRadios(h)).to.deep.equal([]);
      expect(h.form, 'the form is a new element').not.to.equal(before);
      expect(before.isConnected).to.equal(false);
      expect(h.form.getAttribute('autocomplete')).to.equal('off');
      expect(history.length, 'a respondent cycle adds no history entry').to.equal(historyLength);
    });

    it('asks the browser not to offer the previous person\'s email or phone number', async () => {
      const k = await kiosk({ survey: WITH_CONTACT });
      const consent = part(k.h, 'consent') as HTMLInputElement;
      consent.click();
      await k.el.updateComplete;
      const fields = [...k.h.root.querySelectorAll<HTMLInputElement>('[part="contact-field"]')];
      expect(fields.map(f => f.type)).to.deep.equal(['email', 'tel']);
      expect(fields.map(f => f.getAttribute('autocomplete'))).to.deep.equal(['off', 'off']);

      // On a personal device the browser may help: the same survey on a website autocompletes.
      const web = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()}
        .survey=${WITH_CONTACT} .transport=${fakeTransport().transport}></feedback-loop>`);
      const w = new LoopHarness(web);
      (part(w, 'consent') as HTMLInputElement).click();
      await web.updateComplete;
      const webFields = [...w.root.querySelectorAll<HTMLInputElement>('[part="contact-field"]')];
      expect(webFields.map(f => f.getAttribute('autocomplete'))).to.deep.equal(['email', 'tel']);
    });

    it('still starts over after the thanks when the element was moved meanwhile', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 4);
      await send(k.h);
      await k.advance(2000);
      const parent = k.el.parentElement!;
      k.el.remove(); // e.g. a page framework re-parents the element
      parent.append(k.el);
      await k.el.updateComplete;
      await k.advance(3000);
      expect(k.resets).to.deep.equal(['thanks']);
      expect(k.h.formShown).to.equal(true);
      expect(checkedRadios(k.h)).to.deep.equal([]);
    });
  });

  describe('idle timeout', () => {
    it('counts down the last seconds after an answer; a touch hides it and keeps the answers', async () => {
      const k = await kiosk({ survey: SHORT });
      const { h } = k;
      await h.choose('visit', 3);
      await h.type('Half way');
      await k.advance(39_000);
      expect(part(h, 'idle-warning')).to.equal(null);
      await k.advance(1000);
      expect(part(h, 'idle-warning')).not.to.equal(null);
      expect(countdown(h)).to.equal('Still there? The survey starts over in 20 seconds.');
      await k.advance(1000);
      expect(countdown(h)).to.contain('19 seconds');
      await k.advance(5000);
      expect(countdown(h)).to.contain('14 seconds');

      pointer(h.base, 'pointerdown');
      await k.el.updateComplete;
      expect(part(h, 'idle-warning')).to.equal(null);
      expect(h.radios('visit')[2]!.checked).to.equal(true);
      expect(h.comment!.value).to.equal('Half way');
      // The timeout starts over from the touch.
      await k.advance(39_000);
      expect(part(h, 'idle-warning')).to.equal(null);
      await k.advance(1000);
      expect(countdown(h)).to.contain('20 seconds');
      expect(k.resets).to.deep.equal([]);
    });

    it('keeps the answers with the Continue button', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 5);
      await k.advance(45_000);
      const button = part(k.h, 'idle-warning')!.querySelector('button')!;
      expect(text(button)).to.equal('Continue');
      button.click();
      await k.el.updateComplete;
      expect(part(k.h, 'idle-warning')).to.equal(null);
      await k.advance(30_000);
      expect(k.resets).to.deep.equal([]);
      expect(k.h.radios('visit')[4]!.checked).to.equal(true);
    });

    it('shows the countdown in view on a survey taller than the screen, with focus on Continue, and gives focus back after', async () => {
      const k = await kiosk();
      await k.h.choose('reliability', 3);
      const radio = k.h.radios('reliability')[2]!;
      radio.focus();
      expect(document.documentElement.scrollHeight, 'the survey is taller than the screen').to.be.above(innerHeight);
      await k.advance(40_000);
      const warning = part(k.h, 'idle-warning')!;
      const box = warning.getBoundingClientRect();
      expect(box.top, 'top of the countdown').to.be.at.least(0);
      expect(box.bottom, 'bottom of the countdown').to.be.at.most(innerHeight);
      expect(warning.getAttribute('role')).to.equal('alertdialog');
      expect(focusIn(k.h.root)).to.equal(nameOf(warning.querySelector('button')));
      await k.advance(1000);
      expect(countdown(k.h), 'taking focus is not activity').to.contain('19 seconds');

      await sendKeys({ press: 'Enter' });
      await k.el.updateComplete;
      expect(part(k.h, 'idle-warning')).to.equal(null);
      expect(focusIn(k.h.root)).to.equal(nameOf(radio));
      await k.advance(30_000);
      expect(k.resets).to.deep.equal([]);
    });

    it('counts moving focus through the survey as activity, as a screen reader does without touching anything', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 4);
      await k.advance(30_000);
      k.h.comment!.focus();
      await k.advance(30_000);
      expect(part(k.h, 'idle-warning'), 'the timeout started over at the focus').to.equal(null);
      await k.advance(10_000);
      expect(countdown(k.h)).to.contain('20 seconds');
    });

    it('discards the half-filled survey at the end of the countdown', async () => {
      const { transport, calls } = fakeTransport();
      const k = await kiosk({ survey: SHORT, transport });
      let queued = 0;
      k.el.addEventListener('feedback-queued', () => queued++);
      await k.h.choose('visit', 2);
      await k.h.type('Never mind');
      await k.advance(60_000);
      expect(k.resets).to.deep.equal(['idle']);
      expect(part(k.h, 'idle-warning')).to.equal(null);
      expect(k.el.status).to.equal('filling');
      expect(checkedRadios(k.h)).to.deep.equal([]);
      expect(k.h.comment!.value).to.equal('');
      await k.el.outbox.flush();
      expect(queued).to.equal(0);
      expect(calls).to.have.length(0);
      expect(k.el.pending).to.equal(0);
    });

    it('still discards a half-filled survey when the element was moved meanwhile', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await k.h.type('Left behind');
      await k.advance(10_000);
      const parent = k.el.parentElement!;
      k.el.remove();
      parent.append(k.el);
      await k.el.updateComplete;
      await k.advance(30_000);
      expect(countdown(k.h)).to.contain('20 seconds');
      await k.advance(20_000);
      expect(k.resets).to.deep.equal(['idle']);
      expect(k.h.comment!.value).to.equal('');
    });

    it('starts over when the tablet wakes after the timeout passed in its sleep, before the next person touches it', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await k.h.type('Left before the end');
      k.clock.jump(3 * 3_600_000); // asleep: no timer ran
      document.dispatchEvent(new Event('visibilitychange'));
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['idle']);
      expect(checkedRadios(k.h)).to.deep.equal([]);
      expect(k.h.comment!.value).to.equal('');
    });

    it('gives the next person a fresh survey when the tablet wakes after the thanks ran out in its sleep', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 5);
      await send(k.h);
      k.clock.jump(3_600_000);
      document.dispatchEvent(new Event('visibilitychange'));
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['thanks']);
      expect(k.h.formShown).to.equal(true);
    });

    it('keeps a survey woken before its timeout, and a touch then starts the timeout over', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      k.clock.jump(30_000);
      document.dispatchEvent(new Event('visibilitychange'));
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal([]);
      expect(k.h.radios('visit')[1]!.checked).to.equal(true);
      pointer(k.h.base, 'pointerdown');
      await k.advance(59_000);
      expect(k.resets).to.deep.equal([]);
      await k.advance(1000);
      expect(k.resets).to.deep.equal(['idle']);
    });

    it('counts the idle time on its timers, not the clock: a clock set back does not hold the half answer on screen', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await k.advance(10_000);
      k.clock.jump(-3_600_000); // the clock is corrected (NTP) after days offline
      await k.advance(30_000);
      expect(countdown(k.h)).to.contain('20 seconds');
      await k.advance(20_000);
      expect(k.resets).to.deep.equal(['idle']);
      expect(checkedRadios(k.h)).to.deep.equal([]);
    });

    it('still counts down before it starts over when the clock jumps ahead meanwhile (WCAG 2.2.1)', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await k.advance(10_000);
      k.clock.jump(3_600_000);
      await k.advance(30_000);
      expect(k.resets, 'no reset without the countdown').to.deep.equal([]);
      expect(countdown(k.h)).to.contain('20 seconds');
      await k.advance(20_000);
      expect(k.resets).to.deep.equal(['idle']);
    });

    it('shows no countdown while the survey is still empty', async () => {
      const k = await kiosk({ survey: SHORT });
      pointer(k.h.base, 'pointerdown');
      await k.advance(120_000);
      expect(part(k.h, 'idle-warning')).to.equal(null);
      expect(k.resets).to.deep.equal([]);
      expect(k.clock.waiting).to.equal(0);
    });

    it('with idle-action="keep" stores a complete answer instead of losing it', async () => {
      const { transport, calls } = fakeTransport();
      const k = await kiosk({ survey: SHORT, transport, idleAction: 'keep' });
      await k.h.choose('visit', 4);
      const queued = oneEvent(k.el, 'feedback-queued') as Promise<FeedbackQueuedEvent>;
      await k.advance(60_000);
      const { detail } = await queued;
      expect(k.resets).to.deep.equal([]);
      await waitUntil(() => calls.length === 1, 'not sent', DELIVERY);
      expect(calls[0]![0]!.id).to.equal(detail.id);
      expect(calls[0]![0]!.answers).to.deep.equal({ visit: 4 });
      await k.el.updateComplete;
      expect(k.h.thanks.hidden).to.equal(false);
      // …and the next person still gets a fresh survey after the thanks.
      await k.advance(5000);
      expect(k.resets).to.deep.equal(['thanks']);
      expect(checkedRadios(k.h)).to.deep.equal([]);
    });

    it('with idle-action="keep", moves focus from the countdown to the thanks, then to the next person’s first question', async () => {
      const k = await kiosk({ survey: SHORT, idleAction: 'keep' });
      await k.h.choose('visit', 4);
      k.h.radios('visit')[3]!.focus();
      await k.advance(40_000);
      expect(focusIn(k.h.root), 'the countdown took focus').to.equal(nameOf(part(k.h, 'idle-warning')!.querySelector('button')));

      await k.advance(20_000);
      await waitUntil(() => k.h.root.activeElement === k.h.thanks, `focus is on ${document.activeElement?.localName}`, DELIVERY);

      await k.advance(5000);
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['thanks']);
      await waitUntil(() => k.h.root.activeElement !== null, 'focus was lost');
      expect(focusIn(k.h.root)).to.equal(nameOf(k.h.radios('visit')[0]));
    });

    it('with idle-action="keep", moves focus to the next person’s first question when the answer cannot be kept', async () => {
      const k = await kiosk({ idleAction: 'keep' });
      await k.h.choose('reliability', 4);
      k.h.radios('reliability')[3]!.focus();
      await k.advance(60_000);
      await k.el.updateComplete;

      expect(k.resets).to.deep.equal(['idle']);
      await waitUntil(() => k.h.root.activeElement !== null, `focus is on ${document.activeElement?.localName}`);
      expect(focusIn(k.h.root)).to.equal(nameOf(k.h.radios('reliability')[0]));
    });

    it('with idle-action="keep", tries again to store an answer that could not be kept, instead of dropping it', async () => {
      const { transport, calls } = fakeTransport();
      const k = await kiosk({ survey: SHORT, transport, idleAction: 'keep' });
      // A page script that hangs a function on the record: no storage can keep it (not-sent).
      k.el.addEventListener('feedback-submit', e => Object.assign(e.detail.record, { note: () => {} }), { once: true });
      await k.h.choose('visit', 4);
      await k.h.submit();
      await waitUntil(() => k.el.status === 'not-sent', 'the answer was kept after all', DELIVERY);
      await k.el.updateComplete;
      expect(k.h.status).to.equal('Your answer could not be saved or sent. Please try again.');
      expect(k.h.submitButton.textContent!.trim()).to.equal('Try again');

      await k.advance(60_000);
      await waitUntil(() => !k.h.thanks.hidden, `not stored at the timeout (${k.el.status}, resets ${k.resets})`, DELIVERY);
      expect(k.resets).to.deep.equal([]);
      await waitUntil(() => calls.length === 1, 'not sent', DELIVERY);
      expect(calls[0]![0]!.answers).to.deep.equal({ visit: 4 });
      await k.advance(5000);
      expect(k.resets, 'the next person gets a fresh survey after the thanks').to.deep.equal(['thanks']);
      expect(k.h.status).to.equal('');
    });

    it('with idle-action="keep" discards an answer that misses a required question', async () => {
      const { transport, calls } = fakeTransport();
      const k = await kiosk({ transport, idleAction: 'keep' });
      let queued = 0;
      k.el.addEventListener('feedback-queued', () => queued++);
      await k.h.choose('reliability', 4);
      await k.advance(60_000);
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['idle']);
      expect(checkedRadios(k.h)).to.deep.equal([]);
      expect(k.h.root.querySelectorAll('[aria-invalid="true"]'), 'no error messages for the next person').to.have.length(0);
      expect(k.h.status).to.equal('');
      await k.el.outbox.flush();
      expect(queued).to.equal(0);
      expect(calls).to.have.length(0);
    });
  });

  describe('large targets', () => {
    it('makes every rating option at least 64 px, larger than on a website (44 px)', async () => {
      const { h } = await kiosk();
      const options = [...h.root.querySelectorAll<HTMLElement>('[part~="option"]')];
      expect(options).to.have.length(5 * 5 + 11);
      for (const option of options) {
        const box = option.getBoundingClientRect();
        expect(box.height, text(option)).to.be.at.least(64);
        expect(box.width, text(option)).to.be.at.least(64);
      }
      const web = new LoopHarness(
        await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()} .transport=${fakeTransport().transport}></feedback-loop>`),
      );
      const box = web.option('reliability', 3).getBoundingClientRect();
      expect(box.height).to.be.at.least(44).and.below(64);
      expect(box.width).to.be.at.least(44);
    });

    it('makes Send, Continue and New survey at least 64 px high', async () => {
      const k = await kiosk({ survey: SHORT });
      expect(k.h.submitButton.getBoundingClientRect().height).to.be.at.least(64);
      await k.h.choose('visit', 5);
      await k.advance(40_000);
      const proceed = part(k.h, 'idle-warning')!.querySelector('button')!;
      expect(proceed.getBoundingClientRect().height).to.be.at.least(64);
      proceed.click();
      await send(k.h);
      expect(part(k.h, 'next')!.getBoundingClientRect().height).to.be.at.least(64);
    });
  });

  describe('staff status line', () => {
    it('says nothing was sent yet before any delivery', async () => {
      const { h } = await kiosk();
      expect(text(staffLine(h))).to.equal('Staff: 0 answers waiting · nothing sent yet');
    });

    it('speaks the language of a locale made from a built-in one without kiosk texts, with the host\'s overrides', async () => {
      // As a page might do before kiosk mode was loaded: Dutch for Suriname, from the survey texts only.
      registerLocale({ ...nl, $code: 'nl-SR' } as Messages);
      const { el, h } = await kiosk();
      el.lang = 'nl-SR';
      el.messages = { staffPanel: 'Personeel' };
      await el.updateComplete;
      expect(text(staffLine(h))).to.equal('Personeel: 0 antwoorden wachten · nog niets verstuurd');
    });

    it('counts the answers waiting while the endpoint cannot be reached', async () => {
      const { transport, calls } = fakeTransport(UNREACHABLE, UNREACHABLE, UNREACHABLE);
      const k = await kiosk({ survey: SHORT, transport });
      await k.h.choose('visit', 4);
      await send(k.h);
      await waitUntil(() => calls.length === 1, 'never tried', DELIVERY);
      await waitUntil(() => text(staffLine(k.h)).includes('1 answer waiting'), text(staffLine(k.h)), DELIVERY);
      expect(text(staffLine(k.h))).to.contain('nothing sent yet');
      expect(k.el.pending).to.equal(1);
    });

    it('tells when answers were last sent', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 4);
      await send(k.h);
      await waitUntil(() => k.el.status === 'sent', 'not sent', DELIVERY);
      await k.el.updateComplete;
      const line = text(staffLine(k.h));
      expect(line).to.match(/0 answers waiting · last sent \S/);
      expect(line).not.to.contain('nothing sent yet');
    });

    describe('after a reload', () => {
      /** The stored "last sent" of `endpoint`, as the element names it (its resolved URL). */
      const sentKey = (endpoint: string) => `feedback-loop:sent:${new URL(endpoint, document.baseURI).href}`;
      const format = (at: number) => new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(at);
      const frames: HTMLIFrameElement[] = [];
      afterEach(() => frames.splice(0).forEach(frame => frame.remove()));

      /** A kiosk page in a same-origin frame, sending to the test endpoint; `skew` runs its clock ahead. */
      async function tab(endpoint: string, skew = 0) {
        const frame = document.createElement('iframe');
        frames.push(frame);
        const loaded = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
        frame.src = `/test/e2e/tab.html?kiosk&skew=${skew}&endpoint=${encodeURIComponent(endpoint)}`;
        document.body.append(frame);
        await loaded;
        const el = () => frame.contentDocument!.querySelector('feedback-loop') as FeedbackLoop;
        await waitUntil(() => el()?.shadowRoot?.querySelector('[part="staff-status"]'), 'the kiosk renders', DELIVERY);
        const reload = async () => {
          const again = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
          frame.contentWindow!.location.reload();
          await again;
          await waitUntil(() => el()?.shadowRoot?.querySelector('[part="staff-status"]'), 'the kiosk renders again', DELIVERY);
          await el().updateComplete;
        };
        const deliver = async () => {
          const h = new LoopHarness(el());
          await h.answerDefault();
          await h.submit();
          await waitUntil(() => el().status === 'sent', 'not sent', DELIVERY);
          await el().updateComplete;
        };
        return { el, line: () => text(staffLine(new LoopHarness(el()))), reload, deliver };
      }

      /** A kiosk element sending to the test endpoint itself (no custom transport). */
      async function networked(endpoint: string): Promise<FeedbackLoop> {
        return fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="kiosk" endpoint=${endpoint} .survey=${SHORT}></feedback-loop>`);
      }

      it('still tells when answers were last sent after the page reloads, keeping only the time', async () => {
        const endpoint = uniqueEndpoint();
        const page = await tab(endpoint);
        expect(page.line()).to.contain('nothing sent yet');
        await page.deliver();
        const before = page.line();
        expect(before).to.match(/last sent \S/);
        await page.reload();
        expect(page.line()).to.equal(before);
        expect(page.line()).not.to.contain('nothing sent yet');
        // Nothing of the answer: the endpoint's time of the last delivery, in ms.
        expect(localStorage.getItem(sentKey(endpoint))).to.match(/^\d{13}$/);
      });

      it('tells the earlier element\'s last send in a new element for the same endpoint', async () => {
        const endpoint = uniqueEndpoint();
        const first = await networked(endpoint);
        const h = new LoopHarness(first);
        await h.choose('visit', 4);
        await send(h);
        await waitUntil(() => first.status === 'sent', 'not sent', DELIVERY);
        await first.updateComplete;
        const before = text(staffLine(h));
        first.remove();
        const second = await networked(endpoint);
        expect(text(staffLine(new LoopHarness(second)))).to.equal(before);
        const other = await networked(uniqueEndpoint());
        expect(text(staffLine(new LoopHarness(other))), 'another endpoint').to.contain('nothing sent yet');
      });

      it('does not show a time still to come, stored while the clock ran ahead, and replaces it at the next delivery', async () => {
        const endpoint = uniqueEndpoint();
        // A page whose clock ran an hour ahead delivered; the tablet's clock has been set right since.
        const ahead = await tab(endpoint, 3_600_000);
        await ahead.deliver();
        const future = Number(localStorage.getItem(sentKey(endpoint)));
        expect(future).to.be.greaterThan(Date.now() + 3_000_000);
        const page = await tab(endpoint);
        expect(page.line(), 'no "last sent" an hour from now').to.contain('nothing sent yet');
        await page.deliver();
        const sent = Number(localStorage.getItem(sentKey(endpoint)));
        expect(sent).to.be.lessThan(future);
        expect(page.line()).to.contain(`last sent ${format(sent)}`);
        await page.reload();
        expect(page.line()).to.contain(`last sent ${format(sent)}`);
      });

      it('replaces an older stored time with a newer delivery', async () => {
        const endpoint = uniqueEndpoint();
        const yesterday = Date.now() - 86_400_000;
        localStorage.setItem(sentKey(endpoint), String(yesterday));
        const page = await tab(endpoint);
        expect(page.line()).to.contain(`last sent ${format(yesterday)}`);
        await page.deliver();
        expect(Number(localStorage.getItem(sentKey(endpoint)))).to.be.greaterThan(yesterday);
        await page.reload();
        expect(page.line()).not.to.contain(format(yesterday));
        expect(page.line()).to.match(/last sent \S/);
      });

      it('says nothing was sent for a stored value it cannot read, without an error, and replaces it at the next send', async () => {
        const endpoint = uniqueEndpoint();
        const errors: unknown[] = [];
        for (const garbage of ['garbage', '', '-5', '0', '1.5', '{"at":1733000000000}', '1e99', 'NaN', 'Infinity']) {
          localStorage.setItem(sentKey(endpoint), garbage);
          const el = await networked(endpoint);
          el.addEventListener('feedback-error', e => errors.push((e as FeedbackErrorEvent).detail));
          await el.updateComplete;
          expect(text(staffLine(new LoopHarness(el))), garbage).to.equal('Staff: 0 answers waiting · nothing sent yet');
          el.remove();
        }
        const el = await networked(endpoint);
        el.addEventListener('feedback-error', e => errors.push((e as FeedbackErrorEvent).detail));
        const h = new LoopHarness(el);
        await h.choose('visit', 4);
        await send(h);
        await waitUntil(() => el.status === 'sent', 'not sent', DELIVERY);
        expect(errors).to.deep.equal([]);
        expect(localStorage.getItem(sentKey(endpoint))).to.match(/^\d{13}$/);
        el.remove();
        const next = await networked(endpoint);
        expect(text(staffLine(new LoopHarness(next)))).to.match(/last sent \S/);
      });

      it('still delivers and tells the send on this page when localStorage is full', async () => {
        const endpoint = uniqueEndpoint();
        // Filled up to its quota (prefixed keys: fresh-storage's hook clears them too).
        let filler = 0;
        for (let size = 1 << 20; size >= 1; ) {
          try {
            localStorage.setItem(`feedback-loop:filler-${filler++}`, 'x'.repeat(size));
          } catch {
            size >>= 1;
          }
        }
        try {
          const el = await networked(endpoint);
          const errors: unknown[] = [];
          el.addEventListener('feedback-error', e => errors.push((e as FeedbackErrorEvent).detail));
          const h = new LoopHarness(el);
          await h.choose('visit', 4);
          await send(h);
          await waitUntil(() => el.status === 'sent', 'not sent', DELIVERY);
          await el.updateComplete;
          expect(errors).to.deep.equal([]);
          expect(text(staffLine(h))).to.match(/last sent \S/);
          expect(localStorage.getItem(sentKey(endpoint)), 'not stored').to.equal(null);
        } finally {
          for (let i = 0; i < filler; i++) localStorage.removeItem(`feedback-loop:filler-${i}`);
        }
      });
    });

    it('shows offline when the browser goes offline', async () => {
      const { el, h } = await kiosk();
      expect(text(staffLine(h))).not.to.contain('offline');
      window.dispatchEvent(new Event('offline'));
      await el.updateComplete;
      expect(text(staffLine(h))).to.equal('Staff: 0 answers waiting · nothing sent yet · offline');
      expect(el.matches(':state(offline)')).to.equal(true);
    });
  });

  describe('staff panel', () => {
    it('does not open on a short tap without a PIN', async () => {
      const k = await kiosk();
      pointer(staffLine(k.h), 'pointerdown');
      await k.advance(1500);
      pointer(staffLine(k.h), 'pointerup');
      await k.advance(5000);
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(staffLine(k.h).getAttribute('aria-expanded')).to.equal('false');
    });

    it('opens after holding the status line for 2 s', async () => {
      const k = await kiosk();
      pointer(staffLine(k.h), 'pointerdown');
      await k.advance(1999);
      expect(part(k.h, 'staff-panel')).to.equal(null);
      await k.advance(1);
      const panel = part(k.h, 'staff-panel')!;
      expect(panel.getAttribute('role')).to.equal('dialog');
      expect(panel.getAttribute('aria-labelledby')).to.equal('staff-title');
      expect(staffLine(k.h).getAttribute('aria-expanded')).to.equal('true');
      await waitUntil(() => text(panel).includes('0 answers refused by the server'), text(panel), DELIVERY);
      expect(text(panel)).to.contain('0 answers waiting');
      expect(part(k.h, 'staff-send')).not.to.equal(null);
      expect(part(k.h, 'staff-export'), 'nothing to export').to.equal(null);
    });

    it('opens with a plain Enter or Space on the focused status line: no key to hold (WCAG 2.1.1)', async () => {
      for (const key of ['Enter', ' ']) {
        const k = await kiosk();
        staffLine(k.h).focus();
        await sendKeys({ press: key });
        await k.el.updateComplete;
        expect(part(k.h, 'staff-panel'), key).not.to.equal(null);
        expect(staffLine(k.h).getAttribute('aria-expanded')).to.equal('true');
      }
    });

    it('opens on a screen reader’s activation of the status line, which is a click without a pointer', async () => {
      const k = await kiosk();
      staffLine(k.h).click();
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel')).not.to.equal(null);
    });

    it('stays closed after a pointer’s tap on the status line: a respondent’s stray touch opens nothing', async () => {
      const k = await kiosk();
      pointer(staffLine(k.h), 'pointerdown');
      pointer(staffLine(k.h), 'pointerup');
      staffLine(k.h).dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
      await k.advance(3000);
      expect(part(k.h, 'staff-panel')).to.equal(null);
    });

    it('asks for the PIN on a tap and shows the outbox only after the right one', async () => {
      const k = await kiosk({ staffPin: '4321' });
      pointer(staffLine(k.h), 'pointerdown');
      pointer(staffLine(k.h), 'pointerup');
      await k.el.updateComplete;
      const panel = () => part(k.h, 'staff-panel')!;
      const pin = () => panel().querySelector<HTMLInputElement>('input[name="pin"]')!;
      const unlock = () => panel().querySelector<HTMLButtonElement>('button[type="submit"]')!;
      expect(pin().type).to.equal('password');
      expect(text(panel())).not.to.contain('answers waiting');
      const border = getComputedStyle(pin()).borderTopColor;
      const width = getComputedStyle(pin()).borderTopWidth;

      pin().value = '1234';
      unlock().click();
      await k.el.updateComplete;
      expect(text(panel().querySelector('[role="alert"]'))).to.equal('That PIN is not right.');
      expect(pin().getAttribute('aria-invalid')).to.equal('true');
      const danger = getComputedStyle(panel().querySelector('[role="alert"]')!).color;
      expect(border).not.to.equal(danger);
      expect(getComputedStyle(pin()).borderTopColor, 'the field with the problem in the error colour').to.equal(danger);
      expect(getComputedStyle(pin()).borderTopWidth, 'and thicker: not told by colour alone (WCAG 1.4.1)').not.to.equal(width);
      expect(pin().value, 'the wrong PIN is cleared').to.equal('');
      expect(text(panel())).not.to.contain('answers waiting');
      expect(text(panel())).not.to.contain('refused');
      expect(part(k.h, 'staff-send')).to.equal(null);

      pin().value = '4321';
      unlock().click();
      await waitUntil(() => text(part(k.h, 'staff-panel')).includes('0 answers refused by the server'), 'not unlocked', DELIVERY);
      expect(text(panel())).to.contain('0 answers waiting');
      expect(text(panel())).not.to.contain('That PIN is not right.');
      expect(part(k.h, 'staff-send')).not.to.equal(null);
    });

    it('after five wrong PINs says the field is locked for a minute, counts no try meanwhile, then takes the right PIN', async () => {
      const k = await kiosk({ staffPin: '4321' });
      pointer(staffLine(k.h), 'pointerdown');
      pointer(staffLine(k.h), 'pointerup');
      await k.el.updateComplete;
      const panel = () => part(k.h, 'staff-panel')!;
      const alert = () => text(panel().querySelector('[role="alert"]'));
      const tryPin = async (pin: string) => {
        panel().querySelector<HTMLInputElement>('input[name="pin"]')!.value = pin;
        panel().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
        await k.el.updateComplete;
      };
      for (const pin of ['1111', '2222', '3333', '4444']) await tryPin(pin);
      expect(alert()).to.equal('That PIN is not right.');

      await tryPin('5555');
      expect(alert(), 'the fifth wrong PIN locks the field').to.equal('Too many wrong PINs. Try again in 60 seconds.');
      await k.advance(15_000);
      await tryPin('4321');
      expect(alert(), 'the right PIN is not checked while locked, and says so').to.equal('Too many wrong PINs. Try again in 45 seconds.');
      expect(part(k.h, 'staff-send')).to.equal(null);
      for (let i = 0; i < 6; i++) await tryPin('0000');
      await k.advance(45_000);

      await tryPin('4321');
      await waitUntil(() => part(k.h, 'staff-send') !== null, alert(), DELIVERY);
      expect(text(panel())).not.to.contain('Too many');
    });

    it('keeps the PIN field locked a minute at most when the clock is set back meanwhile', async () => {
      const k = await kiosk({ staffPin: '4321' });
      pointer(staffLine(k.h), 'pointerdown');
      pointer(staffLine(k.h), 'pointerup');
      await k.el.updateComplete;
      const panel = () => part(k.h, 'staff-panel')!;
      const tryPin = async (pin: string) => {
        panel().querySelector<HTMLInputElement>('input[name="pin"]')!.value = pin;
        panel().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
        await k.el.updateComplete;
      };
      for (const pin of ['1111', '2222', '3333', '4444', '5555']) await tryPin(pin);
      k.clock.jump(-3_600_000); // the clock is corrected (NTP) after days offline
      await tryPin('4321');
      expect(text(panel().querySelector('[role="alert"]'))).to.equal('Too many wrong PINs. Try again in 60 seconds.');
      await k.advance(60_000);
      await tryPin('4321');
      await waitUntil(() => part(k.h, 'staff-send') !== null, text(panel()), DELIVERY);
    });

    it('takes focus to the PIN field, announces each wrong PIN anew, and gives focus back to the status line on Escape', async () => {
      const k = await kiosk({ staffPin: '4321' });
      staffLine(k.h).focus();
      await sendKeys({ press: 'Enter' });
      await k.el.updateComplete;
      const panel = () => part(k.h, 'staff-panel')!;
      const pin = panel().querySelector<HTMLInputElement>('input[name="pin"]')!;
      expect(focusIn(k.h.root)).to.equal(nameOf(pin));
      const alert = panel().querySelector('[role="alert"]')!;
      const wrong = async () => {
        await sendKeys({ type: '1234' });
        await sendKeys({ press: 'Enter' });
        await k.el.updateComplete;
        return [...alert.childNodes].find(node => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      };
      const first = await wrong();
      expect(first?.textContent).to.equal('That PIN is not right.');
      const second = await wrong();
      expect(second?.textContent).to.equal('That PIN is not right.');
      expect(second, 'the message is written again, so a screen reader says it again').not.to.equal(first);

      await sendKeys({ press: 'Escape' });
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(focusIn(k.h.root)).to.equal(nameOf(staffLine(k.h)));
    });

    it('takes focus to "Send now" once open, and back to the status line when it closes by itself', async () => {
      const k = await kiosk();
      await openPanel(k);
      expect(focusIn(k.h.root)).to.equal(nameOf(part(k.h, 'staff-send')));
      await k.advance(120_000);
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(focusIn(k.h.root)).to.equal(nameOf(staffLine(k.h)));
    });

    it('closes by itself after two minutes, so the next respondent never finds it open', async () => {
      const k = await kiosk();
      await openPanel(k);
      await k.advance(119_000);
      expect(part(k.h, 'staff-panel')).not.to.equal(null);
      await k.advance(1_000);
      expect(part(k.h, 'staff-panel')).to.equal(null);
    });

    it('is closed when the tablet wakes after its two minutes ran out in its sleep, export and all', async () => {
      const { k } = await kioskWithRefusedAnswer('4321');
      await unlockExport(k, '4321');
      k.clock.jump(100_000); // asleep: no timer ran
      document.dispatchEvent(new Event('visibilitychange'));
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel'), 'still within its two minutes').not.to.equal(null);
      k.clock.jump(3_600_000);
      document.dispatchEvent(new Event('visibilitychange'));
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(part(k.h, 'staff-export')).to.equal(null);
    });

    it('says so 20 seconds before it closes, and "Keep open" gives it two more minutes with focus on its first control', async () => {
      const k = await kiosk();
      const panel = await openPanel(k);
      const closing = () => panel.querySelector('#staff-closing[role="alert"]');
      // Said once with the first figure; only the copy on screen counts down.
      const spoken = () => text(closing()?.querySelector('.visually-hidden') ?? null);
      const shown = () => text(closing()?.querySelector('[aria-hidden="true"]') ?? null);
      expect(closing(), 'the alert is there before it is filled, so it is read out').not.to.equal(null);
      await k.advance(99_000);
      expect(text(closing())).to.equal('');
      expect(part(k.h, 'staff-keep-open')).to.equal(null);
      await k.advance(1_000);
      expect(spoken()).to.equal('This panel closes in 20 seconds.');
      expect(shown()).to.equal('This panel closes in 20 seconds.');
      expect(focusIn(k.h.root), 'the warning does not take focus away from staff').to.equal(nameOf(part(k.h, 'staff-send')));
      await k.advance(7_000);
      expect(shown()).to.equal('This panel closes in 13 seconds.');
      expect(spoken()).to.equal('This panel closes in 20 seconds.');

      part(k.h, 'staff-keep-open')!.focus();
      await sendKeys({ press: ' ' }); // Space: keydown first, the click only at keyup
      await k.el.updateComplete;
      expect(text(closing())).to.equal('');
      expect(part(k.h, 'staff-keep-open')).to.equal(null);
      expect(focusIn(k.h.root)).to.equal(nameOf(part(k.h, 'staff-send')));
      await k.advance(119_000);
      expect(part(k.h, 'staff-panel'), 'two minutes from "Keep open"').not.to.equal(null);
      expect(shown()).to.equal('This panel closes in 1 second.');
      await k.advance(1_000);
      expect(part(k.h, 'staff-panel')).to.equal(null);
    });

    it('asking for the PIN, also warns; "Keep open" puts focus back on the PIN field, and Escape still closes it', async () => {
      const k = await kiosk({ staffPin: '4321' });
      pointer(staffLine(k.h), 'pointerdown');
      await k.el.updateComplete;
      await k.advance(100_000);
      part(k.h, 'staff-keep-open')!.click();
      await k.el.updateComplete;
      expect(focusIn(k.h.root)).to.equal(nameOf(part(k.h, 'staff-panel')!.querySelector('#staff-pin')));
      await k.advance(100_000);
      expect(part(k.h, 'staff-keep-open')).not.to.equal(null);
      await sendKeys({ press: 'Escape' });
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(focusIn(k.h.root)).to.equal(nameOf(staffLine(k.h)));
    });

    it('stays open while staff touch or type in it, but not while a respondent uses the survey', async () => {
      const k = await kiosk({ survey: SHORT });
      const panel = await openPanel(k);
      await k.advance(90_000);
      await sendKeys({ press: 'ArrowDown' }); // focus is on "Send now", in the panel
      await k.advance(90_000);
      pointer(panel.querySelector('h3')!, 'pointerdown');
      await k.advance(110_000);
      expect(part(k.h, 'staff-panel'), 'open 290 s in, 110 s after the last touch').not.to.equal(null);
      expect(text(panel.querySelector('#staff-closing [aria-hidden="true"]'))).to.equal('This panel closes in 10 seconds.');
      await k.advance(10_000);
      expect(part(k.h, 'staff-panel')).to.equal(null);

      await openPanel(k);
      await k.advance(90_000);
      await k.h.choose('visit', 4);
      pointer(k.h.base, 'pointerdown');
      await k.advance(30_000);
      expect(part(k.h, 'staff-panel'), 'a respondent at the survey does not keep it open').to.equal(null);
    });

    it('is closed when the element leaves the page, and a long press cut short by that opens nothing later', async () => {
      const k = await kiosk();
      await openPanel(k);
      const parent = k.el.parentElement!;
      k.el.remove();
      parent.append(k.el);
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel')).to.equal(null);

      pointer(staffLine(k.h), 'pointerdown');
      k.el.remove();
      await k.advance(2_000);
      parent.append(k.el);
      await k.el.updateComplete;
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(k.clock.waiting, 'no timer of the panel left').to.equal(0);
    });

    /** A kiosk whose one answer the server refused, at the next respondent's survey. */
    async function kioskWithRefusedAnswer(staffPin?: string) {
      const refuse: Transport = async records => ({ ok: true, results: records.map(r => ({ id: r.id, status: 'rejected', reason: 'bad' })) });
      const k = await kiosk({ survey: WITH_CALLBACK, transport: refuse, staffPin });
      await k.h.choose('visit', 2);
      const consent = k.h.root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      consent.click();
      await k.el.updateComplete;
      const email = k.h.root.querySelector<HTMLInputElement>('input[type="email"]')!;
      email.value = 'respondent1@example.be';
      email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      const queued = oneEvent(k.el, 'feedback-queued') as Promise<FeedbackQueuedEvent>;
      const refused = new Promise<FeedbackErrorEvent>(resolve =>
        k.el.addEventListener('feedback-error', e => e.detail.code === 'dead-letter' && resolve(e)),
      );
      await send(k.h);
      const { id } = (await queued).detail;
      await refused;
      await k.advance(5000); // thanks over: the next respondent
      return { k, id };
    }

    /** Opens the staff panel with `pin` and waits for its export of the refused answers. */
    async function unlockExport(k: Awaited<ReturnType<typeof kiosk>>, pin: string): Promise<void> {
      await typePin(k, pin);
      await waitUntil(() => part(k.h, 'staff-export') !== null, text(part(k.h, 'staff-panel')), DELIVERY);
    }

    it('without a PIN, counts refused answers but offers no export of them to whoever holds the line', async () => {
      const { k } = await kioskWithRefusedAnswer();

      const panel = await openPanel(k);

      expect(text(panel)).to.contain('1 answer refused by the server');
      expect(part(k.h, 'staff-send')).not.to.equal(null);
      expect(part(k.h, 'staff-export'), 'the earlier respondent’s address stays out of reach').to.equal(null);
      expect(panel.innerHTML).not.to.contain('respondent1@example.be');
    });

    it('behind the PIN, exports the refused answers as JSON', async () => {
      const { k, id } = await kioskWithRefusedAnswer('4321');
      await unlockExport(k, '4321');

      const link = part(k.h, 'staff-export') as HTMLAnchorElement;
      expect(text(part(k.h, 'staff-panel'))).to.contain('1 answer refused by the server');
      expect(text(link)).to.equal('Export refused answers');
      expect(link.href).to.match(/^blob:/);
      expect(link.getAttribute('download')).to.match(/\.json$/);
      const exported = await (await fetch(link.href)).json();
      expect(exported[0].record.id).to.equal(id);
      expect(exported[0].record.contact.email).to.equal('respondent1@example.be');
    });

    /**
     * A kiosk with a PIN whose server refused one answer (with an email address in it) and cannot be
     * reached for the next, which waits; at the third respondent's survey.
     */
    async function kioskWithWaitingAnswer(staffPin?: string, refuseFirst = false) {
      let calls = 0;
      const transport: Transport = async records =>
        calls++ === 0 && refuseFirst ? { ok: true, results: records.map(r => ({ id: r.id, status: 'rejected', reason: 'bad' })) } : UNREACHABLE;
      const k = await kiosk({ survey: WITH_CALLBACK, transport, staffPin });
      const ids: string[] = [];
      for (const address of refuseFirst ? ['respondent1@example.be', 'respondent2@example.be'] : ['respondent2@example.be']) {
        await k.h.choose('visit', 2);
        k.h.root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
        await k.el.updateComplete;
        const email = k.h.root.querySelector<HTMLInputElement>('input[type="email"]')!;
        email.value = address;
        email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        const queued = oneEvent(k.el, 'feedback-queued') as Promise<FeedbackQueuedEvent>;
        await send(k.h);
        ids.push((await queued).detail.id);
        const left = refuseFirst && ids.length === 1 ? 0 : 1; // refused, or waiting
        await waitUntil(() => calls === ids.length && k.el.pending === left, `${calls} sends, pending ${k.el.pending}`, DELIVERY);
        await k.advance(5000); // thanks over: the next respondent
      }
      return { k, id: ids.at(-1)! };
    }

    /** Opens the staff panel with `pin` and waits until it has read the outbox. */
    async function unlock(k: Awaited<ReturnType<typeof kiosk>>, pin: string): Promise<HTMLElement> {
      await typePin(k, pin);
      await waitUntil(() => /refused by the server/.test(text(part(k.h, 'staff-panel'))), text(part(k.h, 'staff-panel')), DELIVERY);
      await k.el.updateComplete;
      return part(k.h, 'staff-panel')!;
    }

    it('behind the PIN, exports the waiting answers as the body the endpoint takes, keeps them, and revokes the file on close', async () => {
      const { k, id } = await kioskWithWaitingAnswer('4321');
      const panel = await unlock(k, '4321');

      const link = part(k.h, 'staff-export-pending') as HTMLAnchorElement;
      expect(text(panel)).to.contain('1 answer waiting');
      expect(text(link)).to.equal('Export waiting answers');
      expect(link.href).to.match(/^blob:/);
      expect(link.getAttribute('download')).to.equal('feedback-waiting-answers.json');
      expect(part(k.h, 'staff-export'), 'nothing refused to export').to.equal(null);
      const file = await (await fetch(link.href)).text();
      const { records } = JSON.parse(file) as { records: Array<{ id: string; contact: { email: string } }> };
      expect(records.map(record => record.id)).to.deep.equal([id]);
      expect(records[0]!.contact.email).to.equal('respondent2@example.be');
      expect(file, 'the request body the outbox POSTs').to.equal(requestBody(records as never));
      expect(k.el.pending, 'the export takes nothing out of the outbox').to.equal(1);
      expect(await k.el.outbox.exportPending()).to.equal(file);

      const href = link.href;
      panel.querySelector<HTMLButtonElement>('.staff-close')!.click();
      await k.el.updateComplete;
      expect(part(k.h, 'staff-export-pending')).to.equal(null);
      let revoked = false;
      await fetch(href).catch(() => (revoked = true));
      expect(revoked, 'the file is no longer readable once the panel closed').to.equal(true);
      expect(k.el.pending).to.equal(1);
    });

    it('offers no export of waiting answers without a PIN, nor with none waiting', async () => {
      const { k } = await kioskWithWaitingAnswer();
      const panel = await openPanel(k);
      expect(text(panel)).to.contain('1 answer waiting');
      expect(part(k.h, 'staff-export-pending'), 'the respondent’s address stays out of reach').to.equal(null);
      expect(panel.innerHTML).not.to.contain('respondent2@example.be');

      const empty = await kiosk({ staffPin: '4321' });
      await unlock(empty, '4321');
      expect(text(part(empty.h, 'staff-panel'))).to.contain('0 answers waiting');
      expect(part(empty.h, 'staff-export-pending')).to.equal(null);
    });

    it('puts "Export waiting answers" after "Send now" and before the refused answers’ export, for keyboard and at 200 % zoom', async () => {
      const { k } = await kioskWithWaitingAnswer('4321', true);
      await unlock(k, '4321');
      await waitUntil(() => part(k.h, 'staff-export') !== null && part(k.h, 'staff-export-pending') !== null, 'both exports', DELIVERY);
      await expect(k.el).to.be.accessible();
      expect(focusIn(k.h.root)).to.equal(nameOf(part(k.h, 'staff-send')));
      await sendKeys({ press: 'Tab' });
      expect(focusIn(k.h.root)).to.equal(nameOf(part(k.h, 'staff-export-pending')));
      await sendKeys({ press: 'Tab' });
      expect(focusIn(k.h.root)).to.equal(nameOf(part(k.h, 'staff-export')));
      try {
        await setViewport({ width: 640, height: 400 }); // 1280 px at 200 %
        expect(k.h.overflowsInline(), 'the panel fits without scrolling sideways').to.equal(false);
        for (const name of ['staff-export-pending', 'staff-export']) {
          const box = part(k.h, name)!.getBoundingClientRect();
          expect(box.right, name).to.be.at.most(window.innerWidth);
        }
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
      const style = (name: string) => getComputedStyle(part(k.h, name)!);
      expect(style('staff-export-pending').textDecorationLine, 'a link by more than its colour').to.equal('underline');
      expect(style('staff-export-pending').color).to.equal(style('staff-export').color);
      const emulate = (value: string) => executeServerCommand<boolean, unknown>('emulate-media-features', { features: [{ name: 'forced-colors', value }] });
      if (await emulate('active')) {
        try {
          expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
          expect(style('staff-export-pending').color, 'the system link colour, as the other export').to.equal(style('staff-export').color);
          expect(style('staff-export-pending').textDecorationLine).to.equal('underline');
        } finally {
          await emulate('none');
        }
      }
    });

    it('lists answers the server refused, giving no count while it reads them', async () => {
      const { k, id } = await kioskWithRefusedAnswer();
      pointer(staffLine(k.h), 'pointerdown');
      await k.advance(2000);
      const panel = part(k.h, 'staff-panel')!;
      // While the outbox is being read the panel gives no count rather than a wrong "0".
      expect(text(panel)).not.to.contain('0 answers refused');
      await waitUntil(() => text(panel).includes('refused by the server'), text(panel), DELIVERY);
      expect(text(panel)).to.contain('1 answer refused by the server');
      expect(text(panel)).to.contain('0 answers waiting');
      expect(await k.el.outbox.deadLetters().then(letters => letters.map(l => l.id))).to.deep.equal([id]);
    });

    it('sends a waiting answer with "Send now"', async () => {
      const { transport, calls } = fakeTransport(UNREACHABLE);
      const k = await kiosk({ survey: SHORT, transport });
      await k.h.choose('visit', 4);
      await send(k.h);
      await waitUntil(() => calls.length === 1 && k.el.pending === 1, 'the first try did not fail', DELIVERY);
      const panel = await openPanel(k);
      expect(text(panel)).to.contain('1 answer waiting');
      part(k.h, 'staff-send')!.click();
      await waitUntil(() => k.el.pending === 0, 'still waiting', DELIVERY);
      expect(calls).to.have.length(2);
      await k.el.updateComplete;
      expect(text(part(k.h, 'staff-panel'))).to.contain('0 answers waiting');
      expect(text(staffLine(k.h))).to.contain('last sent');
    });

    it('closes when the next respondent starts', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 4);
      await send(k.h);
      await openPanel(k);
      await k.advance(5000);
      expect(k.resets).to.deep.equal(['thanks']);
      expect(part(k.h, 'staff-panel')).to.equal(null);
      expect(staffLine(k.h).getAttribute('aria-expanded')).to.equal('false');
    });
  });

  describe('device', () => {
    it('asks for persistent storage and keeps the screen awake where the browser allows it', async () => {
      const { el, h } = await kiosk();
      // Only observable as a side effect: the element asked, and the page can still ask too.
      expect(await navigator.storage.persisted()).to.be.a('boolean');
      if ('wakeLock' in navigator && document.visibilityState === 'visible') {
        // Headless Chromium and Firefox both grant the lock to a visible page.
        await waitUntil(() => el.matches(':state(awake)'), 'the screen wake lock was not granted', DELIVERY);
      } else {
        expect(el.matches(':state(awake)')).to.equal(false);
      }
      expect(h.formShown).to.equal(true);
      el.remove();
      // A second kiosk after the first is gone gets its own lock again.
      const again = await kiosk();
      if ('wakeLock' in navigator && document.visibilityState === 'visible') {
        await waitUntil(() => again.el.matches(':state(awake)'), 'no lock for the second kiosk', DELIVERY);
      }
    });

    it('starts over when the page comes back from the back/forward cache', async () => {
      const k = await kiosk({ survey: SHORT });
      await k.h.choose('visit', 2);
      await k.h.type('Left behind');
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
      await k.el.updateComplete;
      expect(k.resets, 'a normal load is not a restore').to.deep.equal([]);
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await k.el.updateComplete;
      expect(k.resets).to.deep.equal(['restored']);
      expect(checkedRadios(k.h)).to.deep.equal([]);
      expect(k.h.comment!.value).to.equal('');
    });
  });

  describe('invalid attributes', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['idle-seconds', { 'idle-seconds': '5' }],
      ['idle-seconds', { 'idle-seconds': '25' }],
      // WCAG 2.2.1: at least 20 seconds to ask for more time.
      ['idle-warning-seconds', { 'idle-seconds': '60', 'idle-warning-seconds': '10' }],
      ['idle-warning-seconds', { 'idle-seconds': '30', 'idle-warning-seconds': '30' }],
      ['idle-warning-seconds', { 'idle-seconds': '30', 'idle-warning-seconds': '45' }],
      ['staff-pin', { 'staff-pin': '12' }],
      ['idle-action', { 'idle-action': 'later' }],
    ];
    for (const [name, attributes] of cases) {
      it(`refuses ${Object.entries(attributes).map(([k, v]) => `${k}="${v}"`).join(' ')} naming ${name}`, async () => {
        const el = document.createElement('feedback-loop');
        el.lang = 'en';
        el.setAttribute('mode', 'kiosk');
        for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
        el.transport = fakeTransport().transport;
        const error = oneEvent(el, 'feedback-error') as Promise<FeedbackErrorEvent>;
        document.body.append(el);
        try {
          const { detail } = await error;
          expect(detail.code).to.equal('invalid-attribute');
          expect(detail.message).to.contain(name);
          expect(detail.issues!.map(issue => issue.path[0])).to.include(name);
          await el.updateComplete;
          const h = new LoopHarness(el);
          expect(h.formShown).to.equal(false);
          expect(h.setupMessage.textContent!.trim()).to.equal('This survey cannot be shown right now.');
        } finally {
          el.remove();
        }
      });
    }
  });
});
