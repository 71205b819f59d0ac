import '../helpers/fresh-storage.js';
import { expect } from '@open-wc/testing';
import { connectStore, DB_PREFIX, openIdbStore, type UseStore } from '../../src/queue/idb.js';
import { createMemoryStore, type OutboxStore } from '../../src/queue/outbox-store.js';

// The IndexedDB store deletes side-by-side keys with range requests (idb.ts `deleteKeys`); these
// check that it deletes exactly what it was asked to, against the memory store as the model.

const key = (n: number) => `q:${String(n).padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => key(from + i));

async function keysOf(store: OutboxStore): Promise<string[]> {
  return store.transact('read', [{ prefix: '' }], found => ({ result: found[0]!.map(([k]) => k) }));
}

async function run(store: OutboxStore, stored: string[], remove: string[], put: string[] = []): Promise<string[]> {
  await store.transact('commit', [], () => ({ put: stored.map(k => [k, { k }]), result: undefined }));
  await store.transact('settle', [], () => ({ delete: remove, put: put.map(k => [k, { k, again: true }]), result: undefined }));
  return keysOf(store);
}

describe('IndexedDB store: deleting many keys', () => {
  const opened: string[] = [];

  afterEach(async () => {
    for (const queue of opened.splice(0)) {
      await new Promise(resolve => {
        const request = indexedDB.deleteDatabase(DB_PREFIX + queue);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
    }
  });

  async function both(stored: string[], remove: string[], put: string[] = []) {
    const queue = `idb-store-test-${crypto.randomUUID()}`;
    opened.push(queue);
    const idb = await openIdbStore(queue);
    try {
      const actual = await run(idb, stored, remove, put);
      const expected = await run(createMemoryStore(), stored, remove, put);
      return { actual, expected };
    } finally {
      idb.close();
    }
  }

  it('deletes a whole batch that lies side by side and keeps its neighbours', async () => {
    const { actual, expected } = await both(range(0, 199), range(50, 149));
    expect(actual).to.deep.equal(expected);
    expect(actual).to.deep.equal([...range(0, 49), ...range(150, 199)]);
  });

  it('never deletes a key between two deleted ones that was not asked for (another tab’s answer)', async () => {
    const remove = range(10, 40).filter(k => k !== key(17) && k !== key(33));
    const { actual, expected } = await both(range(0, 50), remove);
    expect(actual).to.deep.equal(expected);
    expect(actual).to.include.members([key(17), key(33)]);
    expect(actual).to.have.length(51 - remove.length);
  });

  it('ignores keys already gone, duplicates and unsorted input', async () => {
    const stored = range(0, 30).filter(k => k !== key(12) && k !== key(20));
    const remove = [...range(5, 25)].reverse().concat(key(7), key(8));
    const { actual, expected } = await both(stored, remove);
    expect(actual).to.deep.equal(expected);
    expect(actual).to.deep.equal([...range(0, 4), ...range(26, 30)]);
  });

  it('deletes keys spread over a long queue, beyond the bounded read of its span', async () => {
    const remove = [key(0), key(1), key(500), key(998), key(999)];
    const { actual, expected } = await both(range(0, 999), remove);
    expect(actual).to.deep.equal(expected);
    expect(actual).to.have.length(995);
    expect(actual).not.to.include.members(remove);
  });

  it('deletes keys of several kinds at once, each kind by its own runs', async () => {
    const kinds = (n: number) => [`d:${n}`, `m:lease:${n}`, `q:${String(n).padStart(4, '0')}`];
    const stored = Array.from({ length: 20 }, (_, n) => kinds(n)).flat();
    const remove = stored.filter((_, i) => i % 4 !== 0);
    const { actual, expected } = await both(stored, remove);
    expect(actual).to.deep.equal(expected);
    expect(actual).to.have.members(stored.filter((_, i) => i % 4 === 0));
  });

  it('puts in the same change land after the deletes, even inside a deleted run', async () => {
    const { actual, expected } = await both(range(0, 20), range(0, 20), [key(10)]);
    expect(actual).to.deep.equal(expected);
    expect(actual).to.deep.equal([key(10)]);
  });

  it('reads the same where the browser has no getAllRecords (two requests instead of one)', async () => {
    const queue = `idb-store-test-${crypto.randomUUID()}`;
    opened.push(queue);
    const idb = await openIdbStore(queue);
    const scan = (prefix: string, after?: string, limit?: number) =>
      idb.transact('read', [{ prefix, after, limit }], found => ({ result: found[0]! }));
    const proto = IDBObjectStore.prototype as unknown as Record<string, unknown>;
    const own = Object.getOwnPropertyDescriptor(proto, 'getAllRecords');
    try {
      await idb.transact('commit', [], () => ({ put: [...range(0, 30), 'm:wait'].map(k => [k, { k }]), result: undefined }));
      const withRecords = [await scan('q:'), await scan('q:', key(9), 5), await scan('m:')];
      if (own) delete proto.getAllRecords;
      expect('getAllRecords' in IDBObjectStore.prototype).to.equal(false);
      const without = [await scan('q:'), await scan('q:', key(9), 5), await scan('m:')];
      expect(without).to.deep.equal(withRecords);
      expect(without[1]!.map(([k]) => k)).to.deep.equal(range(10, 14));
    } finally {
      if (own) Object.defineProperty(proto, 'getAllRecords', own);
      idb.close();
    }
  });

  it('saves an answer with strict durability (on disk before "saved"), and claims and settles without waiting for the disk', async () => {
    const queue = `idb-store-test-${crypto.randomUUID()}`;
    opened.push(queue);
    const seen: string[] = [];
    // The real connection, watched: each readwrite transaction's durability as the browser took it.
    const watching = (dbName: string, storeName: string): UseStore => {
      const use = connectStore(dbName, storeName);
      return (mode, callback, durability) =>
        use(mode, store => {
          if (mode === 'readwrite') seen.push(store.transaction.durability);
          return callback(store);
        }, durability);
    };
    const idb = await openIdbStore(queue, { createStore: watching });
    const durabilityOf = async (op: Parameters<OutboxStore['transact']>[0]) => {
      seen.length = 0;
      await idb.transact(op, [], () => ({ put: [[key(1), { op }]], result: undefined }));
      return [...seen];
    };
    try {
      expect(await durabilityOf('commit')).to.deep.equal(['strict']);
      expect(await durabilityOf('move'), 'moved from memory: its first save on disk').to.deep.equal(['strict']);
      // 'default' is what each browser does unasked (relaxed in Chromium since 121, in Firefox and Safari).
      expect(await durabilityOf('claim')).to.deep.equal(['default']);
      expect(await durabilityOf('settle')).to.deep.equal(['default']);
      expect(await keysOf(idb)).to.deep.equal([key(1)]);
    } finally {
      idb.close();
    }
  });
});

describe('IndexedDB store: closing', () => {
  const settle = (request: IDBRequest | IDBOpenDBRequest) =>
    new Promise(resolve => (request.onsuccess = request.onerror = (request as IDBOpenDBRequest).onblocked = resolve));

  it('S19/S31: close() after the browser closed the connection (site data cleared) does not make the database again', async () => {
    const name = DB_PREFIX + `idb-store-test-${crypto.randomUUID()}`;
    let connection: IDBDatabase | undefined;
    const watching = (dbName: string, storeName: string): UseStore => {
      const use = connectStore(dbName, storeName);
      return (mode, callback, durability) => use(mode, store => ((connection = store.transaction.db), callback(store)), durability);
    };
    const idb = await openIdbStore(name.slice(DB_PREFIX.length), { createStore: watching });
    // What "Clear site data" does to an open page: the browser closes its connection, with a
    // close event (not sent for close() in script, so sent here), and deletes the database.
    connection!.close();
    connection!.dispatchEvent(new Event('close'));
    await settle(indexedDB.deleteDatabase(name));

    idb.close(); // pagehide
    // Opens of one name run in order: this one learns whether close() made the database again.
    const again = indexedDB.open(name);
    let existed = true;
    again.onupgradeneeded = event => (existed = event.oldVersion > 0);
    await settle(again);
    again.result.close();
    await settle(indexedDB.deleteDatabase(name));
    expect(existed, 'the cleared database is not made again').to.equal(false);
  });

  it('S19: close() lets go of the connection, also while an operation is opening it', async () => {
    const queue = `idb-store-test-${crypto.randomUUID()}`;
    const idb = await openIdbStore(queue);
    idb.close();
    const counting = idb.count('q:'); // reopens
    idb.close(); // while that open is under way
    expect(await counting).to.equal(0);
    // A delete waits for every connection to close (a closing one may still finish its work).
    const deleting = indexedDB.deleteDatabase(DB_PREFIX + queue);
    const deleted = await new Promise(resolve => ((deleting.onsuccess = () => resolve(true)), setTimeout(() => resolve(false), 5000)));
    expect(deleted, 'no connection left open').to.equal(true);
  });
});
