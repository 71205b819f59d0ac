import '../helpers/fresh-storage.js';
import { elementUpdated, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type {
  FeedbackErrorEvent,
  FeedbackQueuedEvent,
  FeedbackSentEvent,
  FeedbackSubmitEvent,
} from '../../src/events/feedback-events.js';
import { DB_PREFIX, STORE_NAME } from '../../src/queue/idb.js';
import { createFetchTransport, requestBody } from '../../src/queue/transport.js';
import { LoopHarness } from '../helpers/harness.js';
import {
  expectExactlyOnce,
  ledgerKey,
  ledgerUrl,
  read,
  requestsWith,
  script,
  settled,
  times,
  waitForLedger,
} from '../helpers/ledger-client.js';

// <feedback-loop> against the ledger collector (test/helpers/ledger-endpoint.mjs), through real
// fetch and real IndexedDB, driven through its controls. Retries are driven by triggers
// (el.outbox.flush(), window events), never by waiting for the element's timers.

/**
 * A later visit: ten minutes on, every lease a closed tab left behind has run out. A tab's clock is
 * moved (test/e2e/tab.html) instead of waiting for the lease in real time.
 */
const LATER_MS = 10 * 60_000;
const RESET = { reset: true } as const;

interface TabWindow extends Window {
  clockSkewMs: number;
  tabEvents: Array<{ type: string; detail: { id?: string; ids?: string[]; code?: string; message?: string } }>;
}

/** A same-origin iframe standing for a browser tab with the widget on it. */
interface Tab {
  frame: HTMLIFrameElement;
  win: TabWindow;
  el: FeedbackLoop;
  h: LoopHarness;
}

let keys: string[] = [];
let frames: HTMLIFrameElement[] = [];

function newKey(): string {
  const key = ledgerKey('outbox');
  keys.push(key);
  return key;
}

/** What the endpoints of this test saw, for a failure message: the answers a wait did not get. */
async function ledgersSeen(): Promise<string> {
  const seen = await Promise.all(
    keys.map(async key => {
      const { requests } = await read(key).catch(() => ({ requests: [] as Array<{ answer: string; at: number }> }));
      return `${key.slice(-8)}: [${requests.map(r => `${r.answer}@${r.at % 100_000}`).join(', ')}]`;
    }),
  );
  return `the endpoint saw ${seen.join('; ')}`;
}

/**
 * Resolves with the first `type` event on `target` that `accept` takes; rejects after `timeoutMs`.
 * Generous: on a loaded machine a request may wait seconds for its turn.
 */
function nextEvent<T extends Event>(
  target: EventTarget,
  type: string,
  accept: (event: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(async () => {
      target.removeEventListener(type, listener);
      reject(new Error(`no matching ${type} within ${timeoutMs} ms; ${await ledgersSeen()}`));
    }, timeoutMs);
    function listener(event: Event) {
      if (!accept(event as T)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    }
    target.addEventListener(type, listener);
  });
}

const errorCode = (code: string) => (event: FeedbackErrorEvent) => event.detail.code === code;

/**
 * Five more failed flushes: the retry timer is then 25 s or more away (backoff after six failures,
 * less 20 % jitter), so a send within a test's wait came from the trigger under test, not from it.
 */
async function pushRetryTimerOut(h: LoopHarness): Promise<void> {
  let retryInMs = 0;
  const note = (event: Event) => (retryInMs = (event as FeedbackErrorEvent).detail.retryInMs ?? 0);
  h.el.addEventListener('feedback-error', note);
  for (let i = 0; i < 5; i++) await h.el.outbox.flush();
  h.el.removeEventListener('feedback-error', note);
  expect(retryInMs, 'the next retry by timer').to.be.above(20_000);
}

/** Every feedback-queued/-sent/-error of `el`, in order. */
function recordEvents(el: EventTarget): Array<{ type: string; code?: string }> {
  const log: Array<{ type: string; code?: string }> = [];
  for (const type of ['feedback-queued', 'feedback-sent', 'feedback-error']) {
    el.addEventListener(type, event => log.push({ type, code: (event as FeedbackErrorEvent).detail.code }));
  }
  return log;
}

let mounted: HTMLElement[] = [];

/**
 * Renders several widgets into a plain wrapper. Not `fixture()`: for a non-Lit wrapper it waits
 * for an animation frame, which never comes while this test page is a background tab.
 */
async function mount(template: TemplateResult): Promise<HTMLElement> {
  const wrap = document.createElement('div');
  render(template, wrap);
  document.body.append(wrap);
  mounted.push(wrap);
  await Promise.all([...wrap.querySelectorAll('feedback-loop')].map(el => el.updateComplete));
  return wrap;
}

/** An answer saved while offline, then refused by the endpoint: a dead letter. */
async function refusedAnswer() {
  const key = newKey();
  await script(key, times(10, RESET));
  const h = await loopAt(key);
  const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
  const id = await submitAnswer(h);
  await failed;
  // Armed first: a retry timer may send (and be refused) as soon as the script is in place.
  const dead = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error', errorCode('dead-letter'));
  await script(key, [{ rejectIds: [id] }]);
  await h.el.outbox.flush();
  const { detail } = await dead;
  return { key, h, id, detail };
}

/** A survey of one rating question `q`: a later version of the default survey, or another survey. */
function oneQuestion(id: string, version: number) {
  return { id, version, questions: [{ kind: 'rating', id: 'q', label: { en: 'Q' } }] };
}

/** An answer to the default survey left queued for ledger `key` by an element since removed, the endpoint failing `failures` times. */
async function leftQueued(key: string, failures: number): Promise<string> {
  await script(key, times(failures, { status: 503 }));
  const v1 = await loopAt(key);
  const id = await submitAnswer(v1);
  await flushesIdle(key);
  v1.el.remove();
  return id;
}

async function loopAt(key: string): Promise<LoopHarness> {
  const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)}></feedback-loop>`);
  return new LoopHarness(el);
}

/** Answers the default survey and submits; resolves with the id once the answer is stored. */
async function submitAnswer(h: LoopHarness): Promise<string> {
  await h.answerDefault();
  const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
  h.submitButton.click();
  const { id, durable } = (await queued).detail;
  expect(durable, 'the answer is stored in IndexedDB, not only in this page').to.equal(true);
  return id;
}

function deliveryLine(h: LoopHarness): string {
  return h.root.querySelector('[part="delivery"]')?.textContent?.trim() ?? '';
}

const SAVED = /saved on this device/i;
const SENT = /has been sent/i;

async function attach(frame: HTMLIFrameElement): Promise<Tab> {
  const win = frame.contentWindow as TabWindow;
  const el = frame.contentDocument?.querySelector('feedback-loop') as FeedbackLoop | null;
  if (!el) throw new Error('the tab did not render <feedback-loop>');
  await el.updateComplete;
  return { frame, win, el, h: new LoopHarness(el) };
}

async function openTab(key: string, skewMs = 0): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.src = `/test/e2e/tab.html?endpoint=${encodeURIComponent(ledgerUrl(key))}&skew=${skewMs}`;
  frames.push(frame);
  const loaded = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const tab = await attach(frame);
  // Resolves once the tab's outbox has opened (and probed) its database.
  await tab.el.outbox.deadLetters();
  return tab;
}

function sentIn(tab: Tab, id: string): boolean {
  return tab.win.tabEvents.some(event => event.type === 'feedback-sent' && event.detail.ids?.includes(id));
}

/** Waits until no flush of the queue of `key` holds or waits for its Web Lock. */
async function flushesIdle(key: string): Promise<void> {
  await waitUntil(
    async () => {
      const { held = [], pending = [] } = await navigator.locks.query();
      return ![...held, ...pending].some(lock => lock.name?.includes(key));
    },
    'no flush running',
    { timeout: 10_000, interval: 20 },
  );
}

function deleteDatabase(name: string, waitMs = 2000): Promise<void> {
  return new Promise(resolve => {
    const request = indexedDB.deleteDatabase(name);
    // A connection that never closes blocks the delete; it then completes when the page goes.
    const timer = setTimeout(finish, waitMs);
    function finish() {
      clearTimeout(timer);
      resolve();
    }
    request.onsuccess = finish;
    request.onerror = finish;
  });
}

/** Opens (a second connection to) the outbox database of the widget posting to ledger `key`. */
async function openQueueDatabase(key: string): Promise<IDBDatabase> {
  const names = (await indexedDB.databases()).map(db => db.name ?? '');
  const name = names.find(n => n.startsWith(DB_PREFIX) && n.includes(key));
  if (!name) throw new Error(`no outbox database for ${key} in ${JSON.stringify(names)}`);
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Keeps a readwrite transaction busy on `db` for `ms`, as another tab writing would. */
function holdDatabase(db: IDBDatabase, ms: number): Promise<void> {
  return new Promise(resolve => {
    const tx = db.transaction(STORE_NAME, 'readwrite');
    const store = tx.objectStore(STORE_NAME);
    const until = performance.now() + ms;
    const next = () => {
      if (performance.now() < until) store.count().onsuccess = next;
    };
    next();
    tx.oncomplete = tx.onabort = tx.onerror = () => resolve();
  });
}

function openDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Copies the queued answers of one outbox database into another, under the same keys. */
async function copyItems(from: IDBDatabase, to: IDBDatabase): Promise<void> {
  const read = from.transaction(STORE_NAME).objectStore(STORE_NAME);
  const [keys, values] = await Promise.all(
    [read.getAllKeys(), read.getAll()].map(
      request => new Promise<unknown[]>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error)))),
    ),
  );
  const tx = to.transaction(STORE_NAME, 'readwrite');
  keys!.forEach((key, i) => String(key).startsWith('q:') && tx.objectStore(STORE_NAME).put(values![i], key as IDBValidKey));
  await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
}

async function deleteDatabasesOf(ledgerKeys: readonly string[], waitMs?: number): Promise<void> {
  const names = (await indexedDB.databases())
    .map(db => db.name ?? '')
    .filter(name => name.startsWith(DB_PREFIX) && ledgerKeys.some(key => name.includes(key)));
  await Promise.all(names.map(name => deleteDatabase(name, waitMs)));
}

describe('<feedback-loop> outbox, end to end (ledger collector)', function () {
  this.timeout(30_000); // room for the waits above on a loaded machine
  before(async () => {
    // The first tab of a run compiles every module; do that once here, not inside a timed test.
    const key = ledgerKey('warm-up');
    (await openTab(key)).frame.remove();
    frames = [];
    await deleteDatabasesOf([key]);
  });

  afterEach(async () => {
    for (const frame of frames) frame.remove();
    frames = [];
    for (const wrap of mounted) wrap.remove();
    mounted = [];
    // The element lets go of IndexedDB on pagehide, so its database can be deleted.
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await deleteDatabasesOf(keys);
    keys = [];
  });

  describe('network', () => {
    it('S1: offline at submit: "saved" first, delivered once when the browser reports online', async () => {
      const key = newKey();
      await script(key, times(30, RESET));
      const h = await loopAt(key);
      const log = recordEvents(h.el);
      await h.answerDefault();
      const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
      const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');

      h.submitButton.click();

      const { detail } = await queued;
      expect(detail.durable).to.equal(true);
      await waitUntil(() => !h.thanks.hidden, 'the thank-you shows', { timeout: 10_000 });
      expect(deliveryLine(h)).to.match(SAVED);
      expect((await failed).detail.code).to.equal('send-failed');
      await h.el.updateComplete;
      expect(h.el.matches(':state(pending)'), ':state(pending)').to.equal(true);
      expect(h.el.matches(':state(offline)'), ':state(offline)').to.equal(true);
      expect(h.el.pending).to.equal(1);
      expect(deliveryLine(h)).to.match(SAVED);
      expect((await read(key)).accepted).to.deep.equal({});
      await pushRetryTimerOut(h);

      await script(key, []); // the network is back
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      window.dispatchEvent(new Event('online'));

      expect((await sent).detail.ids).to.deep.equal([detail.id]);
      await h.el.updateComplete;
      expect(deliveryLine(h)).to.match(SENT);
      expect(h.el.matches(':state(pending)')).to.equal(false);
      expect(h.el.matches(':state(offline)')).to.equal(false);
      const types = log.map(event => event.type);
      expect(types.indexOf('feedback-queued')).to.be.within(0, types.indexOf('feedback-sent'));
      await expectExactlyOnce(key, [detail.id]);
    });

    it('S1: offline at submit: el.outbox.flush() delivers once when the network is back', async () => {
      const key = newKey();
      await script(key, times(30, RESET));
      const h = await loopAt(key);
      const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
      const id = await submitAnswer(h);
      await failed;

      await script(key, []);
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      await h.el.outbox.flush();

      expect((await sent).detail).to.deep.equal({ ids: [id], pending: 0 });
      expect(h.el.pending).to.equal(0);
      await h.el.updateComplete;
      expect(deliveryLine(h)).to.match(SENT);
      await expectExactlyOnce(key, [id]);
    });

    it('S2: 500, 500, 500, then 200: four requests with the same id and identical bytes, none after the 200', async () => {
      const key = newKey();
      await script(key, times(3, { status: 500 }));
      const h = await loopAt(key);
      const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
      const id = await submitAnswer(h);
      expect((await failed).detail.code).to.equal('send-failed');
      await flushesIdle(key);

      let delivered = false;
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent').then(() => (delivered = true));
      for (let round = 0; round < 5 && !delivered; round++) await h.el.outbox.flush();
      await sent;
      await h.el.outbox.flush(); // nothing is left: no request after the 200

      const { requests } = await read(key);
      expect(requests.map(r => r.answer)).to.deep.equal(['status', 'status', 'status', 'default']);
      expect(requests.map(r => r.ids)).to.deep.equal(Array.from({ length: 4 }, () => [id]));
      expect(new Set(requests.map(r => r.body)).size, 'byte-identical bodies').to.equal(1);
      await expectExactlyOnce(key, [id]);
    });

    it('S7: 401 pauses delivery (delivery-paused), keeps the answer, and a later flush delivers it', async () => {
      const key = newKey();
      await script(key, [{ status: 401 }]);
      const h = await loopAt(key);
      const paused = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
      const id = await submitAnswer(h);

      const { detail } = await paused;
      expect(detail.code).to.equal('delivery-paused');
      expect(detail.cause).to.equal(401);
      expect(detail.pending).to.equal(1);
      await h.el.updateComplete;
      expect(h.el.pending).to.equal(1);
      expect(h.el.matches(':state(pending)')).to.equal(true);
      expect(deliveryLine(h)).to.match(SAVED);
      expect((await read(key)).accepted).to.deep.equal({});

      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      await h.el.outbox.flush(); // the script is used up: the endpoint accepts again
      expect((await sent).detail.ids).to.deep.equal([id]);
      await expectExactlyOnce(key, [id]);
    });

    it('S7: a new token (headers) resumes a queue paused by 401', async () => {
      const key = newKey();
      await script(key, [{ status: 401 }]);
      const el = await fixture<FeedbackLoop>(
        html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} .headers=${() => ({ authorization: 'Bearer expired' })}></feedback-loop>`,
      );
      const h = new LoopHarness(el);
      const paused = nextEvent<FeedbackErrorEvent>(el, 'feedback-error', errorCode('delivery-paused'));
      const id = await submitAnswer(h);
      await paused;

      const sent = nextEvent<FeedbackSentEvent>(el, 'feedback-sent');
      el.headers = { authorization: 'Bearer fresh' };

      expect((await sent).detail.ids).to.deep.equal([id]);
      const { requests } = await read(key);
      expect(requests.map(r => r.headers.authorization)).to.deep.equal(['Bearer expired', 'Bearer fresh']);
      await expectExactlyOnce(key, [id]);
    });

    it('S7: a flush asked for while the previous flush is finishing is not lost', async () => {
      const key = newKey();
      await script(key, [{ status: 401 }]);
      const h = await loopAt(key);
      await h.answerDefault();
      await h.el.outbox.flush(); // the load-time flush is over: the outbox is idle
      const db = await openQueueDatabase(key);
      let hold: Promise<void> | undefined;
      // As soon as the paused flush reports, another writer keeps the database busy for a moment,
      // so that flush's last step (counting what is left) is still running when the next is asked for.
      h.el.addEventListener('feedback-error', event => {
        if (event.detail.code === 'delivery-paused') hold ??= holdDatabase(db, 500);
      });
      const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
      h.submitButton.click();
      const { id } = (await queued).detail;
      await waitUntil(() => hold !== undefined, 'the 401 pauses the queue', { timeout: 10_000 });
      await flushesIdle(key); // the paused flush has let go of its lock and is finishing

      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      const flushing = h.el.outbox.flush();
      await hold;
      await flushing;

      try {
        expect((await sent).detail.ids, 'the flush asked for at the end of the previous one').to.deep.equal([id]);
      } finally {
        db.close();
      }
      await expectExactlyOnce(key, [id]);
    });

    it('S4: a rejected answer becomes a dead letter: listed with its reason, exported, and delivered on retry', async () => {
      const { key, h, id, detail } = await refusedAnswer();
      expect(detail.deadLetters?.map(letter => letter.id)).to.deep.equal([id]);
      expect(h.el.pending).to.equal(0);
      const letters = await h.el.outbox.deadLetters();
      expect(letters.map(letter => [letter.id, letter.reason])).to.deep.equal([[id, 'invalid answer (ledger script)']]);
      expect(letters[0]!.record?.id).to.equal(id);
      const exported: unknown = JSON.parse(await h.el.outbox.exportDeadLetters());
      expect(exported).to.deep.equal(JSON.parse(JSON.stringify(letters)));
      // Not retried by itself: a further flush sends nothing.
      const before = (await read(key)).requests.length;
      await h.el.outbox.flush();
      expect((await read(key)).requests.length).to.equal(before);
      expect((await read(key)).accepted).to.deep.equal({});

      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      expect(await h.el.outbox.retryDeadLetters([id])).to.equal(1);

      expect((await sent).detail.ids).to.deep.equal([id]);
      expect(await h.el.outbox.deadLetters()).to.deep.equal([]);
      await expectExactlyOnce(key, [id]);
    });

    it('S4: discardDeadLetters() removes a dead letter for good', async () => {
      const { key, h, id } = await refusedAnswer();

      expect(await h.el.outbox.discardDeadLetters([id])).to.equal(1);

      expect(await h.el.outbox.deadLetters()).to.deep.equal([]);
      expect(h.el.pending).to.equal(0);
      const before = (await read(key)).requests.length;
      await h.el.outbox.flush();
      const ledger = await read(key);
      expect(ledger.requests.length).to.equal(before);
      expect(ledger.accepted).to.deep.equal({});
    });

    it('S10: stored by the collector but the answer is lost: sent again with the same id, stored once', async () => {
      const key = newKey();
      await script(key, [{ storeThenReset: true }, ...times(8, RESET)]);
      const h = await loopAt(key);
      const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
      const id = await submitAnswer(h);
      expect((await failed).detail.code).to.equal('send-failed');
      expect((await read(key)).accepted).to.deep.equal({ [id]: 1 });

      await script(key, []);
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      await h.el.outbox.flush();
      expect((await sent).detail.ids).to.deep.equal([id]);

      const ledger = await expectExactlyOnce(key, [id]);
      const carrying = requestsWith(ledger, id);
      expect(carrying.length).to.be.at.least(2);
      expect(carrying[0]!.answer).to.equal('storeThenReset');
      expect(new Set(carrying.map(r => r.body)).size, 'byte-identical bodies').to.equal(1);
      expect(h.el.pending).to.equal(0);
    });

    it('S11: a slow response while other flushes trigger: the id is never in flight twice', async () => {
      const key = newKey();
      // Slow enough that a loaded machine's poll still sees it in flight, and the flushes below overlap it.
      await script(key, [{ delayMs: 3000 }]);
      const wrap = await mount(html`
        <feedback-loop lang="en" endpoint=${ledgerUrl(key)}></feedback-loop>
        <feedback-loop lang="en" endpoint=${ledgerUrl(key)}></feedback-loop>
      `);
      const [first, second] = [...wrap.querySelectorAll('feedback-loop')].map(el => new LoopHarness(el));
      await elementUpdated(second!.el);
      const sent = nextEvent<FeedbackSentEvent>(first!.el, 'feedback-sent');
      const id = await submitAnswer(first!);
      await waitForLedger(key, ledger => ledger.inFlight > 0, 'the slow request is on its way');

      const more = [first!.el.outbox.flush(), second!.el.outbox.flush()];
      window.dispatchEvent(new Event('online'));
      await sent;
      await Promise.all(more);

      const ledger = await expectExactlyOnce(key, [id]);
      expect(ledger.received).to.deep.equal({ [id]: 1 });
      expect(second!.el.pending).to.equal(0);
    });

    it('S12: a redirect pauses delivery and is not taken as delivered', async () => {
      const key = newKey();
      await script(key, [{ redirect: true }]);
      const h = await loopAt(key);
      const paused = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
      await submitAnswer(h);

      expect((await paused).detail.code).to.equal('delivery-paused');
      await h.el.updateComplete;
      expect(h.el.pending).to.equal(1);
      expect(deliveryLine(h)).to.match(SAVED);
      const ledger = await read(key);
      expect(ledger.requests, 'the redirect was not followed').to.have.length(1);
      expect(ledger.accepted).to.deep.equal({});
    });

    it('S13: a captive portal (200 text/html) delivers nothing; the answer is kept and sent later', async () => {
      const key = newKey();
      await script(key, times(2, { html: true }));
      const h = await loopAt(key);
      const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error');
      const id = await submitAnswer(h);

      expect((await failed).detail.code).to.equal('send-failed');
      await flushesIdle(key);
      await h.el.updateComplete;
      expect(h.el.pending).to.equal(1);
      expect(deliveryLine(h)).to.match(SAVED);
      const portal = await read(key);
      expect(portal.requests.length).to.be.at.least(1);
      expect(portal.accepted).to.deep.equal({});

      await script(key, []); // past the portal
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      await h.el.outbox.flush();
      expect((await sent).detail.ids).to.deep.equal([id]);
      await h.el.updateComplete;
      expect(deliveryLine(h)).to.match(SENT);
      await expectExactlyOnce(key, [id]);
    });

    it('S1: answers submitted right after the widget appears are sent at once, without waiting for a timer', async () => {
      for (let round = 0; round < 3; round++) {
        const key = newKey();
        const h = await loopAt(key);
        // The next timer is a minute away (the flush interval): 10 s apart from it is "at once".
        const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
        const id = await submitAnswer(h);
        expect((await sent.catch(() => undefined))?.detail.ids, `round ${round + 1}: sent without waiting for a timer`).to.deep.equal([id]);
      }
    });
  });

  describe('page lifecycle', () => {
    it('S16: an answer submitted in a tab that closes at once is delivered by the next visit, once', async () => {
      const key = newKey();
      const first = await openTab(key);
      const id = await submitAnswer(first.h);
      first.frame.remove(); // the respondent closes the tab

      await settled(key);
      const next = await openTab(key, LATER_MS);

      await waitUntil(() => sentIn(next, id), 'the next visit delivers the answer', { timeout: 10_000 });
      expect(next.el.pending).to.equal(0);
      await expectExactlyOnce(key, [id]);
    });

    it('S18: a reload mid-flush: the reloaded page honours the lease, then delivers exactly once', async () => {
      const key = newKey();
      const tab = await openTab(key);
      // The answer comes long after the reload, even on a loaded machine: the old page never reads it.
      await script(key, [{ delayMs: 3000 }]);
      const id = await submitAnswer(tab.h);
      await waitForLedger(key, ledger => ledger.inFlight > 0, 'the first request is on its way');

      const reloaded = new Promise(resolve => tab.frame.addEventListener('load', resolve, { once: true }));
      tab.win.location.reload();
      await reloaded;
      const again = await attach(tab.frame);
      await settled(key, 8000); // the interrupted request is over (keepalive lets it outlive the page); its answer reached nobody

      again.win.clockSkewMs = LATER_MS; // the lease of the unloaded page has run out
      const sent = nextEvent<FeedbackSentEvent>(again.el, 'feedback-sent');
      again.win.dispatchEvent(new Event('online'));

      expect((await sent).detail.ids).to.deep.equal([id]);
      const ledger = await expectExactlyOnce(key, [id]);
      expect(requestsWith(ledger, id), 'sent once before the reload and once after').to.have.length(2);
      expect(again.el.pending).to.equal(0);
    });

    it('S19: a bfcache restore (pageshow persisted) flushes, with one request per trigger', async () => {
      const key = newKey();
      await script(key, times(20, { status: 503 }));
      const h = await loopAt(key);
      const failure = () => nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error', errorCode('send-failed'));
      /** Fires `trigger`, waits until its flush is over, and returns how many requests it made. */
      const requestsOf = async (trigger: () => void, outcome: Promise<unknown> = failure()) => {
        const before = (await read(key)).requests.length;
        trigger();
        await outcome;
        await flushesIdle(key);
        return (await read(key)).requests.length - before;
      };
      let failed = failure();
      const id = await submitAnswer(h);
      await failed;
      // Four more failures, then a trigger that sets the retry timer anew: it is now 16 s or more
      // away, so on a slow machine it cannot add its own request to a trigger's count below.
      for (let i = 0; i < 4; i++) await h.el.outbox.flush();
      failed = failure();
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await failed;
      await flushesIdle(key);

      // bfcache: the page is hidden (its flush closes the database), then restored.
      expect(await requestsOf(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })))).to.equal(1);
      expect(await requestsOf(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })))).to.equal(1);
      // Moved in the DOM: listeners are removed and added again, never twice.
      const parent = h.el.parentElement!;
      failed = failure();
      h.el.remove();
      parent.append(h.el);
      await failed;
      await flushesIdle(key);
      expect(await requestsOf(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })))).to.equal(1);

      await script(key, []);
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      const delivering = await requestsOf(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })), sent);
      expect(delivering).to.equal(1);
      expect(h.el.pending).to.equal(0);
      await expectExactlyOnce(key, [id]);
    });
  });

  describe('S19: bfcache', () => {
    it('lets go of the outbox database once the pagehide flush is over, so it holds no connection in the cache', async () => {
      const key = newKey();
      const h = await loopAt(key);
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      await submitAnswer(h);
      await sent;
      await flushesIdle(key);
      const name = (await indexedDB.databases()).map(db => db.name ?? '').find(n => n.startsWith(DB_PREFIX) && n.includes(key))!;

      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      await flushesIdle(key);
      // A connection left open gets `versionchange` and blocks the delete for as long as it stays
      // open (what evicts a cached page); the element's, closed once that flush is over, lets it go.
      const deleted = await new Promise<string>(resolve => {
        const request = indexedDB.deleteDatabase(name);
        const timer = setTimeout(() => resolve('still blocked after 10 s'), 10_000);
        request.onsuccess = () => (clearTimeout(timer), resolve('deleted'));
        request.onerror = () => (clearTimeout(timer), resolve(`error ${request.error?.name}`));
      });
      expect(deleted).to.equal('deleted');
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await flushesIdle(key);
    });
  });

  describe('frozen tabs and wiped storage', () => {
    it('S20: a tab resumed after being frozen sends at once, without waiting for a timer', async () => {
      const key = newKey();
      await script(key, times(10, { status: 503 }));
      const h = await loopAt(key);
      const failed = nextEvent<FeedbackErrorEvent>(h.el, 'feedback-error', errorCode('send-failed'));
      const id = await submitAnswer(h);
      await failed;
      await pushRetryTimerOut(h);
      await flushesIdle(key);
      await script(key, []);

      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent', event => event.detail.ids.includes(id));
      document.dispatchEvent(new Event('resume'));
      await sent;
      await expectExactlyOnce(key, [id]);
    });

    it('S31: after the browser wiped the site data, the widget stores and delivers new answers', async () => {
      const key = newKey();
      const h = await loopAt(key);
      const first = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');
      const firstId = await submitAnswer(h);
      await first;
      await flushesIdle(key);
      // The page goes (the element lets go of its database), then the user clears the site's data.
      // A loaded machine may take a while to close the connection: the delete waits for it.
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      h.el.remove();
      await flushesIdle(key);
      await deleteDatabasesOf([key], 15_000);
      expect((await indexedDB.databases()).some(db => db.name?.includes(key)), 'database deleted').to.equal(false);

      // The next visit: a new page with the same endpoint and survey.
      const next = await loopAt(key);
      const queued = nextEvent<FeedbackQueuedEvent>(next.el, 'feedback-queued');
      const sent = nextEvent<FeedbackSentEvent>(next.el, 'feedback-sent');
      await next.answerDefault();
      next.submitButton.click();
      expect((await queued).detail.durable, 'stored in a new database').to.equal(true);
      const secondId = (await sent).detail.ids[0]!;
      await expectExactlyOnce(key, [firstId, secondId]);
    });
  });

  describe('a new survey version', () => {
    it('sends the answers an earlier version of the survey left queued for the same endpoint', async () => {
      const key = newKey();
      const id = await leftQueued(key, 10);
      await script(key, []);

      // The page now ships version 2 of the survey: a queue of its own, same endpoint.
      const sent = nextEvent<FeedbackSentEvent>(document, 'feedback-sent', event => event.detail.ids.includes(id));
      const v2 = oneQuestion('service-quality', 2);
      await mount(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} .survey=${v2}></feedback-loop>`);
      await sent;
      await flushesIdle(key);
      await expectExactlyOnce(key, [id]);
    });

    it('S3: a Retry-After the endpoint gave an older version\'s answers holds the new version\'s queue too; "Send now" tries the held queue first', async () => {
      const key = newKey();
      const firstId = await leftQueued(key, 10);
      const tried = (await read(key)).requests.length;

      await script(key, times(10, { status: 429, headers: { 'Retry-After': '120' } }));
      const v2 = oneQuestion('service-quality', 2);
      const wrap = await mount(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} .survey=${v2}></feedback-loop>`);
      const next = new LoopHarness(wrap.querySelector('feedback-loop')!);
      // The load trigger sends the older version's answer and gets the 429.
      await waitForLedger(key, ledger => ledger.requests.length > tried, 'the older answer tried', 10_000);
      await flushesIdle(key);

      await next.choose('q', 4);
      const queued = nextEvent<FeedbackQueuedEvent>(next.el, 'feedback-queued');
      next.submitButton.click();
      const secondId = (await queued).detail.id;
      // Forced: the older version's queue, told to wait, is tried again (429 again); the new one waits.
      await next.el.outbox.flush();
      await flushesIdle(key);
      expect(requestsWith(await read(key), secondId), 'the new answer waits for the endpoint').to.deep.equal([]);
      expect(next.el.pending).to.equal(2);

      await script(key, []);
      await next.el.outbox.flush(); // the held queue's answer is taken: the endpoint takes answers again
      await next.el.outbox.flush();
      await flushesIdle(key);
      await expectExactlyOnce(key, [firstId, secondId]);
    });
  });

  describe('custom transports without an endpoint', () => {
    it('S26: an answer left by another survey\'s custom transport never goes through this one; its own older version\'s does', async () => {
      const [keyX, keyY, keyZ] = [newKey(), newKey(), newKey()];
      const surveyId = `survey-${crypto.randomUUID()}`;
      keys.push(surveyId); // names their queues: their databases go after the test
      const survey = oneQuestion;
      const transport = (key: string) => createFetchTransport(new URL(ledgerUrl(key), location.href));
      await script(keyX, times(10, { status: 503 }));

      // Agency Y, on the site first: its own survey and transport, no endpoint.
      let wrap = await mount(html`<feedback-loop lang="en" .survey=${survey(`other-${surveyId}`, 1)} .transport=${transport(keyY)}></feedback-loop>`);
      const y = wrap.querySelector('feedback-loop')!;
      await y.outbox.flush();

      // Agency X: its own transport, no endpoint; its endpoint is down, so the answer stays queued.
      wrap = await mount(html`<feedback-loop lang="en" .survey=${survey(surveyId, 1)} .transport=${transport(keyX)}></feedback-loop>`);
      const x = new LoopHarness(wrap.querySelector('feedback-loop')!);
      await x.choose('q', 4);
      const queued = nextEvent<FeedbackQueuedEvent>(x.el, 'feedback-queued');
      x.submitButton.click();
      const { id, durable } = (await queued).detail;
      expect(durable).to.equal(true);
      await flushesIdle(surveyId);
      x.el.remove(); // a route change: the queue it leaves is a leftover, and y looks for leftovers again

      await y.outbox.flush();
      await flushesIdle(surveyId);
      expect(requestsWith(await read(keyY), id), 'agency Y never receives agency X\'s answer').to.deep.equal([]);
      expect(y.pending).to.equal(0);

      // Agency X's next survey version: the same survey id names the same destination.
      const sent = nextEvent<FeedbackSentEvent>(document, 'feedback-sent', event => event.detail.ids.includes(id));
      await mount(html`<feedback-loop lang="en" .survey=${survey(surveyId, 2)} .transport=${transport(keyZ)}></feedback-loop>`);
      await sent;
      await flushesIdle(surveyId);
      await expectExactlyOnce(keyZ, [id]);
    });
  });

  describe('S15: the waiting answers exported', () => {
    it('S15: exportPending() holds the answers an earlier version left queued too, as many as the staff line counts, and removes none', async () => {
      const key = newKey();
      const old = await leftQueued(key, 100);

      const v2 = oneQuestion('service-quality', 2);
      const wrap = await mount(html`<feedback-loop lang="en" endpoint=${ledgerUrl(key)} .survey=${v2}></feedback-loop>`);
      const h = new LoopHarness(wrap.querySelector('feedback-loop')!);
      await h.choose('q', 4);
      const queued = nextEvent<FeedbackQueuedEvent>(h.el, 'feedback-queued');
      h.submitButton.click();
      const { id } = (await queued).detail;
      await h.el.outbox.flush(); // takes on the earlier version's queue, and counts it
      await waitUntil(() => h.el.pending === 2, `pending ${h.el.pending}`, { timeout: 10_000 });

      const body = await h.el.outbox.exportPending();
      const { records } = JSON.parse(body) as { records: Array<{ id: string; surveyVersion: number }> };
      expect(records.map(record => [record.id, record.surveyVersion]).sort()).to.deep.equal([[id, 2], [old, 1]].sort());
      expect(body, 'the body the outbox itself POSTs').to.equal(requestBody(records as never));
      await h.el.outbox.flush();
      expect(h.el.pending).to.equal(2);
      expect(JSON.parse(await h.el.outbox.exportPending())).to.deep.equal({ records });

      // The earlier version's answer in both queues (a copy, as a crash between two writes could
      // leave): listed once, since the collector refuses a request that names one id twice.
      const names = (await indexedDB.databases()).map(db => db.name ?? '').filter(name => name.startsWith(DB_PREFIX) && name.includes(key));
      const [from, to] = await Promise.all(['@1', '@2'].map(version => openDatabase(names.find(name => name.includes(version))!)));
      await copyItems(from!, to!);
      from!.close();
      to!.close();
      const again = JSON.parse(await h.el.outbox.exportPending()) as { records: Array<{ id: string }> };
      expect(again.records.map(record => record.id).sort()).to.deep.equal([id, old].sort());
    });
  });

  describe('many tabs, many widgets', () => {
    it('S22: two tabs sharing one queue flush at the same moment: each id once, never in flight twice', async () => {
      const key = newKey();
      await script(key, times(60, RESET));
      const tabs = [await openTab(key), await openTab(key)];
      const ids: string[] = [];
      for (const tab of tabs) {
        const failed = nextEvent<FeedbackErrorEvent>(tab.el, 'feedback-error');
        ids.push(await submitAnswer(tab.h));
        await failed;
      }

      await script(key, [{ delayMs: 300 }]); // back online, with a slow first answer
      for (const tab of tabs) tab.win.dispatchEvent(new Event('online'));

      await waitForLedger(key, ledger => ids.every(id => ledger.accepted[id] === 1) && ledger.inFlight === 0, 'both answers stored');
      await flushesIdle(key);
      const ledger = await expectExactlyOnce(key, ids);
      const delivering = ledger.requests.filter(r => r.answer !== 'reset');
      expect(delivering.flatMap(r => r.ids).sort(), 'each id sent once after the network came back').to.deep.equal([...ids].sort());
      expect(ids[0]).to.not.equal(ids[1]);
    });

    it('S22: two tabs opening the same queue at the same moment both get durable storage', async () => {
      const key = newKey();
      const frame = () => {
        const iframe = document.createElement('iframe');
        iframe.src = `/test/e2e/tab.html?endpoint=${encodeURIComponent(ledgerUrl(key))}`;
        frames.push(iframe);
        const loaded = new Promise(resolve => iframe.addEventListener('load', resolve, { once: true }));
        document.body.append(iframe);
        return loaded.then(() => attach(iframe));
      };

      const tabs = await Promise.all([frame(), frame()]); // e.g. a browser restoring its tabs
      await Promise.all(tabs.map(tab => tab.el.outbox.deadLetters()));

      const problems = tabs.flatMap(tab => tab.win.tabEvents.filter(event => event.type === 'feedback-error'));
      expect(problems.map(event => event.detail.code), `no tab fell back to memory: ${JSON.stringify(problems)}`).to.deep.equal([]);
    });

    it('S22: a tab whose answer another tab delivered shows it as sent after its next flush', async () => {
      const key = newKey();
      await script(key, [{ status: 401 }]);
      const first = await openTab(key);
      const paused = nextEvent<FeedbackErrorEvent>(first.el, 'feedback-error', errorCode('delivery-paused'));
      const id = await submitAnswer(first.h);
      await paused; // the first tab waits (an hour) before it tries again

      const other = await openTab(key); // a fresh start lifts the pause: its load trigger sends the queue
      await waitUntil(() => sentIn(other, id), 'the other tab delivers the answer', { timeout: 10_000 });
      await flushesIdle(key);
      await first.el.outbox.flush();
      await first.el.updateComplete;

      expect(first.el.pending).to.equal(0);
      expect(first.el.matches(':state(pending)')).to.equal(false);
      expect(deliveryLine(first.h), 'the first tab no longer says it will send the answer').to.match(SENT);
      await expectExactlyOnce(key, [id]);
    });

    it('S23: the flushing tab closes mid-flush: the other tab delivers once the lease has run out', async () => {
      const key = newKey();
      await script(key, times(30, RESET));
      const sender = await openTab(key);
      const other = await openTab(key);
      const failed = nextEvent<FeedbackErrorEvent>(sender.el, 'feedback-error');
      const id = await submitAnswer(sender.h);
      await failed;

      await script(key, [{ delayMs: 3000 }]); // still in flight when the tab closes, even on a loaded machine
      void sender.el.outbox.flush();
      await waitForLedger(key, ledger => ledger.inFlight > 0, 'the sending tab is sending');
      other.win.dispatchEvent(new Event('online')); // the other tab wants to flush too: it waits for the lock
      sender.frame.remove(); // closed mid-flush
      await settled(key, 8000); // the held request ends 3 s after it began

      other.win.clockSkewMs = LATER_MS;
      // The browser first has to release the closed tab's flush lock: allow for a loaded machine.
      const sent = nextEvent<FeedbackSentEvent>(other.el, 'feedback-sent', () => true, 10_000);
      other.win.dispatchEvent(new Event('online'));

      expect((await sent).detail.ids).to.deep.equal([id]);
      expect(other.el.pending).to.equal(0);
      await expectExactlyOnce(key, [id]);
    });

    it('S25: two tabs submit the same answers: two ids, both delivered', async () => {
      const key = newKey();
      const tabs = [await openTab(key), await openTab(key)];

      const ids = await Promise.all(tabs.map(tab => submitAnswer(tab.h)));

      expect(ids[0]).to.not.equal(ids[1]);
      const ledger = await waitForLedger(key, l => ids.every(id => l.accepted[id] === 1), 'both answers stored');
      const answers = ids.map(id => JSON.parse(requestsWith(ledger, id)[0]!.body).records.find((r: { id: string }) => r.id === id).answers);
      expect(answers[0]).to.deep.equal(answers[1]);
      await flushesIdle(key);
      await expectExactlyOnce(key, ids);
    });

    it('S26: two widgets with different endpoints on one page: each collector gets only its own answer', async () => {
      const keyA = newKey();
      const keyB = newKey();
      const wrap = await mount(html`
        <feedback-loop lang="en" endpoint=${ledgerUrl(keyA)}></feedback-loop>
        <feedback-loop lang="en" endpoint=${ledgerUrl(keyB)}></feedback-loop>
      `);
      const [a, b] = [...wrap.querySelectorAll('feedback-loop')].map(el => new LoopHarness(el));
      await elementUpdated(b!.el);
      const sentA = nextEvent<FeedbackSentEvent>(a!.el, 'feedback-sent');
      const sentB = nextEvent<FeedbackSentEvent>(b!.el, 'feedback-sent');

      const idA = await submitAnswer(a!);
      const idB = await submitAnswer(b!);
      await Promise.all([sentA, sentB]);
      await Promise.all([a!.el.outbox.flush(), b!.el.outbox.flush()]);

      const ledgerA = await expectExactlyOnce(keyA, [idA]);
      const ledgerB = await expectExactlyOnce(keyB, [idB]);
      expect(ledgerA.requests.flatMap(r => r.ids)).to.deep.equal([idA]);
      expect(ledgerB.requests.flatMap(r => r.ids)).to.deep.equal([idB]);
    });
  });

  describe('input', () => {
    for (const endpoint of ['javascript:alert(1)', 'data:text/plain,{}']) {
      it(`S36: endpoint="${endpoint}" raises invalid-endpoint; nothing is stored or sent`, async () => {
        const codes: string[] = [];
        let queued = 0;
        const el = await fixture<FeedbackLoop>(html`<feedback-loop
          lang="en"
          endpoint=${endpoint}
          @feedback-error=${(event: FeedbackErrorEvent) => codes.push(event.detail.code)}
          @feedback-queued=${() => queued++}
        ></feedback-loop>`);
        const h = new LoopHarness(el);
        await el.updateComplete;

        expect(codes).to.deep.equal(['invalid-endpoint']);
        expect(h.formShown).to.equal(false);
        expect(h.questions, 'no survey to fill in').to.deep.equal([]);
        expect(h.root.querySelector('form'), 'no form to submit, even from a script').to.equal(null);
        await el.updateComplete;
        await el.outbox.flush();

        expect(el.status).to.equal('filling');
        expect(queued).to.equal(0);
        expect(el.pending).to.equal(0);
        expect(await el.outbox.deadLetters()).to.deep.equal([]);
        const names = (await indexedDB.databases()).map(db => db.name ?? '');
        expect(names.filter(name => name.includes(endpoint))).to.deep.equal([]);
      });
    }

    it('S37: a long comment with emoji and astral characters arrives byte-exact', async () => {
      const key = newKey();
      const h = await loopAt(key);
      const unit = 'Prima geholpen 👍🏽 — “snel” & vriendelijk; 👨‍👩‍👧‍👦 𝄞 🇧🇪 café (cafe\u0301) \u200fעברית\u200f 中文 ';
      let comment = '';
      while (comment.length + unit.length <= 1000) comment += unit;
      comment = comment.trim();
      await h.answerDefault();
      await h.type(comment);
      const submitted = nextEvent<FeedbackSubmitEvent>(h.el, 'feedback-submit');
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');

      h.submitButton.click();

      const { record } = (await submitted).detail;
      await sent;
      const [request] = (await read(key)).requests;
      expect(comment.length).to.be.above(900);
      expect(JSON.parse(request!.body).records[0].answers.comment).to.equal(comment);
      expect(request!.body).to.equal(requestBody([record]));
      expect(request!.bytes).to.equal(new TextEncoder().encode(requestBody([record])).length);
      await expectExactlyOnce(key, [record.id]);
    });

    it('S37: a lone surrogate in a comment never reaches the collector unpaired', async () => {
      const key = newKey();
      const h = await loopAt(key);
      await h.answerDefault();
      await h.type('Goed geholpen \uD83D en snel');

      h.submitButton.click();
      await h.el.updateComplete;

      if (h.el.status === 'filling') {
        expect(h.error('comment'), 'refused with a visible reason').to.not.equal('');
        expect((await read(key)).requests).to.deep.equal([]);
        return;
      }
      await waitForLedger(key, ledger => ledger.requests.length > 0, 'the answer arrives');
      const [request] = (await read(key)).requests;
      const received: string = JSON.parse(request!.body).records[0].answers.comment;
      expect(/[\uD800-\uDFFF]/u.test(received), `well-formed text, got ${JSON.stringify(received)}`).to.equal(false);
    });

    it('S38: a double click on submit stores and sends one answer with one id', async () => {
      const key = newKey();
      const h = await loopAt(key);
      const log = recordEvents(h.el);
      await h.answerDefault();
      const sent = nextEvent<FeedbackSentEvent>(h.el, 'feedback-sent');

      h.submitButton.click();
      h.submitButton.click();
      const [id] = (await sent).detail.ids;
      await h.el.updateComplete;
      // A late third tap finds the thank-you screen: the form and its button are gone.
      expect(h.root.querySelector('[part="submit"]')).to.equal(null);
      await h.el.outbox.flush();

      expect(log.filter(event => event.type === 'feedback-queued')).to.have.length(1);
      const ledger = await expectExactlyOnce(key, [id!]);
      expect(ledger.requests.flatMap(r => r.ids)).to.deep.equal([id]);
    });
  });
});
