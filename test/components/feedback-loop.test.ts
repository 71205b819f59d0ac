import '../helpers/fresh-storage.js';
import { elementUpdated, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackChangeEvent, FeedbackErrorEvent, FeedbackSentEvent } from '../../src/events/feedback-events.js';
import type { SendFailure, Transport } from '../../src/queue/transport.js';
import { validateRecord } from '../../src/schema/validate.js';
import { DELIVERY, fakeTransport, heldTransport, LoopHarness, SERVER_ERROR } from '../helpers/harness.js';
import { accessibleDescription, focusIn, nameOf } from '../helpers/focus.js';
import { OBJECT_NAMED_SURVEY } from '../helpers/object-named-survey.js';

const DIMENSIONS = ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness'];

/** A fresh endpoint name per test: it names the outbox queue, so tests never share one. */
function uniqueEndpoint(): string {
  return `/api/test/ok?queue=${crypto.randomUUID()}`;
}

async function loop(transport = fakeTransport().transport) {
  const el = await fixture<FeedbackLoop>(
    html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()} .transport=${transport}></feedback-loop>`,
  );
  return new LoopHarness(el);
}

describe('<feedback-loop>', () => {
  describe('rendering', () => {
    it('renders the default survey and is accessible', async () => {
      const h = await loop();
      expect(h.el).to.be.instanceOf(customElements.get('feedback-loop')!);
      expect(h.root.querySelector('h2')!.textContent).to.equal('How did we do?');
      expect(h.questions.map(q => q.id)).to.deep.equal([...DIMENSIONS, 'nps', 'comment'].map(id => `q-${id}`));
      await expect(h.el).to.be.accessible();
    });

    it('has its live regions on the page before they have anything to say, so screen readers hear the first message', async () => {
      const h = await loop();
      const status = h.root.querySelector<HTMLElement>('[part="status"]')!;
      expect(status.getAttribute('role')).to.equal('status');
      expect(status.textContent!.trim()).to.equal('');
      expect(getComputedStyle(status).display).not.to.equal('none');
      expect(getComputedStyle(status).marginBlockEnd, 'takes no room while empty').to.equal('0px');
    });

    it('shows each dimension as a native radio group 1–5 in a fieldset with a legend and visible end labels', async () => {
      const h = await loop();
      for (const id of DIMENSIONS) {
        const group = h.question(id);
        expect(group.tagName).to.equal('FIELDSET');
        expect(group.querySelector('legend')!.textContent).to.match(/^How satisfied are you/);
        expect(h.radios(id).map(r => r.value)).to.deep.equal(['1', '2', '3', '4', '5']);
        expect(new Set(h.radios(id).map(r => r.name)).size).to.equal(1);
        const ends = group.querySelector<HTMLElement>('.ends')!;
        expect(ends.textContent).to.contain('1: Very dissatisfied').and.to.contain('5: Very satisfied');
        expect(ends.offsetHeight).to.be.greaterThan(0);
      }
    });

    it('shows NPS as a radio group 0–10 with its own end labels', async () => {
      const h = await loop();
      expect(h.radios('nps').map(r => r.value)).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(h.question('nps').querySelector('.ends')!.textContent).to.contain('0: Not at all likely').and.to.contain('10: Extremely likely');
    });

    it('names the end options for screen readers', async () => {
      const h = await loop();
      expect(h.option('reliability', 1).textContent!.replace(/\s+/g, ' ').trim()).to.equal('1Very dissatisfied');
      expect(h.option('reliability', 3).textContent!.trim()).to.equal('3');
    });

    it('marks required questions and explains the marker', async () => {
      const h = await loop();
      expect(h.question('reliability').getAttribute('aria-required')).to.equal('true');
      expect(h.legend('reliability')).to.match(/\*$/);
      expect(h.legend('comment')).not.to.match(/\*$/);
      expect(h.root.querySelector('.note')!.textContent).to.equal('Questions marked with * need an answer.');
    });

    it('keeps the comment optional with a character count', async () => {
      const h = await loop();
      await h.type('Faster please');
      expect(h.root.querySelector('#q-comment-count')!.textContent).to.equal('987 characters left');
    });
  });

  describe('answering', () => {
    it('emits feedback-change when the respondent picks an option', async () => {
      const h = await loop();
      const event = oneEvent(h.el, 'feedback-change') as Promise<FeedbackChangeEvent>;
      h.option('empathy', 2).click();
      const { detail } = await event;
      expect(detail).to.deep.equal({ questionId: 'empathy', value: 2 });
      await elementUpdated(h.el);
      expect(h.option('empathy', 2).getAttribute('part')).to.equal('option option-selected');
      expect(h.radios('empathy')[1]!.checked).to.equal(true);
    });

    it('reports an emptied comment as no answer', async () => {
      const h = await loop();
      await h.type('Something');
      const event = oneEvent(h.el, 'feedback-change') as Promise<FeedbackChangeEvent>;
      await h.type('');
      expect((await event).detail).to.deep.equal({ questionId: 'comment', value: undefined });
    });

    it('does not emit feedback-change when properties are set from code', async () => {
      const h = await loop();
      let changes = 0;
      h.el.addEventListener('feedback-change', () => changes++);
      h.el.channel = 'kiosk';
      h.el.office = 'Brugge';
      h.el.messages = { submit: 'Go' };
      await elementUpdated(h.el);
      expect(changes).to.equal(0);
    });

    it('can be filled in and sent with the keyboard alone', async function () {
      // About 25 key presses, each a round trip to the browser driver: slow in Firefox on a busy machine.
      this.timeout(30_000);
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      h.radios('reliability')[0]!.focus();
      // Arrow keys move within a group and select; Tab moves to the next group.
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      for (let i = 0; i < 4; i++) {
        await sendKeys({ press: 'Tab' });
        await sendKeys({ press: 'ArrowRight' });
      }
      await sendKeys({ press: 'Tab' }); // NPS
      for (let i = 0; i < 9; i++) await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'Tab' }); // comment
      await sendKeys({ type: 'Kind staff' });
      await sendKeys({ press: 'Tab' }); // submit
      expect(focusIn(h.root)).to.equal(nameOf(h.submitButton));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => h.el.status === 'sent', 'not sent', { timeout: 20_000 });
      expect(calls[0]![0]!.answers).to.deep.equal({
        reliability: 4, credibility: 2, tangibles: 2, empathy: 2, responsiveness: 2, nps: 9, comment: 'Kind staff',
      });
    });
  });

  describe('validation', () => {
    it('sends a survey whose optional questions are named like Object methods, left empty or answered', async () => {
      const { transport, calls } = fakeTransport();
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()} .transport=${transport} .survey=${OBJECT_NAMED_SURVEY}></feedback-loop>`);
      const h = new LoopHarness(el);
      expect(h.comment!.value, 'an empty comment, not Object.prototype.toString').to.equal('');
      expect(h.radios('constructor').some(r => r.checked)).to.equal(false);
      await h.choose('valueOf', 8);
      await h.submit();
      await waitUntil(() => el.status === 'sent', 'not sent', DELIVERY);
      expect(calls[0]![0]!.answers).to.deep.equal({ valueOf: 8 });
    });

    it('does not send, shows a message per missing answer and focuses the first problem', async () => {
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      await h.choose('reliability', 5);
      await h.submit();
      await elementUpdated(h.el);
      expect(calls).to.have.length(0);
      expect(h.error('reliability')).to.equal('');
      for (const id of ['credibility', 'tangibles', 'empathy', 'responsiveness', 'nps']) {
        expect(h.error(id)).to.equal('Please choose an answer.');
        expect(h.question(id).getAttribute('aria-invalid')).to.equal('true');
      }
      expect(h.error('comment')).to.equal('');
      expect(h.status).to.equal('5 questions still need an answer.');
      expect(focusIn(h.root)).to.equal(nameOf(h.radios('credibility')[0]));
      expect(h.radios('credibility')[0]!.getAttribute('aria-describedby')).to.equal('q-credibility-error');
      await expect(h.el).to.be.accessible();
    });

    it('keeps a comment typed past its limit whole, says how much is over and refuses it until it is shorter', async () => {
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      h.el.survey = { id: 'short-comment', version: 1, questions: [{ kind: 'comment', id: 'remark', label: { en: 'Remark' }, maxLength: 10 }] };
      await h.el.updateComplete;
      const area = h.root.querySelector<HTMLTextAreaElement>('#q-remark-input')!;
      area.focus();
      await sendKeys({ type: 'fifteen letters' });
      await h.el.updateComplete;
      expect(area.value, 'nothing cut off').to.equal('fifteen letters');
      expect(h.root.querySelector('#q-remark-count')!.textContent).to.equal('5 characters too many');
      await h.submit();
      expect(calls).to.have.length(0);
      expect(h.error('remark')).to.equal('Please use at most 10 characters.');
      expect(h.status, 'the summary does not say an answer is missing').to.equal('Please check 1 answer.');
      expect(focusIn(h.root)).to.equal(nameOf(area));
      for (let i = 0; i < 5; i++) await sendKeys({ press: 'Backspace' });
      await h.submit();
      await waitUntil(() => calls.length === 1, 'not sent once short enough', DELIVERY);
      expect(calls[0]![0]!.answers).to.deep.equal({ remark: 'fifteen le' });
    });

    it('tells a screen reader once that the comment went past its limit, not at every key', async () => {
      // The count is the field's description, which screen readers do not read out as it changes:
      // a comment typed or pasted past its limit went unannounced until Send.
      const h = await loop();
      h.el.survey = { id: 'short-comment', version: 1, questions: [{ kind: 'comment', id: 'remark', label: { en: 'Remark' }, maxLength: 10 }] };
      await h.el.updateComplete;
      const live = () => h.question('remark').querySelector('[role="status"]');
      expect(live(), 'a live region, on the page before it has anything to say').not.to.equal(null);
      await h.type('ten letter');
      expect(live()!.textContent!.trim(), 'at the limit').to.equal('');
      await h.type('ten letters');
      expect(live()!.textContent!.trim()).to.equal('Please use at most 10 characters.');
      await h.type('fifteen letters');
      expect(live()!.textContent!.trim(), 'the same words while it stays over: nothing new to read').to.equal('Please use at most 10 characters.');
      await h.type('short');
      expect(live()!.textContent!.trim()).to.equal('');
      await expect(h.el).to.be.accessible();
    });

    it('reads "too long" once after Send: the line that announced it is the field\'s error, not a second copy beside it', async () => {
      // Browse mode read the hidden live line and then the visible error: the same words twice.
      const TOO_LONG = 'Please use at most 10 characters.';
      const h = await loop();
      h.el.survey = { id: 'short-comment', version: 1, questions: [{ kind: 'comment', id: 'remark', label: { en: 'Remark' }, maxLength: 10 }] };
      await h.el.updateComplete;
      const area = h.root.querySelector<HTMLTextAreaElement>('#q-remark-input')!;
      const copies = () => h.form.textContent!.split(TOO_LONG).length - 1;
      await h.type('fifteen letters');
      expect(copies(), 'said once, by the live line, as it goes over').to.equal(1);
      await h.submit();
      expect(h.status).to.equal('Please check 1 answer.');
      expect(copies(), 'in the page once after Send').to.equal(1);
      const error = h.question('remark').querySelector<HTMLElement>('#q-remark-error')!;
      expect(error.textContent!.trim()).to.equal(TOO_LONG);
      expect(error.getAttribute('role'), 'still a live region: a key that keeps it over says nothing new').to.equal('status');
      expect(error.getBoundingClientRect().width, 'shown, not only spoken').to.be.greaterThan(20);
      expect(area.getAttribute('aria-invalid')).to.equal('true');
      expect(area.getAttribute('aria-describedby')!.split(' ')).to.include('q-remark-error');
      const description = await accessibleDescription(area);
      if (description !== null) expect(description).to.equal(`5 characters too many ${TOO_LONG}`);
      await h.type('fifteen letters!');
      expect(copies(), 'still once while it stays over').to.equal(1);
      await expect(h.el).to.be.accessible();
    });

    it('clears a question\'s error once it is answered', async () => {
      const h = await loop();
      await h.submit();
      await h.choose('tangibles', 3);
      expect(h.error('tangibles')).to.equal('');
      expect(h.question('tangibles').getAttribute('aria-invalid')).to.equal('false');
      expect(h.error('empathy')).to.equal('Please choose an answer.');
    });

    it('treats a whitespace-only comment as no comment', async () => {
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      await h.answerDefault();
      await h.type('   ');
      await h.submit();
      await waitUntil(() => calls.length === 1, undefined, DELIVERY);
      expect(calls[0]![0]!.answers).not.to.have.property('comment');
    });

    it('sends a comment with a NUL character (pasted from a PDF) as text the collector can store', async () => {
      // The collector refuses a NUL for good (PostgreSQL cannot store it): the answer was lost.
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      await h.answerDefault();
      await h.type('Formulier\u0000 onduidelijk');
      await h.submit();
      await waitUntil(() => calls.length === 1, undefined, DELIVERY);
      expect(calls[0]![0]!.answers.comment).to.equal('Formulier\uFFFD onduidelijk');
    });
  });

  describe('submitting', () => {
    it('emits a cancelable feedback-submit with one valid record', async () => {
      const { transport, calls } = fakeTransport();
      const el = await fixture<FeedbackLoop>(html`<feedback-loop
        lang="fr-BE" channel="kiosk" office="Gent" team="Noord" staff="An" contact-ref="C-42" endpoint=${uniqueEndpoint()}
        .context=${{ programme: 'groeipakket', office: 'ignored' }} .transport=${transport}
      ></feedback-loop>`);
      const h = new LoopHarness(el);
      await h.answerDefault(5, 10);
      const event = oneEvent(el, 'feedback-submit');
      const before = Date.now();
      h.submitButton.click();
      const { detail, cancelable } = await event;
      expect(cancelable).to.equal(true);
      const record = detail.record;
      expect(validateRecord(record).ok).to.equal(true);
      expect(record.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(record).to.include({ surveyId: 'service-quality', surveyVersion: 1, channel: 'kiosk', locale: 'fr' });
      expect(record.context).to.deep.equal({ programme: 'groeipakket', office: 'Gent', team: 'Noord', staff: 'An', contactRef: 'C-42' });
      expect(Date.parse(record.submittedAt)).to.be.within(before - 1000, Date.now() + 1000);
      await waitUntil(() => calls.length === 1, undefined, DELIVERY);
      expect(calls[0]).to.deep.equal([record]);
    });

    it('does not send when feedback-submit is cancelled', async () => {
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      await h.answerDefault();
      let seen = '';
      // Typed through HTMLElementEventMap: `e.detail.record` needs no cast.
      h.el.addEventListener('feedback-submit', e => {
        seen = e.detail.record.surveyId;
        e.preventDefault();
      });
      await h.submit();
      await elementUpdated(h.el);
      expect(seen).to.equal('service-quality');
      expect(calls).to.have.length(0);
      expect(h.thanks.hidden).to.equal(true);
      expect(h.formShown).to.equal(true);
    });

    it('thanks once the answer is stored, says "saved" until the endpoint acknowledges, then "sent"', async () => {
      const held = heldTransport();
      const h = await loop(held.transport);
      await h.answerDefault();
      const queued = oneEvent(h.el, 'feedback-queued');
      await h.submit();
      const { detail } = await queued;
      expect(detail.durable).to.equal(true);
      expect(detail.pending).to.equal(1);
      await waitUntil(() => h.root.activeElement === h.thanks, 'focus did not move to the thank-you message', DELIVERY);
      expect(h.el.status).to.equal('queued');
      expect(h.formShown).to.equal(false);
      expect(h.thanks.hidden).to.equal(false);
      expect(h.delivery).to.equal('It is saved on this device and will be sent automatically when there is a connection.');
      // Its live region appears with the thanks, too late to be announced: the focused thanks says it.
      const description = await accessibleDescription(h.thanks);
      if (description !== null) expect(description).to.equal(h.delivery);
      expect(h.el.matches(':state(queued)')).to.equal(true);
      expect(h.el.matches(':state(pending)')).to.equal(true);
      expect(h.el.matches(':state(submitted)')).to.equal(false);
      await waitUntil(() => held.started, 'never sent', DELIVERY);
      const sent = oneEvent(h.el, 'feedback-sent');
      held.release();
      expect((await sent).detail).to.deep.equal({ ids: [detail.id], pending: 0 });
      await elementUpdated(h.el);
      expect(h.el.status).to.equal('sent');
      expect(h.delivery).to.equal('It has been sent.');
      expect(h.thanks.textContent!.trim()).to.match(/^Thank you for your answer!/);
      expect(h.el.matches(':state(submitted)')).to.equal(true);
      await waitUntil(() => !h.el.matches(':state(pending)'), 'still pending');
      expect(h.el.pending).to.equal(0);
      await expect(h.el).to.be.accessible();
    });

    it('says so, instead of "will be sent", when the endpoint refuses the answer for good', async () => {
      const refuse: Transport = async records => ({ ok: true, results: records.map(r => ({ id: r.id, status: 'rejected', reason: 'Unknown survey' })) });
      const h = await loop(refuse);
      await h.answerDefault();

      await h.submit();
      await waitUntil(() => h.el.status === 'refused', `status ${h.el.status}`, DELIVERY);
      await h.el.updateComplete;

      expect(h.thanks.hidden, 'the respondent did their part: the thanks stays').to.equal(false);
      expect(h.delivery).to.equal('Unfortunately, it could not be processed.');
      expect(h.el.matches(':state(refused)')).to.equal(true);
      expect(h.el.matches(':state(queued)')).to.equal(false);
      expect((await h.el.outbox.deadLetters()).length, 'kept as a dead letter').to.equal(1);
      await expect(h.el).to.be.accessible();
    });

    it('lets the host replace the thank-you message through the thanks slot', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${uniqueEndpoint()} .transport=${fakeTransport().transport}>
        <p slot="thanks">Merci, à bientôt</p>
      </feedback-loop>`);
      const h = new LoopHarness(el);
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => el.status === 'sent', undefined, DELIVERY);
      const slot = h.thanks.querySelector('slot')!;
      expect(slot.assignedElements().map(e => e.textContent)).to.deep.equal(['Merci, à bientôt']);
      expect(h.delivery, 'the delivery line stays').to.equal('It has been sent.');
    });

    it('posts the record to a real endpoint as a text/plain JSON body', async () => {
      const key = `post-${Math.random().toString(36).slice(2)}`;
      const el = await fixture<FeedbackLoop>(html`<feedback-loop endpoint="/api/test/log/${key}"></feedback-loop>`);
      const h = new LoopHarness(el);
      await h.answerDefault(2, 6);
      const submitted = oneEvent(el, 'feedback-submit');
      await h.submit();
      const { detail } = await submitted;
      await waitUntil(() => el.status === 'sent', 'not sent', DELIVERY);
      const log: Array<{ body: string; contentType: string }> = await (await fetch(`/api/test/log/${key}`)).json();
      // The other request is the anonymous shown count (see 'shown counts').
      const answers = log.filter(entry => 'records' in JSON.parse(entry.body));
      expect(answers).to.have.length(1);
      expect(answers[0]!.contentType).to.equal('text/plain;charset=UTF-8');
      expect(JSON.parse(answers[0]!.body)).to.deep.equal({ records: [detail.record] });
    });

    it('S38: stores one answer however often submit is pressed', async () => {
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      await h.answerDefault();
      let queuedEvents = 0;
      h.el.addEventListener('feedback-queued', () => queuedEvents++);
      h.submitButton.click();
      h.submitButton.click();
      h.form.requestSubmit();
      await waitUntil(() => h.el.status === 'sent', 'not sent', DELIVERY);
      expect(queuedEvents).to.equal(1);
      expect(calls.flat().map(r => r.id)).to.have.length(1);
    });
  });

  describe('when sending fails', () => {
    it('never claims the answer was sent; keeps it and later sends the same bytes', async () => {
      const { transport, calls } = fakeTransport(SERVER_ERROR);
      const h = await loop(transport);
      await h.answerDefault();
      const failed = oneEvent(h.el, 'feedback-error') as Promise<FeedbackErrorEvent>;
      await h.submit();
      const { detail } = await failed;
      expect(detail.code).to.equal('send-failed');
      expect(detail.retryInMs).to.be.within(800, 1200);
      expect(detail.pending).to.equal(1);
      expect(h.el.status).to.equal('queued');
      expect(h.delivery).to.match(/saved on this device/);
      expect(h.el.matches(':state(submitted)')).to.equal(false);
      await h.el.outbox.flush();
      await waitUntil(() => h.el.status === 'sent', 'not sent on the retry', DELIVERY);
      expect(calls).to.have.length(2);
      // The retry is the same answer: same id, byte-identical record.
      expect(JSON.stringify(calls[1])).to.equal(JSON.stringify(calls[0]));
    });

    it('keeps its backoff when the page passes a new transport function on every render (React 19), and sends through the newest', async () => {
      const calls: string[] = [];
      const failing = (name: string): Transport => async () => {
        calls.push(name);
        return SERVER_ERROR;
      };
      const h = await loop(failing('first'));
      await h.answerDefault();
      const failed = oneEvent(h.el, 'feedback-error') as Promise<FeedbackErrorEvent>;
      await h.submit();
      expect((await failed).detail.code).to.equal('send-failed');
      for (let i = 0; i < 4; i++) await h.el.outbox.flush(); // five failures: the backoff is now 16 s or more
      expect(calls).to.have.length(5);
      for (const name of ['second', 'third', 'fourth']) {
        h.el.transport = failing(name);
        await h.el.updateComplete;
        await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)));
      }
      expect(calls.slice(5), 'the backoff is not cut short by a re-render').to.deep.equal([]);
      h.el.transport = fakeTransport().transport;
      await h.el.outbox.flush();
      await waitUntil(() => h.el.status === 'sent', 'sent through the newest transport', DELIVERY);
      expect(calls).to.have.length(5);
    });

    it('S13: treats a 2xx HTML page (captive portal) and a 500 from a real endpoint as not sent', async () => {
      for (const path of ['/api/test/html', '/api/test/status/500']) {
        const endpoint = `${path}?queue=${crypto.randomUUID()}`;
        const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${endpoint}></feedback-loop>`);
        const h = new LoopHarness(el);
        await h.answerDefault();
        const failed = oneEvent(el, 'feedback-error') as Promise<FeedbackErrorEvent>;
        await h.submit();
        expect((await failed).detail.code, path).to.equal('send-failed');
        expect(el.status, path).to.equal('queued');
        expect(el.pending, path).to.equal(1);
        await el.outbox.discardDeadLetters();
      }
    });

    it('survives a transport that throws: the answer stays queued', async () => {
      const { transport } = fakeTransport(new Error('boom'));
      const h = await loop(transport);
      await h.answerDefault();
      const failed = oneEvent(h.el, 'feedback-error') as Promise<FeedbackErrorEvent>;
      await h.submit();
      expect((await failed).detail.code).to.equal('send-failed');
      expect(h.el.status).to.equal('queued');
      expect(h.el.pending).to.equal(1);
    });

    it('stores the answer on "Try again" after it could not even be kept (not-sent)', async () => {
      const { transport, calls } = fakeTransport();
      const h = await loop(transport);
      // A page script that hangs a function on the record: no storage can keep it.
      h.el.addEventListener('feedback-submit', e => Object.assign(e.detail.record, { note: () => {} }), { once: true });
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => h.el.status === 'not-sent', 'the answer was kept after all', DELIVERY);
      await h.el.updateComplete;
      expect(h.submitButton.textContent!.trim()).to.equal('Try again');
      await h.submit();
      await waitUntil(() => !h.thanks.hidden, `not stored on the second try (${h.el.status})`, DELIVERY);
      await waitUntil(() => calls.length === 1, 'not sent', DELIVERY);
      expect(calls[0]![0]!.answers.nps).to.equal(9);
    });

    it('does not thank for a survey that replaced the one whose answer is on its way', async () => {
      const held = heldTransport();
      const h = await loop(held.transport);
      const el = h.el;
      let sentEvents = 0;
      el.addEventListener('feedback-sent', () => sentEvents++);
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => held.started, 'never sent', DELIVERY);
      el.survey = { id: 'other', version: 1, questions: [{ kind: 'rating', id: 'q', label: { en: 'Q' } }] };
      await elementUpdated(el);
      held.release();
      await new Promise(r => setTimeout(r, 50));
      await elementUpdated(el);
      expect(el.status).to.equal('filling');
      expect(sentEvents).to.equal(0);
      expect(h.thanks.hidden).to.equal(true);
      expect(h.questions.map(q => q.id)).to.deep.equal(['q-q']);
    });

    it('treats a malformed answer from a custom transport as not acknowledged', async () => {
      for (const answer of [undefined, { ok: true }, { ok: true, ids: ['someone-else'] }, 'yes']) {
        const odd = (async () => answer) as unknown as Transport;
        const h = await loop(odd);
        await h.answerDefault();
        await h.submit();
        await waitUntil(() => h.el.status !== 'saving', 'stuck in saving', DELIVERY);
        await h.el.outbox.flush();
        expect(h.el.status, JSON.stringify(answer)).to.equal('queued');
        expect(h.el.pending, JSON.stringify(answer)).to.equal(1);
      }
    });
  });

  describe('when IndexedDB is unusable (S27)', () => {
    // The browser's own property of the window: put back as it was, or every later test would run without IndexedDB.
    const platform = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    afterEach(() => {
      if (platform) Object.defineProperty(window, 'indexedDB', platform);
      else delete (window as { indexedDB?: IDBFactory }).indexedDB;
    });

    it('never shows the answer as saved; warns to keep the page open until it is sent', async () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      const codes: string[] = [];
      const listen = (e: Event) => codes.push((e as FeedbackErrorEvent).detail.code);
      document.addEventListener('feedback-error', listen);
      // An hour's wait after the 500: only the retry button sends it again.
      const { transport, calls } = fakeTransport({ ...(SERVER_ERROR as SendFailure), retryAfterMs: 3_600_000 });
      const h = await loop(transport);
      await h.answerDefault();
      await h.submit();
      // The outbox (and so the storage check) starts after the first paint or at the first submit.
      await waitUntil(() => codes.length > 0, 'no feedback-error', DELIVERY);
      document.removeEventListener('feedback-error', listen);
      expect(codes[0]).to.equal('storage-degraded');
      await waitUntil(() => h.el.status === 'held', 'not held', DELIVERY);
      expect(h.thanks.hidden).to.equal(true);
      expect(h.el.matches(':state(held)')).to.equal(true);
      expect(h.notice.hidden).to.equal(false);
      expect(h.notice.textContent).to.contain('Keep this page open until it has been sent.');
      await waitUntil(() => h.root.activeElement === h.notice, 'focus did not move to the warning', DELIVERY);
      // Focus reads it; as an alert as well, a screen reader would read it twice.
      expect(h.notice.closest('[role=alert], [aria-live]')).to.equal(null);
      await expect(h.el).to.be.accessible();
      await waitUntil(() => calls.length === 1, 'not tried at once', DELIVERY);
      // Told to keep the page open, the respondent looks at another window meanwhile.
      const elsewhere = window.open('about:blank', '_blank');
      await waitUntil(() => !document.hasFocus(), 'the other window has focus', DELIVERY);
      h.notice.querySelector('button')!.click();
      await waitUntil(() => h.el.status === 'sent', 'not sent from memory', DELIVERY);
      expect(calls, 'the first try and the retry button\'s').to.have.length(2);
      expect(h.thanks.hidden).to.equal(false);
      expect(h.delivery).to.equal('It has been sent.');
      // The warning that had focus is gone: focus moves on to the thanks, which reads "sent", instead of falling to the page.
      await h.el.updateComplete;
      expect(focusIn(h.root)).to.equal(nameOf(h.thanks));
      elsewhere?.close();
    });

    it('still counts and sends the answer held in memory after the page moves to another survey version', async () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      let online = false;
      const calls: string[][] = [];
      const transport: Transport = async records => {
        calls.push(records.map(r => r.id));
        return online ? { ok: true, ids: records.map(r => r.id) } : { ok: false, reason: 'network', retryable: true };
      };
      const h = await loop(transport);
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => h.el.status === 'held' && calls.length > 0, 'not held and tried', DELIVERY);
      const [[held]] = calls as [[string]];
      const sent: string[] = [];
      h.el.addEventListener('feedback-sent', e => sent.push(...(e as FeedbackSentEvent).detail.ids));

      // The host page (a single-page app) shows version 2 of its survey in the same element.
      h.el.survey = { id: 'service-quality', version: 2, questions: [{ kind: 'rating', id: 'speed', label: { en: 'Speed' } }] };
      await h.el.updateComplete;
      await h.el.outbox.flush();
      expect(h.el.pending, 'the held answer still counts as waiting').to.equal(1);

      online = true;
      await h.el.outbox.flush();

      expect(calls.flat().filter(id => id === held).length, 'tried again, and sent').to.be.at.least(2);
      expect(sent).to.deep.equal([held]);
      expect(h.el.pending).to.equal(0);
    });

    it('keeps backing off for an answer held for an earlier survey version while the network stays down, instead of trying every second', async () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      const calls: string[][] = [];
      const transport: Transport = async records => {
        calls.push(records.map(r => r.id));
        return { ok: false, reason: 'network', retryable: true };
      };
      const h = await loop(transport);
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => h.el.status === 'held' && calls.length > 0, 'not held and tried', DELIVERY);
      const [[held]] = calls as [[string]];
      h.el.survey = { id: 'service-quality', version: 2, questions: [{ kind: 'rating', id: 'speed', label: { en: 'Speed' } }] };
      await h.el.updateComplete;
      await h.el.outbox.flush();
      const tried = () => calls.flat().filter(id => id === held).length;
      const before = tried();

      await new Promise(resolve => setTimeout(resolve, 6_000));

      // Backoff of about 1, 2 and 4 s (±20 %) allows two or three more tries in 6 s; a fresh
      // outbox on every flush tried about once a second.
      expect(tried() - before, `tries in 6 s`).to.be.within(1, 3);
      expect(h.el.pending).to.equal(1);
    });

    it('leaves the answer another element on the page holds for its own survey to that element', async () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      const endpoint = uniqueEndpoint();
      const calls: string[][] = [];
      let online = false;
      // An hour's wait after the first failure: only a flush asked for sends again.
      const transport: Transport = async records => {
        calls.push(records.map(r => r.id));
        return online ? { ok: true, ids: records.map(r => r.id) } : { ...(SERVER_ERROR as SendFailure), retryAfterMs: 3_600_000 };
      };
      const mine = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${endpoint} .transport=${transport}></feedback-loop>`);
      const other = await fixture<FeedbackLoop>(
        html`<feedback-loop lang="en" endpoint=${endpoint} .transport=${transport}
          .survey=${{ id: 'footer', version: 1, questions: [{ kind: 'rating', id: 'page', label: { en: 'This page' } }] }}></feedback-loop>`,
      );
      const h = new LoopHarness(mine);
      await h.answerDefault();
      await h.submit();
      await waitUntil(() => mine.status === 'held' && calls.length > 0, 'not held and tried', DELIVERY);
      const [[held]] = calls as [[string]];
      const sentByOther: string[] = [];
      other.addEventListener('feedback-sent', e => sentByOther.push(...(e as FeedbackSentEvent).detail.ids));

      online = true;
      await other.outbox.flush();

      expect(other.pending, 'not counted by the other element').to.equal(0);
      expect(sentByOther).to.deep.equal([]);
      expect(calls.flat().filter(id => id === held), 'not sent by the other element').to.have.length(1);
      await mine.outbox.flush();
      expect(calls.flat().filter(id => id === held)).to.have.length(2);
      await waitUntil(() => mine.status === 'sent', 'its own element sends it', DELIVERY);
    });
  });

  describe('after the tests without IndexedDB', () => {
    it('has the browser’s IndexedDB back, for the tests that follow', async () => {
      const opened = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`restored-${crypto.randomUUID()}`);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      opened.close();
      indexedDB.deleteDatabase(opened.name);
    });
  });
});
