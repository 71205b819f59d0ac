import '../helpers/fresh-storage.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackErrorEvent, FeedbackQueuedEvent, FeedbackSentEvent, FeedbackSubmitEvent } from '../../src/events/feedback-events.js';
import { DB_PREFIX } from '../../src/queue/idb.js';
import type { Transport } from '../../src/queue/transport.js';
import { LoopHarness } from '../helpers/harness.js';
import { expectExactlyOnce, ledgerKey, ledgerUrl, read, script, times, waitForLedger } from '../helpers/ledger-client.js';

// The element's life in a page, above all a single-page app's: removed, moved, recreated or
// reconfigured while answers are saved or queued, against the ledger collector
// (test/helpers/ledger-endpoint.mjs). No answer may be lost, shown as sent when it is not, or
// left for a reload to send; no IndexedDB connection may be left open.

const RESET = { reset: true } as const;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const V2 = { id: 'service-quality', version: 2, questions: [{ kind: 'rating', id: 'q', label: { en: 'Q' } }] };
const OTHER = { id: 'other-survey', version: 1, questions: [{ kind: 'rating', id: 'q', label: { en: 'Q' } }] };

let keys: string[] = [];
let elements: HTMLElement[] = [];

function newKey(): string {
  const key = ledgerKey('audit');
  keys.push(key);
  return key;
}

async function loopAt(key: string, survey?: object): Promise<LoopHarness> {
  const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} .survey=${survey}></feedback-loop>`);
  elements.push(el);
  return new LoopHarness(el);
}

function nextEvent<T extends Event>(target: EventTarget, type: string, accept: (e: T) => boolean = () => true, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
    target.addEventListener(type, function listener(event) {
      if (!accept(event as T)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    });
  });
}

/** Answers every scale question of whatever survey the element shows. */
async function answerAll(h: LoopHarness): Promise<void> {
  const ids = h.questions.map(q => q.id.replace(/^q-/, ''));
  for (const id of ids) if (h.radios(id).length) await h.choose(id, id === 'nps' ? 9 : 4);
}

/** Whether a deleteDatabase of the queue of `key` is blocked by a connection nobody closes. */
async function deleteBlocked(key: string, waitMs = 3000): Promise<'deleted' | 'blocked' | 'timeout'> {
  const name = (await indexedDB.databases()).map(d => d.name ?? '').find(n => n.startsWith(DB_PREFIX) && n.includes(key));
  return name ? deleteQueue(name.slice(DB_PREFIX.length), waitMs) : 'deleted';
}

/** Opens the outbox, answers, presses Send; resolves the answer's id once it is saved. */
async function send(h: LoopHarness): Promise<string> {
  await h.el.outbox.deadLetters();
  await answerAll(h);
  const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
  h.submitButton.click();
  return (await queued).detail.id;
}

/** As `send`, then waits for its first send to fail (the collector is scripted to be offline). */
async function sendOffline(h: LoopHarness): Promise<string> {
  const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error', e => e.detail.code === 'send-failed');
  const id = await send(h);
  await failed;
  return id;
}

/** Deletes the database of exactly `queue`: `blocked` when a connection nobody closes holds it. */
function deleteQueue(queue: string, waitMs = 2000): Promise<'deleted' | 'blocked' | 'timeout'> {
  return new Promise(resolve => {
    const request = indexedDB.deleteDatabase(DB_PREFIX + queue);
    const timer = setTimeout(() => resolve('timeout'), waitMs);
    request.onblocked = () => {
      clearTimeout(timer);
      resolve('blocked');
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve('deleted');
    };
  });
}

/** The queue of `key`'s endpoint for `survey` (`id@version`), as named in IndexedDB (the endpoint there is absolute). */
async function queueOf(key: string, survey: string): Promise<string> {
  const names = (await indexedDB.databases()).map(db => db.name ?? '');
  const name = names.find(n => n.startsWith(DB_PREFIX) && n.includes(key) && n.endsWith(`|${survey}`));
  if (!name) throw new Error(`no queue for ${survey} among ${names.join(', ')}`);
  return name.slice(DB_PREFIX.length);
}

/** Runs `body` in a page without IndexedDB (some private modes), then gives the page its own back. */
async function withoutIndexedDB(body: () => Promise<void>): Promise<void> {
  const platform = Object.getOwnPropertyDescriptor(window, 'indexedDB');
  Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  try {
    await body();
  } finally {
    if (platform) Object.defineProperty(window, 'indexedDB', platform);
    else delete (window as { indexedDB?: IDBFactory }).indexedDB;
  }
}

/** A transport that fails as offline until `state.online`, then delivers. */
function switchable() {
  const state = { online: false, calls: [] as string[][], delivered: new Set<string>() };
  const transport: Transport = async records => {
    state.calls.push(records.map(r => r.id));
    if (!state.online) return { ok: false, reason: 'network', retryable: true };
    for (const r of records) state.delivered.add(r.id);
    return { ok: true, ids: records.map(r => r.id) };
  };
  return { state, transport };
}

describe('<feedback-loop> in a single-page app: removed, moved, recreated, reconfigured', function () {
  this.timeout(40_000);

  afterEach(async () => {
    for (const el of elements) el.remove();
    elements = [];
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await sleep(100);
    for (const key of keys) await deleteBlocked(key, 1000);
    keys = [];
  });

  it('endpoint changed while the answer is being saved: never claims "sent" for an answer no endpoint got', async () => {
    const keyA = newKey();
    const keyB = newKey();
    const h = await loopAt(keyA);
    const el = h.el;
    await el.outbox.deadLetters(); // the outbox is open
    await answerAll(h);
    let id = '';
    const sentEvents: string[] = [];
    el.addEventListener('feedback-sent', e => sentEvents.push(...(e as FeedbackSentEvent).detail.ids));
    // The host switches endpoint as the answer is submitted (e.g. a config that arrives late).
    el.addEventListener('feedback-submit', e => {
      id = (e as FeedbackSubmitEvent).detail.record.id;
      el.endpoint = ledgerUrl(keyB);
    });
    const queued = nextEvent<FeedbackQueuedEvent>(el, 'feedback-queued');
    h.submitButton.click();
    await queued;
    await el.outbox.flush();
    await sleep(500);
    await el.outbox.flush();
    await el.updateComplete;
    const [a, b] = [await read(keyA), await read(keyB)];
    expect(a.accepted[id] ?? 0, 'endpoint A').to.equal(0);
    expect(b.accepted[id] ?? 0, 'endpoint B').to.equal(0);
    expect(el.status, 'no endpoint has the answer').to.not.equal('sent');
    expect(h.delivery).to.not.match(/has been sent/i);
  });

  it('survey replaced while the answer is being saved (same endpoint): feedback-queued fires and the answer is delivered in this page', async () => {
    const key = newKey();
    const h = await loopAt(key);
    const el = h.el;
    await el.outbox.deadLetters();
    await answerAll(h);
    let id = '';
    let queuedEvents = 0;
    el.addEventListener('feedback-queued', () => queuedEvents++);
    el.addEventListener('feedback-submit', e => {
      id = (e as FeedbackSubmitEvent).detail.record.id;
      el.survey = V2 as never; // SPA: the route's next survey, same endpoint
    });
    h.submitButton.click();
    await el.updateComplete;
    await waitUntil(() => queuedEvents === 1, 'feedback-queued for the stored answer', { timeout: 10_000 });
    await el.outbox.flush(); // any flush of the element sends what the old survey's queue holds
    await waitForLedger(key, ledger => ledger.accepted[id] === 1, 'delivered while the page stays open', 10_000);
    expect(queuedEvents).to.equal(1);
  });

  it('route change while offline (same endpoint, another survey): the earlier answer goes when the network is back', async () => {
    const key = newKey();
    await script(key, times(5, RESET));
    const a = await loopAt(key);
    const id = await sendOffline(a);
    await sleep(200);
    a.el.remove(); // route change
    const b = await loopAt(key, OTHER); // the next route's survey, same endpoint
    await b.el.outbox.deadLetters();
    await waitUntil(() => b.el.pending === 1, 'the earlier route\'s answer counts as waiting', { timeout: 10_000 });
    await script(key, []); // back online
    window.dispatchEvent(new Event('online')); // no flush asked for: the trigger alone sends it
    await waitForLedger(key, ledger => ledger.accepted[id] === 1, 'the earlier route\'s answer delivered after online', 10_000);
    await waitUntil(() => b.el.pending === 0, 'no longer counted', { timeout: 10_000 });
  });

  it('removed while its answer is held in memory (IndexedDB unusable): still sent when the network is back', async () => {
    const platform = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    try {
      let online = false;
      const calls: string[][] = [];
      const transport: Transport = async records => {
        calls.push(records.map(r => r.id));
        return online ? { ok: true, ids: records.map(r => r.id) } : { ok: false, reason: 'network', retryable: true };
      };
      const endpoint = `/api/test/ok?queue=${crypto.randomUUID()}`;
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${endpoint} .transport=${transport}></feedback-loop>`);
      elements.push(el);
      const h = new LoopHarness(el);
      await answerAll(h);
      await h.submit();
      await waitUntil(() => el.status === 'held' && calls.length > 0, 'held and tried', { timeout: 10_000 });
      const held = calls[0]![0]!;
      el.remove(); // the SPA navigates; the tab stays open
      online = true;
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      await sleep(3000);
      expect(calls.flat().filter(i => i === held).length, 'tried again after the network came back').to.be.at.least(2);
    } finally {
      if (platform) Object.defineProperty(window, 'indexedDB', platform);
      else delete (window as { indexedDB?: IDBFactory }).indexedDB;
    }
  });

  it('removed while its request is in flight: no IndexedDB connection is left open afterwards', async () => {
    const key = newKey();
    await script(key, [{ delayMs: 1000 }]);
    const h = await loopAt(key);
    await h.el.outbox.deadLetters();
    await answerAll(h);
    const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
    h.submitButton.click();
    await waitForLedger(key, l => l.inFlight > 0, 'in flight');
    h.el.remove(); // SPA route change mid-request
    await sent; // settled by the detached element
    await sleep(500);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await sleep(300);
    const result = await deleteBlocked(key);
    expect(result).to.equal('deleted');
  });

  it('moved in the DOM while saving: delivered once, status sent', async () => {
    const key = newKey();
    const h = await loopAt(key);
    await h.el.outbox.deadLetters();
    await answerAll(h);
    const other = document.createElement('section');
    document.body.append(other);
    elements.push(other);
    const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
    const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
    h.submitButton.click();
    other.append(h.el); // moved while "Saving your answer…"
    const { id } = (await queued).detail;
    await sent;
    await h.el.updateComplete;
    expect(h.el.status).to.equal('sent');
    await expectExactlyOnce(key, [id]);
  });

  it('removed while saving: the answer is stored and delivered once', async () => {
    const key = newKey();
    const h = await loopAt(key);
    await h.el.outbox.deadLetters();
    await answerAll(h);
    const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
    const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
    h.submitButton.click();
    h.el.remove();
    const { id } = (await queued).detail;
    await sent;
    await expectExactlyOnce(key, [id]);
  });

  it('recreated on 6 route changes with one answer waiting: one request per online event, delivered once', async () => {
    const key = newKey();
    await script(key, times(100, { status: 503 }));
    let h = await loopAt(key);
    const id = await send(h);
    await waitForLedger(key, l => l.requests.length >= 1, 'first try');
    for (let i = 0; i < 6; i++) {
      h.el.remove();
      h = await loopAt(key);
      await h.el.outbox.deadLetters();
      await sleep(150);
    }
    await sleep(1500);
    const before = (await read(key)).requests.length;
    window.dispatchEvent(new Event('online'));
    await sleep(1500);
    const after = (await read(key)).requests.length;
    expect(after - before).to.be.at.most(1);
    await script(key, []);
    const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
    window.dispatchEvent(new Event('online'));
    await sent;
    await sleep(300);
    await expectExactlyOnce(key, [id]);
  });

  it('two elements with the same endpoint and survey: each answer once, never twice in flight', async () => {
    const key = newKey();
    await script(key, times(4, RESET));
    const a = await loopAt(key);
    const b = await loopAt(key);
    await Promise.all([a.el.outbox.deadLetters(), b.el.outbox.deadLetters()]);
    const ids: string[] = [];
    for (const h of [a, b]) {
      await answerAll(h);
      const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
      h.submitButton.click();
      ids.push((await queued).detail.id);
    }
    await sleep(500);
    await script(key, [{ delayMs: 500 }]);
    window.dispatchEvent(new Event('online'));
    await waitForLedger(key, l => ids.every(id => l.accepted[id] === 1) && l.inFlight === 0, 'both stored', 15_000);
    await a.el.outbox.flush();
    await b.el.outbox.flush();
    await a.el.updateComplete;
    await b.el.updateComplete;
    await expectExactlyOnce(key, ids);
    expect([a.el.status, b.el.status]).to.deep.equal(['sent', 'sent']);
  });
  for (const opened of [true, false]) {
    it(`removed right after Send while IndexedDB is unusable (outbox ${opened ? 'open' : 'not open yet'}): the answer held in memory is still sent`, async () => {
      await withoutIndexedDB(async () => {
        const { state, transport } = switchable();
        const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .transport=${transport}></feedback-loop>`);
        elements.push(el);
        const h = new LoopHarness(el);
        if (opened) await el.outbox.deadLetters();
        await answerAll(h);
        const queued = nextEvent<FeedbackQueuedEvent>(el, 'feedback-queued');
        h.submitButton.click();
        el.remove(); // the app navigates away before the save ends
        const { id, durable } = (await queued).detail;
        expect(durable).to.equal(false);
        await waitUntil(() => state.calls.flat().includes(id), 'tried while offline', { timeout: 10_000 });
        state.online = true;
        window.dispatchEvent(new Event('online'));
        await waitUntil(() => state.delivered.has(id), 'delivered once the network is back', { timeout: 10_000 });
      });
    });
  }

  it('reconfigured while detached with an answer held in memory: the answer is still sent', async () => {
    await withoutIndexedDB(async () => {
      const { state, transport } = switchable();
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .transport=${transport}></feedback-loop>`);
      elements.push(el);
      const h = new LoopHarness(el);
      await answerAll(h);
      const queued = nextEvent<FeedbackQueuedEvent>(el, 'feedback-queued');
      await h.submit();
      const { id } = (await queued).detail;
      await waitUntil(() => el.status === 'held' && state.calls.length > 0, 'held and tried', { timeout: 10_000 });
      el.remove();
      el.survey = V2 as never; // a framework reuses the detached element for the next route
      await el.updateComplete;
      state.online = true;
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => state.delivered.has(id), 'delivered once the network is back', { timeout: 10_000 });
    });
  });

  it('an element already on the page sends what a removed element left in IndexedDB, at its next trigger', async () => {
    const key = newKey();
    await script(key, times(50, RESET));
    const footer = await loopAt(key, OTHER); // on every route
    await footer.el.outbox.deadLetters();
    const route = await loopAt(key);
    const id = await sendOffline(route);
    route.el.remove(); // route change, while offline
    await script(key, []);
    window.dispatchEvent(new Event('online'));
    await waitForLedger(key, ledger => ledger.accepted[id] === 1, 'sent by the footer survey', 10_000);
  });

  it('pagehide lets go of the IndexedDB connections of the queues it adopted, too (bfcache, deletes)', async () => {
    const key = newKey();
    await script(key, times(50, RESET));
    const a = await loopAt(key);
    await send(a);
    const oldQueue = await queueOf(key, 'service-quality@1');
    a.el.remove();
    const b = await loopAt(key, OTHER);
    await waitUntil(() => b.el.pending === 1, 'adopted', { timeout: 10_000 });
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await sleep(300);
    expect(await deleteQueue(oldQueue)).to.equal('deleted');
  });

  it('survey replaced while saving: the old queue\'s connection is let go once the save is handed back', async () => {
    const key = newKey();
    const h = await loopAt(key);
    const el = h.el;
    await el.outbox.deadLetters();
    await answerAll(h);
    let id = '';
    el.addEventListener('feedback-submit', e => {
      id = (e as FeedbackSubmitEvent).detail.record.id;
      el.survey = V2 as never;
    });
    const queued = nextEvent<FeedbackQueuedEvent>(el, 'feedback-queued');
    h.submitButton.click();
    await queued;
    await el.outbox.flush();
    await waitForLedger(key, ledger => ledger.accepted[id] === 1, 'delivered', 10_000);
    el.remove();
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await sleep(300);
    expect(await deleteQueue(await queueOf(key, 'service-quality@1'))).to.equal('deleted');
  });
});
