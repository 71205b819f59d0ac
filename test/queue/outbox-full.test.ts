import '../helpers/fresh-storage.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import { connectStore, DB_PREFIX, openIdbStore, STORE_NAME, type UseStore } from '../../src/queue/idb.js';
import { Outbox, type OutboxEvent, type OutboxOptions } from '../../src/queue/outbox.js';
import { createFetchTransport } from '../../src/queue/transport.js';
import { LEASE_PREFIX, PREFIX } from '../../src/queue/stored-item.js';
import { withFaults, type FaultStore } from '../helpers/fault-store.js';
import { expectExactlyOnce, expectNoConcurrency, ledgerKey, ledgerUrl, script, waitForLedger } from '../helpers/ledger-client.js';
import { Ledger, LEDGER_ENDPOINT, newRecord } from '../helpers/ledger.js';

// S28 with a full disk: answers stored before it filled are still sent and counted, and nothing
// is lost while it stays full. In Chromium the disk is really full: the origin gets a 1.5 MB quota
// (CDP) and a second database fills it. Firefox has no such control here: there, every put fails
// as IndexedDB fails it when full (the whole transaction, with QuotaExceededError), reads and
// deletes still work.

const QUOTA_BYTES = 1_500_000;
const FILLER = 'feedback-loop-test-filler';
/** Longer than the outbox's wait between attempts to use IndexedDB again (30 s). */
const RESTORE_WAIT_MS = 31_000;

function deleteDatabase(name: string): Promise<void> {
  return new Promise(resolve => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function quotaExceeded(): DOMException {
  return new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
}

/** A full disk: really full (Chromium), or failing every put as a full one does (Firefox). */
interface Disk {
  /** How the outbox connects to IndexedDB. */
  connect(dbName: string, storeName: string): UseStore;
  fill(): Promise<void>;
  free(): Promise<void>;
}

function openDatabase(name: string, store: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => request.result.createObjectStore(store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function put(db: IDBDatabase, key: string, value: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction('blobs', 'readwrite');
    transaction.objectStore('blobs').put(value, key);
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error);
  });
}

/** The test page's origin gets a quota of `bytes` (its IndexedDB is cleared first); none: the browser's own again. */
function setQuota(bytes?: number): Promise<boolean> {
  return executeServerCommand<boolean, { bytes?: number }>('storage-quota', bytes === undefined ? {} : { bytes });
}

/** Fills the origin's small quota with a database of its own, down to a few bytes of room. */
function realDisk(): Disk {
  let filler: IDBDatabase | undefined;
  return {
    connect: connectStore,
    async fill() {
      filler = await openDatabase(FILLER, 'blobs');
      let n = 0;
      for (const size of [20_000, 1_000, 20]) {
        // Bounded: a 1.5 MB quota takes at most ~75, ~20 and ~50 puts.
        for (let i = 0; i < 2_000; i++) {
          try {
            await put(filler, `blob-${n++}`, 'x'.repeat(size));
          } catch (error) {
            expect((error as DOMException).name).to.equal('QuotaExceededError');
            break;
          }
        }
      }
    },
    async free() {
      // The browser's own quota again: room at once (deleting the filler frees it only a while later).
      await setQuota();
      filler?.close();
      filler = undefined;
      await deleteDatabase(FILLER);
    },
  };
}

/** IndexedDB that fails whole transactions with a put in them, as a full one does. */
function simulatedDisk(): Disk {
  let full = false;
  return {
    connect(dbName, storeName) {
      const use = connectStore(dbName, storeName);
      return (mode, callback, durability) =>
        use(
          mode,
          store =>
            callback(
              new Proxy(store, {
                get(target, key) {
                  if (key === 'put' && full) {
                    return () => {
                      target.transaction.abort(); // nothing of the transaction lands
                      throw quotaExceeded();
                    };
                  }
                  const value = Reflect.get(target, key, target) as unknown;
                  return typeof value === 'function' ? value.bind(target) : value;
                },
              }),
            ),
          durability,
        );
    },
    async fill() {
      full = true;
    },
    async free() {
      full = false;
    },
  };
}

describe('Outbox on a full disk (S28)', () => {
  let disk: Disk;
  let real = false;
  let queue: string;
  let clock: number;
  let ledger: Ledger;
  let events: OutboxEvent[];
  const outboxes: Outbox[] = [];

  before(async () => {
    real = await setQuota(QUOTA_BYTES);
    disk = real ? realDisk() : simulatedDisk();
  });

  after(async () => {
    if (real) await setQuota();
  });

  beforeEach(async () => {
    // A quota applies to storage the origin has not used since: set anew before each test's first write.
    if (real) await setQuota(QUOTA_BYTES);
    queue = `outbox-full-${crypto.randomUUID()}`;
    clock = Date.UTC(2024, 2, 14, 9, 30);
    ledger = new Ledger();
    events = [];
  });

  afterEach(async () => {
    for (const outbox of outboxes.splice(0)) outbox.dispose();
    await disk.free();
    await deleteDatabase(DB_PREFIX + queue);
  });

  /** An outbox as a page that opens now would make it. */
  function outbox(options: Partial<OutboxOptions> = {}): Outbox {
    const created = new Outbox({
      queue,
      endpoint: LEDGER_ENDPOINT,
      transport: ledger.transport,
      openStore: () => openIdbStore(queue, { createStore: disk.connect }),
      now: () => clock,
      elapsed: () => clock,
      onEvent: event => events.push(event),
      ...options,
    });
    outboxes.push(created);
    return created;
  }

  /** Keys of the answers IndexedDB holds for the queue, read past the outbox. */
  async function stored(prefix: string = PREFIX.queued): Promise<string[]> {
    const db = await openDatabase(DB_PREFIX + queue, STORE_NAME);
    try {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = db.transaction(STORE_NAME).objectStore(STORE_NAME).getAllKeys();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return keys.map(String).filter(key => key.startsWith(prefix));
    } finally {
      db.close();
    }
  }

  async function commitDurably(box: Outbox, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const record = newRecord();
      expect((await box.commit(record)).durable, 'saved on this device').to.equal(true);
      ids.push(record.id);
      clock += 1;
    }
    return ids;
  }

  it('a page opened on a full disk sends and counts the answers saved before it filled', async () => {
    const earlier = await commitDurably(outbox(), 3);
    outboxes.shift()!.dispose();
    clock += 60_000; // that page's leases on them ran out
    await disk.fill();

    const page = outbox();
    expect(await page.pending(), 'answers waiting, those in IndexedDB included').to.equal(3);
    expect(page.isDegraded).to.equal(true);
    const warning = events.find(e => e.type === 'storage');
    expect(warning).to.include({ durable: false });
    expect((warning as { reason: string }).reason).to.match(/full/i);

    const now = newRecord();
    const committed = await page.commit(now);
    expect(committed.durable, 'the new answer is kept in memory').to.equal(false);
    expect(committed.pending).to.equal(4);

    await page.flush();
    expect([...ledger.accepted].sort()).to.deep.equal([...earlier, now.id].sort());
    expect(await page.pending()).to.equal(0);
    expect(await stored(), 'IndexedDB emptied as the endpoint acknowledged').to.deep.equal([]);
  });

  it('the disk fills while the page is open: the next answer goes to memory, the earlier ones are still sent', async () => {
    const page = outbox();
    const earlier = await commitDurably(page, 2);
    await disk.fill();

    const later = newRecord();
    expect((await page.commit(later)).durable).to.equal(false);
    expect(events.filter(e => e.type === 'storage')).to.have.length(1);
    expect(await page.pending()).to.equal(3);

    await page.flush();
    expect([...ledger.accepted].sort()).to.deep.equal([...earlier, later.id].sort());
    expect(await page.pending()).to.equal(0);
    expect(await stored()).to.deep.equal([]);
  });

  it('a flush that finds the disk full sends the stored answers without writing a lease', async () => {
    const page = outbox();
    const earlier = await commitDurably(page, 4);
    await disk.fill();

    const release = ledger.hold();
    const flushing = page.flush();
    await ledger.arrivals(1);
    expect(await stored(LEASE_PREFIX), 'lease records while the batch travels').to.deep.equal([]);
    // No lease: only the Web Lock keeps other tabs off, and it goes with the page; so must the request.
    expect(ledger.requests[0]!.keepalive, 'outlives the page').to.equal(false);
    release();
    await flushing;
    expect([...ledger.accepted].sort()).to.deep.equal([...earlier].sort());
    expect(await page.pending()).to.equal(0);
    expect(events.some(e => e.type === 'retry'), 'no retry: the flush went through').to.equal(false);
  });

  it('an answer refused while the disk is full stays stored, is not sent again, and becomes a dead letter once there is room', async () => {
    const [refused, accepted] = await commitDurably(outbox(), 2);
    outboxes.shift()!.dispose();
    clock += 60_000; // that page's leases on them ran out
    await disk.fill();
    ledger.refuse(refused!);

    const page = outbox();
    await page.flush();
    expect(ledger.accepted).to.deep.equal([accepted]);
    expect(await page.pending(), 'the refused answer is still stored').to.equal(1);
    expect(await stored()).to.have.length(1);
    const sent = ledger.receivedCount(refused!);

    clock += 60_000;
    await page.flush({ force: true });
    expect(ledger.receivedCount(refused!), 'not sent again while the disk is full').to.equal(sent);

    await disk.free();
    clock += RESTORE_WAIT_MS;
    await page.flush({ force: true });
    expect(events.at(-1)).to.include({ type: 'dead-letter' });
    expect((await page.deadLetters()).map(letter => letter.id)).to.deep.equal([refused]);
    expect(await page.pending()).to.equal(0);
  });

  it('a tab that closes mid-request on a full disk takes its request along: another tab never has the same answers in flight', async () => {
    const key = ledgerKey('full-disk');
    const earlier = await commitDurably(outbox({ endpoint: ledgerUrl(key) }), 3);
    outboxes.shift()!.dispose();
    clock += 60_000;
    await disk.fill();
    // Tab A is a frame: its Web Lock, and its requests, belong to it, and go when it is closed.
    await script(key, [{ delayMs: 8_000 }]); // A's request gets no answer before the frame goes
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const frameWindow = frame.contentWindow! as Window & typeof globalThis;
    const tabA = outbox({
      endpoint: ledgerUrl(key),
      transport: createFetchTransport(ledgerUrl(key), { fetch: frameWindow.fetch.bind(frameWindow) }),
      locks: frameWindow.navigator.locks,
    });
    void tabA.flush();
    await waitForLedger(key, ledger => ledger.inFlight === 3, 'tab A sending');
    frame.remove();
    tabA.dispose();

    const tabB = outbox({ endpoint: ledgerUrl(key), transport: createFetchTransport(ledgerUrl(key)) });
    await tabB.flush();
    const ledger = await expectExactlyOnce(key, earlier);
    expectNoConcurrency(ledger);
  });

  it('one refused write on a disk with room is not taken for a full disk', async () => {
    const [first] = await commitDurably(outbox(), 1);
    outboxes.shift()!.dispose();
    clock += 60_000;
    let store: FaultStore | undefined;
    const page = outbox({ openStore: async () => (store = withFaults(await openIdbStore(queue, { createStore: disk.connect }))) });
    await page.pending();
    store!.fail('claim', 'quota'); // the lease write of the next claim, once

    await page.flush();
    expect(events.filter(e => e.type === 'storage'), 'no storage warning').to.deep.equal([]);
    expect(page.isDegraded).to.equal(false);
    expect((await page.commit(newRecord())).durable, 'the next answer is saved in IndexedDB').to.equal(true);
    clock += 60_000;
    await page.flush({ force: true });
    expect(ledger.accepted).to.include(first);
    expect(await page.pending()).to.equal(0);
  });

  it('staff can retry dead letters on a full disk: those in memory go, those in IndexedDB stay dead letters', async () => {
    const [refused] = await commitDurably(outbox(), 1);
    ledger.refuse(refused!);
    await outboxes[0]!.flush();
    outboxes.shift()!.dispose();
    await disk.fill();

    const page = outbox();
    expect((await page.deadLetters()).map(letter => letter.id)).to.deep.equal([refused]);
    expect(await page.retryDeadLetters(), 'moved').to.equal(0);
    expect((await page.deadLetters()).map(letter => letter.id)).to.deep.equal([refused]);
  });

  it('once the disk has room again, new answers are saved in IndexedDB again', async () => {
    await disk.fill();
    const page = outbox();
    expect((await page.commit(newRecord())).durable).to.equal(false);

    await disk.free();
    clock += RESTORE_WAIT_MS;
    ledger.fallback = { status: 503 }; // nothing leaves: the answer must move to IndexedDB
    await page.flush();
    expect(events.filter(e => e.type === 'storage').at(-1)).to.include({ durable: true });
    expect(await stored()).to.have.length(1);
    expect((await page.commit(newRecord())).durable).to.equal(true);
    expect(await page.pending()).to.equal(2);
  });
});
