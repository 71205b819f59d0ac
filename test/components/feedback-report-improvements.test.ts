import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { registerReportLocale, resolveReportMessages, type ReportMessages } from '../../src/report.js';
import type { FeedbackReport } from '../../src/components/feedback-report/feedback-report.js';
import type { Report } from '../../src/report/report-schema.js';
import { NOW, ReportHarness, SURVEY, TOKEN, fixtureReport, scriptedApi } from '../helpers/report-fixtures.js';

/** A loaded report element on a collector that answers `body`. */
async function loaded(body: Report = fixtureReport(), lang = 'nl') {
  const api = await scriptedApi({ 'GET /api/report': [{ body }] });
  const el = fixtureSync<FeedbackReport>(html`<feedback-report
    endpoint=${api.endpoint} survey-id="loket" date="2026-03-14" time-zone="Europe/Brussels" lang=${lang}
    no-comments no-contacts .token=${TOKEN} .clock=${{ now: () => NOW }}
  ></feedback-report>`);
  await oneEvent(el, 'feedback-load');
  await el.updateComplete;
  return { el, h: new ReportHarness(el), points: () => el.shadowRoot!.querySelector<HTMLElement>('[part="improvement-points"]') };
}

const items = (points: HTMLElement) => [...points.querySelectorAll('ol > li')].map(li => li.textContent!.replace(/\s+/g, ' ').trim());

describe('<feedback-report> improvement points', () => {
  it('lists the lowest-scored questions of all answers with their scores, lowest first, and is accessible', async () => {
    // All 16 answers: speed 53 / 16 = 3,31, clarity 61 / 16 = 3,81 (the NPS is not among them).
    const { el, h, points } = await loaded();
    const section = points()!;
    expect(section.localName).to.equal('section');
    // The heading says the rule; the list is numbered, lowest first.
    expect(section.querySelector('h3')!.textContent!.trim()).to.equal('Verbeterpunten: de laagste scores op 5');
    expect(section.querySelector('ol')).to.not.equal(null);
    expect(items(section)).to.deep.equal(['Snelheid van het antwoord: 3,31', 'Duidelijkheid van de informatie: 3,81']);
    // Above the tables, after the summary.
    expect(section.compareDocumentPosition(h.tables[0]!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    expect(section.compareDocumentPosition(h.root.querySelector('[part="summary"]')!) & Node.DOCUMENT_POSITION_PRECEDING).to.not.equal(0);
    await expect(el).to.be.accessible();
  });

  it('ranks the total of the channels filtered on, and speaks the page language', async () => {
    const { points } = await loaded(fixtureReport({ channels: ['email'] }), 'en');
    expect(points()!.querySelector('h3')!.textContent!.trim()).to.equal('Points to improve: the lowest scores out of 5');
    // Email: speed 3,45, clarity 4,00.
    expect(items(points()!)).to.deep.equal(['Speed of the answer: 3.45', 'Clarity of the information: 4.00']);
  });

  it('shows nothing when fewer than two questions have a score: one question is no ranking', async () => {
    const oneRating = { ...SURVEY, questions: SURVEY.questions.filter(q => q.id !== 'clarity') };
    expect((await loaded(fixtureReport({}, oneRating))).points()).to.equal(null);
    // Phone alone has 3 answers, under the minimum of 5: its scores are hidden.
    const { h, points } = await loaded(fixtureReport({ channels: ['phone'] }));
    expect(points()).to.equal(null);
    expect(h.tables.length, 'the tables still show').to.be.greaterThan(0);
  });

  it('takes the heading from English in a locale registered without it (from plain JavaScript)', async () => {
    const { improvementPoints: _added, ...older } = resolveReportMessages('nl');
    registerReportLocale({ ...older, $code: 'wa' } as ReportMessages);
    const { points } = await loaded(fixtureReport(), 'wa');
    expect(points()!.querySelector('h3')!.textContent!.trim()).to.equal('Points to improve: the lowest scores out of 5');
    expect(items(points()!)[0]).to.match(/: 3[.,]31$/);
  });

  describe('layout', () => {
    after(() => setViewport({ width: 800, height: 600 }));

    it('wraps within 1280 px at 200 % zoom, also in forced colours where the browser emulates them', async () => {
      await setViewport({ width: 640, height: 400 });
      const { points } = await loaded();
      const fits = () => {
        expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
        for (const li of points()!.querySelectorAll('li')) expect(li.getBoundingClientRect().right).to.be.at.most(window.innerWidth + 1);
      };
      fits();
      const emulate = (value: string) => executeServerCommand<boolean, unknown>('emulate-media-features', { features: [{ name: 'forced-colors', value }] });
      if (await emulate('active')) {
        try {
          // The points are text in a numbered list: nothing rests on a colour forced colours replace.
          expect(getComputedStyle(points()!.querySelector('ol')!).listStyleType).to.equal('decimal');
          fits();
        } finally {
          await emulate('none');
        }
      }
    });
  });
});
