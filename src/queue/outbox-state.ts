import { memoryStoreFor } from './memory-queues.js';
import { DEFAULT_BATCH_SIZE, type Committed, type FlushReport, type OutboxOptions } from './outbox-options.js';
import type { OutboxStore } from './outbox-store.js';
import { PREFIX, type QueuedItem } from './stored-item.js';
import { DEFAULT_TIMEOUT_MS } from './transport.js';

/** A lease must outlast a request by this much; shorter ones are extended before sending. */
const LEASE_MARGIN_MS = 1000;

const LATE = new Set<string>();

/** An answer committed by this tab and the store that holds it. */
export interface Fresh {
  item: QueuedItem;
  store: OutboxStore;
}

/** What one outbox knows and counts; the queue's functions share it (`Outbox` holds it). */
export interface OutboxState {
  readonly options: OutboxOptions;
  readonly owner: string;
  /** Claims made by this outbox: numbers its lease records. */
  claims: number;
  readonly memory: OutboxStore;
  /** Ids on their way from this tab, until their request ends, whatever the timeout said. */
  readonly inFlight: Set<string>;
  /** Ids sent whose outcome is not written yet: a claim meanwhile would only send them again. */
  readonly settling: Set<string>;
  /**
   * Answers committed here and still under the lease taken at commit, so no other tab sends them:
   * `pagehide` may send these at once with keepalive (S16).
   */
  readonly fresh: Map<string, Fresh>;
  /**
   * Keys of answers whose commit was given up as too slow and landed later, their memory copy
   * then deleted: a claim or request of that copy settles IndexedDB's copy instead. A key that
   * nothing had claimed stays for the page's life (a few, one per such commit). One set for the
   * page, as keys hold the answer's id: another outbox of the queue may be sending that copy.
   */
  readonly late: Set<string>;
  durable?: OutboxStore;
  degraded: boolean;
  /**
   * IndexedDB is full (S28): it is read and emptied but not written. Its answers are claimed
   * without a lease record (the flush lock keeps other tabs off; where a browser lacks Web Locks,
   * the endpoint's dedup by id absorbs a repeat) and deleted once acknowledged, which frees room.
   */
  full: boolean;
  /** Answers the endpoint refused while the store was full: their dead letter waits for room. */
  readonly keptWhileFull: Set<string>;
  restoreAt: number;
  ready: Promise<void>;
  running?: Promise<FlushReport>;
  again: boolean;
  forced: boolean;
  failures: number;
  serverErrors: number;
  disposed: boolean;
  readonly commits: Map<string, Promise<Committed>>;
  /**
   * Running count for events: counting a large queue costs ~20 ms in IndexedDB, too much per
   * commit or batch. Recounted for real when the store opens and after every flush.
   */
  estimate: number;
  /** The queue's wait as this tab last saw it (a pause, `Retry-After`): the unload send keeps it too. */
  waitUntil: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly sendTimeoutMs: number;
  readonly now: () => number;
  readonly elapsed: () => number;
  readonly random: () => number;
}

/** A new outbox's state; `open` starts opening its stores, which `ready` then awaits. */
export function createOutboxState(options: OutboxOptions, owner: string, open: (state: OutboxState) => Promise<void>): OutboxState {
  const sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_TIMEOUT_MS + 5000;
  // Without `ready` until the line below: opening needs the state it opens for.
  const state = {
    options,
    owner,
    claims: 0,
    inFlight: new Set(),
    settling: new Set(),
    fresh: new Map(),
    late: LATE,
    degraded: false,
    full: false,
    keptWhileFull: new Set(),
    restoreAt: 0,
    again: false,
    forced: false,
    failures: 0,
    serverErrors: 0,
    disposed: false,
    commits: new Map(),
    estimate: 0,
    waitUntil: 0,
    batchSize: Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)),
    sendTimeoutMs,
    leaseMs: Math.max(options.leaseMs ?? sendTimeoutMs + 15_000, sendTimeoutMs + LEASE_MARGIN_MS),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    elapsed: options.elapsed ?? (() => performance.now()),
    memory: memoryStoreFor(options.queue),
  } as OutboxState;
  state.ready = open(state);
  return state;
}

export function stores(s: OutboxState): OutboxStore[] {
  return s.durable ? [s.memory, s.durable] : [s.memory];
}

export function drainOnly(s: OutboxState, store: OutboxStore): boolean {
  return s.full && store === s.durable;
}

/** A lease ending at `until` still covers a whole request sent at `now`. */
export function outlastsSend(s: OutboxState, until: number, now: number): boolean {
  return until - now >= s.sendTimeoutMs + LEASE_MARGIN_MS;
}

/** Answers not yet acknowledged, in IndexedDB and memory. */
export async function countPending(s: OutboxState): Promise<number> {
  await s.ready;
  const counts = await Promise.all(stores(s).map(store => store.count(PREFIX.queued).catch(() => 0)));
  if (s.disposed && !s.running) s.durable?.close(); // a count after dispose() reopened IndexedDB
  return counts.reduce((a, b) => a + b, 0);
}

/** Fresh answers grouped by the store that holds them, each group in order. */
export function byStore(entries: Fresh[]): Map<OutboxStore, QueuedItem[]> {
  const groups = new Map<OutboxStore, QueuedItem[]>();
  for (const { item, store } of entries) groups.set(store, [...(groups.get(store) ?? []), item]);
  return groups;
}
