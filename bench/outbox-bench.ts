// Browser side of `npm run bench` (scripts/bench-browser.mjs bundles and serves it). Each scenario
// runs in the page, timed with performance.now(), and returns plain numbers to Node. This is a
// benchmark, not a test: nothing here asserts on time.
import { createStore, delMany, getMany, setMany } from 'idb-keyval';
import '../src/define.js';
import type { FeedbackLoop } from '../src/components/feedback-loop/feedback-loop.js';
import { DB_PREFIX, openIdbStore } from '../src/queue/idb.js';
import type { OutboxStore, StoreOp } from '../src/queue/outbox-store.js';
import { Outbox } from '../src/queue/outbox.js';
import { newItem } from '../src/queue/stored-item.js';
import { createFetchTransport, type Transport } from '../src/queue/transport.js';
import type { FeedbackRecord } from '../src/schema/record.js';
import type { Survey } from '../src/schema/survey.js';

/** Served by the bench server next to this bundle (same origin). */
const ENDPOINT = '/api/responses';

/** Time spent per store operation / transport call: where a flush's time goes. */
export interface Breakdown {
  [name: string]: { calls: number; ms: number };
}

function record(): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'web',
    locale: 'nl',
    answers: { reliability: 4, credibility: 5, tangibles: 3, empathy: 4, responsiveness: 4, nps: 9 },
    submittedAt: new Date().toISOString(),
    context: { office: 'Gent', team: 'Noord' },
  };
}

function track(breakdown: Breakdown, name: string, started: number): void {
  const entry = (breakdown[name] ??= { calls: 0, ms: 0 });
  entry.calls++;
  entry.ms += performance.now() - started;
}

/** The real IndexedDB store, with each operation timed (overhead: one performance.now() pair). */
function timedStore(queue: string, breakdown: Breakdown): () => Promise<OutboxStore> {
  return async () => {
    const store = await openIdbStore(queue);
    return {
      kind: store.kind,
      async transact(op: StoreOp, scans, change) {
        const started = performance.now();
        try {
          // The planning callback (parsing, leases) is timed on its own: JS, not IndexedDB.
          return await store.transact(op, scans, found => {
            const planning = performance.now();
            try {
              return change(found);
            } finally {
              track(breakdown, `store.${op}/plan`, planning);
            }
          });
        } finally {
          track(breakdown, `store.${op}`, started);
        }
      },
      async count(prefix) {
        const started = performance.now();
        try {
          return await store.count(prefix);
        } finally {
          track(breakdown, 'store.count', started);
        }
      },
      close: () => store.close(),
    };
  };
}

function timedTransport(breakdown: Breakdown): Transport {
  const inner = createFetchTransport(ENDPOINT);
  return async (records, options) => {
    const started = performance.now();
    try {
      return await inner(records, options);
    } finally {
      track(breakdown, 'transport (fetch)', started);
    }
  };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise(resolve => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function uniqueQueue(label: string): string {
  return `bench-${label}-${crypto.randomUUID()}`;
}

/** S1 path without the element: `Outbox.commit` into real IndexedDB, one after another. */
async function commitLatency(n: number): Promise<{ firstMs: number; samples: number[]; breakdown: Breakdown }> {
  const queue = uniqueQueue('commit');
  const breakdown: Breakdown = {};
  const outbox = new Outbox({ queue, endpoint: ENDPOINT, transport: timedTransport(breakdown), openStore: timedStore(queue, breakdown) });
  try {
    // The first commit also waits for the database to open and pass its probe.
    let started = performance.now();
    const first = await outbox.commit(record());
    const firstMs = performance.now() - started;
    if (!first.durable) throw new Error('IndexedDB was not used (degraded outbox)');
    for (const key of Object.keys(breakdown)) delete breakdown[key];
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      started = performance.now();
      const { durable } = await outbox.commit(record());
      samples.push(performance.now() - started);
      if (!durable) throw new Error(`commit ${i} was not durable`);
    }
    return { firstMs, samples, breakdown };
  } finally {
    outbox.dispose();
    await deleteDatabase(DB_PREFIX + queue);
  }
}

let bulk: { outbox: Outbox; queue: string; breakdown: Breakdown } | undefined;

/** Commits `n` answers one by one (the user path), leaving them queued for `flushAll`. */
async function fillQueue(
  n: number,
  batchSize: number,
  tail: number,
): Promise<{ ms: number; pending: number; tailSamples: number[]; breakdown: Breakdown }> {
  const queue = uniqueQueue(`flush${batchSize}`);
  const breakdown: Breakdown = {};
  const outbox = new Outbox({ queue, endpoint: ENDPOINT, batchSize, transport: timedTransport(breakdown), openStore: timedStore(queue, breakdown) });
  bulk = { outbox, queue, breakdown };
  await outbox.pending(); // nothing queued yet; lets the open start
  // The last `tail` commits are timed one by one: submit latency with a long backlog.
  const tailSamples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const at = performance.now();
    const { durable } = await outbox.commit(record());
    if (i >= n - tail) tailSamples.push(performance.now() - at);
    if (!durable) throw new Error(`commit ${i} was not durable`);
  }
  const ms = performance.now() - started;
  const copy = structuredClone(breakdown);
  for (const key of Object.keys(breakdown)) delete breakdown[key];
  return { ms, pending: await outbox.pending(), tailSamples, breakdown: copy };
}

/** Flushes what `fillQueue` left until nothing is pending; bounded by `maxRounds` flush calls. */
async function flushAll(maxRounds: number): Promise<{ ms: number; rounds: number; pending: number; breakdown: Breakdown }> {
  if (!bulk) throw new Error('fillQueue first');
  const { outbox, queue, breakdown } = bulk;
  const started = performance.now();
  let rounds = 0;
  let pending = await outbox.pending();
  while (pending > 0 && rounds < maxRounds) {
    rounds++;
    const report = await outbox.flush({ force: true });
    pending = await outbox.pending();
    if (pending > 0 && report.retryInMs !== undefined) {
      // Not expected against the local endpoint; wait a little rather than spin.
      await new Promise(resolve => setTimeout(resolve, Math.min(report.retryInMs!, 1000)));
    }
  }
  const ms = performance.now() - started;
  outbox.dispose();
  bulk = undefined;
  await deleteDatabase(DB_PREFIX + queue);
  return { ms, rounds, pending, breakdown };
}

/**
 * IndexedDB's own floor: `n` outbox-shaped values written, read back, then deleted, in one
 * transaction each. A flush must at least read and delete what was queued.
 */
async function idbFloor(n: number): Promise<{ setManyMs: number; getManyMs: number; delManyMs: number }> {
  const name = `bench-floor-${crypto.randomUUID()}`;
  const store = createStore(name, 'items');
  const entries: [string, unknown][] = [];
  const base = Date.now();
  for (let i = 0; i < n; i++) {
    const item = newItem(record(), ENDPOINT, base + i);
    entries.push([item.key, item]);
  }
  try {
    let started = performance.now();
    await setMany(entries, store);
    const setManyMs = performance.now() - started;
    started = performance.now();
    const read = await getMany(
      entries.map(([key]) => key),
      store,
    );
    const getManyMs = performance.now() - started;
    if (read.some(value => value === undefined)) throw new Error('getMany missed a record');
    started = performance.now();
    await delMany(
      entries.map(([key]) => key),
      store,
    );
    const delManyMs = performance.now() - started;
    return { setManyMs, getManyMs, delManyMs };
  } finally {
    await store('readonly', s => s.transaction.db.close()).catch(() => {});
    await deleteDatabase(name);
  }
}

/** The fetch transport alone, same batch posted `n` times with and without `keepalive`, interleaved. */
async function transportLatency(n: number, size: number): Promise<{ keepalive: number[]; plain: number[] }> {
  const transport = createFetchTransport(ENDPOINT);
  const records = Array.from({ length: size }, record);
  const keepalive: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const [on, samples] of [[true, keepalive], [false, plain]] as const) {
      const started = performance.now();
      const result = await transport(records, { keepalive: on });
      samples.push(performance.now() - started);
      if (!result.ok) throw new Error(`transport failed: ${result.reason}`);
    }
  }
  return { keepalive, plain };
}

/**
 * The network's floor: `n` answers POSTed to the same endpoint with plain fetch, `size` per request,
 * one request at a time, each body built and each reply read, nothing stored.
 */
async function postFloor(n: number, size: number): Promise<{ ms: number; requests: number }> {
  const records = Array.from({ length: n }, record);
  const started = performance.now();
  let requests = 0;
  for (let i = 0; i < n; i += size) {
    const response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ records: records.slice(i, i + size) }),
    });
    if (!response.ok) throw new Error(`POST floor: HTTP ${response.status}`);
    await response.json();
    requests++;
  }
  return { ms: performance.now() - started, requests };
}

const SURVEY: Survey = { id: 'bench', version: 1, questions: [{ kind: 'rating', id: 'q', label: { en: 'Q' } }] };

function nextEvent(target: EventTarget, name: string, timeoutMs: number): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      name,
      event => {
        clearTimeout(timer);
        resolve(event);
      },
      { once: true },
    );
  });
}

/**
 * The element path: click submit on a filled-in <feedback-loop> until `feedback-queued`. Each
 * sample is a fresh element on the same queue, opened and idle before the click.
 */
async function elementLatency(n: number): Promise<{ samples: number[] }> {
  const endpoint = `${ENDPOINT}?element=${crypto.randomUUID()}`;
  const samples: number[] = [];
  let queue = '';
  for (let i = 0; i < n; i++) {
    const el = document.createElement('feedback-loop') as FeedbackLoop;
    el.endpoint = endpoint;
    el.survey = SURVEY;
    document.body.append(el);
    try {
      await el.updateComplete;
      await el.outbox.flush(); // waits for the outbox to open; sends what an earlier sample left
      const option = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"][value="4"]');
      if (!option) throw new Error('no rating option rendered');
      option.closest('label')!.click();
      await el.updateComplete;
      const button = el.shadowRoot!.querySelector<HTMLButtonElement>('form [part="submit"]')!;
      const queued = nextEvent(el, 'feedback-queued', 5000);
      const started = performance.now();
      button.click();
      const event = (await queued) as CustomEvent<{ durable: boolean }>;
      samples.push(performance.now() - started);
      if (!event.detail.durable) throw new Error('element answer was not durable');
      await el.outbox.flush();
    } finally {
      el.remove();
    }
    queue ||= `${new URL(endpoint, document.baseURI).href}|${SURVEY.id}@${SURVEY.version}`;
  }
  await deleteDatabase(DB_PREFIX + queue);
  return { samples };
}

declare global {
  interface Window {
    outboxBench: typeof api;
  }
}

const api = { commitLatency, fillQueue, flushAll, idbFloor, postFloor, elementLatency, transportLatency };
window.outboxBench = api;
