import '../helpers/fresh-storage.js';
import { expect, waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackErrorEvent, FeedbackQueuedEvent } from '../../src/events/feedback-events.js';
import { RETRY } from '../../src/queue/policy.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { E2E_TOKEN } from '../helpers/collector-token.mjs';
import { LoopHarness } from '../helpers/harness.js';

// <feedback-loop> in a real browser against the real reference collector (PGlite) on the test
// server, through real fetch and real IndexedDB. The network is cut on the server side
// (test/helpers/collector-endpoint.mjs): the browser sees exactly what a dropped Wi-Fi gives.

interface StoredAnswer {
  id: string;
  channel: string;
  context: Record<string, string>;
  answers: Record<string, number | string>;
}

const mounted: HTMLElement[] = [];
const at = (key: string) => `/e2e-collector/${key}`;

async function setNetwork(key: string, state: 'online' | 'offline' | 'lose-response' | 'server-error'): Promise<void> {
  const response = await fetch(`${at(key)}/network`, { method: 'POST', body: state });
  expect(response.ok).to.equal(true);
}

/** What the collector's database holds for these ids, read through its protected API. */
async function stored(key: string, ids: string[]): Promise<StoredAnswer[]> {
  const response = await fetch(`${at(key)}/api/responses?ids=${ids.join(',')}`, {
    headers: { authorization: `Bearer ${E2E_TOKEN}` },
  });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { responses: StoredAnswer[] }).responses;
}

interface Network {
  posts: number;
  statuses: { accepted?: number; duplicate?: number; rejected?: number };
}

async function network(key: string): Promise<Network> {
  return (await (await fetch(`${at(key)}/network`)).json()) as Network;
}

/** A fresh widget, as for the next respondent; no cooldown, as several answer on this one page. */
async function widget(key: string, survey?: Survey, endpoint = `${at(key)}/api/responses`, mode = 'web'): Promise<LoopHarness> {
  const wrap = document.createElement('div');
  render(
    html`<feedback-loop lang="en" mode=${mode} cooldown-days="0" endpoint=${endpoint} office=${key} .survey=${survey}></feedback-loop>`,
    wrap,
  );
  document.body.append(wrap);
  mounted.push(wrap);
  const el = wrap.querySelector<FeedbackLoop>('feedback-loop')!;
  await el.updateComplete;
  return new LoopHarness(el);
}

/** Answers (the default survey with `value`, or `fill`), submits, and resolves with the stored id. */
async function answer(h: LoopHarness, value = 4, fill?: () => Promise<void>): Promise<string> {
  await (fill ? fill() : h.answerDefault(value, value * 2));
  const queued = new Promise<FeedbackQueuedEvent>(done => h.el.addEventListener('feedback-queued', done, { once: true }));
  h.submitButton.click();
  const { detail } = await queued;
  expect(detail.durable, 'kept in IndexedDB').to.equal(true);
  return detail.id;
}

describe('<feedback-loop> with the reference collector', function () {
  // Three respondents' worth of clicks, retries and a database round trip each: slow on a busy machine.
  this.timeout(30_000);

  before(async () => {
    // The collector starts in its own process with the test run; wait until it answers.
    await waitUntil(async () => (await fetch('/e2e-collector/warm-up/api/health').catch(() => undefined))?.ok === true, 'collector up', { timeout: 25_000, interval: 250 });
  });

  afterEach(() => {
    for (const wrap of mounted.splice(0)) wrap.remove();
  });

  it('keeps answers while offline and stores each exactly once when the network is back', async () => {
    const key = crypto.randomUUID();
    await setNetwork(key, 'offline');
    const ids: string[] = [];
    let last!: LoopHarness;
    for (const value of [5, 3, 1]) {
      last = await widget(key);
      ids.push(await answer(last, value));
    }
    await waitUntil(() => last.el.pending === 3, 'three answers wait in the outbox', { timeout: 10_000 });
    expect(await stored(key, ids), 'nothing reached the database while offline').to.deep.equal([]);
    expect(last.el.status).to.equal('queued');

    await setNetwork(key, 'online');
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => last.el.pending === 0, 'the outbox drains', { timeout: 10_000 });
    await last.el.outbox.flush(); // one more flush must not send anything twice

    const rows = await stored(key, ids);
    expect(rows.map(row => row.id).sort()).to.deep.equal([...ids].sort());
    expect((await network(key)).statuses, 'each answer was sent once: no duplicates').to.deep.equal({ accepted: 3, duplicate: 0, rejected: 0 });
    const byId = new Map(rows.map(row => [row.id, row]));
    expect(ids.map(id => byId.get(id)!.answers.reliability)).to.deep.equal([5, 3, 1]);
    expect(ids.map(id => byId.get(id)!.answers.nps)).to.deep.equal([10, 6, 2]);
    expect(rows.every(row => row.channel === 'web' && row.context.office === key)).to.equal(true);
  });

  it('takes one answer per email invitation, records nothing before the confirm, and says so kindly to a second answer', async () => {
    const key = crypto.randomUUID();
    const token = `tok_${key.replaceAll('-', '')}`;
    const original = location.href;
    history.replaceState(null, '', `?fl-question=reliability&fl-value=5&fl-token=${token}`);
    try {
      const first = await widget(key, undefined, undefined, 'email');
      expect(first.radios('reliability')[4]!.checked, 'the score clicked in the email').to.equal(true);
      await first.el.outbox.flush();
      expect((await network(key)).posts, 'opening the link records nothing').to.equal(0);

      const firstId = await answer(first, 5);
      await waitUntil(() => first.el.status === 'sent', 'the first answer is stored', { timeout: 10_000 });
      // The same email opened again on another device: this browser would show "already received"
      // at once (it remembers the link), so it forgets it here.
      localStorage.removeItem('feedback-loop:answered');
      const second = await widget(key, undefined, undefined, 'email');
      const secondId = await answer(second, 2);
      await waitUntil(() => second.el.status === 'already-received', 'the second is acknowledged, not stored', { timeout: 10_000 });

      expect(second.thanks.textContent).to.contain('You have already answered this invitation. Only your first answer counts.');
      expect(second.el.pending).to.equal(0);
      const rows = await stored(key, [firstId, secondId]);
      expect(rows.map(row => row.id)).to.deep.equal([firstId]);
      expect(rows[0]!.answers.reliability).to.equal(5);
      // The collector keeps a keyed hash of the token and never gives it back (README, Privacy).
      expect(JSON.stringify(rows)).not.to.contain(token);
      expect(rows[0]).not.to.have.property('invitation');
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('stores an answer once when the collector stored it but the reply was lost', async () => {
    const key = crypto.randomUUID();
    await setNetwork(key, 'lose-response');
    const h = await widget(key);

    const id = await answer(h);
    await waitUntil(async () => (await stored(key, [id])).length === 1, 'the collector stored it', { timeout: 10_000 });
    // The reply is lost: the outbox sends again (a browser may also repeat a POST on a reset
    // connection by itself). Either way the collector sees the answer twice and stores it once.
    await h.el.outbox.flush();
    await waitUntil(() => h.el.pending === 0, 'acknowledged', { timeout: 10_000 });

    const { posts, statuses } = await network(key);
    expect(posts, 'the collector received the answer more than once').to.be.greaterThanOrEqual(2);
    expect(statuses.duplicate, 'and said "duplicate" to the repeat').to.be.greaterThanOrEqual(1);
    expect(h.el.status).to.equal('sent');
    expect((await stored(key, [id])).map(row => row.id)).to.deep.equal([id]);
  });

  it('S15: a queue stalled on 503 exports its waiting answers as a request body the collector takes as it is; their delivery later is a duplicate', async () => {
    const key = crypto.randomUUID();
    await setNetwork(key, 'server-error');
    const ids: string[] = [];
    let h!: LoopHarness;
    for (const value of [5, 2]) {
      for (const wrap of mounted.splice(0)) wrap.remove(); // one sender of the queue: its stall count is the one looked at
      h = await widget(key);
      ids.push(await answer(h, value));
    }
    const stalled = new Promise<FeedbackErrorEvent>(done =>
      h.el.addEventListener('feedback-error', e => e.detail.code === 'delivery-stalled' && done(e)),
    );
    for (let i = 0; i < RETRY.stallAfter; i++) await h.el.outbox.flush();
    await stalled;
    expect(h.el.pending).to.equal(2);

    const file = await h.el.outbox.exportPending();
    const { records } = JSON.parse(file) as { records: FeedbackRecord[] };
    expect(Object.keys(JSON.parse(file))).to.deep.equal(['records']);
    expect(records.map(record => record.id).sort()).to.deep.equal([...ids].sort());
    expect(records.find(record => record.id === ids[1])!.answers.reliability).to.equal(2);
    await h.el.outbox.flush();
    expect(h.el.pending, 'the export removed nothing').to.equal(2);
    expect(await stored(key, ids)).to.deep.equal([]);

    // IT takes the file to a network that reaches the collector: curl -X POST --data @file.json
    // -H 'content-type: application/json' …/api/responses, straight to the collector.
    const { url } = (await (await fetch('/e2e-collector/node')).json()) as { url: string };
    const response = await fetch(`${url}/api/responses`, { method: 'POST', body: file, headers: { 'content-type': 'application/json' } });
    expect(response.status).to.equal(200);
    const { results } = (await response.json()) as { results: Array<{ status: string }> };
    expect(results.map(result => result.status)).to.deep.equal(['accepted', 'accepted']);
    expect((await stored(key, ids)).map(row => row.id).sort()).to.deep.equal([...ids].sort());

    // The server is mended: the tablet delivers the same answers as usual, and the collector keeps one of each.
    await setNetwork(key, 'online');
    await h.el.outbox.flush();
    await waitUntil(() => h.el.pending === 0, 'the outbox drains', { timeout: 10_000 });
    expect((await network(key)).statuses).to.deep.equal({ accepted: 0, duplicate: 2, rejected: 0 });
    expect((await stored(key, ids)).length).to.equal(2);
  });

  it('sends across origins to the Node collector, which stores the answer and lets the page read its acknowledgement', async () => {
    // The Node adapter on its own port: another origin, a text/plain POST without preflight, CORS.
    const { url } = (await (await fetch('/e2e-collector/node')).json()) as { url: string };
    expect(new URL(url).origin).not.to.equal(location.origin);
    const key = crypto.randomUUID();
    const h = await widget(key, undefined, `${url}/api/responses`);

    const id = await answer(h);
    await waitUntil(() => h.el.pending === 0, 'acknowledged: the browser let the page read the answer', { timeout: 10_000 });

    expect(h.el.status).to.equal('sent');
    const response = await fetch(`${url}/api/responses?ids=${id}`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
    const { responses } = (await response.json()) as { responses: StoredAnswer[] };
    expect(responses.map(row => [row.id, row.context.office])).to.deep.equal([[id, key]]);
  });

  it('S33: stores the answer of a tablet whose clock was reset to 2000 at the time it was given', async () => {
    // A same-origin frame is the tablet: its Date (new Date() and Date.now()) runs in 2000, for the
    // element, its outbox and its requests alike. The collector and this page keep the true time.
    const key = crypto.randomUUID();
    const skew = Date.UTC(2000, 0, 1) - Date.now();
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="en"><head><script>
      (() => {
        const Real = Date;
        window.Date = class extends Real {
          constructor(...args) { if (args.length) super(...args); else super(Real.now() + ${skew}); }
          static now() { return Real.now() + ${skew}; }
        };
      })();
      </script><script type="module">import '/src/define.ts';</script></head>
      <body><feedback-loop cooldown-days="0" endpoint="${at(key)}/api/responses" office="${key}"></feedback-loop></body></html>`;
    const wrap = document.createElement('div');
    wrap.append(frame);
    mounted.push(wrap);
    document.body.append(wrap);
    await waitUntil(() => frame.contentWindow?.customElements.get('feedback-loop'), 'the tablet loads the element', { timeout: 10_000 });
    const el = frame.contentDocument!.querySelector('feedback-loop') as FeedbackLoop;
    await el.updateComplete;
    const h = new LoopHarness(el);

    const before = Date.now();
    const id = await answer(h);
    await waitUntil(() => h.el.pending === 0, 'acknowledged', { timeout: 10_000 });
    const after = Date.now();

    const [row] = (await stored(key, [id])) as Array<StoredAnswer & { submittedAt: string }>;
    const storedAt = Date.parse(row!.submittedAt);
    expect(storedAt, `${row!.submittedAt}: between the answer (${new Date(before).toISOString()}) and its acknowledgement`).to.be.within(before, after);
  });

  it('turns an answer the collector refuses into a dead letter with the collector’s reason', async () => {
    const key = crypto.randomUUID();
    const unknown: Survey = {
      id: 'not-on-the-collector',
      version: 1,
      questions: [{ kind: 'rating', id: 'speed', label: { en: 'Speed' }, required: true }],
    };
    const h = await widget(key, unknown);
    const dead = new Promise<FeedbackErrorEvent>(done =>
      h.el.addEventListener('feedback-error', e => e.detail.code === 'dead-letter' && done(e)),
    );

    const id = await answer(h, 4, () => h.choose('speed', 4));
    await dead;

    const [letter] = await h.el.outbox.deadLetters();
    expect(letter!.id).to.equal(id);
    expect(letter!.status).to.equal(422);
    expect(letter!.reason).to.equal('Unknown survey "not-on-the-collector" version 1');
    expect(await stored(key, [id])).to.deep.equal([]);
  });
});
