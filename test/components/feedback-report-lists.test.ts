import { expect, fixtureSync, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/report.js';
import type { FeedbackReport } from '../../src/components/feedback-report/feedback-report.js';
import type { FeedbackReportErrorEvent } from '../../src/events/report-events.js';
import { COMMENT_PAGE, CONTACT, NET, NOW, ReportHarness, SURVEY_WITHOUT_COMMENTS, TOKEN, fixtureReport, scriptedApi, type ReportApi } from '../helpers/report-fixtures.js';
import { focusIn, nameOf } from '../helpers/focus.js';

const CLOCK = { now: () => NOW };

async function loaded(api: ReportApi, options: { comments?: boolean; contacts?: boolean; exports?: boolean; endpoint?: string } = {}) {
  const { comments = true, contacts = true, exports = true, endpoint = api.endpoint } = options;
  const el = fixtureSync<FeedbackReport>(html`<feedback-report
    endpoint=${endpoint}
    survey-id="loket"
    date="2026-03-14"
    time-zone="Europe/Brussels"
    lang="nl"
    ?no-comments=${!comments}
    ?no-contacts=${!contacts}
    ?no-export=${!exports}
    .token=${TOKEN}
    .clock=${CLOCK}
  ></feedback-report>`);
  await oneEvent(el, 'feedback-load');
  const h = new ReportHarness(el);
  return { el, h };
}

/** Waits until the scripted API has seen `count` requests on `path`, and the element has rendered. */
async function requested(api: ReportApi, el: FeedbackReport, path: string, count = 1) {
  await waitUntil(async () => (await api.requests(path)).length >= count, `${count} request(s) to ${path}`, NET);
  await waitUntil(() => !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'nothing is loading', NET);
  await el.updateComplete;
  return api.requests(path);
}

describe('<feedback-report> comments, call-backs and exports', () => {
  describe('comments', () => {
    it('lists the comments of the cut with date, channel and context, and is accessible', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      const [request] = await requested(api, el, '/api/comments');
      expect(request!.params).to.deep.equal({ survey: 'loket', period: 'half-year', date: '2026-01-01', tz: 'Europe/Brussels', limit: '20' });
      expect(request!.authorization).to.equal(`Bearer ${TOKEN}`);
      const item = h.root.querySelector('[part="comments"] li')!;
      expect(item.querySelector('time')!.getAttribute('datetime')).to.equal('2026-03-14T09:30:00.000Z');
      expect(item.textContent!.replace(/\s+/g, ' ')).to.contain('14 mrt 2026').and.to.contain('E-mail · Kantoor: Gent');
      expect(h.root.querySelector('[part="comments"] [role="status"]')!.textContent).to.equal('1 opmerking getoond, er zijn er meer.');
      await expect(el).to.be.accessible();
    });

    it("marks each comment with its respondent's language, and names it when it is not the reader's", async () => {
      const french = { ...COMMENT_PAGE.comments[0]!, responseId: '7f4e3a01-5d6c-4e8f-a0b1-2c3d4e5f6a7b', locale: 'fr-BE', text: 'Très bien accueilli' };
      // A collector that does not say the language: the text is marked unknown, not the reader's.
      const { locale: _, ...unsaid } = { ...COMMENT_PAGE.comments[0]!, responseId: '8a5f4b12-6e7d-4f90-b1c2-3d4e5f6a7b8c' };
      const api = await scriptedApi({ 'GET /api/comments': [{ body: { comments: [french, COMMENT_PAGE.comments[0], unsaid], next: null } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      await waitUntil(() => h.root.querySelectorAll('[part="comments"] li').length === 3, 'the three comments shown', NET);
      const [fr, nl, unknown] = [...h.root.querySelectorAll('[part="comments"] li')];
      expect(unknown!.querySelector('.text')!.getAttribute('lang')).to.equal('');
      expect(fr!.querySelector('.text')!.getAttribute('lang'), 'read out in French').to.equal('fr-BE');
      expect(fr!.textContent!.replace(/\s+/g, ' ')).to.contain('E-mail · Kantoor: Gent · Frans');
      expect(nl!.querySelector('.text')!.getAttribute('lang')).to.equal('nl-BE');
      expect(nl!.textContent!.replace(/\s+/g, ' ')).to.contain('E-mail · Kantoor: Gent').and.not.to.contain('Nederlands');
    });

    it('shows markup in a comment as text', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const text = h.root.querySelector('[part="comments"] .text')!;
      expect(text.textContent).to.equal(COMMENT_PAGE.comments[0]!.text);
      expect(text.querySelector('img')).to.equal(null);
    });

    it('searches on the server with q= when the search is submitted', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const input = h.control<HTMLInputElement>('comment-search');
      expect(h.root.querySelector('label[for="comment-search"]')!.textContent).to.equal('Zoeken in de opmerkingen');
      input.value = 'wacht tijd';
      input.closest('form')!.requestSubmit();
      const requests = await requested(api, el, '/api/comments', 2);
      expect(requests[1]!.params).to.deep.include({ q: 'wacht tijd', limit: '20' });
      expect(requests[1]!.params).not.to.have.property('after');
    });

    it('searches after a pause in typing', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const input = h.control<HTMLInputElement>('comment-search');
      for (const typed of ['w', 'wa', 'wac']) {
        input.value = typed;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }
      const requests = await requested(api, el, '/api/comments', 2);
      expect(requests.map(r => r.params.q)).to.deep.equal([undefined, 'wac']);
    });

    it('keeps a space typed before a pause in the search field, and sends the text trimmed', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const input = h.control<HTMLInputElement>('comment-search');
      input.focus();
      await sendKeys({ type: 'te ' });
      const requests = await requested(api, el, '/api/comments', 2);
      await sendKeys({ type: 'lang' });
      // Before, the search's render put back 'te' without its space: the reader went on in "telang".
      expect(input.value).to.equal('te lang');
      expect(requests[1]!.params.q).to.equal('te');
    });

    it('loads the next page with the cursor and keeps the first', async () => {
      const next = { comments: [{ ...COMMENT_PAGE.comments[0]!, responseId: 'a2', text: 'Vriendelijk onthaal' }], next: null };
      const api = await scriptedApi({ 'GET /api/comments': [{ body: COMMENT_PAGE }, { body: next }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const more = [...h.root.querySelectorAll<HTMLButtonElement>('[part="comments"] button')].find(b => b.textContent === 'Meer opmerkingen laden')!;
      more.click();
      const requests = await requested(api, el, '/api/comments', 2);
      expect(requests[1]!.params.after).to.equal('cursor-page-2');
      expect([...h.root.querySelectorAll('[part="comments"] .text')].map(t => t.textContent)).to.deep.equal([
        COMMENT_PAGE.comments[0]!.text,
        'Vriendelijk onthaal',
      ]);
      expect([...h.root.querySelectorAll('[part="comments"] button')]).to.have.length(0);
    });

    it('puts focus on the first comment it brought when "load more" goes with the last page', async () => {
      const next = { comments: [{ ...COMMENT_PAGE.comments[0]!, responseId: 'a2', text: 'Vriendelijk onthaal' }], next: null };
      const api = await scriptedApi({ 'GET /api/comments': [{ body: COMMENT_PAGE }, { body: next }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const more = [...h.root.querySelectorAll<HTMLButtonElement>('[part="comments"] button')].find(b => b.textContent === 'Meer opmerkingen laden')!;
      more.focus();
      more.click();
      await requested(api, el, '/api/comments', 2);
      await waitUntil(() => h.root.activeElement !== null, 'focus fell to the page', NET);
      const items = h.root.querySelectorAll('[part="comments"] li');
      expect(focusIn(h.root)).to.equal(nameOf(items[1]));
      expect(items[1]!.textContent).to.contain('Vriendelijk onthaal');
    });

    it('announces a failed comments request, and shows a right-to-left comment in its own direction', async () => {
      const api = await scriptedApi({ 'GET /api/comments': [{ status: 500, body: { error: 'boom' } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      const error = h.root.querySelector('[part="comments"] .error')!;
      expect(error.textContent).to.contain('De opmerkingen konden niet geladen worden.');
      expect(error.getAttribute('role')).to.equal('alert');

      const arabic = { comments: [{ ...COMMENT_PAGE.comments[0]!, text: 'الانتظار كان طويلا' }], next: null };
      const ok = await scriptedApi({ 'GET /api/comments': [{ body: arabic }] });
      const shown = await loaded(ok);
      await requested(ok, shown.el, '/api/comments');
      const text = shown.h.root.querySelector<HTMLElement>('[part="comments"] .text')!;
      expect(getComputedStyle(text).direction).to.equal('rtl');
    });

    it('asks again for the comments and call-back requests that failed with the report when retry is pressed', async () => {
      const down = { status: 503, body: { error: 'Database unavailable' } };
      const api = await scriptedApi({
        'GET /api/report': [down, { body: fixtureReport() }],
        'GET /api/comments': [down, { body: COMMENT_PAGE }],
        'GET /api/contacts': [down, { body: { contacts: [CONTACT] } }],
      });
      const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint=${api.endpoint} survey-id="loket" date="2026-03-14"
        time-zone="Europe/Brussels" lang="nl" .token=${TOKEN} .clock=${CLOCK}></feedback-report>`);
      const h = new ReportHarness(el);
      await requested(api, el, '/api/comments');
      await requested(api, el, '/api/contacts');
      expect(h.root.querySelectorAll('[role="alert"]')).to.have.length(3);
      const load = oneEvent(el, 'feedback-load');
      h.error!.querySelector('button')!.click();
      await load;
      await requested(api, el, '/api/comments', 2);
      await requested(api, el, '/api/contacts', 2);
      // Before, only the report came back: the comments and call-backs kept their errors until the page was reloaded.
      expect([...h.root.querySelectorAll('[role="alert"]')].map(a => a.textContent!.trim())).to.deep.equal([]);
      expect(h.root.querySelector('[part="comments"] .text')!.textContent).to.equal(COMMENT_PAGE.comments[0]!.text);
      expect(h.root.querySelector('[part="contacts"] a')!.textContent).to.equal(CONTACT.email);
    });

    it('offers a retry for the comments alone when only they failed, and keeps focus on the list', async () => {
      const api = await scriptedApi({ 'GET /api/comments': [{ status: 503, body: { error: 'Database unavailable' } }, { body: COMMENT_PAGE }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      expect(h.error, 'the report itself loaded').to.equal(null);
      // Before, the only way to ask again was Enter in the search field.
      const retry = h.root.querySelector<HTMLButtonElement>('[part="comments"] .error button');
      expect(retry, 'a retry button with the comments error').not.to.equal(null);
      expect(retry!.textContent).to.equal('Opnieuw proberen');
      retry!.focus();
      retry!.click();
      await requested(api, el, '/api/comments', 2);
      expect(h.root.querySelector('[part="comments"] .error')).to.equal(null);
      expect(h.root.querySelector('[part="comments"] .text')!.textContent).to.equal(COMMENT_PAGE.comments[0]!.text);
      expect(focusIn(h.root), 'the list it reloads, not the top of the page').to.equal('h3#comments-title');
    });

    it("never shows the last reader's comments under another token while the new ones load", async () => {
      const api = await scriptedApi({ 'GET /api/comments': [{ body: COMMENT_PAGE }, { hold: true }] });
      const { el, h } = await loaded(api, { contacts: false });
      await requested(api, el, '/api/comments');
      expect(h.root.querySelectorAll('[part="comments"] .text')).to.have.length(1);
      el.token = 'another-readers-token';
      await waitUntil(async () => (await api.requests('/api/comments')).length === 2, 'the comments are asked for again', NET);
      await el.updateComplete;
      expect(h.root.querySelectorAll('[part="comments"] .text')).to.have.length(0);
      expect([...h.root.querySelectorAll('[part="comments"] button')], 'no "load more" of the last reader\'s list').to.have.length(0);
      await api.release();
    });

    it('asks for comments of the new cut when the channel changes', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      await h.choose('channel', 'phone');
      const requests = await requested(api, el, '/api/comments', 2);
      expect(requests[1]!.params).to.deep.include({ channel: 'phone' });
    });

    it('is left out with no-comments', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api, { comments: false });
      expect(h.root.querySelector('[part="comments"]')).to.equal(null);
      expect(await api.requests('/api/comments')).to.have.length(0);
    });

    describe('a survey without a comment question', () => {
      const commentless = () => fixtureReport({}, SURVEY_WITHOUT_COMMENTS);

      it('is left out when the report says no version of the survey has a comment question, and not asked for again', async () => {
        const api = await scriptedApi({ 'GET /api/report': [{ body: commentless() }], 'GET /api/comments': [{ body: { comments: [], next: null } }] });
        const { el, h } = await loaded(api);
        await el.updateComplete;
        // Before, "Geen opmerkingen gevonden" and a search box: as if nobody wrote anything, where nobody could.
        expect(h.root.querySelector('[part="comments"]')).to.equal(null);
        expect(h.root.querySelector('#comments-title')).to.equal(null);
        expect(h.root.querySelector('[part="contacts"]'), 'the call-back requests stay').not.to.equal(null);
        // The first cut's comments are asked for with its report, before it says there are none.
        await waitUntil(async () => (await api.requests('/api/comments')).length === 1, 'the first comments request', NET);
        const load = oneEvent(el, 'feedback-load');
        await h.choose('channel', 'phone');
        await load;
        await el.updateComplete;
        expect(await api.requests('/api/comments'), 'a new cut asks for no comments').to.have.length(1);
        expect(h.root.querySelector('[part="comments"]')).to.equal(null);
        await expect(el).to.be.accessible();
      });

      it('is shown for a survey with one, and for a report that does not say (an older collector or a custom endpoint)', async () => {
        const withComments = fixtureReport();
        expect(withComments.hasComments).to.equal(true);
        const { hasComments: _, ...unsaid } = withComments;
        for (const report of [withComments, unsaid]) {
          const api = await scriptedApi({ 'GET /api/report': [{ body: report }] });
          const { el, h } = await loaded(api);
          await requested(api, el, '/api/comments');
          expect(h.root.querySelector('[part="comments"] .text')!.textContent).to.equal(COMMENT_PAGE.comments[0]!.text);
        }
      });

      it('is left out with no-comments whatever the report says', async () => {
        const api = await scriptedApi({ 'GET /api/report': [{ body: commentless() }] });
        const { h } = await loaded(api, { comments: false });
        expect(h.root.querySelector('[part="comments"]')).to.equal(null);
        expect(await api.requests('/api/comments')).to.have.length(0);
      });

      it('does not say "no comments found" before the report has said whether the survey has comments', async () => {
        const api = await scriptedApi({ 'GET /api/report': [{ body: commentless(), hold: true }], 'GET /api/comments': [{ body: { comments: [], next: null } }] });
        const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint=${api.endpoint} survey-id="loket" date="2026-03-14"
          time-zone="Europe/Brussels" lang="nl" .token=${TOKEN} .clock=${CLOCK}></feedback-report>`);
        const h = new ReportHarness(el);
        await waitUntil(async () => (await api.requests('/api/comments')).length === 1, 'the comments asked for', NET);
        await waitUntil(() => h.root.querySelector('[part="comments"][aria-busy="false"]'), 'the comments answered', NET);
        await el.updateComplete;
        // Before, the status said "Geen opmerkingen gevonden." (and a screen reader with it) before the section went.
        expect(h.root.querySelector('[part="comments"] [role="status"]')!.textContent).to.equal('');
        const load = oneEvent(el, 'feedback-load');
        await api.release('/api/report');
        await load;
        expect(h.root.querySelector('[part="comments"]')).to.equal(null);
      });

      it('lists the comments again when the next survey has a comment question', async () => {
        const api = await scriptedApi({ 'GET /api/report': [{ body: commentless() }, { body: fixtureReport() }] });
        const { el, h } = await loaded(api);
        await waitUntil(async () => (await api.requests('/api/comments')).length === 1, 'the first comments request', NET);
        await el.updateComplete;
        expect(h.root.querySelector('[part="comments"]')).to.equal(null);
        const load = oneEvent(el, 'feedback-load');
        el.surveyId = 'balie';
        await load;
        await requested(api, el, '/api/comments', 2);
        expect(h.root.querySelector('[part="comments"] .text')!.textContent).to.equal(COMMENT_PAGE.comments[0]!.text);
      });

      it('moves focus from the comments to the results when the next survey turns out to have none', async () => {
        const api = await scriptedApi({ 'GET /api/report': [{ body: fixtureReport() }, { body: commentless() }] });
        const { el, h } = await loaded(api);
        await requested(api, el, '/api/comments');
        h.control<HTMLInputElement>('comment-search').focus();
        const load = oneEvent(el, 'feedback-load');
        el.surveyId = 'balie';
        await load;
        await el.updateComplete;
        expect(h.root.querySelector('[part="comments"]')).to.equal(null);
        // Before, focus fell to the start of the page with the search field it was in.
        await waitUntil(() => h.root.activeElement !== null, 'focus fell to the page', NET);
        expect(focusIn(h.root)).to.equal('div.results');
      });
    });
  });

  describe('call-back requests', () => {
    it('lists the requests not yet handled, and is accessible', async () => {
      const api = await scriptedApi();
      const { el, h } = await loaded(api);
      const [request] = await requested(api, el, '/api/contacts');
      expect(request!.params).to.deep.equal({ handled: 'false', surveyId: 'loket' });
      const item = h.root.querySelector('[part="contacts"] li')!;
      expect(item.querySelector('a[href="mailto:an.peeters@example.be"]')!.textContent).to.equal('an.peeters@example.be');
      expect(item.querySelector('a[href="tel:+3291234567"]')!.textContent).to.equal('+32 9 123 45 67');
      // The language to call back in, named since it is not the reader's.
      expect(item.textContent!.replace(/\s+/g, ' ')).to.contain('Telefoon · Kantoor: Brugge · Frans');
      await expect(el).to.be.accessible();
    });

    it('marks one handled with PATCH {"handled": true} and takes it off the list', async () => {
      const api = await scriptedApi({ 'PATCH /api/contacts/*': [{ body: { ...CONTACT, handled: true, handledAt: '2026-05-01T10:00:00.000Z' } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      const button = h.root.querySelector<HTMLButtonElement>('[part="contacts"] li button')!;
      expect(button.textContent).to.equal('Afgehandeld');
      button.click();
      const [patch] = await requested(api, el, `/api/contacts/${CONTACT.responseId}`);
      expect(patch!.method).to.equal('PATCH');
      expect(JSON.parse(patch!.body)).to.deep.equal({ handled: true });
      expect(patch!.authorization).to.equal(`Bearer ${TOKEN}`);
      await waitUntil(() => !h.root.querySelector('[part="contacts"] li'), 'the request leaves the list', NET);
      await el.updateComplete;
      expect(h.root.querySelector('[part="contacts"]')!.textContent).to.contain('Gemarkeerd als afgehandeld.');
    });

    it('marks one handled by the answer’s id when the collector gives requests no id of their own (an older one)', async () => {
      const { id: _, ...older } = CONTACT;
      const api = await scriptedApi({ 'GET /api/contacts': [{ body: { contacts: [older] } }], 'PATCH /api/contacts/*': [{ body: { ...older, handled: true } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');

      h.root.querySelector<HTMLButtonElement>('[part="contacts"] li button')!.click();

      expect(await requested(api, el, `/api/contacts/${CONTACT.responseId}`)).to.have.length(1);
      await waitUntil(() => !h.root.querySelector('[part="contacts"] li'), 'the request leaves the list', NET);
    });

    it('keeps the focus on the list as requests are marked handled, then moves it to the heading', async () => {
      // A second request for the same answer: sent with a later answer to the same invitation.
      const second = { ...CONTACT, id: '6e3d2f90-4c5b-4d7e-9fa0-1b2c3d4e5f60', email: 'bram.claes@example.be', phone: undefined };
      const api = await scriptedApi({
        'GET /api/contacts': [{ body: { contacts: [CONTACT, second] } }],
        'PATCH /api/contacts/*': [{ body: { ...second, handled: true } }, { body: { ...CONTACT, handled: true } }],
      });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      const buttons = () => [...h.root.querySelectorAll<HTMLButtonElement>('[part="contacts"] li button')];
      expect(buttons()).to.have.length(2);

      // The last one first: its button goes, so the focus goes to the one before it.
      buttons()[1]!.focus();
      buttons()[1]!.click();
      expect(await requested(api, el, `/api/contacts/${second.id}`), 'the request by its own id').to.have.length(1);
      await waitUntil(() => buttons().length === 1, 'the second request leaves the list', NET);
      await el.updateComplete;
      expect(focusIn(h.root), 'the request before it, not the top of the page').to.equal(`button[aria-describedby=contact-${CONTACT.responseId}]`);

      buttons()[0]!.click();
      await waitUntil(() => buttons().length === 0, 'the last request leaves the list', NET);
      await el.updateComplete;
      expect(focusIn(h.root), 'the list is empty: its heading').to.equal('h3#contacts-title');
      await expect(el).to.be.accessible();
    });

    it('leaves the focus where the reader moved it while a request was being marked', async () => {
      const api = await scriptedApi({ 'PATCH /api/contacts/*': [{ body: { ...CONTACT, handled: true }, hold: true }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      const button = h.root.querySelector<HTMLButtonElement>('[part="contacts"] li button')!;
      button.focus();
      button.click();
      await waitUntil(async () => (await api.requests(`/api/contacts/${CONTACT.responseId}`)).length === 1, 'the PATCH is on its way', NET);
      const search = h.root.querySelector<HTMLInputElement>('#comment-search')!;
      search.focus();
      await api.release();
      await waitUntil(() => !h.root.querySelector('[part="contacts"] li'), 'the request leaves the list', NET);
      await el.updateComplete;
      expect(focusIn(h.root)).to.equal('input#comment-search');
    });

    it('does not bring back a request marked handled while the list was reloading', async () => {
      const path = `/api/contacts/${CONTACT.responseId}`;
      const api = await scriptedApi({
        // The second list was read before the mark was stored, so it still has the request.
        'GET /api/contacts': [{ body: { contacts: [CONTACT] } }, { body: { contacts: [CONTACT] }, hold: true }],
        'PATCH /api/contacts/*': [{ body: { ...CONTACT, handled: true }, hold: true }],
      });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      h.root.querySelector<HTMLButtonElement>('[part="contacts"] li button')!.click();
      await waitUntil(async () => (await api.requests(path)).length === 1, 'the PATCH is on its way', NET);
      el.removeAttribute('survey-id');
      await waitUntil(async () => (await api.requests('/api/contacts')).length === 2, 'the list of every survey is asked for', NET);

      await api.release(path);
      await waitUntil(() => h.root.querySelector('[part="contacts"]')!.textContent!.includes('Gemarkeerd als afgehandeld.'), 'the mark is confirmed', NET);
      await api.release();
      await requested(api, el, '/api/contacts', 2);
      expect(h.root.querySelectorAll('[part="contacts"] li')).to.have.length(0);
      expect(h.root.querySelector('[part="contacts"]')!.textContent).to.contain('Geen openstaande vragen om contact.');
    });

    it('keeps a request on the list and reports the error as a failed mark, not a failed list, when the PATCH fails', async () => {
      const api = await scriptedApi({ 'PATCH /api/contacts/*': [{ status: 404, body: { error: 'No contact request' } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      const error = oneEvent(el, 'feedback-error');
      h.root.querySelector<HTMLButtonElement>('[part="contacts"] li button')!.click();
      const event = (await error) as FeedbackReportErrorEvent;
      await el.updateComplete;
      // A page tells it from a list that could not be loaded (request 'contacts').
      expect(event.detail.error).to.deep.include({ code: 'http', request: 'contact-handled', status: 404 });
      expect(h.root.querySelectorAll('[part="contacts"] li')).to.have.length(1);
    });

    it('says a mark that failed was not saved, and its retry sends the mark again', async () => {
      const path = `/api/contacts/${CONTACT.id}`;
      const api = await scriptedApi({ 'PATCH /api/contacts/*': [{ status: 503, body: { error: 'Database unavailable' } }, { body: { ...CONTACT, handled: true } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      h.root.querySelector<HTMLButtonElement>('[part="contacts"] li > button')!.click();
      await requested(api, el, path);
      await waitUntil(() => h.root.querySelector('[part="contacts"] .error'), 'the mark failed', NET);
      // Before, it read as a failed load ("De server antwoordde met fout 503."), and its retry loaded the list again.
      const error = h.root.querySelector('[part="contacts"] li .error');
      expect(error, 'the error goes with the request it is about').not.to.equal(null);
      expect(error!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Niet bewaard als afgehandeld. De server antwoordde met fout 503. Opnieuw proberen');
      expect(error!.getAttribute('role')).to.equal('alert');
      expect(h.root.querySelectorAll('[part="contacts"] li'), 'the request stays on the list').to.have.length(1);
      await expect(el).to.be.accessible();
      const retry = error!.querySelector('button')!;
      retry.focus();
      retry.click();
      expect(await requested(api, el, path, 2), 'the mark is sent again').to.have.length(2);
      expect(await api.requests('/api/contacts'), 'the list is not loaded again').to.have.length(1);
      await waitUntil(() => !h.root.querySelector('[part="contacts"] li'), 'the request leaves the list', NET);
      await el.updateComplete;
      expect(h.root.querySelector('[part="contacts"]')!.textContent).to.contain('Gemarkeerd als afgehandeld.');
      expect(focusIn(h.root), 'the list is empty: its heading').to.equal('h3#contacts-title');
    });

    it('offers a retry for the call-back requests alone when only they failed, and keeps focus on the list', async () => {
      const api = await scriptedApi({ 'GET /api/contacts': [{ status: 503, body: { error: 'Database unavailable' } }, { body: { contacts: [CONTACT] } }] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/contacts');
      expect(h.error, 'the report itself loaded').to.equal(null);
      const retry = h.root.querySelector<HTMLButtonElement>('[part="contacts"] .error button');
      expect(retry, 'a retry button with the call-back requests error').not.to.equal(null);
      retry!.focus();
      retry!.click();
      await requested(api, el, '/api/contacts', 2);
      expect(h.root.querySelector('[part="contacts"] .error')).to.equal(null);
      expect(h.root.querySelector('[part="contacts"] a')!.textContent).to.equal(CONTACT.email);
      expect(focusIn(h.root), 'the list it reloads, not the top of the page').to.equal('h3#contacts-title');
    });

    it('is left out with no-contacts', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api, { contacts: false });
      expect(h.root.querySelector('[part="contacts"]')).to.equal(null);
      expect(await api.requests('/api/contacts')).to.have.length(0);
    });
  });

  describe('exports', () => {
    /** Clicks an export button and catches the download link's click (cancelled: no file is saved). */
    async function download(h: ReportHarness, label: string) {
      const clicked = new Promise<{ name: string; text: Promise<string> }>(resolve => {
        h.el.addEventListener('click', function listen(event) {
          const link = event.composedPath()[0] as HTMLAnchorElement;
          if (link.localName !== 'a' || !link.download) return;
          h.el.removeEventListener('click', listen);
          event.preventDefault();
          // Read while the object URL is alive (the element revokes it later); keep a byte order mark.
          const text = fetch(link.href).then(async r => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer()));
          resolve({ name: link.download, text });
        });
      });
      [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')].find(b => b.textContent === label)!.click();
      return clicked;
    }

    it('downloads the Excel file with the token, under the name the server gives', async () => {
      const api = await scriptedApi({
        'GET /api/export.xlsx': [{ body: 'xlsx bytes', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', headers: { 'content-disposition': 'attachment; filename="feedback-loket-2026-01-01-2026-06-30.xlsx"' } }],
      });
      const { h } = await loaded(api);
      const file = await download(h, 'Excel (.xlsx)');
      expect(file.name).to.equal('feedback-loket-2026-01-01-2026-06-30.xlsx');
      expect(await file.text).to.equal('xlsx bytes');
      const [request] = await api.requests('/api/export.xlsx');
      expect(request!.authorization).to.equal(`Bearer ${TOKEN}`);
      expect(request!.params).to.deep.include({ survey: 'loket', period: 'half-year', date: '2026-01-01', lang: 'nl' });
    });

    it('names the CSV file after the survey and period when the server gives no name', async () => {
      const api = await scriptedApi({ 'GET /api/export.csv': [{ body: '\uFEFFvraag;tevreden\n', contentType: 'text/csv' }] });
      const { h } = await loaded(api);
      const file = await download(h, 'CSV');
      expect(file.name).to.equal('feedback-loket-2026-01-01-2026-06-30.csv');
      expect(await file.text).to.equal('\uFEFFvraag;tevreden\n');
    });

    it('reports a failed export without saving anything', async () => {
      const api = await scriptedApi({ 'GET /api/export.xlsx': [{ status: 401, body: { error: 'That report token is not valid.' } }] });
      const { el, h } = await loaded(api);
      const error = oneEvent(el, 'feedback-error');
      [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')][0]!.click();
      const event = (await error) as FeedbackReportErrorEvent;
      await el.updateComplete;
      expect(event.detail.error).to.deep.include({ code: 'unauthorized', request: 'export' });
      expect(h.root.querySelector('[part="export"] [role="status"]')!.textContent).to.contain('Het bestand kon niet gemaakt worden.');
    });

    it("clears the last reader's export error under a new token", async () => {
      const api = await scriptedApi({ 'GET /api/export.csv': [{ status: 503, body: { error: 'Database unavailable' } }] });
      const { el, h } = await loaded(api);
      const error = oneEvent(el, 'feedback-error');
      [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')].find(b => b.textContent === 'CSV')!.click();
      await error;
      await el.updateComplete;
      const status = () => h.root.querySelector('[part="export"] [role="status"]')!.textContent!.trim();
      expect(status()).to.contain('Het bestand kon niet gemaakt worden.');
      el.token = 'another-readers-token';
      await el.updateComplete;
      // Before, the next reader saw the last one's failed export until they exported a file themselves.
      expect(status()).to.equal('');
    });

    for (const [change, next] of [['changed', 'another-readers-token'], ['cleared', undefined]] as const) {
      it(`aborts an export running when the token is ${change}, and saves nothing`, async () => {
        const path = '/api/export.xlsx';
        const api = await scriptedApi({ [`GET ${path}`]: [{ body: 'xlsx bytes', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', hold: true }] });
        const { el, h } = await loaded(api);
        let saved = false;
        el.addEventListener('click', event => {
          const link = event.composedPath()[0] as HTMLAnchorElement;
          if (link.localName !== 'a' || !link.download) return;
          saved = true;
          event.preventDefault();
        });
        [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')].find(b => b.textContent === 'Excel (.xlsx)')!.click();
        await waitUntil(async () => (await api.requests(path)).length === 1, 'the export is on its way', NET);
        el.token = next;
        await el.updateComplete;
        // Before, the download went on under the last reader's token, and its file was saved.
        await waitUntil(async () => (await api.requests(path))[0]!.closedEarly, 'the export is aborted', NET);
        await api.release(path);
        await el.updateComplete;
        expect(saved, 'no file saved').to.equal(false);
      });
    }

    it('names the request that failed, not the report, for an error status of the comments, call-backs and exports', async () => {
      const down = { status: 503, body: { error: 'Database unavailable' } };
      const api = await scriptedApi({ 'GET /api/comments': [down], 'GET /api/contacts': [down], 'GET /api/export.csv': [down] });
      const { el, h } = await loaded(api);
      await requested(api, el, '/api/comments');
      await requested(api, el, '/api/contacts');
      const error = oneEvent(el, 'feedback-error');
      [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')].find(b => b.textContent === 'CSV')!.click();
      await error;
      await el.updateComplete;
      // Before, each read "De server kon het rapport niet maken (fout 503)." although the report was on screen.
      const text = (selector: string) => h.root.querySelector(selector)!.textContent!.replace(/\s+/g, ' ').trim();
      expect(text('[part="comments"] .error')).to.equal('De opmerkingen konden niet geladen worden. De server antwoordde met fout 503. Opnieuw proberen');
      expect(text('[part="contacts"] .error')).to.equal('De vragen om contact konden niet geladen worden. De server antwoordde met fout 503. Opnieuw proberen');
      expect(text('[part="export"] [role="status"]')).to.equal('Het bestand kon niet gemaakt worden. De server antwoordde met fout 503.');
    });

    it('says the CSV export still works when the collector has no Excel export (501)', async () => {
      const api = await scriptedApi({
        'GET /api/export.xlsx': [{ status: 501, body: { error: 'The Excel export needs the optional dependency exceljs on the server: npm install exceljs' } }],
      });
      const { el, h } = await loaded(api);
      const error = oneEvent(el, 'feedback-error');
      [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')].find(b => b.textContent === 'Excel (.xlsx)')!.click();
      expect(((await error) as FeedbackReportErrorEvent).detail.error).to.deep.include({ code: 'http', request: 'export', status: 501 });
      await el.updateComplete;
      expect(h.root.querySelector('[part="export"] [role="status"]')!.textContent).to.equal(
        'Het bestand kon niet gemaakt worden. Deze server maakt geen Excel-bestanden; de CSV-export werkt wel.',
      );
    });

    it('is left out with no-export', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api, { exports: false });
      expect(h.root.querySelector('[part="export"]')).to.equal(null);
    });
  });
  it('keeps a query string on the endpoint (a proxy that routes by it) in every request', async () => {
    const api = await scriptedApi({
      'PATCH /api/contacts/*': [{ body: { ...CONTACT, handled: true } }],
      // Refused, so no file is saved: only where the request went counts here.
      'GET /api/export.csv': [{ status: 503, body: { error: 'Database unavailable' } }],
    });
    // A slash before the query, and a fragment, which no request carries.
    const { el, h } = await loaded(api, { endpoint: `${api.endpoint}/?tenant=3&zone=a%20b#top` });
    await requested(api, el, '/api/comments');
    await requested(api, el, '/api/contacts');
    h.root.querySelector<HTMLButtonElement>('[part="contacts"] li > button')!.click();
    await requested(api, el, `/api/contacts/${CONTACT.id}`);
    [...h.root.querySelectorAll<HTMLButtonElement>('[part="export"] button')].find(b => b.textContent === 'CSV')!.click();
    await requested(api, el, '/api/export.csv');
    const requests = await api.requests();
    expect(requests.map(r => r.path).sort()).to.deep.equal(['/api/comments', '/api/contacts', `/api/contacts/${CONTACT.id}`, '/api/export.csv', '/api/report']);
    for (const request of requests) expect(request.params, request.path).to.deep.include({ tenant: '3', zone: 'a b' });
    expect(requests.find(r => r.path === '/api/report')!.params).to.deep.include({ survey: 'loket', period: 'half-year' });
  });

  it('raises one alert, the report\'s, when the token is refused', async () => {
    const refused = { status: 401, body: { error: 'That report token is not valid.' } };
    const api = await scriptedApi({ 'GET /api/report': [refused], 'GET /api/comments': [refused], 'GET /api/contacts': [refused] });
    const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint=${api.endpoint} survey-id="loket" date="2026-03-14"
      time-zone="Europe/Brussels" lang="nl" .token=${TOKEN} .clock=${CLOCK}></feedback-report>`);
    const h = new ReportHarness(el);
    await requested(api, el, '/api/report');
    await requested(api, el, '/api/comments');
    await requested(api, el, '/api/contacts');
    // Before, the report, the comments and the call-backs each raised "Het rapporttoken is niet geldig…" at once.
    const alerts = [...h.root.querySelectorAll('[role="alert"]')];
    expect(alerts.map(a => a.getAttribute('part') ?? a.closest('[part]')!.getAttribute('part'))).to.deep.equal(['error']);
    expect(alerts[0]!.textContent).to.contain('Het rapporttoken is niet geldig.');
    // Still written in each list, for whoever looks there, without a retry that the same token cannot mend.
    for (const list of ['comments', 'contacts']) {
      const error = h.root.querySelector(`[part="${list}"] .error`)!;
      expect(error.textContent, list).to.contain('Het rapporttoken is niet geldig.');
      expect(error.querySelector('button'), `${list}: no retry of its own (it raised nothing when pressed)`).to.equal(null);
    }
  });

  it('names the list whose answer cannot be read, not the report, and offers that list a retry', async () => {
    const api = await scriptedApi({
      'GET /api/comments': [{ body: '<html>Maintenance</html>', contentType: 'application/json' }, { body: COMMENT_PAGE }],
      'GET /api/contacts': [{ body: { contacts: 'none' } }, { body: { contacts: [CONTACT] } }],
    });
    const { el, h } = await loaded(api);
    await requested(api, el, '/api/comments');
    await requested(api, el, '/api/contacts');
    const text = (selector: string) => h.root.querySelector(selector)?.textContent!.replace(/\s+/g, ' ').trim();
    // Before, both said "De server stuurde geen geldig rapport." beside the report on screen.
    expect(text('[part="comments"] .error')).to.equal(
      'De opmerkingen konden niet geladen worden. Het antwoord van de server is niet te lezen. Misschien is de collector een andere versie. Opnieuw proberen',
    );
    expect(text('[part="contacts"] .error')).to.equal(
      'De vragen om contact konden niet geladen worden. Het antwoord van de server is niet te lezen. Misschien is de collector een andere versie. Opnieuw proberen',
    );
    h.root.querySelector<HTMLButtonElement>('[part="comments"] .error button')!.click();
    h.root.querySelector<HTMLButtonElement>('[part="contacts"] .error button')!.click();
    await requested(api, el, '/api/comments', 2);
    await requested(api, el, '/api/contacts', 2);
    expect(h.root.querySelectorAll('.error')).to.have.length(0);
    expect(h.root.querySelector('[part="comments"] .text')!.textContent).to.equal(COMMENT_PAGE.comments[0]!.text);
    expect(h.root.querySelector('[part="contacts"] a')!.textContent).to.equal(CONTACT.email);
  });

  describe('a list refused while the report loads', () => {
    const refused = { status: 401, body: { error: 'That report token is not valid.' } };

    /** A report held until `release()`, whose lists are refused meanwhile; `inserted()` lists the alerts put on the page since. */
    async function refusedWhileLoading(report: { status?: number; body: unknown }) {
      const api = await scriptedApi({ 'GET /api/report': [{ ...report, hold: true }], 'GET /api/comments': [refused], 'GET /api/contacts': [refused] });
      const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint=${api.endpoint} survey-id="loket" date="2026-03-14"
        time-zone="Europe/Brussels" lang="nl" .token=${TOKEN} .clock=${CLOCK}></feedback-report>`);
      const h = new ReportHarness(el);
      const lists = ['comments', 'contacts'].map(list => `[part="${list}"] .error`);
      await waitUntil(() => lists.every(list => h.root.querySelector(list)), 'both lists refused', NET);
      expect(h.root.querySelectorAll('[role="alert"]'), 'not yet: the report may say it').to.have.length(0);
      // A screen reader says an alert as it is put on the page, not a text already there whose element becomes one.
      const found: string[] = [];
      const collect = (records: MutationRecord[]) => {
        for (const node of records.flatMap(r => [...r.addedNodes])) {
          if (!(node instanceof Element)) continue;
          const alerts = [...(node.matches('[role="alert"]') ? [node] : []), ...node.querySelectorAll('[role="alert"]')];
          found.push(...alerts.map(a => `${a.closest('[part]')!.getAttribute('part')}: ${a.textContent!.replace(/\s+/g, ' ').trim()}`));
        }
      };
      const observer = new MutationObserver(collect);
      observer.observe(h.root, { childList: true, subtree: true });
      const inserted = () => {
        collect(observer.takeRecords());
        observer.disconnect();
        return found;
      };
      return { el, h, inserted, release: () => api.release('/api/report') };
    }

    it('announces the refusal once the report is on screen', async () => {
      const { el, h, inserted, release } = await refusedWhileLoading({ body: fixtureReport() });
      const load = oneEvent(el, 'feedback-load');
      await release();
      await load;
      await el.updateComplete;
      const alerts = inserted();
      // Before, the two errors only took role="alert", with their text already in them.
      expect(alerts.map(a => a.split(':')[0])).to.deep.equal(['comments', 'contacts']);
      expect(alerts.every(a => a.includes('Het rapporttoken is niet geldig.')), alerts.join(' | ')).to.equal(true);
      expect(h.root.querySelectorAll('[role="alert"]')).to.have.length(2);
    });

    it('announces the refusal when the report fails for another reason', async () => {
      const { el, h, inserted, release } = await refusedWhileLoading({ status: 503, body: { error: 'Database unavailable' } });
      const error = oneEvent(el, 'feedback-error');
      await release();
      await error;
      await el.updateComplete;
      // Before, the lists stayed silent: only the report's "fout 503" was said.
      expect(inserted().map(a => a.split(':')[0])).to.deep.equal(['error', 'comments', 'contacts']);
      expect(h.root.querySelectorAll('[role="alert"]')).to.have.length(3);
    });
  });
});
