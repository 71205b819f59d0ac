import { expect, fixtureSync, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { registerReportLocale, resolveReportMessages, type ReportMessages } from '../../src/report.js';
import type { FeedbackReport } from '../../src/components/feedback-report/feedback-report.js';
import type { FeedbackLoadEvent, FeedbackReportErrorEvent } from '../../src/events/report-events.js';
import { presetPeriod } from '../../src/report/period.js';
import type { RatingResult } from '../../src/report/report-schema.js';
import { NET, NOW, ReportHarness, TOKEN, fixtureReport, scriptedApi, type ReportApi } from '../helpers/report-fixtures.js';
import { accessibleName, focusIn } from '../helpers/focus.js';


const CLOCK = { now: () => NOW };

/** A report element on `api`, for the half-year of 14 March 2026, in Brussels time. */
function mount(api: ReportApi, { token = TOKEN, lang = 'nl' } = {}): FeedbackReport {
  return fixtureSync<FeedbackReport>(html`<feedback-report
    endpoint=${api.endpoint}
    survey-id="loket"
    date="2026-03-14"
    time-zone="Europe/Brussels"
    lang=${lang}
    no-comments
    no-contacts
    .token=${token}
    .clock=${CLOCK}
  ></feedback-report>`);
}

async function loaded(api: ReportApi, lang = 'nl') {
  const el = mount(api, { lang });
  const event = (await oneEvent(el, 'feedback-load')) as FeedbackLoadEvent;
  await el.updateComplete;
  return { h: new ReportHarness(el), el, event };
}

async function failed(api: ReportApi) {
  const el = mount(api);
  const event = (await oneEvent(el, 'feedback-error')) as FeedbackReportErrorEvent;
  await el.updateComplete;
  return { h: new ReportHarness(el), el, event };
}

describe('<feedback-report>', () => {
  describe('a loaded report', () => {
    it('renders a real report, announces it and is accessible', async () => {
      const api = await scriptedApi();
      const { h, el, event } = await loaded(api);
      expect(el).to.be.instanceOf(customElements.get('feedback-report')!);
      expect(event.detail.report).to.deep.equal(fixtureReport());
      expect(el.report).to.deep.equal(fixtureReport());
      expect(h.root.querySelector('h2')!.textContent).to.equal('Bevraging van het loket');
      expect(h.results.getAttribute('aria-busy')).to.equal('false');
      expect(h.status).to.equal('Rapport geladen: 16 antwoorden.');
      await expect(el).to.be.accessible();
    });

    it('asks the collector for the settings, with the token in the Authorization header only', async () => {
      const api = await scriptedApi();
      const { el } = await loaded(api);
      const [request] = await api.requests('/api/report');
      expect(request!.params).to.deep.equal({
        survey: 'loket',
        period: 'half-year',
        date: '2026-01-01',
        breakdown: 'channel',
        min: '5',
        tz: 'Europe/Brussels',
      });
      expect(request!.authorization).to.equal(`Bearer ${TOKEN}`);
      expect(el.hasAttribute('token')).to.equal(false);
    });

    it('leaves the time zone to the collector (REPORT_TIME_ZONE) unless time-zone is set', async () => {
      const api = await scriptedApi();
      const el = fixtureSync<FeedbackReport>(html`<feedback-report
        endpoint=${api.endpoint} survey-id="loket" date="2026-03-14" no-comments no-contacts .token=${TOKEN} .clock=${CLOCK}
      ></feedback-report>`);
      await oneEvent(el, 'feedback-load');
      const [request] = await api.requests('/api/report');
      expect(request!.params).to.not.have.property('tz');
      expect(request!.params.survey).to.equal('loket');
    });

    it("shows the collector's current period near midnight when time-zone is not set", async () => {
      // 23:30 on 30 June in the browser's zone is already 1 July on Kiritimati (UTC+14): the second half-year there.
      const now = new Date(2026, 5, 30, 23, 30).getTime();
      const theirs = fixtureReport({ period: presetPeriod('half-year', '2026-07-01'), timeZone: 'Pacific/Kiritimati' });
      const api = await scriptedApi({ 'GET /api/report': [{ body: theirs }] });
      const el = fixtureSync<FeedbackReport>(html`<feedback-report
        endpoint=${api.endpoint} survey-id="loket" lang="nl" no-comments no-contacts .token=${TOKEN} .clock=${{ now: () => now }}
      ></feedback-report>`);
      await oneEvent(el, 'feedback-load');
      await el.updateComplete;
      const h = new ReportHarness(el);
      expect(h.control('period').value).to.equal('2026-07-01');
      expect(h.optionTexts('period')[0]).to.equal('2e halfjaar 2026');
      // Running, up to their today (1 July; "1 jul." or "1 jul" as the browser abbreviates it).
      expect(h.root.querySelector('.summary .period')!.textContent).to.match(/^2e halfjaar 2026 \(loopt nog: antwoorden tot en met 1 jul\.? 2026\)$/);
      // Asked once, without a date: the collector takes the period holding its own today.
      const requests = await api.requests('/api/report');
      expect(requests.map(r => r.params)).to.deep.equal([{ survey: 'loket', period: 'half-year', breakdown: 'channel', min: '5' }]);
    });

    it('loads the report and comments again when a page left open passes into the next period', async () => {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      let now = new Date(2026, 5, 30, 12).getTime();
      const first = fixtureReport({ period: presetPeriod('half-year', '2026-06-30'), timeZone: zone });
      const second = fixtureReport({ period: presetPeriod('half-year', '2026-07-01'), timeZone: zone });
      const api = await scriptedApi({ 'GET /api/report': [{ body: first }, { body: second }] });
      const el = fixtureSync<FeedbackReport>(html`<feedback-report
        endpoint=${api.endpoint} survey-id="loket" lang="nl" no-contacts .token=${TOKEN} .clock=${{ now: () => now }}
      ></feedback-report>`);
      await oneEvent(el, 'feedback-load');
      const h = new ReportHarness(el);
      expect(h.control('period').value).to.equal('2026-01-01');
      now = new Date(2026, 6, 1, 12).getTime();
      const next = oneEvent(el, 'feedback-load');
      el.requestUpdate();
      await next;
      await el.updateComplete;
      expect(h.control('period').value).to.equal('2026-07-01');
      expect(h.root.querySelector('.summary .period')!.textContent).to.match(/^2e halfjaar 2026 \(loopt nog: antwoorden tot en met 1 jul\.? 2026\)$/);
      expect((await api.requests('/api/report')).map(r => r.params.date)).to.deep.equal([undefined, undefined]);
      await waitUntil(async () => (await api.requests('/api/comments')).length === 2, 'the comments are listed again', NET);
      // Another kind of period is one request, not one more for the half-year still on screen.
      await h.choose('kind', 'month');
      await waitUntil(async () => (await api.requests('/api/report')).length === 3, 'the month is requested', NET);
      await el.updateComplete;
      const requests = await api.requests('/api/report');
      expect(requests.map(r => r.params.period)).to.deep.equal(['half-year', 'half-year', 'month']);
      expect(requests[2]!.closedEarly, 'not aborted by a second request').to.equal(false);
    });

    it('gives a table per cut with a caption naming the cut and both periods, and scoped headers', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      expect(h.tables.map(t => t.caption!.textContent!.trim())).to.deep.equal([
        'Tevredenheid: Alle antwoorden, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Net Promoter Score: Alle antwoorden, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Tevredenheid: E-mail, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Net Promoter Score: E-mail, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Tevredenheid: Kiosk, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Net Promoter Score: Kiosk, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Tevredenheid: Telefoon, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
        'Net Promoter Score: Telefoon, 1e halfjaar 2026 (vergeleken met 2e halfjaar 2025)',
      ]);
      for (const table of h.tables) {
        expect([...table.tHead!.querySelectorAll('th')].every(th => th.getAttribute('scope') === 'col')).to.equal(true);
        expect([...table.tBodies[0]!.rows].every(row => row.cells[0]!.localName === 'th' && row.cells[0]!.getAttribute('scope') === 'row')).to.equal(true);
      }
      const email = h.table('Tevredenheid: E-mail');
      expect(h.headers(email)).to.deep.equal(['Vraag', 'Tevreden', 'Neutraal', 'Ontevreden', 'Score op 5', 'Antwoorden', 'Vorige periode', 'Verschil']);
    });

    it('shows the figures in Dutch number format, as worked out by hand', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const [label, satisfied, neutral, dissatisfied, score, n, previous] = h.row(h.table('Tevredenheid: E-mail'), 'Snelheid');
      expect(label).to.equal('Snelheid van het antwoord');
      expect([satisfied, neutral, dissatisfied, score, n, previous]).to.deep.equal(['63,64%', '9,09%', '27,27%', '3,45', '11', '3,40']);
    });

    it('shows each change as an arrow, a signed figure and a word, not by colour alone', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const email = h.table('Tevredenheid: E-mail');
      expect(h.row(email, 'Snelheid').at(-1)).to.equal('▲ +0,05 beter');
      expect(h.row(email, 'Duidelijkheid').at(-1)).to.equal('= 0,00 gelijk');
      expect(h.row(h.table('Net Promoter Score: E-mail'), 'Zou u').at(-1)).to.match(/^▼ [-−]50,91 slechter$/);
      const arrow = email.querySelector('.arrow')!;
      expect(arrow.getAttribute('aria-hidden')).to.equal('true');
      // Read as one phrase: figure, a space, the word (Chromium dropped a space bound between the two).
      const cell = [...email.querySelectorAll('td.change')][0]!;
      const name = await accessibleName(cell);
      if (name !== null) expect(name).to.equal('+0,05 beter');
    });

    it('shows NPS with its three groups, the score, the previous score and the change', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const nps = h.table('Net Promoter Score: E-mail');
      expect(h.headers(nps)).to.deep.equal(['Vraag', 'Promotors (9–10)', 'Passieven (7–8)', 'Criticasters (0–6)', 'NPS', 'Antwoorden', 'Vorige periode', 'Verschil']);
      expect(h.row(nps, 'Zou u').slice(1, 7)).to.deep.equal(['45,46%', '18,18%', '36,36%', '9,09', '11', '60,00']);
    });

    it('hides the figures of a cut below the minimum count and says why', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const phone = h.table('Tevredenheid: Telefoon');
      expect(h.row(phone, 'Snelheid')).to.deep.equal([
        'Snelheid van het antwoord',
        'te weinig antwoorden (minder dan 5)',
        '3',
        'geen antwoorden',
        '–geen vergelijking', // the dash is hidden from screen readers, which hear the words
      ]);
      expect(phone.querySelector('.bar')).to.equal(null);
      expect(phone.textContent).not.to.match(/%/);
    });

    it('says a cut with enough answers is hidden to protect a small one, not that it has too few', async () => {
      // Email and phone per office, minimum 7: Gent (6) has too few, and the total minus Brugge (8)
      // would give Gent away. (A small channel hides no other channel: this takes a context key.)
      const body = fixtureReport({ channels: ['email', 'phone'], breakdown: { by: 'context', key: 'office' }, minCount: 7 });
      const api = await scriptedApi({ 'GET /api/report': [{ body }] });
      const { h } = await loaded(api);
      const speed = (office: string) => {
        const table = h.tables.find(t => t.caption!.textContent!.startsWith('Tevredenheid') && t.caption!.textContent!.includes(office))!;
        return h.row(table, 'Snelheid').slice(1, 3);
      };
      expect(speed('Brugge')).to.deep.equal(['verborgen, zodat een kleine groep niet af te leiden is', '8']);
      expect(speed('Gent')).to.deep.equal(['te weinig antwoorden (minder dan 7)', '6']);
    });

    it('shows the response rate of a channel with counts of showings', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const email = h.table('Tevredenheid: E-mail').closest('section')!;
      expect(email.querySelector('.meta')!.textContent!.replace(/\s+/g, ' ')).to.contain('Responsgraad: 11,00% (11 antwoorden op 100 weergaven)');
    });

    it('draws a bar per question that screen readers skip, since the cells carry the numbers', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const bar = h.table('Tevredenheid: E-mail').querySelector<HTMLElement>('[part="bar"]')!;
      expect(bar.getAttribute('aria-hidden')).to.equal('true');
      expect([...bar.children].map(s => (s as HTMLElement).style.inlineSize)).to.deep.equal(['63.64%', '9.09%', '27.27%']);
    });

    it('puts each table in a focusable, labelled region that scrolls instead of the page', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      for (const table of h.tables) {
        const region = table.parentElement!;
        expect(region.getAttribute('role')).to.equal('region');
        expect(region.tabIndex).to.equal(0);
        expect(region.getAttribute('aria-labelledby')).to.equal(table.caption!.id);
        expect(getComputedStyle(region).overflowX).to.equal('auto');
      }
    });

    it('summarises the answers and the NPS of all answers', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const metrics = [...h.root.querySelectorAll('[part="metric"]')].map(m => m.textContent!.replace(/\s+/g, ' ').trim());
      expect(metrics[0]).to.equal('16 antwoorden (vorige periode: 5 antwoorden)');
      expect(metrics[1]).to.match(/^NPS [-−]6,25 ▼ [-−]66,25 slechter$/);
    });
  });

  describe('languages', () => {
    it('speaks English, French or German when the page does', async () => {
      const api = await scriptedApi();
      const en = await loaded(api, 'en');
      expect(en.h.table('Satisfaction: Email').caption!.textContent).to.equal('Satisfaction: Email, first half of 2026 (compared with second half of 2025)');
      expect(en.h.row(en.h.table('Satisfaction: Email'), 'Speed').slice(1, 5)).to.deep.equal(['63.64%', '9.09%', '27.27%', '3.45']);
      const fr = await loaded(api, 'fr-BE');
      expect(fr.h.headers(fr.h.table('Satisfaction\u00a0: E-mail'))[4]).to.equal('Score sur 5');
      // The survey has no French labels: they fall back to English, marked as English for screen readers.
      const speed = [...fr.h.table('Satisfaction\u00a0: E-mail').tBodies[0]!.rows].find(r => r.cells[0]!.textContent!.includes('Speed'))!;
      expect(speed.cells[0]!.querySelector('span[lang]')?.getAttribute('lang')).to.equal('en');
      expect(fr.h.row(fr.h.table('Satisfaction\u00a0: E-mail'), 'Speed').at(-1)).to.equal('▲ +0,05 mieux');
      // French puts a no-break space before a colon, also where a label meets its value in the code.
      const meta = fr.h.table('Satisfaction\u00a0: E-mail').closest('section')!.querySelector('.meta')!.textContent!;
      expect(meta).to.match(/Taux de réponse\u00a0: 11,00\s%/);
      expect(en.h.table('Satisfaction: Email').querySelector('span[lang]')).to.equal(null);
      const de = await loaded(api, 'de');
      expect(de.h.row(de.h.table('Zufriedenheit: E-Mail'), 'Speed')[1]).to.match(/^63,64\s%$/);
    });

    it('is Dutch when nothing on the page sets a language', async () => {
      const api = await scriptedApi();
      const el = fixtureSync<FeedbackReport>(html`<div lang=""><feedback-report endpoint=${api.endpoint} date="2026-03-14"
        time-zone="Europe/Brussels" no-comments no-contacts .token=${TOKEN} .clock=${CLOCK}></feedback-report></div>`).firstElementChild as FeedbackReport;
      const html_ = document.documentElement;
      const pageLang = html_.getAttribute('lang');
      html_.removeAttribute('lang');
      try {
        await oneEvent(el, 'feedback-load');
        await el.updateComplete;
        expect(new ReportHarness(el).control('kind').previousElementSibling!.textContent).to.equal('Soort periode');
      } finally {
        if (pageLang !== null) html_.setAttribute('lang', pageLang);
      }
    });

    it('takes single strings from .messages', async () => {
      const api = await scriptedApi();
      const { h, el } = await loaded(api);
      el.messages = { satisfied: 'Tevreden (4–5)' };
      await el.updateComplete;
      expect(h.headers(h.table('Tevredenheid: E-mail'))[1]).to.equal('Tevreden (4–5)');
    });
  });

  describe('states', () => {
    it('shows loading with aria-busy and a polite status, and is accessible', async () => {
      const api = await scriptedApi({ 'GET /api/report': [{ hold: true }] });
      const el = mount(api);
      const h = new ReportHarness(el);
      await waitUntil(async () => (await api.requests('/api/report')).length === 1, 'the report is requested', NET);
      await el.updateComplete;
      expect(h.results.getAttribute('aria-busy')).to.equal('true');
      expect(h.root.querySelector('[part="status"]')!.getAttribute('role')).to.equal('status');
      expect(h.status).to.equal('Het rapport wordt geladen…');
      await expect(el).to.be.accessible();
      await api.release();
    });

    it('never shows the last reader\'s report under another token while the new one loads', async () => {
      const api = await scriptedApi({ 'GET /api/report': [{ body: fixtureReport() }, { hold: true }] });
      const { el, h } = await loaded(api);
      expect(h.tables.length).to.be.greaterThan(0);
      el.token = 'another-readers-token';
      await waitUntil(async () => (await api.requests('/api/report')).length === 2, 'the report is requested again', NET);
      await el.updateComplete;
      expect(h.tables).to.have.length(0);
      expect(el.report).to.equal(undefined);
      await api.release();
    });

    it('says so when the period has no answers, and is accessible', async () => {
      const empty = fixtureReport({ period: presetPeriod('half-year', '2020-03-01') });
      const api = await scriptedApi({ 'GET /api/report': [{ body: empty }] });
      const { h, el } = await loaded(api);
      expect(h.results.querySelector('.empty')!.textContent).to.equal('Geen antwoorden in deze periode.');
      expect(h.tables).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('says the period is still running, and up to which day its figures go', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      // The clock says 1 May 2026: the first half-year is under way.
      expect(h.root.querySelector('.summary .period')!.textContent).to.equal('1e halfjaar 2026 (loopt nog: antwoorden tot en met 1 mei 2026)');
    });

    it('renders a locale registered without a text added later (from plain JavaScript), in English for that text', async () => {
      const { periodRunning: _added, ...older } = resolveReportMessages('nl');
      registerReportLocale({ ...older, $code: 'li' } as ReportMessages);
      const api = await scriptedApi();
      const { h } = await loaded(api, 'li');
      // The date as Intl writes it for "li" (which it may not know).
      expect(h.root.querySelector('.summary .period')!.textContent).to.match(/^1e halfjaar 2026 \(still running: answers up to and including .*2026\)$/);
      expect(h.table('Tevredenheid: E-mail'), 'the locale\'s own texts').to.not.equal(undefined);
    });

    it('renders a locale read from a JSON translation file, with a counting text given as a string, from the fallback for that text', async () => {
      // JSON has no functions: a translator wrote the counting text as a string.
      const json = { ...JSON.parse(JSON.stringify(resolveReportMessages('nl'))), $code: 'fy', answers: '{count} antwoorden' };
      registerReportLocale(json as ReportMessages);
      const api = await scriptedApi();
      const { h } = await loaded(api, 'fy');
      // Both from English, the fallback of "fy": the other counting text was left out by JSON.
      expect(h.root.querySelector('[part="metric"]')!.textContent!.trim()).to.equal('16 answers (previous period: 5 answers)');
      expect(h.table('Tevredenheid: Alle antwoorden'), 'the locale\'s own texts').to.not.equal(undefined);
    });

    it('refuses a locale without a $code, or with one no language tag (nl_BE), with a TypeError that says so', () => {
      for (const messages of [{}, { ...resolveReportMessages('nl'), $code: ' ' }, { ...resolveReportMessages('nl'), $code: 'nl_BE' }]) {
        expect(() => registerReportLocale(messages as ReportMessages)).to.throw(TypeError, /^registerReportLocale\(\): \$code ".*" is no language tag$/);
      }
    });

    it('still shows the previous period\'s figures when this period has no answers yet', async () => {
      // H2 2026 has none; H1 2026 has the fixture's 16.
      const quiet = fixtureReport({ period: presetPeriod('half-year', '2026-09-01') });
      const api = await scriptedApi({ 'GET /api/report': [{ body: quiet }] });
      const { h } = await loaded(api);
      const total = h.table('Tevredenheid: Alle antwoorden');
      const previous = (quiet.total.results[0] as RatingResult).previous!.mean!.toFixed(2).replace('.', ',');
      expect(h.row(total, 'Snelheid')).to.deep.equal(['Snelheid van het antwoord', 'geen antwoorden', '0', previous, '–geen vergelijking']);
      expect(h.results.querySelector('.empty')).to.equal(null);
    });

    it('shows "token not valid" on a 401, fires feedback-error, and is accessible', async () => {
      const api = await scriptedApi({ 'GET /api/report': [{ status: 401, body: { error: 'That report token is not valid.' } }] });
      const { h, el, event } = await failed(api);
      expect(event.detail.error).to.deep.include({ code: 'unauthorized', request: 'report', status: 401, message: 'That report token is not valid.' });
      expect(h.error!.getAttribute('role')).to.equal('alert');
      expect(h.error!.textContent).to.contain('Het rapporttoken is niet geldig.');
      expect(h.tables).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('says "token not valid", not "no connection", for a token no header can carry, and sends nothing', async () => {
      const api = await scriptedApi();
      // Pasted from a chat with a zero-width space: fetch refuses such a header before sending.
      const el = mount(api, { token: `${TOKEN}\u200b` });
      const event = (await oneEvent(el, 'feedback-error')) as FeedbackReportErrorEvent;
      await el.updateComplete;
      expect(event.detail.error).to.deep.include({ code: 'unauthorized', request: 'report' });
      expect(new ReportHarness(el).error!.textContent).to.contain('Het rapporttoken is niet geldig.');
      expect(await api.requests()).to.have.length(0);
    });

    it('turns an answer that is not a report into an error naming the field, never a crash', async () => {
      const broken = { ...fixtureReport(), total: { ...fixtureReport().total, answers: 'many' } };
      const api = await scriptedApi({ 'GET /api/report': [{ body: broken }] });
      const { h, event } = await failed(api);
      expect(event.detail.error.code).to.equal('invalid-response');
      expect(event.detail.error.message).to.contain('total.answers');
      expect(h.error!.textContent).to.contain('De server stuurde geen geldig rapport.');
    });

    it('treats an answer that is not JSON as an invalid response', async () => {
      const api = await scriptedApi({ 'GET /api/report': [{ body: '<html>login</html>', contentType: 'text/html' }] });
      const { event } = await failed(api);
      expect(event.detail.error.code).to.equal('invalid-response');
    });

    it('loads again with the retry button', async () => {
      const api = await scriptedApi({ 'GET /api/report': [{ status: 503, body: { error: 'Database unavailable' } }, { body: fixtureReport() }] });
      const { h, el, event } = await failed(api);
      expect(event.detail.error).to.deep.include({ code: 'http', status: 503 });
      expect(h.error!.textContent).to.contain('fout 503');
      const load = oneEvent(el, 'feedback-load');
      const retry = h.error!.querySelector('button')!;
      retry.focus();
      retry.click();
      await load;
      await el.updateComplete;
      expect(h.error).to.equal(null);
      expect(h.tables.length).to.be.greaterThan(0);
      expect(focusIn(el.shadowRoot!), 'the focus stays with the results, not the top of the page').to.equal('div.results');
    });

    it('asks for nothing and says what is missing without a token', async () => {
      const api = await scriptedApi();
      const el = mount(api, { token: '' });
      await el.updateComplete;
      expect(new ReportHarness(el).results.textContent).to.contain('Geef het rapporttoken');
      expect(await api.requests()).to.have.length(0);
      const load = oneEvent(el, 'feedback-load');
      el.token = TOKEN;
      await load;
    });

    it('refuses an http endpoint on another host, so the token never travels in clear text', async () => {
      const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint="http://collector.example" .token=${TOKEN}></feedback-report>`);
      const event = (await oneEvent(el, 'feedback-error')) as FeedbackReportErrorEvent;
      await el.updateComplete;
      expect(event.detail.error.code).to.equal('invalid-endpoint');
      expect(new ReportHarness(el).error!.textContent).to.contain('niet geldig of niet beveiligd');
    });
  });

  describe('an endpoint with a password in it', () => {
    it('is refused, and the error does not repeat the password (messages end up in logs)', async () => {
      const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint="https://user:secret@collector.example" .token=${TOKEN}></feedback-report>`);
      const event = (await oneEvent(el, 'feedback-error')) as FeedbackReportErrorEvent;
      expect(event.detail.error.code).to.equal('invalid-endpoint');
      expect(event.detail.error.message).to.contain('user name or password');
      expect(event.detail.error.message).not.to.contain('secret');
    });
  });

  describe('controls', () => {
    it('offers labelled selects: the kind of period, the recent periods, channel and breakdown', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      for (const id of ['kind', 'period', 'channel', 'breakdown']) {
        expect(h.root.querySelector(`label[for="${id}"]`), id).not.to.equal(null);
      }
      expect(h.optionTexts('kind')).to.deep.equal(['Maand', 'Kwartaal', 'Halfjaar', 'Jaar', 'Zelf kiezen']);
      expect(h.optionTexts('period')).to.deep.equal([
        '1e halfjaar 2026', '2e halfjaar 2025', '1e halfjaar 2025', '2e halfjaar 2024',
        '1e halfjaar 2024', '2e halfjaar 2023', '1e halfjaar 2023', '2e halfjaar 2022',
      ]);
      expect(h.control('period').value).to.equal('2026-01-01');
      expect(h.optionTexts('channel')).to.deep.equal(['Alle kanalen', 'Website', 'E-mail', 'Kiosk', 'Telefoon', 'Ander kanaal']);
      expect(h.optionTexts('breakdown')).to.deep.equal(['Niet opsplitsen', 'Per kanaal', 'Per kantoor', 'Per team', 'Per medewerker']);
    });

    it('requests the newly chosen period and aborts the request it replaces', async () => {
      const older = fixtureReport({ period: presetPeriod('half-year', '2025-03-01') });
      const api = await scriptedApi({ 'GET /api/report': [{ body: fixtureReport() }, { hold: true }, { body: older }] });
      const { h, el } = await loaded(api);
      await h.choose('period', '2025-07-01');
      await waitUntil(async () => (await api.requests('/api/report')).length === 2, 'the second period is requested', NET);
      const load = oneEvent(el, 'feedback-load');
      await h.choose('period', '2025-01-01');
      await load;
      await el.updateComplete;
      const requests = await api.requests('/api/report');
      expect(requests.map(r => r.params.date)).to.deep.equal(['2026-01-01', '2025-07-01', '2025-01-01']);
      await waitUntil(async () => (await api.requests('/api/report'))[1]!.closedEarly, 'the replaced request is aborted', NET);
      // The fixture has no answers then: the summary names the period, the tables are gone.
      expect(h.root.querySelector('.summary .period')!.textContent).to.equal('1e halfjaar 2025');
      expect(h.results.querySelector('.empty')).not.to.equal(null);
    });

    it('switches to months, and to a custom range of two days', async () => {
      const api = await scriptedApi();
      const { h, el } = await loaded(api);
      await h.choose('kind', 'month');
      expect(h.optionTexts('period')[0]).to.equal('mei 2026');
      expect(h.control('period').value).to.equal('2026-03-01');
      await h.choose('kind', 'custom');
      const from = h.control<HTMLInputElement>('from');
      const to = h.control<HTMLInputElement>('to');
      expect(h.root.querySelector('label[for="from"]')!.textContent).to.equal('Van');
      expect([from.value, to.value]).to.deep.equal(['2026-03-01', '2026-03-31']);
      to.value = '2026-02-01';
      to.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      expect(to.getAttribute('aria-invalid')).to.equal('true');
      expect(h.control<HTMLElement>('custom-error').textContent).to.contain('de eerste mag niet na de tweede liggen');
      expect(h.control<HTMLElement>('custom-error').getAttribute('role'), 'announced as it appears').to.equal('alert');
      to.value = '2026-04-15';
      to.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      await waitUntil(async () => (await api.requests('/api/report')).some(r => r.params.to === '2026-04-15'), 'the custom range is requested', NET);
      // Find it by its range, not by position: the aborted month request may reach the server after it.
      const custom = (await api.requests('/api/report')).find(r => r.params.to === '2026-04-15')!;
      expect(custom.params).to.deep.include({ from: '2026-03-01', to: '2026-04-15' });
      expect(custom.params).not.to.have.property('period');
    });

    it('keeps the last range while a year is being typed or the range is longer than the collector takes, and says why', async () => {
      const api = await scriptedApi();
      const { h, el } = await loaded(api);
      await h.choose('kind', 'custom');
      await waitUntil(() => h.status.startsWith('Rapport geladen'), 'the custom range is loaded', NET);
      const from = h.control<HTMLInputElement>('from');
      // Chromium's date field holds 0002, 0020, then 0202 while "2025" is typed in its year (the
      // collector takes days from 1970 on); 2015 to mid-2026 is over its 3660 days.
      for (const typed of ['0202-01-01', '2015-01-01']) {
        from.value = typed;
        from.dispatchEvent(new Event('change', { bubbles: true }));
        await el.updateComplete;
        expect(from.getAttribute('aria-invalid'), typed).to.equal('true');
        expect(h.status, `${typed}: nothing is asked`).to.equal('Rapport geladen: 16 antwoorden.');
        expect(h.error, typed).to.equal(null);
      }
      expect(h.control<HTMLElement>('custom-error').textContent).to.contain('hoogstens 10 jaar');
      from.value = '2025-01-01';
      from.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      expect(from.getAttribute('aria-invalid')).to.equal('false');
      await waitUntil(async () => (await api.requests('/api/report')).some(r => r.params.from === '2025-01-01'), 'the range is requested', NET);
    });

    it('requests one channel, and a breakdown by office', async () => {
      const api = await scriptedApi();
      const { h } = await loaded(api);
      await h.choose('channel', 'email');
      await h.choose('breakdown', 'office');
      await waitUntil(async () => (await api.requests('/api/report')).some(r => r.params.breakdown === 'office'), 'the breakdown is requested', NET);
      const byOffice = (await api.requests('/api/report')).find(r => r.params.breakdown === 'office')!;
      expect(byOffice.params).to.deep.include({ channel: 'email', breakdown: 'office' });
    });
  });

  describe('layout', () => {
    after(() => setViewport({ width: 800, height: 600 }));

    it('fits 1280 px at 200 % zoom: wide tables scroll in their region, never the page', async () => {
      await setViewport({ width: 640, height: 400 });
      const api = await scriptedApi();
      const { h } = await loaded(api);
      const base = h.root.querySelector<HTMLElement>('[part="base"]')!;
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      expect(base.getBoundingClientRect().right).to.be.at.most(window.innerWidth + 1);
      const region = h.tables[0]!.parentElement!;
      expect(region.scrollWidth).to.be.greaterThan(region.clientWidth);
      // The caption wraps within what is visible, so it can be read without scrolling.
      const caption = h.tables[0]!.caption!.firstElementChild!.getBoundingClientRect();
      expect(caption.right).to.be.at.most(region.getBoundingClientRect().right + 1);
    });

    it('marks an invalid day by more than its colour, also where forced colours replace that colour (WCAG 1.4.1)', async () => {
      const api = await scriptedApi();
      const { h, el } = await loaded(api);
      await h.choose('kind', 'custom');
      const to = h.control<HTMLInputElement>('to');
      to.value = '2025-12-01'; // before the first day
      to.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      expect(to.getAttribute('aria-invalid')).to.equal('true');
      // Focus (an outline) is not the cue: the borders, with the colour left out, against a valid control.
      const shape = (e: HTMLElement) => `${getComputedStyle(e).borderTopStyle} ${getComputedStyle(e).borderTopWidth}`;
      const expectCue = () => expect(shape(to), 'against the period kind').not.to.equal(shape(h.control('kind')));
      expectCue();
      expect(getComputedStyle(to).borderTopColor, 'the error colour').to.equal(getComputedStyle(h.control('custom-error')).color);
      // Emulated where the browser allows it (not in Firefox).
      const emulate = (value: string) => executeServerCommand<boolean, unknown>('emulate-media-features', { features: [{ name: 'forced-colors', value }] });
      if (await emulate('active')) {
        try {
          expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
          expectCue();
        } finally {
          await emulate('none');
        }
      }
    });

    it('has forced-colors and reduced-motion styles', async () => {
      const api = await scriptedApi();
      const { el } = await loaded(api);
      const rules = (condition: string) =>
        el.shadowRoot!.adoptedStyleSheets.flatMap(sheet =>
          [...sheet.cssRules].filter((r): r is CSSMediaRule => r instanceof CSSMediaRule && r.conditionText.includes(condition)),
        );
      expect(rules('forced-colors: active')).to.have.length(1);
      expect(rules('prefers-reduced-motion: reduce')).to.have.length(1);
    });
  });
});
