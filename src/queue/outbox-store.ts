/** Named operations, so a fault-injecting wrapper (tests) can fail exactly one of them. */
export type StoreOp = 'probe' | 'commit' | 'claim' | 'settle' | 'read' | 'dead-letters' | 'move';

/**
 * What to read: every key starting with `prefix` (in key order, only those after `after` when
 * given, at most `limit`), or one `key`.
 */
export type Scan = { prefix: string; after?: string; limit?: number } | { key: string };

export type Entry = [key: string, value: unknown];

/** The writes a change makes, and what it returns to the caller. */
export interface Change<T> {
  put?: Entry[];
  delete?: string[];
  result: T;
}

/**
 * Where the outbox keeps its items: IndexedDB (`idb.ts`) or memory when storage is unusable.
 * `transact` reads and writes in one atomic step, so two tabs never claim the same item.
 */
export interface OutboxStore {
  readonly kind: 'indexeddb' | 'memory';
  transact<T>(op: StoreOp, scans: Scan[], change: (found: Entry[][]) => Change<T>): Promise<T>;
  count(prefix: string): Promise<number>;
  /** Lets go of the connection (pagehide, so bfcache is not blocked); the next call reopens. */
  close(): void;
}

function inRange(key: string, prefix: string): boolean {
  return key.startsWith(prefix);
}

/** An outbox store in page memory: used when IndexedDB is missing, broken or full (S27–S30). */
export function createMemoryStore(): OutboxStore {
  const data = new Map<string, unknown>();
  const scan = (scan: Scan): Entry[] => {
    if ('key' in scan) return data.has(scan.key) ? [[scan.key, structuredClone(data.get(scan.key))]] : [];
    return [...data.keys()]
      .filter(key => inRange(key, scan.prefix) && (scan.after === undefined || key > scan.after))
      .sort()
      .slice(0, scan.limit ?? Infinity)
      .map(key => [key, structuredClone(data.get(key))]);
  };
  return {
    kind: 'memory',
    async transact(_op, scans, change) {
      const { put = [], delete: remove = [], result } = change(scans.map(scan));
      for (const key of remove) data.delete(key);
      for (const [key, value] of put) data.set(key, structuredClone(value));
      return result;
    },
    async count(prefix) {
      return [...data.keys()].filter(key => inRange(key, prefix)).length;
    },
    close() {},
  };
}

/** A transaction that reads nothing and only writes. */
export function write(store: OutboxStore, op: StoreOp, change: Omit<Change<void>, 'result'>): Promise<void> {
  return store.transact(op, [], () => ({ ...change, result: undefined }));
}
