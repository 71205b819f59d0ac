import { promisifyRequest } from 'idb-keyval';
import { mintId } from '../schema/mint-id.js';
import type { Change, Entry, OutboxStore, Scan, StoreOp } from './outbox-store.js';

/** The only file that touches IndexedDB. One database per queue, one object store in it. */
export const DB_PREFIX = 'feedback-loop-outbox:';
export const STORE_NAME = 'items';
/** An open that takes longer than this is treated as hung (iOS 14.6, S30). */
export const OPEN_TIMEOUT_MS = 3000;
/** An operation that takes longer is treated as hung, so it cannot hold the flush lock forever. */
export const OPERATION_TIMEOUT_MS = 10_000;
/** How often an operation is retried on a freshly opened connection (S29). */
const REOPEN_ATTEMPTS = 2;

/** idb-keyval's `UseStore`, with the transaction's durability hint. */
export type UseStore = <T>(
  mode: IDBTransactionMode,
  callback: (store: IDBObjectStore) => T | PromiseLike<T>,
  durability?: IDBTransactionDurability,
) => Promise<T>;

export interface IdbStoreOptions {
  openTimeoutMs?: number;
  /** Seam for tests: how a connection is made (`connectStore`, or idb-keyval's `createStore`). */
  createStore?: (dbName: string, storeName: string) => UseStore;
}

/**
 * idb-keyval's `createStore`, plus a durability hint per transaction, which it cannot pass. The
 * hint matters since Chromium 121 made "relaxed" the default: a write then completes before it
 * reaches the disk, and a tablet losing power right after "saved on this device" lost the answer.
 */
export function connectStore(dbName: string, storeName: string): UseStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    if (db) return db;
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    const opening = (db = promisifyRequest(request));
    // As idb-keyval: a closed connection or a failed open is opened anew next time, not kept.
    opening.then(d => (d.onclose = () => (db = undefined)), () => (db = undefined));
    return opening;
  };
  return (mode, callback, durability = 'default') =>
    open().then(d => callback(d.transaction(storeName, mode, { durability }).objectStore(storeName)));
}

// An answer's first save, in IndexedDB or moved there from memory, is on disk before it counts as saved.
const STRICT: ReadonlySet<StoreOp> = new Set(['commit', 'move']);

function range(prefix: string, after?: string): IDBKeyRange {
  // Every key that starts with `prefix`: from the prefix up to the prefix followed by U+FFFF.
  return after === undefined ? IDBKeyRange.bound(prefix, `${prefix}\uffff`) : IDBKeyRange.bound(after, `${prefix}\uffff`, true);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new DOMException('IndexedDB did not answer', 'TimeoutError')), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** IndexedDB 3.0's `getAllRecords` (Chromium 141+): keys and values in one request. */
type WithRecords = IDBObjectStore & {
  getAllRecords?(options: { query: IDBKeyRange; count?: number }): IDBRequest<Array<{ key: IDBValidKey; value: unknown }>>;
};

async function readScan(store: WithRecords, scan: Scan): Promise<Entry[]> {
  if ('key' in scan) {
    const value: unknown = await promisifyRequest(store.get(scan.key));
    return value === undefined ? [] : [[scan.key, value]];
  }
  const { prefix, after, limit } = scan;
  if (store.getAllRecords) {
    // One request instead of two: a claim-sized transaction measured ~15 ms instead of ~17 ms.
    const records = await promisifyRequest(store.getAllRecords({ query: range(prefix, after), count: limit }));
    return records.map(({ key, value }) => [String(key), value]);
  }
  const [keys, values] = await Promise.all([
    promisifyRequest(store.getAllKeys(range(prefix, after), limit)),
    promisifyRequest(store.getAll(range(prefix, after), limit)),
  ]);
  return keys.map((key, i) => [String(key), values[i]]);
}

/**
 * Deletes `keys`, each run of them that lies side by side in the store with one range request:
 * a settled batch of 100 answers is deleted in ~2 ms instead of ~9 ms (Chromium). Only keys seen
 * in the store in this transaction form a run, so nothing else in between is ever deleted.
 */
async function deleteKeys(store: IDBObjectStore, keys: string[]): Promise<void> {
  // Keys of one kind (`q:`, `m:`, `d:`) lie together; a span across kinds would read the queue between.
  const kinds = new Map<string, string[]>();
  for (const key of keys) {
    const kind = key.slice(0, key.indexOf(':') + 1);
    const group = kinds.get(kind);
    if (group) group.push(key);
    else kinds.set(kind, [key]);
  }
  if (kinds.size > 1) {
    await Promise.all([...kinds.values()].map(group => deleteKeys(store, group)));
    return;
  }
  if (keys.length < 2) {
    for (const key of keys) store.delete(key);
    return;
  }
  const wanted = [...new Set(keys)].sort();
  // Bounded read: keys spread over a long queue are not worth reading it all; past the read,
  // keys are deleted one by one.
  const span = IDBKeyRange.bound(wanted[0], wanted[wanted.length - 1]);
  const stored = await promisifyRequest(store.getAllKeys(span, 2 * wanted.length + 16));
  const deleteRun = (from: number, to: number) =>
    store.delete(from === to ? wanted[from]! : IDBKeyRange.bound(wanted[from], wanted[to]));
  // Walks both sorted lists: a run ends where the store holds a key that is not to be deleted.
  let start = -1;
  let last = -1;
  let w = 0;
  for (const storedKey of stored) {
    const key = String(storedKey);
    while (w < wanted.length && wanted[w]! < key) w++; // already gone: nothing to delete
    if (wanted[w] === key) {
      if (start < 0) start = w;
      last = w++;
    } else if (start >= 0) {
      deleteRun(start, last);
      start = -1;
    }
  }
  if (start >= 0) deleteRun(start, last);
  for (; w < wanted.length; w++) store.delete(wanted[w]!);
}

/** Runs reads and writes in one readwrite transaction and waits for it to commit. */
function runChange<T>(use: UseStore, scans: Scan[], change: (found: Entry[][]) => Change<T>, durability?: IDBTransactionDurability): Promise<T> {
  return use('readwrite', async store => {
    const transaction = store.transaction;
    // A failed put reaches the transaction as an error event before `transaction.error` is set.
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = event => reject(transaction.error ?? (event.target as IDBRequest).error);
      transaction.onabort = () => reject(transaction.error ?? new DOMException('transaction aborted', 'AbortError'));
    });
    done.catch(() => {}); // awaited below; this only keeps an early throw from leaving it unhandled
    const found = await Promise.all(scans.map(scan => readScan(store, scan)));
    const { put = [], delete: remove = [], result } = change(found);
    await deleteKeys(store, remove);
    for (const [key, value] of put) store.put(value, key);
    await done;
    return result;
  }, durability);
}

function isClosedConnection(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'InvalidStateError';
}

/** A write refused for want of space: IndexedDB names it so, and a put in any transaction gets it. */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/**
 * The test write failed for want of space (S28), but the store can be read: the answers already in
 * it can still be sent, and deleting them frees room. `store` is that readable, unwritable store.
 */
export class StorageFullError extends DOMException {
  constructor(
    readonly store: OutboxStore,
    cause: DOMException,
  ) {
    super(cause.message, 'QuotaExceededError');
  }
}

/**
 * Opens the queue's database and proves it works with a test write, read and delete, within a
 * time limit (S27, S30). Rejects when IndexedDB is unusable; the caller falls back to memory.
 * When only the write failed, for want of space, rejects with a `StorageFullError` that carries
 * the store for reading and deleting.
 */
export async function openIdbStore(queue: string, options: IdbStoreOptions = {}): Promise<OutboxStore> {
  const { openTimeoutMs = OPEN_TIMEOUT_MS, createStore: connect = connectStore } = options;
  if (typeof indexedDB === 'undefined') throw new DOMException('IndexedDB is not available', 'NotSupportedError');
  const name = DB_PREFIX + queue;
  let use = connect(name, STORE_NAME);
  let closed = false;
  // The connection the last transaction ran on, and the operations under way (`close()`).
  let connection: IDBDatabase | undefined;
  let busy = 0;
  const tracked: UseStore = (mode, callback, durability) => {
    busy++;
    return use(mode, s => ((connection = s.transaction.db), callback(s)), durability).finally(() => busy--);
  };

  // A closed or lost connection is reopened and the operation tried again (S29).
  async function run<T>(work: (use: UseStore) => Promise<T>, timeoutMs = OPERATION_TIMEOUT_MS): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (closed) {
        use = connect(name, STORE_NAME);
        closed = false;
      }
      try {
        const pending = work(tracked);
        return await withTimeout(pending, timeoutMs);
      } catch (error) {
        if (!isClosedConnection(error) || attempt >= REOPEN_ATTEMPTS) throw error;
        closed = true;
      }
    }
  }

  const store: OutboxStore = {
    kind: 'indexeddb',
    transact: <T>(op: StoreOp, scans: Scan[], change: (found: Entry[][]) => Change<T>) =>
      run(u => runChange(u, scans, change, STRICT.has(op) ? 'strict' : 'default')),
    count: prefix => run(u => u('readonly', s => promisifyRequest(s.count(range(prefix))))),
    close() {
      if (closed) return;
      closed = true;
      // Closing one the browser closed (storage cleared) is a no-op: never open one only to close
      // it, which made an empty database again. An operation under way may be opening one still.
      connection?.close();
      if (busy > 0) use('readonly', s => s.transaction.db.close()).catch(() => {});
    },
  };
  // Each open its own key: tabs opening at once must not read or delete each other's probe.
  const probeKey = `m:probe:${mintId()}`;
  try {
    await run(
      u =>
        runChange(u, [], () => ({ put: [[probeKey, { at: Date.now() }]], result: undefined })).then(() =>
          runChange(u, [{ key: probeKey }], found => {
            if (found[0]?.length !== 1) throw new DOMException('IndexedDB lost a test write', 'DataError');
            return { delete: [probeKey], result: undefined };
          }),
        ),
      openTimeoutMs,
    );
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    await run(u => u('readonly', s => promisifyRequest(s.count())), openTimeoutMs).catch(() => Promise.reject(error));
    throw new StorageFullError(store, error as DOMException);
  }
  return store;
}

/**
 * Names of the outbox queues this origin has in IndexedDB, e.g. to drain one left behind by an
 * earlier survey version. Empty where the browser cannot list databases.
 */
export async function listQueues(): Promise<string[]> {
  try {
    const databases = (await indexedDB.databases?.()) ?? [];
    return databases.map(db => db.name ?? '').filter(name => name.startsWith(DB_PREFIX)).map(name => name.slice(DB_PREFIX.length));
  } catch {
    return [];
  }
}
