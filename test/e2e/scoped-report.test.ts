import { expect, fixtureSync, html, waitUntil } from '@open-wc/testing';
import '../../src/report.js';
import type { FeedbackReport } from '../../src/components/feedback-report/feedback-report.js';
import type { FeedbackReportErrorEvent, ReportError } from '../../src/events/report-events.js';
import type { Report } from '../../src/report/report-schema.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import { E2E_SCOPES, E2E_TOKEN } from '../helpers/collector-token.mjs';

// <feedback-report> with a team's scoped token (REPORT_SCOPES) against the real reference collector
// (test/helpers/collector-endpoint.mjs): it shows that team's report and comments, with nothing to
// change but `no-contacts`. Both browsers share the collector, so each has its own team and token.

const NET = { timeout: 10_000 };
const scope = E2E_SCOPES[navigator.userAgent.includes('Firefox') ? 1 : 0]!;
const team = scope.context['team']!;
const at = (key: string) => `/e2e-collector/${key}`;

/** Stores `n` answers of `team` with the comment `text`, through the collector's own POST. */
async function send(key: string, n: number, teamOf: string, text: string): Promise<void> {
  const records: FeedbackRecord[] = Array.from({ length: n }, () => ({
    id: crypto.randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'web',
    locale: 'nl',
    answers: { reliability: 4, credibility: 5, tangibles: 3, empathy: 4, responsiveness: 2, nps: 9, comment: text },
    submittedAt: new Date().toISOString(),
    context: { team: teamOf },
  }));
  const response = await fetch(`${at(key)}/api/responses`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ records }) });
  expect(response.status).to.equal(200);
}

/** The full token's report, as the organisation sees it (filtered on the team, or not). */
async function fullReport(key: string, query = ''): Promise<Report> {
  const response = await fetch(`${at(key)}/api/report?${query}`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
  expect(response.status).to.equal(200);
  return (await response.json()) as Report;
}

function mount(key: string, noContacts: boolean): { el: FeedbackReport; errors: ReportError[] } {
  const el = fixtureSync<FeedbackReport>(html`<feedback-report endpoint=${at(key)} lang="en" ?no-contacts=${noContacts} .token=${scope.token}></feedback-report>`);
  const errors: ReportError[] = [];
  el.addEventListener('feedback-error', event => void errors.push((event as FeedbackReportErrorEvent).detail.error));
  return { el, errors };
}

/** Resolves on `feedback-load`; fails at once with the collector's message if the report is refused. */
const loaded = (el: FeedbackReport) =>
  new Promise<void>((resolve, reject) => {
    el.addEventListener('feedback-load', () => resolve(), { once: true });
    el.addEventListener('feedback-error', ({ detail: { error } }) => void (error.request === 'report' && reject(new Error(`report refused: ${error.message}`))));
  });

const commentsShown = (el: FeedbackReport) => [...el.shadowRoot!.querySelectorAll('[part="comments"] li')].map(li => li.textContent!);

describe('<feedback-report> with a scoped token', () => {
  it("shows the team's own report and comments, and with no-contacts asks for nothing it may not read", async () => {
    const key = `scope-${crypto.randomUUID()}`;
    const own = `own ${crypto.randomUUID()}`;
    const other = `other ${crypto.randomUUID()}`;
    await send(key, 5, team, own);
    await send(key, 2, `${team}-other`, other);

    const { el, errors } = mount(key, true);
    await loaded(el);
    await waitUntil(() => commentsShown(el).some(text => text.includes(own)), "the team's comment is listed", NET);

    const filtered = await fullReport(key, `context.team=${encodeURIComponent(team)}`);
    expect(el.report!.filters.context).to.deep.equal({ team });
    expect(el.report!.total.answers).to.equal(filtered.total.answers);
    expect(el.report!.total.answers).to.be.below((await fullReport(key)).total.answers);
    expect(commentsShown(el).some(text => text.includes(other)), "another team's comment").to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="contacts"]')).to.equal(null);
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('without no-contacts, shows the refusal in the call-back section only, and the report all the same', async () => {
    const key = `scope-${crypto.randomUUID()}`;
    await send(key, 5, team, `own ${crypto.randomUUID()}`);

    const { el, errors } = mount(key, false);
    await loaded(el);
    await waitUntil(() => errors.some(error => error.request === 'contacts'), 'the call-back requests refused', NET);
    await el.updateComplete;

    const refusal = errors.find(error => error.request === 'contacts')!;
    expect(refusal.status).to.equal(403);
    expect(refusal.message).to.contain(`This token is scoped to team=${team}`);
    expect(el.shadowRoot!.querySelector('[part="contacts"] [role="alert"]')!.textContent).to.contain('403');
    expect(el.report!.filters.context).to.deep.equal({ team });
    expect(errors.map(error => error.request)).to.deep.equal(['contacts']);
  });
});
