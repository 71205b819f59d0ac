import { expect, waitUntil } from '@open-wc/testing';
import { DB_PREFIX, openIdbStore } from '../../src/queue/idb.js';
import { withFlushLock } from '../../src/queue/flush-lock.js';
import { Outbox, type OutboxOptions } from '../../src/queue/outbox.js';
import { UNLOAD_CHUNK_BYTES, type Transport } from '../../src/queue/transport.js';
import type { OutboxStore } from '../../src/queue/outbox-store.js';
import { withFaults } from '../helpers/fault-store.js';
import { Ledger, LEDGER_ENDPOINT, newRecord } from '../helpers/ledger.js';

// How answers are handed over between tabs, outboxes and a page that is going away.

const SEND_TIMEOUT_MS = 5_000;
const LEASE_MS = 10_000;

function deleteDatabase(name: string): Promise<void> {
  return new Promise(resolve => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

describe('Outbox hand-over', () => {
  let queue: string;
  let clock: number;
  let ledger: Ledger;
  const outboxes: Outbox[] = [];

  function outbox(options: Partial<OutboxOptions> = {}): Outbox {
    const made = new Outbox({
      queue,
      endpoint: LEDGER_ENDPOINT,
      transport: ledger.transport,
      sendTimeoutMs: SEND_TIMEOUT_MS,
      leaseMs: LEASE_MS,
      now: () => clock,
      elapsed: () => clock,
      locks: null,
      ...options,
    });
    outboxes.push(made);
    return made;
  }

  beforeEach(() => {
    queue = `handover-${crypto.randomUUID()}`;
    clock = Date.UTC(2024, 2, 14, 9, 30);
    ledger = new Ledger();
  });

  afterEach(async () => {
    for (const made of outboxes.splice(0)) made.dispose();
    await deleteDatabase(DB_PREFIX + queue);
  });

  it('S22: an answer is the committing tab\'s to send until its commit lease ends', async () => {
    const tab1 = outbox();
    const record = newRecord();
    await tab1.commit(record);
    const tab2 = outbox();

    const report = await tab2.flush();

    expect(ledger.requests, 'the other tab leaves it alone').to.have.length(0);
    expect(report.retryInMs, 'and looks again when the lease ends').to.be.within(LEASE_MS, LEASE_MS + 1000);
    clock += LEASE_MS + 1; // the committing tab died without sending
    await tab2.flush();
    ledger.check([record.id], []);
  });

  it('S16: on pagehide the fresh answer goes out at once, even while IndexedDB does not answer', async () => {
    const store = withFaults(await openIdbStore(queue));
    const tab = outbox({ openStore: async () => store });
    const record = newRecord();
    const hold = ledger.hold(); // the normal flush must not get there first
    await tab.commit(record);
    store.fail('claim', 'hang', 100);
    hold();

    tab.sendBeforeLeaving();
    await ledger.arrivals(1);

    expect(ledger.requests[0]!.ids).to.deep.equal([record.id]);
    store.heal();
    await tab.flush({ force: true });
    // The pagehide send settles on its own, beside the flush: on a busy machine it may end later.
    await waitUntil(async () => (await tab.pending()) === 0, 'the acknowledgement removed it', { timeout: 10_000 });
    ledger.check([record.id], []);
  });

  it('S11: on pagehide an answer whose commit lease ends before a send could is left to another tab: sent once', async () => {
    let sentByLeavingTab = 0;
    const tab = outbox({ transport: (records, options) => (sentByLeavingTab++, ledger.transport(records, options)) });
    const record = newRecord();
    await tab.commit(record);
    clock += LEASE_MS - SEND_TIMEOUT_MS; // less lease left than a send may take

    tab.sendBeforeLeaving();
    clock += SEND_TIMEOUT_MS + 1; // the lease ran out: another tab may take the answer
    const other = outbox();
    await other.flush();
    await waitUntil(async () => (await other.pending()) === 0, 'the other tab delivered it', { timeout: 10_000 });

    expect(sentByLeavingTab, 'the leaving tab could not keep it from the other tab for a whole send').to.equal(0);
    expect(ledger.requests.map(r => r.ids)).to.deep.equal([[record.id]]);
    ledger.check([record.id], []);
  });

  it('S11: a pagehide while a claim is still committing leaves its answers to that claim: sent once', async () => {
    const inner = await openIdbStore(queue);
    let planned!: () => void;
    const claimPlanned = new Promise<void>(resolve => (planned = resolve));
    let release!: () => void;
    const committing = new Promise<void>(resolve => (release = resolve));
    // The first claim is planned at once, but reported only at release(): the window between a
    // transaction's planning and its commit, in which the page may go away.
    let first = true;
    const store: OutboxStore = {
      kind: inner.kind,
      count: prefix => inner.count(prefix),
      close: () => inner.close(),
      async transact(op, scans, change) {
        if (op !== 'claim' || !first) return inner.transact(op, scans, change);
        first = false;
        const done = await inner.transact(op, scans, found => {
          const planning = change(found);
          planned();
          return planning;
        });
        await committing;
        return done;
      },
    };
    const tab = outbox({ openStore: async () => store });
    const record = newRecord();
    await tab.commit(record);

    const flushing = tab.flush();
    await claimPlanned;
    tab.sendBeforeLeaving();
    release();
    await flushing;

    expect(ledger.receivedCount(record.id), 'requests that carried the answer').to.equal(1);
    ledger.check([record.id], []);
  });

  it('S11: an answer sent on pagehide is not sent again while its settle is still committing', async () => {
    const inner = await openIdbStore(queue);
    let settling!: () => void;
    const settleStarted = new Promise<void>(resolve => (settling = resolve));
    let release!: () => void;
    const committed = new Promise<void>(resolve => (release = resolve));
    // The unload send's request has ended, but its settle has not committed yet: the window in
    // which a page back from the bfcache flushes.
    let first = true;
    const store: OutboxStore = {
      kind: inner.kind,
      count: prefix => inner.count(prefix),
      close: () => inner.close(),
      async transact(op, scans, change) {
        if (op !== 'settle' || !first) return inner.transact(op, scans, change);
        first = false;
        settling();
        await committed;
        return inner.transact(op, scans, change);
      },
    };
    const tab = outbox({ openStore: async () => store });
    const record = newRecord();
    await tab.commit(record);

    tab.sendBeforeLeaving();
    await settleStarted;
    expect(ledger.receivedCount(record.id), 'requests before the flush').to.equal(1);
    await tab.flush();
    release();
    await waitUntil(async () => (await tab.pending()) === 0, 'the answer was settled', { timeout: 10_000 });

    expect(ledger.receivedCount(record.id), 'requests that carried the answer').to.equal(1);
    ledger.check([record.id], []);
  });

  it('S17: on pagehide a backlog over the keepalive quota goes in requests of at most 50 kB, the first with keepalive', async () => {
    const tab = outbox();
    // About 2.3 kB each in UTF-8 (ü is two bytes): 90 kB in all, over the 64 KiB keepalive quota.
    const records = Array.from({ length: 40 }, () => newRecord({ answers: { reliability: 4, comment: 'ü'.repeat(1000) } }));
    for (const record of records) await tab.commit(record);

    tab.sendBeforeLeaving();
    await ledger.arrivals(2);

    const bytes = ledger.requests.map(request => new TextEncoder().encode(request.body).length);
    expect(Math.max(...bytes), `request sizes ${bytes.join(', ')}`).to.be.at.most(UNLOAD_CHUNK_BYTES);
    expect(ledger.requests[0]!.keepalive, 'the first request outlives the page').to.equal(true);
    expect(ledger.requests.flatMap(request => request.ids)).to.deep.equal(records.map(record => record.id));
    // This page stayed, so the requests sent without keepalive arrived as well.
    await waitUntil(async () => (await tab.pending()) === 0, 'every answer acknowledged', { timeout: 10_000 });
    ledger.check(records.map(record => record.id), []);
  });

  for (const [name, reply] of [
    ['a pause (401)', { status: 401 }],
    ['a Retry-After wait (503)', { status: 503, retryAfter: '120' }],
  ] as const) {
    it(`S3/S7: on pagehide nothing is sent while the queue keeps ${name}`, async () => {
      const tab = outbox();
      ledger.next(reply);
      await tab.commit(newRecord());
      await tab.flush();
      expect(ledger.requests).to.have.length(1);
      const record = newRecord();
      const hold = ledger.hold(); // a flush the commit may start waits here; the unload send must not come
      await tab.commit(record);

      tab.sendBeforeLeaving();
      await new Promise(resolve => setTimeout(resolve, 200));

      expect(ledger.requests.map(r => r.ids), 'only the request that started the wait').to.have.length(1);
      hold();
    });
  }

  it('S11: ids of a transport that ignores its timeout stay in flight: never sent twice at once', async () => {
    let sent = 0;
    let finish!: () => void;
    const stubborn: Transport = records => {
      sent++;
      return new Promise(resolve => {
        finish = () => resolve({ ok: true, ids: records.map(r => r.id) });
      });
    };
    const tab = outbox({ transport: stubborn, sendTimeoutMs: 50, leaseMs: 1100 });
    await tab.commit(newRecord());

    const first = await tab.flush();
    expect(first.retryInMs, 'the timeout counts as a failure').to.be.a('number');
    clock += 5_000; // well past the lease as well
    await tab.flush();

    expect(sent, 'the first request is still open, so nothing is sent again').to.equal(1);
    finish();
    await new Promise(resolve => setTimeout(resolve, 0));
    await tab.flush();
    expect(sent).to.equal(2);
  });

  it('never says an answer is gone (sent) when IndexedDB would not open for the outbox asking', async () => {
    const before = outbox();
    const record = newRecord();
    const { key } = await before.commit(record);
    before.dispose();
    const broken = () => Promise.reject(new DOMException('blocked', 'SecurityError'));
    const after = outbox({ openStore: broken });

    expect(await after.whereIs({ key, id: record.id })).to.equal('queued');
    expect(await outbox().whereIs({ key, id: record.id }), 'one that can look finds it').to.equal('queued');
    expect(ledger.requests).to.have.length(0);
  });

  it('S27: an answer kept in memory survives the element being reconfigured', async () => {
    const broken = () => Promise.reject(new DOMException('blocked', 'SecurityError'));
    ledger.fallback = 'network';
    const before = outbox({ openStore: broken });
    const record = newRecord();
    expect((await before.commit(record)).durable).to.equal(false);
    await before.flush();
    before.dispose();

    ledger.fallback = 'accept';
    const after = outbox({ openStore: broken });
    await after.flush({ force: true });

    ledger.check([record.id], []);
  });
});

describe('withFlushLock()', () => {
  const refusing = {
    request: () => Promise.reject(new DOMException('locks are not allowed here', 'SecurityError')),
  } as unknown as LockManager;

  it('S24: runs the work without a lock when the browser refuses one', async () => {
    let runs = 0;
    await withFlushLock('q', async () => void runs++, refusing);
    expect(runs).to.equal(1);
  });

  it('never runs the work twice when the work itself fails under the lock', async () => {
    let runs = 0;
    const failing = async () => {
      runs++;
      throw new Error('storage broke');
    };
    let caught: unknown;
    await withFlushLock(`q-${crypto.randomUUID()}`, failing).catch(error => (caught = error));
    expect(runs).to.equal(1);
    expect((caught as Error).message).to.equal('storage broke');
  });
});
