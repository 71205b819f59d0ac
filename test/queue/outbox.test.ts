import '../helpers/fresh-storage.js';
import { expect, waitUntil } from '@open-wc/testing';
import { createStore, get, set, setMany, type UseStore } from 'idb-keyval';
import { DB_PREFIX, openIdbStore, STORE_NAME } from '../../src/queue/idb.js';
import { createMemoryStore, type OutboxStore } from '../../src/queue/outbox-store.js';
import { Outbox, queuesHeldInMemory, type OutboxEvent, type OutboxOptions } from '../../src/queue/outbox.js';
import { RETRY } from '../../src/queue/policy.js';
import { FORMAT_VERSION, LEASE_PREFIX, PREFIX, queuedKey, WAIT_KEY, type Lease, type QueuedItem, type Wait } from '../../src/queue/stored-item.js';
import { memoryStoreFor } from '../../src/queue/memory-queues.js';
import { requestBody, type SendResult, type Transport } from '../../src/queue/transport.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import { withFaults, type Fault, type FaultStore } from '../helpers/fault-store.js';
import { Ledger, LEDGER_ENDPOINT, newRecord } from '../helpers/ledger.js';

type Backend = 'memory' | 'indexeddb';

/** Leases must outlast the send timeout; both are short so fake-clock tests stay small. */
const SEND_TIMEOUT_MS = 5_000;
const LEASE_MS = 10_000;
const START = Date.UTC(2024, 2, 14, 9, 30);
const DAY = 86_400_000;

function deleteDatabase(name: string): Promise<void> {
  return new Promise(resolve => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * One test's world: a fake clock, a ledger endpoint, and the queue's storage as separate tabs or
 * processes see it (memory: one shared store; IndexedDB: a new connection per opener).
 */
class World {
  clock = START;
  readonly ledger = new Ledger();
  readonly events: OutboxEvent[] = [];
  readonly queue = `outbox-test-${crypto.randomUUID()}`;
  private readonly queues = new Set<string>([this.queue]);
  private readonly outboxes: Outbox[] = [];
  private readonly connections: OutboxStore[] = [];
  private readonly rawStores: UseStore[] = [];
  private readonly memory = new Map<string, OutboxStore>();
  private readonly views = new Map<string, Promise<OutboxStore>>();

  constructor(readonly backend: Backend) {}

  readonly now = (): number => this.clock;

  newQueue(): string {
    const queue = `outbox-test-${crypto.randomUUID()}`;
    this.queues.add(queue);
    return queue;
  }

  /** The queue's store as a new tab or a restarted process opens it. */
  async open(queue = this.queue): Promise<OutboxStore> {
    this.queues.add(queue);
    if (this.backend === 'memory') {
      if (!this.memory.has(queue)) this.memory.set(queue, createMemoryStore());
      return this.memory.get(queue)!;
    }
    const store = await openIdbStore(queue);
    this.connections.push(store);
    return store;
  }

  outbox(options: Partial<OutboxOptions> = {}): Outbox {
    const queue = options.queue ?? this.queue;
    const outbox = new Outbox({
      queue,
      endpoint: LEDGER_ENDPOINT,
      transport: this.ledger.transport,
      openStore: () => this.open(queue),
      sendTimeoutMs: SEND_TIMEOUT_MS,
      leaseMs: LEASE_MS,
      now: this.now,
      elapsed: this.now,
      onEvent: event => this.events.push(event),
      ...options,
    });
    this.outboxes.push(outbox);
    return outbox;
  }

  /** Commits `n` fresh records, one clock tick apart (so their order is known). */
  async commit(outbox: Outbox, n: number): Promise<FeedbackRecord[]> {
    const records: FeedbackRecord[] = [];
    for (let i = 0; i < n; i++) {
      const record = newRecord();
      expect((await outbox.commit(record)).durable).to.equal(true);
      records.push(record);
      this.clock += 1;
    }
    return records;
  }

  /** What the queue's storage holds as queued items, read through a connection of its own. */
  async items(queue = this.queue): Promise<QueuedItem[]> {
    if (!this.views.has(queue)) this.views.set(queue, this.open(queue));
    const store = await this.views.get(queue)!;
    const found = await store.transact('read', [{ prefix: PREFIX.queued }], ([entries = []]) => ({ result: entries }));
    return found.map(([, value]) => value as QueuedItem);
  }

  /** The lease records in the queue's storage (one per claimed, unsettled batch), by key. */
  async leases(queue = this.queue): Promise<Map<string, unknown>> {
    if (!this.views.has(queue)) this.views.set(queue, this.open(queue));
    const store = await this.views.get(queue)!;
    return store.transact('read', [{ prefix: LEASE_PREFIX }], ([entries = []]) => ({ result: new Map(entries) }));
  }

  /** Writes `value` under `key` as another program would, bypassing the outbox. */
  async write(key: string, value: unknown, queue = this.queue): Promise<void> {
    if (!this.views.has(queue)) this.views.set(queue, this.open(queue));
    const store = await this.views.get(queue)!;
    await store.transact('commit', [], () => ({ put: [[key, value]], result: undefined }));
  }

  /** idb-keyval's own handle on the queue's IndexedDB store, for writing values directly. */
  raw(queue = this.queue): UseStore {
    const use = createStore(DB_PREFIX + queue, STORE_NAME);
    this.rawStores.push(use);
    return use;
  }

  ofType<T extends OutboxEvent['type']>(type: T): Array<Extract<OutboxEvent, { type: T }>> {
    return this.events.filter((event): event is Extract<OutboxEvent, { type: T }> => event.type === type);
  }

  async dispose(): Promise<void> {
    for (const outbox of this.outboxes) outbox.dispose();
    for (const store of this.connections) store.close();
    await Promise.all(this.rawStores.map(use => use('readonly', s => s.transaction.db.close()).catch(() => {})));
    await Promise.all([...this.queues].map(queue => deleteDatabase(DB_PREFIX + queue)));
  }
}

const ids = (records: FeedbackRecord[]): string[] => records.map(record => record.id);

/** A transport whose requests wait until the test answers each one (`requests[i].answer(…)`). */
function answeredByHand() {
  const requests: Array<{ ids: string[]; answer: (result: SendResult) => void }> = [];
  let arrived = () => {};
  const transport: Transport = records =>
    new Promise(resolve => {
      requests.push({ ids: records.map(r => r.id), answer: resolve });
      arrived();
    });
  /** Resolves once `n` requests have been made in all. */
  const requestsMade = (n: number) =>
    new Promise<void>(resolve => {
      arrived = () => requests.length >= n && resolve();
      arrived();
    });
  return { transport, requests, requestsMade };
}

/** The platform's crypto.randomUUID, which one test takes away as an http page lacks it. */
const RANDOM_UUID = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID')!;

describe('Outbox', () => {
  for (const backend of ['memory', 'indexeddb'] as const) {
    describe(`with the ${backend} store`, () => {
      let world: World;
      beforeEach(() => {
        world = new World(backend);
      });
      afterEach(() => {
        // Even after a timeout, so that one failure does not take every later test with it.
        if (!('randomUUID' in Crypto.prototype)) Object.defineProperty(Crypto.prototype, 'randomUUID', RANDOM_UUID);
        return world.dispose();
      });

      it('S1: commit stores the answer before anything is sent; a failed send keeps it', async () => {
        const outbox = world.outbox();
        const record = newRecord();

        expect((await outbox.commit(record)).durable).to.equal(true);

        expect(world.ledger.requests, 'commit sends nothing').to.have.length(0);
        const [item] = await world.items();
        expect(item?.record).to.deep.equal(record);
        expect(item?.endpoint).to.equal(LEDGER_ENDPOINT);
        expect(world.ofType('queued')).to.deep.equal([{ type: 'queued', id: record.id, durable: true, pending: 1 }]);

        world.ledger.next('network');
        const report = await outbox.flush();
        expect(world.ledger.requests, 'one request, no retry storm').to.have.length(1);
        expect(report.retryInMs).to.be.within(800, 1200);
        expect(world.ofType('retry')[0]).to.include({ offline: true, stalled: false, pending: 1 });
        expect((await world.items()).map(i => i.record)).to.deep.equal([record]);

        expect(await outbox.flush()).to.deep.equal({});
        expect(await world.items()).to.deep.equal([]);
        expect(await outbox.pending()).to.equal(0);
        world.ledger.check([record.id], await outbox.deadLetters());
      });

      it('S38: a listener that throws on "queued" neither fails the commit nor lets a second try store the answer again', async () => {
        // Reported as the DOM reports a listener's error (window.onerror): seen here, not by mocha's handler.
        const reported: unknown[] = [];
        const mochas = window.onerror;
        window.onerror = (_message, _source, _line, _column, error) => (reported.push(error), true);
        const outbox = world.outbox({
          onEvent: event => {
            world.events.push(event);
            if (event.type === 'queued') throw new Error('a page listener failed');
          },
        });
        const record = newRecord();
        try {
          expect((await outbox.commit(record)).durable, 'the answer is stored').to.equal(true);
          await outbox.commit(record); // the page's "Try again", had it seen a failure
        } finally {
          window.onerror = mochas;
        }
        expect(reported.map(error => (error as Error).message), 'the listener\'s error is not swallowed').to.deep.equal(['a page listener failed']);
        expect((await world.items()).map(i => i.record), 'one copy').to.deep.equal([record]);
      });

      it('works on a plain-http page, where the browser has no crypto.randomUUID', async () => {
        // An intranet kiosk page served over http is not a secure context: randomUUID is absent there.
        const record = newRecord(); // before: the helper itself uses randomUUID
        delete (Crypto.prototype as { randomUUID?: unknown }).randomUUID; // afterEach puts it back
        const outbox = world.outbox();
        expect((await outbox.commit(record)).durable).to.equal(true);
        expect(await outbox.flush()).to.deep.equal({});
        world.ledger.check([record.id], await outbox.deadLetters());
      });

      it('S2: 500 three times, then 200: four attempts with the same id and bytes, backoff ≈ 1, 2, 4 s, nothing after the 200', async () => {
        const outbox = world.outbox();
        const record = newRecord();
        await outbox.commit(record);
        world.ledger.next({ status: 500 }, { status: 500 }, { status: 500 });

        const waits: Array<number | undefined> = [];
        for (let i = 0; i < 4; i++) {
          const { retryInMs } = await outbox.flush();
          waits.push(retryInMs);
          world.clock += retryInMs ?? 0;
        }

        const { requests } = world.ledger;
        expect(requests.map(r => r.ids)).to.deep.equal([[record.id], [record.id], [record.id], [record.id]]);
        expect(requests.map(r => r.body)).to.deep.equal(Array(4).fill(requestBody([record])));
        expect(requests.map(r => r.attempt)).to.deep.equal([1, 2, 3, 4]);
        expect(waits[0]).to.be.within(800, 1200);
        expect(waits[1]).to.be.within(1600, 2400);
        expect(waits[2]).to.be.within(3200, 4800);
        expect(waits[3], 'delivered: nothing left to retry').to.equal(undefined);

        expect(await outbox.flush()).to.deep.equal({});
        expect(requests, 'no request after the 200').to.have.length(4);
        world.ledger.check([record.id], await outbox.deadLetters());
      });

      it('S3: a Retry-After wait is honoured and shared with a second tab on the same queue', async () => {
        const tab1 = world.outbox();
        const record = newRecord();
        await tab1.commit(record);
        world.ledger.next({ status: 429, retryAfter: '120' });

        expect(await tab1.flush()).to.deep.equal({ retryInMs: 120_000 });
        world.clock += 60_000;
        expect(await tab1.flush()).to.deep.equal({ retryInMs: 60_000 });
        const tab2 = world.outbox();
        expect(await tab2.flush(), 'the other tab waits too').to.deep.equal({ retryInMs: 60_000 });
        expect(world.ledger.requests).to.have.length(1);

        world.clock += 60_000;
        expect(await tab2.flush()).to.deep.equal({});
        expect(world.ledger.requests).to.have.length(2);
        world.ledger.check([record.id], await tab2.deadLetters());
      });

      it('S4: a per-item rejection dead-letters that answer with its reason; the other four are delivered', async () => {
        const outbox = world.outbox({ batchSize: 5 });
        const records = await world.commit(outbox, 5);
        const bad = records[2]!;
        world.ledger.next({ reject: bad.id, reason: 'answer out of range' });

        expect(await outbox.flush()).to.deep.equal({});

        const letters = await outbox.deadLetters();
        expect(letters).to.have.length(1);
        expect(letters[0]).to.include({ id: bad.id, reason: 'answer out of range', endpoint: LEDGER_ENDPOINT });
        expect(letters[0]!.record).to.deep.equal(bad);
        expect(world.ofType('dead-letter').map(e => e.letters.map(l => l.id))).to.deep.equal([[bad.id]]);
        expect(world.ofType('sent').flatMap(e => e.ids)).to.have.members(ids(records).filter(id => id !== bad.id));
        expect(await outbox.pending()).to.equal(0);

        await outbox.flush({ force: true });
        expect(world.ledger.requests, 'a dead letter is not retried by itself').to.have.length(1);
        world.ledger.check(ids(records), letters);
      });

      it('S4: a dead letter counts the attempt in which it was refused', async () => {
        const outbox = world.outbox();
        const [record] = await world.commit(outbox, 1);
        world.ledger.next({ status: 503 }, { reject: record!.id });
        await outbox.flush();
        await outbox.flush();

        expect(world.ledger.requests.map(r => r.attempt)).to.deep.equal([1, 2]);
        const [letter] = await outbox.deadLetters();
        expect(letter?.attempts, 'sent twice, refused on the second').to.equal(2);
      });

      it('takes an acknowledgement that spells the ids in capitals (a GUID column) as delivered, once', async () => {
        const sent: string[][] = [];
        const transport: Transport = async records => {
          sent.push(records.map(r => r.id));
          const [first, ...rest] = records;
          return {
            ok: true,
            results: [
              { id: first!.id.toUpperCase(), status: 'accepted' as const },
              ...rest.map(r => ({ id: r.id.toUpperCase(), status: 'rejected' as const, reason: 'no' })),
            ],
          };
        };
        const outbox = world.outbox({ transport });
        const [kept, refused] = await world.commit(outbox, 2);

        expect(await outbox.flush()).to.deep.equal({});
        expect(await outbox.flush({ force: true })).to.deep.equal({});

        expect(sent, 'one request: nothing is sent again').to.deep.equal([[kept!.id, refused!.id]]);
        expect(await outbox.pending()).to.equal(0);
        expect(world.ofType('sent').flatMap(e => e.ids), 'reported in the spelling sent').to.deep.equal([kept!.id]);
        expect((await outbox.deadLetters()).map(l => [l.id, l.reason])).to.deep.equal([[refused!.id, 'no']]);
      });

      it('S5: a whole-batch 400 is split until the bad answer is alone; only it is dead-lettered', async () => {
        const outbox = world.outbox({ batchSize: 5 });
        const records = await world.commit(outbox, 5);
        const bad = records[3]!;
        world.ledger.refuse(bad.id, 400);

        expect(await outbox.flush()).to.deep.equal({});

        const letters = await outbox.deadLetters();
        expect(letters.map(l => l.id)).to.deep.equal([bad.id]);
        expect(letters[0]).to.include({ status: 400 });
        expect(letters[0]!.reason).to.contain('400');
        expect(world.ofType('dead-letter')).to.have.length(1);
        const alone = world.ledger.requests.filter(r => r.ids.length === 1 && r.ids[0] === bad.id);
        expect(alone, 'the lone bad answer is sent once, not in a loop').to.have.length(1);
        expect(world.ledger.requests.length).to.be.at.most(2 * records.length);
        world.ledger.check(ids(records), letters);
      });

      it('S6: a 413 splits the batch until it fits; a lone 413 is dead-lettered with a warning', async () => {
        const outbox = world.outbox({ batchSize: 6 });
        const records = await world.commit(outbox, 6);
        const huge = records[1]!;
        world.ledger.refuseLargerThan(2);
        world.ledger.refuse(huge.id, 413);

        expect(await outbox.flush()).to.deep.equal({});

        const letters = await outbox.deadLetters();
        expect(letters.map(l => l.id)).to.deep.equal([huge.id]);
        expect(letters[0]).to.include({ status: 413 });
        expect(world.ofType('dead-letter').flatMap(e => e.letters.map(l => l.id))).to.deep.equal([huge.id]);
        const alone = world.ledger.requests.filter(r => r.ids.length === 1 && r.ids[0] === huge.id);
        expect(alone, 'the same body is not retried in a loop').to.have.length(1);
        world.ledger.check(ids(records), letters);
      });

      for (const status of [401, 403, 404, 405, 410, 415]) {
        it(`S7/S8: ${status} pauses the queue, keeps every answer and uses no attempt; flush({force:true}) resumes`, async () => {
          const outbox = world.outbox();
          const records = await world.commit(outbox, 3);
          world.ledger.next({ status });

          expect(await outbox.flush()).to.deep.equal({ retryInMs: RETRY.pausedMs });

          expect(world.ofType('paused')).to.have.length(1);
          expect(world.ofType('paused')[0]).to.include({ status, pending: 3 });
          expect((await world.items()).map(i => i.attempts), 'no attempt used').to.deep.equal([0, 0, 0]);
          expect(await outbox.deadLetters()).to.deep.equal([]);

          world.clock += 60_000;
          expect(await outbox.flush()).to.deep.equal({ retryInMs: RETRY.pausedMs - 60_000 });
          expect(world.ledger.requests, 'paused: nothing sent').to.have.length(1);

          expect(await outbox.flush({ force: true })).to.deep.equal({});
          expect(world.ledger.requests).to.have.length(2);
          world.ledger.check(ids(records), await outbox.deadLetters());
        });
      }

      it('S7: a new outbox on the queue (configuration changed) tries again at once', async () => {
        const before = world.outbox();
        const records = await world.commit(before, 2);
        world.ledger.next({ status: 401 });
        await before.flush();
        before.dispose();

        const after = world.outbox();
        expect(await after.flush()).to.deep.equal({});
        world.ledger.check(ids(records), await after.deadLetters());
      });

      it('S9: a 409 or a "duplicate" result for an id the endpoint already has counts as delivered', async () => {
        world.ledger.conflictOnDuplicate = true;
        const outbox = world.outbox();
        const [first] = await world.commit(outbox, 1);
        world.ledger.next('lost');
        await outbox.flush();
        expect(await outbox.flush()).to.deep.equal({});
        expect(world.ledger.requests.map(r => r.status)).to.deep.equal([0, 409]);

        const [second] = await world.commit(outbox, 1);
        world.ledger.next('lost', 'results');
        await outbox.flush();
        expect(await outbox.flush()).to.deep.equal({});

        expect(await outbox.pending()).to.equal(0);
        expect(await outbox.deadLetters()).to.deep.equal([]);
        expect(world.ofType('sent').flatMap(e => e.ids)).to.deep.equal([first!.id, second!.id]);
        world.ledger.check([first!.id, second!.id], []);
      });

      it('S10: a response lost after the endpoint stored the answer: re-sent with the same bytes, stored once', async () => {
        const outbox = world.outbox();
        const records = await world.commit(outbox, 2);
        world.ledger.next('lost');
        await outbox.flush();
        expect(await outbox.pending()).to.equal(2);
        await outbox.flush();

        expect(world.ledger.requests.map(r => r.body)).to.deep.equal(Array(2).fill(requestBody(records)));
        expect(world.ledger.accepted).to.deep.equal(ids(records));
        world.ledger.check(ids(records), await outbox.deadLetters());
      });

      it('S11: two tabs flushing one queue against a slow endpoint never send one id twice at once (locks:null)', async () => {
        const tab1 = world.outbox({ locks: null, batchSize: 2 });
        // Three batches: tab 1 sends one and claims the next while it travels; tab 2 gets the third.
        const records = await world.commit(tab1, 6);
        // Past the lease tab 1 took at commit, so that tab 2 may take a share.
        world.clock += LEASE_MS + 1;
        const tab2 = world.outbox({ locks: null, batchSize: 2 });
        const release = world.ledger.hold();

        const first = tab1.flush();
        await world.ledger.arrivals(1);
        const second = tab2.flush();
        await world.ledger.arrivals(2);
        // A third tab, one tick before the leases end, finds nothing it may send, and comes
        // back when the leases end, in case the tabs holding them died.
        world.clock += LEASE_MS - 5;
        const tab3 = world.outbox({ locks: null, batchSize: 2 });
        const report = await tab3.flush();
        expect(report.retryInMs).to.be.within(5, 5 + 1000);
        expect(world.ledger.requests).to.have.length(2);
        release();
        await Promise.all([first, second]);

        const sent = world.ledger.requests.flatMap(r => r.ids);
        expect(sent, 'every answer sent once: the tabs claimed different answers').to.have.members(ids(records));
        expect(world.ledger.requests).to.have.length(3);
        expect(world.ledger.maxConcurrent).to.equal(2);
        world.ledger.check(ids(records), await tab1.deadLetters());
      });

      it('S11: a tab behind a long run of answers another tab is sending reads past them and sends the rest', async () => {
        const tab1 = world.outbox({ locks: null, batchSize: 30 });
        const records = await world.commit(tab1, 70);
        world.clock += LEASE_MS + 1; // past the leases taken at commit
        const release = world.ledger.hold();
        const first = tab1.flush(); // sends answers 1–30 and claims 31–60 meanwhile
        await world.ledger.arrivals(1);
        // Tab 2's first look (10 answers and a few more) sees only tab 1's leases.
        const tab2 = world.outbox({ locks: null, batchSize: 10 });
        const second = tab2.flush();
        await world.ledger.arrivals(2);
        release();
        await Promise.all([first, second]);

        expect(world.ledger.requests.map(r => r.ids)).to.deep.equal([
          ids(records.slice(0, 30)),
          ids(records.slice(60)),
          ids(records.slice(30, 60)),
        ]);
        world.ledger.check(ids(records), await tab1.deadLetters());
      });

      it('S11: a batch claimed while the one before travels goes back at once when that request fails', async () => {
        const tab1 = world.outbox({ locks: null, batchSize: 2 });
        const records = await world.commit(tab1, 4);
        world.clock += LEASE_MS + 1; // past the leases taken at commit
        world.ledger.next({ status: 503 });
        expect((await tab1.flush()).retryInMs).to.be.greaterThan(0);
        expect(world.ledger.requests.map(r => r.ids)).to.deep.equal([ids(records.slice(0, 2))]);

        const items = await world.items();
        expect(items.map(i => i.attempts), 'only the batch sent used an attempt').to.deep.equal([1, 1, 0, 0]);
        expect(items.filter(i => i.leaseOwner !== undefined), 'nothing left under lease').to.deep.equal([]);
        expect([...(await world.leases()).keys()], 'no lease record left').to.deep.equal([]);
        // So another tab sends the answers at once, without waiting for a lease to run out.
        const tab2 = world.outbox({ locks: null, batchSize: 2 });
        expect(await tab2.flush()).to.deep.equal({});
        expect(await tab2.pending()).to.equal(0);
        world.ledger.check(ids(records), await tab2.deadLetters());
      });

      it('S23: a batch claimed by a tab killed before its settle waits for the lease to end; then another tab sends it', async () => {
        let fault!: FaultStore;
        const killed = world.outbox({ locks: null, openStore: async () => (fault = withFaults(await world.open())) });
        const records = await world.commit(killed, 2);
        world.clock += LEASE_MS + 1; // past the lease taken at commit: only the claim's lease is left
        // Lease records another program left: unreadable (removed by the next claim) and newer (left alone).
        await world.write(`${LEASE_PREFIX}junk`, { v: FORMAT_VERSION, owner: 'x', until: 'soon' });
        await world.write(`${LEASE_PREFIX}future`, { v: FORMAT_VERSION + 1, holder: 'x' });
        fault.crashAt('settle');
        await killed.flush();
        killed.dispose();
        expect(world.ledger.requests).to.have.length(1);
        const leases = [...(await world.leases())];
        expect(leases.map(([key]) => key)).to.include(`${LEASE_PREFIX}future`).and.not.include(`${LEASE_PREFIX}junk`);
        const held = leases.filter(([key]) => key !== `${LEASE_PREFIX}future`).map(([, lease]) => lease as Lease);
        expect(held.map(l => [l.owner, l.keys.length]), "the killed tab's one lease").to.deep.equal([[killed.owner, 2]]);

        world.clock += LEASE_MS - 5;
        const other = world.outbox({ locks: null });
        expect((await other.flush()).retryInMs, 'back when the lease ends').to.be.within(5, 5 + 1000);
        expect(world.ledger.requests, 'nothing sent under the lease').to.have.length(1);
        world.clock += 5;
        expect(await other.flush()).to.deep.equal({});
        expect(world.ledger.requests.map(r => r.ids)).to.deep.equal([ids(records), ids(records)]);
        expect([...(await world.leases()).keys()], 'the run-out lease is removed').to.deep.equal([`${LEASE_PREFIX}future`]);
        world.ledger.check(ids(records), []);
      });

      it('S11: a tab whose lease ran out while it waited leaves the batch to the tab that took it over', async () => {
        let failNow!: () => void;
        let called!: () => void;
        const tookOff = new Promise<void>(resolve => (called = resolve));
        const slow: Transport = () => {
          called();
          return new Promise((_, reject) => (failNow = () => reject(new Error('network down'))));
        };
        const tab1 = world.outbox({ locks: null, transport: slow });
        const records = await world.commit(tab1, 2);
        world.clock += LEASE_MS + 1;
        const first = tab1.flush();
        await tookOff;

        world.clock += LEASE_MS + 1; // tab 1's lease ran out while its request hangs
        const release = world.ledger.hold();
        const tab2 = world.outbox({ locks: null });
        const second = tab2.flush();
        await world.ledger.arrivals(1);
        failNow();
        expect((await first).retryInMs).to.be.greaterThan(0);

        const items = await world.items();
        expect(items.map(i => [i.attempts, i.lastFailure]), "tab 1's failure is not written over tab 2's batch").to.deep.equal([
          [0, undefined],
          [0, undefined],
        ]);
        const leases = [...(await world.leases()).values()] as Lease[];
        expect(leases.map(l => [l.owner, l.keys])).to.deep.equal([[tab2.owner, items.map(i => i.key)]]);
        release();
        expect(await second).to.deep.equal({});
        world.ledger.check(ids(records), []);
        expect([...(await world.leases()).keys()]).to.deep.equal([]);
      });

      it('S11: a batch claimed while the one before travelled gets a fresh lease before it is sent, so no other tab takes it', async () => {
        const { transport, requests, requestsMade } = answeredByHand();
        const tab1 = world.outbox({ locks: null, batchSize: 1, transport });
        const [a, b] = await world.commit(tab1, 2);
        world.clock += LEASE_MS + 1; // past the leases taken at commit
        const first = tab1.flush();
        await requestsMade(1); // a travels, b is claimed (and leased) meanwhile
        world.clock += SEND_TIMEOUT_MS - 1; // a takes nearly all of its time
        requests[0]!.answer({ ok: true, ids: [a!.id] });
        await requestsMade(2); // now b goes, with a lease from before a's wait unless renewed
        world.clock += LEASE_MS - SEND_TIMEOUT_MS + 2; // still within b's own send timeout

        const tab2 = world.outbox({ locks: null });
        expect((await tab2.flush()).retryInMs, 'tab 2 waits for the lease').to.be.greaterThan(0);
        expect(world.ledger.requests, 'tab 2 does not send b while tab 1 does').to.deep.equal([]);
        requests[1]!.answer({ ok: true, ids: [b!.id] });
        expect(await first).to.deep.equal({});
        expect(requests.map(r => r.ids)).to.deep.equal([[a!.id], [b!.id]]);
        expect(await tab2.pending()).to.equal(0);
      });

      it('S11: a batch claimed while the one before travelled is left to the tab that took it over once its lease ran out', async () => {
        const { transport, requests, requestsMade } = answeredByHand();
        const tab1 = world.outbox({ locks: null, batchSize: 1, transport });
        const [a, b] = await world.commit(tab1, 2);
        world.clock += LEASE_MS + 1;
        const first = tab1.flush();
        await requestsMade(1); // a travels, b is claimed meanwhile
        // Both leases run out (a's request would have timed out by now): tab 2 takes and delivers both.
        world.clock += LEASE_MS + 1;
        const tab2 = world.outbox({ locks: null });
        expect(await tab2.flush()).to.deep.equal({});
        expect(world.ledger.requests.map(r => r.ids)).to.deep.equal([[a!.id, b!.id]]);
        requests[0]!.answer({ ok: true, ids: [a!.id] });
        expect(await first).to.deep.equal({});
        expect(requests.map(r => r.ids), 'tab 1 never sends b again').to.deep.equal([[a!.id]]);
        expect(await tab1.pending()).to.equal(0);
      });

      it('S32: a live lease written by a newer widget version is honoured, and left for that version to remove', async () => {
        const outbox = world.outbox({ locks: null });
        const records = await world.commit(outbox, 1);
        world.clock += LEASE_MS + 1;
        const [item] = await world.items();
        const newer = { v: FORMAT_VERSION + 1, owner: 'newer-widget', until: world.clock + LEASE_MS, keys: [item!.key], extra: 1 };
        await world.write(`${LEASE_PREFIX}newer`, newer);
        expect((await outbox.flush()).retryInMs, 'back when that lease ends').to.be.within(LEASE_MS, LEASE_MS + 1000);
        expect(world.ledger.requests).to.deep.equal([]);
        world.clock += LEASE_MS;
        expect(await outbox.flush()).to.deep.equal({});
        world.ledger.check(ids(records), []);
        expect([...(await world.leases()).values()], 'not deleted: its format is not ours').to.deep.equal([newer]);
      });

      it('S22: tabs opening one queue at the same moment all get durable storage', async () => {
        const tabs = [1, 2, 3].map(() => world.outbox());
        const records = [newRecord(), newRecord(), newRecord()];

        const results = await Promise.all(tabs.map((tab, i) => tab.commit(records[i]!)));

        expect(results.map(r => r.durable)).to.deep.equal([true, true, true]);
        expect(world.ofType('storage'), 'no tab fell back to memory').to.deep.equal([]);
        expect((await world.items()).map(i => i.record.id)).to.have.members(ids(records));
      });

      it('S21: killed after the 200 but before the delete: the restarted outbox re-sends it; stored once', async () => {
        let fault!: FaultStore;
        const before = world.outbox({ openStore: async () => (fault = withFaults(await world.open())) });
        const records = await world.commit(before, 2);
        fault.crashAt('settle'); // the claims are written; the process dies before the acknowledgement is
        await before.flush();
        expect(fault.crashedOn).to.equal('settle');
        expect(world.ledger.accepted).to.have.members(ids(records));
        before.dispose();

        const after = world.outbox();
        await after.flush();
        expect(world.ledger.requests, "the dead process's lease is honoured until it ends").to.have.length(1);
        expect(await after.pending()).to.equal(2);
        world.clock += LEASE_MS + 1;
        expect(await after.flush()).to.deep.equal({});

        expect(world.ledger.requests).to.have.length(2);
        expect(await after.pending()).to.equal(0);
        world.ledger.check(ids(records), await after.deadLetters());
      });

      it('S38: committing the same answer twice (double tap) stores and sends it once', async () => {
        const outbox = world.outbox();
        const record = newRecord();

        const results = await Promise.all([outbox.commit(record), outbox.commit(record)]);
        results.push(await outbox.commit({ ...record }));

        expect(results.map(r => r.durable)).to.deep.equal([true, true, true]);
        expect(new Set(results.map(r => r.key)).size).to.equal(1);
        expect(await outbox.pending()).to.equal(1);
        expect(world.ofType('queued')).to.have.length(1);
        await outbox.flush();
        expect(world.ledger.received).to.deep.equal([record.id]);
        world.ledger.check([record.id], []);
      });

      it('dead letters can be listed, retried (then delivered) and discarded', async () => {
        const outbox = world.outbox();
        const [kept, fine] = await world.commit(outbox, 2);
        world.ledger.next({ reject: kept!.id, reason: 'unknown survey' });
        await outbox.flush();
        const [dropped] = await world.commit(outbox, 1);
        world.ledger.next({ reject: dropped!.id });
        await outbox.flush();

        const letters = await outbox.deadLetters();
        expect(letters.map(l => l.id)).to.have.members([kept!.id, dropped!.id]);
        expect(letters.find(l => l.id === kept!.id)).to.include({ reason: 'unknown survey' });

        expect(await outbox.retryDeadLetters([kept!.id])).to.equal(1);
        await outbox.flush();
        expect((await outbox.deadLetters()).map(l => l.id)).to.deep.equal([dropped!.id]);
        expect(world.ledger.accepted).to.include(kept!.id);

        expect(await outbox.discardDeadLetters([dropped!.id])).to.equal(1);
        expect(await outbox.deadLetters()).to.deep.equal([]);
        expect(await outbox.discardDeadLetters()).to.equal(0);
        expect(await outbox.retryDeadLetters()).to.equal(0);
        expect(await outbox.pending()).to.equal(0);
        world.ledger.check([kept!.id, fine!.id], [], { maybe: [dropped!.id] });
      });
    });
  }

  describe('delivery over time and tabs', () => {
    let world: World;
    beforeEach(() => {
      world = new World('memory');
    });
    afterEach(() => world.dispose());

    it('S3: a garbage Retry-After falls back to normal backoff', async () => {
      const outbox = world.outbox();
      await world.commit(outbox, 1);
      world.ledger.next({ status: 503, retryAfter: 'soon' });
      expect((await outbox.flush()).retryInMs).to.be.within(800, 1200);
    });

    it('S3: waits from Retry-After do not use up the retry budget (never stalled)', async () => {
      const outbox = world.outbox();
      const records = await world.commit(outbox, 1);
      world.ledger.fallback = { status: 503, retryAfter: '1' };
      const waits: Array<number | undefined> = [];
      for (let i = 0; i < RETRY.stallAfter + 5; i++) {
        waits.push((await outbox.flush()).retryInMs);
        world.clock += 1000;
      }
      expect(new Set(waits)).to.deep.equal(new Set([1000]));
      expect(world.ofType('retry').filter(e => e.stalled)).to.deep.equal([]);
      world.ledger.fallback = 'accept';
      await outbox.flush();
      world.ledger.check(ids(records), []);
    });

    it('S34: a stored wait pushed days away by a clock jump back is clamped to at most an hour', async () => {
      const outbox = world.outbox();
      const records = await world.commit(outbox, 1);
      world.ledger.next({ status: 429, retryAfter: '120' });
      await outbox.flush();

      world.clock -= 3 * DAY; // NTP corrects a clock that ran days ahead
      const { retryInMs } = await outbox.flush();
      expect(retryInMs).to.be.above(0).and.at.most(RETRY.maxRetryAfterMs);
      expect(world.ledger.requests).to.have.length(1);

      world.clock += retryInMs!;
      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check(ids(records), []);
    });

    it('S34: a clock jump forward ends a stored wait at once, with no busy loop', async () => {
      const outbox = world.outbox();
      const records = await world.commit(outbox, 1);
      world.ledger.next({ status: 429, retryAfter: '3600' }, 'network');
      await outbox.flush();
      world.clock += 2 * DAY;
      expect((await outbox.flush()).retryInMs).to.be.within(1600, 2400);
      expect(world.ledger.requests).to.have.length(2);
      await outbox.flush();
      world.ledger.check(ids(records), []);
    });

    it('S34: a lease left by a killed tab is not honoured for days after the clock jumps back', async () => {
      let fault!: FaultStore;
      const before = world.outbox({ openStore: async () => (fault = withFaults(await world.open())) });
      const records = await world.commit(before, 1);
      fault.crashAt('settle');
      await before.flush();
      before.dispose();

      world.clock -= 2 * DAY;
      const after = world.outbox();
      expect(await after.flush()).to.deep.equal({});
      expect(world.ledger.requests).to.have.length(2);
      world.ledger.check(ids(records), []);
    });

    it('S33: an answer committed with the clock reset to 2000 never expires and keeps its bytes', async () => {
      world.clock = Date.UTC(2000, 0, 1);
      const outbox = world.outbox();
      const records = await world.commit(outbox, 1);
      world.ledger.fallback = 'network';
      await outbox.flush();
      world.clock = START + 2 * DAY;
      await outbox.flush();
      expect(await outbox.pending()).to.equal(1);
      expect(await outbox.deadLetters()).to.deep.equal([]);

      world.ledger.fallback = 'accept';
      expect(await outbox.flush()).to.deep.equal({});
      expect(new Set(world.ledger.requests.map(r => r.body))).to.deep.equal(new Set([requestBody(records)]));
      world.ledger.check(ids(records), []);
    });

    it('S12: a redirect pauses the queue as a configuration error and keeps the answers', async () => {
      const outbox = world.outbox();
      const records = await world.commit(outbox, 2);
      world.ledger.next({ status: 307 });
      expect(await outbox.flush()).to.deep.equal({ retryInMs: RETRY.pausedMs });
      expect(world.ofType('paused')[0]!.reason).to.contain('redirect');
      expect(await outbox.pending()).to.equal(2);
      expect(world.ledger.accepted).to.deep.equal([]);
      await outbox.flush({ force: true });
      world.ledger.check(ids(records), []);
    });

    it('S13: a 200 HTML page (captive portal) acknowledges nothing: kept and retried', async () => {
      const outbox = world.outbox();
      const records = await world.commit(outbox, 2);
      world.ledger.next('html');
      const report = await outbox.flush();
      expect(report.retryInMs).to.be.within(800, 1200);
      expect(world.ofType('retry')[0]!.reason).to.contain('not-acknowledged');
      expect(world.ofType('sent')).to.deep.equal([]);
      expect((await world.items()).map(i => i.attempts)).to.deep.equal([1, 1]);

      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check(ids(records), []);
    });

    it('S14: five days offline: nothing expires, the backoff never exceeds 5 minutes, all is sent after', async function () {
      this.timeout(30_000); // some 1,500 flushes through real IndexedDB
      const outbox = world.outbox();
      world.ledger.fallback = 'network';
      const committed = ids(await world.commit(outbox, 3));
      const end = world.clock + 5 * DAY;
      let nextDay = world.clock + DAY;
      const waits: Array<number | undefined> = [];
      while (world.clock < end) {
        const { retryInMs } = await outbox.flush();
        waits.push(retryInMs);
        world.clock += retryInMs ?? RETRY.maxBackoffMs;
        if (world.clock >= nextDay) {
          committed.push(...ids(await world.commit(outbox, 1)));
          nextDay += DAY;
        }
      }

      expect(waits.filter(w => w === undefined || w <= 0), 'every failure schedules a retry').to.deep.equal([]);
      expect(Math.max(...(waits as number[]))).to.be.at.most(RETRY.maxBackoffMs);
      expect(world.ofType('retry').filter(e => e.stalled || !e.offline)).to.deep.equal([]);
      expect(await outbox.pending()).to.equal(committed.length);
      expect(await outbox.deadLetters()).to.deep.equal([]);

      world.ledger.fallback = 'accept';
      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check(committed, []);
    });

    it('S15: after 20 server errors in a row the queue is stalled and retried hourly; nothing is dropped', async () => {
      const outbox = world.outbox();
      const records = await world.commit(outbox, 2);
      world.ledger.fallback = { status: 500 };
      const waits: number[] = [];
      for (let i = 0; i < RETRY.stallAfter + 5; i++) {
        const { retryInMs } = await outbox.flush();
        waits.push(retryInMs!);
        world.clock += retryInMs!;
      }

      expect(Math.max(...waits.slice(0, RETRY.stallAfter - 1))).to.be.at.most(RETRY.maxBackoffMs);
      expect(waits.slice(RETRY.stallAfter)).to.deep.equal(Array(5).fill(RETRY.stalledMs));
      expect(world.ofType('retry').at(-1)).to.include({ stalled: true, pending: 2 });
      expect(await outbox.pending()).to.equal(2);
      expect(await outbox.deadLetters()).to.deep.equal([]);

      world.ledger.fallback = 'accept';
      expect(await outbox.flush()).to.deep.equal({});
      const [later] = await world.commit(outbox, 1);
      world.ledger.next({ status: 500 });
      expect((await outbox.flush()).retryInMs, 'a success ends the stall').to.be.within(800, 1200);
      await outbox.flush();
      world.ledger.check([...ids(records), later!.id], []);
    });

    it('S22: with Web Locks, two tabs take turns: one request at a time, each id once', async () => {
      expect(navigator.locks, 'Web Locks exist in this secure context').to.exist;
      const tab1 = world.outbox({ batchSize: 2 });
      const tab2 = world.outbox({ batchSize: 2 });
      const records = await world.commit(tab1, 4);
      const release = world.ledger.hold();

      const first = tab1.flush();
      await world.ledger.arrivals(1);
      const second = tab2.flush();
      const lockName = `feedback-loop:flush:${world.queue}`;
      await waitUntil(
        async () => (await navigator.locks.query()).pending?.some(lock => lock.name === lockName) ?? false,
        'the second tab waits for the lock',
        { timeout: 10_000 },
      );
      release();
      await Promise.all([first, second]);

      expect(world.ledger.maxConcurrent).to.equal(1);
      expect(world.ledger.requests).to.have.length(2);
      world.ledger.check(ids(records), []);
    });

    it('S24: without Web Locks three tabs flushing at once still send each id alone', async () => {
      const tabs = [1, 2, 3].map(() => world.outbox({ locks: null, batchSize: 3 }));
      const records = await world.commit(tabs[0]!, 10);
      world.clock += LEASE_MS + 1; // past the lease the committing tab took
      const release = world.ledger.hold();

      const flushes = tabs.map(tab => tab.flush());
      await world.ledger.arrivals(3);
      const claimed = world.ledger.requests.flatMap(r => r.ids);
      expect(new Set(claimed).size, 'three disjoint batches in flight').to.equal(9);
      release();
      await Promise.all(flushes);
      await Promise.all(tabs.map(tab => tab.flush()));

      expect(world.ledger.received).to.have.length(10);
      world.ledger.check(ids(records), []);
    });

    it('S39: every stored item and dead letter keeps the endpoint it was captured for', async () => {
      const outbox = world.outbox({ endpoint: '/api/a', transport: world.ledger.transportFor('/api/a') });
      const records = await world.commit(outbox, 2);
      expect((await world.items()).map(i => i.endpoint)).to.deep.equal(['/api/a', '/api/a']);
      world.ledger.next({ reject: records[0]!.id });
      await outbox.flush();
      expect((await outbox.deadLetters())[0]).to.include({ id: records[0]!.id, endpoint: '/api/a' });
    });

    it('S39: an outbox for another endpoint on the same queue does not send answers captured for the first', async () => {
      const before = world.outbox({ endpoint: '/api/a', transport: world.ledger.transportFor('/api/a') });
      const [record] = await world.commit(before, 1);
      before.dispose();

      const after = world.outbox({ endpoint: '/api/b', transport: world.ledger.transportFor('/api/b') });
      await after.flush();

      const rerouted = world.ledger.requests.filter(r => r.url === '/api/b').flatMap(r => r.ids);
      expect(rerouted, 'not silently re-routed').to.not.include(record!.id);
      expect(await after.pending(), 'and not lost').to.equal(1);
    });

    it('a custom transport that throws is a network failure: kept and retried', async () => {
      const transport: Transport = async () => {
        throw new Error('broken transport');
      };
      const outbox = world.outbox({ transport });
      await world.commit(outbox, 1);
      expect((await outbox.flush()).retryInMs).to.be.within(800, 1200);
      expect(world.ofType('retry')[0]).to.include({ offline: true, pending: 1 });
      expect(await outbox.pending()).to.equal(1);
    });

    it('a custom transport answer that acknowledges nothing is retried, never counted as sent', async () => {
      const answers: unknown[] = [{ ok: true }, { ok: true, ids: ['someone-else'] }, { ok: 'yes' }, undefined];
      const transport = (async () => answers.shift()) as unknown as Transport;
      const outbox = world.outbox({ transport });
      await world.commit(outbox, 1);
      for (let i = 0; i < 4; i++) expect((await outbox.flush()).retryInMs, `answer ${i}`).to.be.a('number');
      expect(world.ofType('sent')).to.deep.equal([]);
      expect(await outbox.pending()).to.equal(1);
      expect((await world.items())[0]!.attempts).to.equal(4);
    });

    it('a custom transport acknowledging per item is honoured', async () => {
      let calls = 0;
      const transport: Transport = async records => {
        calls++;
        return { ok: true, results: records.map(r => ({ id: r.id, status: 'accepted' })) } satisfies SendResult;
      };
      const outbox = world.outbox({ transport });
      await world.commit(outbox, 3);
      expect(await outbox.flush()).to.deep.equal({});
      expect(calls).to.equal(1);
      expect(await outbox.pending()).to.equal(0);
    });
  });

  describe('S26: queues of two endpoints (IndexedDB)', () => {
    let world: World;
    beforeEach(() => {
      world = new World('indexeddb');
    });
    afterEach(() => world.dispose());

    it('S26: two queues on one origin never send an answer to the other endpoint', async () => {
      const queueB = world.newQueue();
      const a = world.outbox({ endpoint: '/api/a', transport: world.ledger.transportFor('/api/a') });
      const b = world.outbox({ queue: queueB, endpoint: '/api/b', transport: world.ledger.transportFor('/api/b') });
      const recordsA = await world.commit(a, 3);
      const recordsB = await world.commit(b, 3);
      expect((await world.items()).map(i => i.record.id)).to.deep.equal(ids(recordsA));
      expect((await world.items(queueB)).map(i => i.record.id)).to.deep.equal(ids(recordsB));

      await Promise.all([a.flush(), b.flush()]);

      for (const request of world.ledger.requests) {
        const own = request.url === '/api/a' ? ids(recordsA) : ids(recordsB);
        expect(request.ids.filter(id => !own.includes(id)), `ids sent to ${request.url}`).to.deep.equal([]);
      }
      world.ledger.check([...ids(recordsA), ...ids(recordsB)], []);
    });
  });

  describe('S3: a Retry-After holds every queue of the endpoint (IndexedDB)', () => {
    let world: World;
    beforeEach(() => {
      world = new World('indexeddb');
    });
    afterEach(() => world.dispose());

    /** Two queues of one endpoint (two survey versions, or two surveys), one answer in each. */
    async function twoQueues() {
      const a = world.outbox();
      const b = world.outbox({ queue: world.newQueue() });
      const [recordA] = await world.commit(a, 1);
      const [recordB] = await world.commit(b, 1);
      return { a, b, recordA: recordA!, recordB: recordB! };
    }

    it('S3: after a 429 with Retry-After for one queue, the endpoint\'s other queues on the page wait too, also when forced', async () => {
      const { a, b, recordA, recordB } = await twoQueues();
      world.ledger.next({ status: 429, retryAfter: '120' });

      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });
      world.clock += 20_000;
      expect(await b.flush(), 'the other queue of the endpoint').to.deep.equal({ retryInMs: 100_000 });
      expect(await b.flush({ force: true }), 'forced too: the endpoint asked to wait').to.deep.equal({ retryInMs: 100_000 });
      expect(world.ledger.requests).to.have.length(1);

      world.clock += 100_000;
      expect(await b.flush()).to.deep.equal({});
      expect(await a.flush()).to.deep.equal({});
      world.ledger.check([recordA.id, recordB.id], []);
    });

    it('S3/S26: another endpoint\'s queue is not held', async () => {
      const a = world.outbox();
      const other = world.outbox({ queue: world.newQueue(), endpoint: '/api/other', transport: world.ledger.transportFor('/api/other') });
      await world.commit(a, 1);
      const [record] = await world.commit(other, 1);
      world.ledger.next({ status: 429, retryAfter: '120' });

      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });
      expect(await other.flush()).to.deep.equal({});
      expect(world.ledger.requests.map(r => r.url)).to.deep.equal([LEDGER_ENDPOINT, '/api/other']);
      expect(world.ledger.requests[1]!.ids).to.deep.equal([record!.id]);
    });

    it('S3/S16: the unload send of a held queue waits as well', async () => {
      const calls: string[][] = [];
      const a = world.outbox();
      const b = world.outbox({
        queue: world.newQueue(),
        transport: (records, options) => {
          calls.push(records.map(r => r.id));
          return world.ledger.transport(records, options);
        },
      });
      await world.commit(a, 1);
      world.ledger.next({ status: 429, retryAfter: '120' });
      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });

      await world.commit(b, 1); // fresh, under this page's lease: pagehide would send it at once
      b.sendBeforeLeaving();
      expect(calls, 'nothing sent as the page goes').to.deep.equal([]);
    });

    it('S3: a forced flush tries the queue told to wait; once the endpoint takes its answers, the others go at once', async () => {
      const { a, b, recordA, recordB } = await twoQueues();
      world.ledger.next({ status: 429, retryAfter: '120' });
      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });

      expect(await a.flush({ force: true }), '"Send now"').to.deep.equal({});
      expect(await b.flush()).to.deep.equal({});
      world.ledger.check([recordA.id, recordB.id], []);
    });

    it('S3: a success of another queue whose request went out before the 429 does not lift the hold', async () => {
      let release!: () => void;
      const released = new Promise<void>(resolve => (release = resolve));
      const a = world.outbox();
      const b = world.outbox({
        queue: world.newQueue(),
        transport: async (records, options) => {
          const result = world.ledger.transport(records, options); // reaches the endpoint now…
          await released; // …its 200 comes back after A's 429
          return result;
        },
      });
      const c = world.outbox({ queue: world.newQueue() });
      await world.commit(a, 1);
      await world.commit(b, 1);
      await world.commit(c, 1);
      const late = b.flush();
      await waitUntil(() => world.ledger.requests.length === 1, 'b sent');
      world.ledger.next({ status: 429, retryAfter: '120' });
      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });
      release();
      expect(await late).to.deep.equal({});

      expect(await c.flush(), 'still held by the endpoint\'s Retry-After').to.deep.equal({ retryInMs: 120_000 });
      // The queue told to wait is taken again ("Send now"): then the others go.
      expect(await a.flush({ force: true })).to.deep.equal({});
      expect(await c.flush()).to.deep.equal({});
    });

    it('S3: a Retry-After stored by another tab or an earlier visit holds the other queues once its queue has read it', async () => {
      const { a, b } = await twoQueues();
      const wait: Wait = { until: world.clock + 120_000, kind: 'retry-after', reason: 'http 503' };
      await world.write(WAIT_KEY, wait);

      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });
      expect(await b.flush()).to.deep.equal({ retryInMs: 120_000 });
      expect(world.ledger.requests).to.deep.equal([]);
    });

    it('S3/S34: the hold runs on the page\'s monotonic clock: a wall clock set back days neither lengthens nor shortens it', async () => {
      let elapsed = 0;
      const monotonic = () => elapsed; // one clock for both, as performance.now() is for a page
      const a = world.outbox({ elapsed: monotonic });
      const b = world.outbox({ queue: world.newQueue(), elapsed: monotonic });
      await world.commit(a, 1);
      await world.commit(b, 1);
      world.ledger.next({ status: 429, retryAfter: '120' });
      expect(await a.flush()).to.deep.equal({ retryInMs: 120_000 });

      world.clock -= 3 * DAY;
      elapsed += 60_000;
      expect(await b.flush()).to.deep.equal({ retryInMs: 60_000 });
      elapsed += 60_000;
      expect(await b.flush()).to.deep.equal({});
      expect(world.ledger.requests).to.have.length(2);
    });
  });

  describe('degraded storage', () => {
    let world: World;
    beforeEach(() => {
      world = new World('indexeddb');
    });
    afterEach(() => world.dispose());

    it('S27: IndexedDB unusable at start: kept in memory, a storage warning, and it can be sent at once', async () => {
      const outbox = world.outbox({ openStore: () => Promise.reject(new DOMException('private browsing', 'InvalidStateError')) });
      const record = newRecord();

      expect((await outbox.commit(record)).durable).to.equal(false);

      expect(outbox.isDegraded).to.equal(true);
      expect(world.events[0]).to.include({ type: 'storage', durable: false });
      expect((world.events[0] as { reason: string }).reason).to.contain('InvalidStateError');
      expect(world.ofType('queued')[0]).to.include({ durable: false, pending: 1 });
      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check([record.id], []);
    });

    it('S27: openIdbStore rejects when every connection fails (Firefox private mode)', async () => {
      const broken = (): UseStore => () => Promise.reject(new DOMException('no mutations allowed', 'InvalidStateError'));
      let error: unknown;
      try {
        await openIdbStore(world.queue, { createStore: broken });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('InvalidStateError');
    });

    it("S27: a store that fails the outbox's first transaction degrades to memory", async () => {
      const outbox = world.outbox({
        openStore: async () => {
          const fault = withFaults(await world.open());
          fault.fail('claim', 'invalid-state');
          return fault;
        },
      });
      const record = newRecord();
      expect((await outbox.commit(record)).durable).to.equal(false);
      expect(world.ofType('storage')).to.have.length(1);
      await outbox.flush();
      world.ledger.check([record.id], []);
    });

    const ERRORS: Record<Exclude<Fault, 'hang' | 'hold'>, string> = {
      quota: 'QuotaExceededError',
      abort: 'AbortError',
      'invalid-state': 'InvalidStateError',
    };
    for (const [fault, name] of Object.entries(ERRORS) as Array<[Exclude<Fault, 'hang' | 'hold'>, string]>) {
      it(`S28: ${name} on commit keeps the answer in memory, never claims it is saved, and still delivers it`, async () => {
        const outbox = world.outbox({
          openStore: async () => {
            const store = withFaults(await world.open());
            store.fail('commit', fault);
            return store;
          },
        });
        const record = newRecord();

        expect((await outbox.commit(record)).durable).to.equal(false);

        expect(world.ofType('storage')).to.have.length(1);
        expect(world.ofType('storage')[0]!.reason).to.contain(name);
        expect(world.ofType('queued')[0]).to.include({ durable: false, pending: 1 });
        expect(await world.items()).to.deep.equal([]);
        expect(await outbox.flush()).to.deep.equal({});
        world.ledger.check([record.id], []);
      });
    }

    it('S29: after close() (pagehide) the next commit reopens the database', async () => {
      const outbox = world.outbox();
      const [first] = await world.commit(outbox, 1);
      outbox.close();
      const second = newRecord();

      expect((await outbox.commit(second)).durable).to.equal(true);

      expect(outbox.isDegraded).to.equal(false);
      expect((await world.items()).map(i => i.record.id)).to.have.members([first!.id, second.id]);
      await outbox.flush();
      world.ledger.check([first!.id, second.id], []);
    });

    it('S29: a connection closed underneath (InvalidStateError) is reopened and the commit succeeds', async () => {
      const uses: UseStore[] = [];
      const connect = (db: string, name: string): UseStore => {
        const use = createStore(db, name);
        uses.push(use);
        return use;
      };
      const outbox = world.outbox({ openStore: () => openIdbStore(world.queue, { createStore: connect }) });
      const [first] = await world.commit(outbox, 1);
      await uses[0]!('readonly', store => store.transaction.db.close());
      const second = newRecord();

      expect((await outbox.commit(second)).durable).to.equal(true);

      expect(uses, 'reopened once').to.have.length(2);
      expect(world.ofType('storage')).to.deep.equal([]);
      await outbox.flush();
      world.ledger.check([first!.id, second.id], []);
    });

    it('S30: an open that hangs falls back to memory within its time limit; IndexedDB takes the answers over later', async () => {
      let hang = true;
      const connect = (db: string, name: string): UseStore => (hang ? () => new Promise(() => {}) : createStore(db, name));
      const outbox = world.outbox({ openStore: () => openIdbStore(world.queue, { openTimeoutMs: 100, createStore: connect }) });
      const record = newRecord();
      const started = performance.now();

      expect((await outbox.commit(record)).durable).to.equal(false);

      // Its limit is 100 ms; the margin is for a loaded machine, and still tells it from a hang.
      expect(performance.now() - started).to.be.below(5000);
      expect(world.ofType('storage')[0]).to.include({ durable: false });
      hang = false;
      world.ledger.fallback = 'network';
      await outbox.flush();
      expect(await world.items(), 'not restored before its time').to.deep.equal([]);

      world.clock += 30_001;
      await outbox.flush();
      expect((await world.items()).map(i => i.record)).to.deep.equal([record]);
      expect(world.ofType('storage').map(e => e.durable)).to.deep.equal([false, true]);
      expect(outbox.isDegraded).to.equal(false);

      world.ledger.fallback = 'accept';
      expect(await outbox.flush()).to.deep.equal({});
      expect(await world.items()).to.deep.equal([]);
      world.ledger.check([record.id], []);
    });

    it('S30: an answer committed while the held answers move back to IndexedDB follows them there', async () => {
      let opens = 0;
      let store: FaultStore | undefined;
      const outbox = world.outbox({
        openStore: async () => {
          if (opens++ === 0) throw new DOMException('blocked for now', 'InvalidStateError');
          store = withFaults(await world.open());
          store.fail('move', 'hold'); // the move's write waits until the second answer is in
          return store;
        },
      });
      const first = newRecord();
      expect((await outbox.commit(first)).durable).to.equal(false);
      world.ledger.fallback = 'network'; // nothing leaves: where the answers are stored shows

      world.clock += 30_001;
      const flushing = outbox.flush();
      await waitUntil(() => store?.log.includes('move'), 'the move started');
      const second = newRecord();
      expect((await outbox.commit(second)).durable, 'IndexedDB is not back yet').to.equal(false);
      await store!.releaseHeld();
      await flushing;

      expect(outbox.isDegraded).to.equal(false);
      expect((await world.items()).map(item => item.record.id)).to.have.members([first.id, second.id]);
    });

    it('S11: answers moved from memory into IndexedDB lose their commit lease: pagehide leaves them to a claim', async () => {
      let opens = 0;
      let store: FaultStore | undefined;
      const outbox = world.outbox({
        leaseMs: 120_000, // outlasts the 30 s before IndexedDB is tried again, as the default 50 s does
        openStore: async () => {
          if (opens++ === 0) throw new DOMException('blocked for now', 'InvalidStateError');
          store = withFaults(await world.open());
          store.fail('claim', 'hold'); // the claim after the move waits, as a slow disk would make it
          return store;
        },
      });
      world.ledger.fallback = 'network';
      expect((await outbox.commit(newRecord())).durable).to.equal(false);

      world.clock += 30_001;
      const flushing = outbox.flush();
      await waitUntil(() => store?.log.includes('claim'), 'moved, and claiming');
      outbox.sendBeforeLeaving();
      // Without a lease in IndexedDB, another tab may claim it meanwhile: sending it now could put it in flight twice.
      const arrived = await world.ledger.arrivals(1, 1000).then(() => true, () => false);
      expect(arrived, 'a request sent as the page goes').to.equal(false);
      await store!.releaseHeld();
      await flushing;
      expect(world.ledger.requests).to.have.length(1);
    });

    it('S11: a disposed outbox hands back the commit leases of answers it did not send: the next sender need not wait', async () => {
      const first = world.outbox();
      const [record] = await world.commit(first, 1);
      first.dispose(); // the element moved to another survey before sending it
      await waitUntil(async () => (await world.items())[0]?.leaseOwner === undefined, 'lease handed back', { timeout: 5000 });

      const next = world.outbox(); // another owner, at the same moment
      expect(await next.flush()).to.deep.equal({});
      world.ledger.check([record!.id], []);
    });

    it('S30: a commit that hangs is given up after its time limit; the answer is kept in memory', async function () {
      this.timeout(20_000);
      const outbox = world.outbox({
        openStore: async () => {
          const store = withFaults(await world.open());
          store.fail('commit', 'hang');
          return store;
        },
      });
      const record = newRecord();
      const started = performance.now();

      expect((await outbox.commit(record)).durable).to.equal(false);

      // Its limit is 3 s; the margin is for a loaded machine, and still tells it from a hang.
      expect(performance.now() - started).to.be.below(10_000);
      expect(world.ofType('storage')).to.have.length(1);
      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check([record.id], []);
    });

    it('S30: a commit that was only slow lands after the memory copy was sent: the answer is sent once', async function () {
      this.timeout(20_000);
      let store: FaultStore | undefined;
      const outbox = world.outbox({
        openStore: async () => {
          store ??= withFaults(await world.open());
          return store;
        },
      });
      await outbox.flush(); // opened
      store!.fail('commit', 'hold');
      const record = newRecord();

      expect((await outbox.commit(record)).durable, 'given up after its time limit').to.equal(false);
      expect(await outbox.flush()).to.deep.equal({});
      expect(world.ledger.received).to.deep.equal([record.id]);

      await store!.releaseHeld(); // the slow disk catches up
      await waitUntil(async () => (await world.items()).length === 0, 'the late copy is dropped', { timeout: 10_000 });
      world.clock += 30_001; // back to IndexedDB
      await outbox.flush();
      expect(outbox.isDegraded).to.equal(false);
      expect(world.ledger.received, 'not sent a second time').to.deep.equal([record.id]);
      expect(await outbox.pending()).to.equal(0);
    });

    it('S30: keeps the stored copy of an answer whose slow commit lands while it is on its way from memory, until the endpoint acknowledges it', async function () {
      this.timeout(20_000);
      let store: FaultStore | undefined;
      const outbox = world.outbox({ openStore: async () => (store ??= withFaults(await world.open())) });
      await outbox.flush(); // opened
      store!.fail('commit', 'hold');
      const record = newRecord();
      expect((await outbox.commit(record)).durable, 'given up after its time limit').to.equal(false);

      world.ledger.next('network');
      const release = world.ledger.hold();
      const flushing = outbox.flush();
      await world.ledger.arrivals(1); // the memory copy is on its way
      await store!.releaseHeld(); // the slow disk catches up meanwhile
      release(); // and the request fails
      await flushing;

      expect((await world.items()).map(item => item.record.id), 'still stored on this device').to.deep.equal([record.id]);
      expect(await outbox.pending(), 'counted once').to.equal(1);
      expect(await queuesHeldInMemory(), 'no longer only in memory').not.to.include(world.queue);
      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check([record.id], []);
      expect(world.ofType('sent').flatMap(event => event.ids), 'reported sent once').to.deep.equal([record.id]);
      expect(await world.items()).to.deep.equal([]);
    });

    it('S30: answers whose slow commits land while they travel from memory, or wait claimed for the next request, are sent and reported once', async function () {
      this.timeout(20_000);
      let store: FaultStore | undefined;
      const outbox = world.outbox({ batchSize: 1, openStore: async () => (store ??= withFaults(await world.open())) });
      await outbox.flush(); // opened
      store!.fail('commit', 'hold', 2);
      const commits = await Promise.all([newRecord(), newRecord()].map(async record => ({ record, ...(await outbox.commit(record)) })));
      expect(commits.map(c => c.durable), 'both given up after their time limit').to.deep.equal([false, false]);
      const [first, second] = commits.sort((a, b) => (a.key < b.key ? -1 : 1)).map(c => c.record.id);

      const release = world.ledger.hold();
      const flushing = outbox.flush();
      await world.ledger.arrivals(1); // the first travels; the second is claimed for the next request
      await store!.releaseHeld(); // both slow writes land
      release();
      expect(await flushing).to.deep.equal({});

      expect(world.ledger.received, 'each sent once').to.deep.equal([first, second]);
      expect(world.ofType('sent').flatMap(event => event.ids), 'each reported sent once').to.deep.equal([first, second]);
      expect(await world.items(), 'nothing left stored').to.deep.equal([]);
      expect(await outbox.pending()).to.equal(0);
      expect(await outbox.flush()).to.deep.equal({});
      expect(world.ledger.received, 'not sent again').to.deep.equal([first, second]);
    });

    it('S30/S26: a slow commit that lands while the next outbox of the queue (a reconfigured element) sends its memory copy: the answer is sent once', async function () {
      this.timeout(20_000);
      let store: FaultStore | undefined;
      const before = world.outbox({ openStore: async () => (store ??= withFaults(await world.open())) });
      await before.flush(); // opened
      store!.fail('commit', 'hold');
      const record = newRecord();
      expect((await before.commit(record)).durable, 'given up after its time limit').to.equal(false);
      before.dispose(); // the element was reconfigured: its answer goes back to the queue

      const after = world.outbox();
      const release = world.ledger.hold();
      const flushing = after.flush();
      await world.ledger.arrivals(1); // the new outbox sends the memory copy
      await store!.releaseHeld(); // the old outbox's slow write lands meanwhile
      await waitUntil(async () => !(await queuesHeldInMemory()).includes(world.queue), 'the memory copy is handed over', { timeout: 10_000 });
      release(); // and the endpoint acknowledges it
      await flushing;

      world.clock += 120_000; // every lease has run out
      expect(await after.flush()).to.deep.equal({});
      expect(world.ledger.received, 'sent once').to.deep.equal([record.id]);
      world.ledger.check([record.id], []);
      expect(await world.items(), 'nothing left stored').to.deep.equal([]);
    });

    it('S7/S3: "Send now" (a forced flush) lifts the waits of IndexedDB and of memory alike', async () => {
      let store: FaultStore | undefined;
      const outbox = world.outbox({ openStore: async () => (store ??= withFaults(await world.open())) });
      const [older] = await world.commit(outbox, 1);
      store!.fail('commit', 'abort');
      const newer = newRecord();
      expect((await outbox.commit(newer)).durable).to.equal(false);
      world.ledger.next({ status: 401 });
      expect((await outbox.flush()).retryInMs, 'IndexedDB paused').to.be.above(0);
      // This page's own wait, as a full disk keeps it: in memory.
      const wait: Wait = { until: world.clock + 3_600_000, kind: 'retry-after', reason: '503' };
      await memoryStoreFor(world.queue).transact('settle', [], () => ({ put: [[WAIT_KEY, wait]], result: undefined }));

      expect(await outbox.flush({ force: true })).to.deep.equal({});

      world.ledger.check([older!.id, newer.id], []);
      expect(await outbox.pending()).to.equal(0);
    });

    it('S14: sends an answer stored in IndexedDB before a newer one held in memory while IndexedDB refuses writes', async () => {
      let store: FaultStore | undefined;
      const outbox = world.outbox({ openStore: async () => (store ??= withFaults(await world.open())) });
      const [older] = await world.commit(outbox, 1);
      store!.fail('commit', 'abort');
      const newer = newRecord();
      expect((await outbox.commit(newer)).durable).to.equal(false);

      expect(await outbox.flush()).to.deep.equal({});

      expect(world.ledger.received, 'oldest first').to.deep.equal([older!.id, newer.id]);
      world.ledger.check([older!.id, newer.id], []);
    });

    it('S11: sends an answer held in memory while the older ones in IndexedDB are leased by another tab', async () => {
      let store: FaultStore | undefined;
      const outbox = world.outbox({ openStore: async () => (store ??= withFaults(await world.open())) });
      const other = world.outbox(); // another tab, whose answer is under its commit lease
      const [theirs] = await world.commit(other, 1);
      await outbox.flush(); // opened
      store!.fail('commit', 'abort');
      const mine = newRecord();
      expect((await outbox.commit(mine)).durable).to.equal(false);

      const { retryInMs } = await outbox.flush();

      expect(world.ledger.received, 'the memory copy goes; the leased one is left to its tab').to.deep.equal([mine.id]);
      expect(retryInMs, 'and is looked at again once that lease has run out').to.be.a('number');
      expect((await world.items()).map(item => item.record.id)).to.deep.equal([theirs!.id]);
    });

    it('S30: a store that hangs on its first transaction still lets commit fall back to memory', async function () {
      this.timeout(20_000);
      const outbox = world.outbox({
        openStore: async () => {
          const store = withFaults(await world.open());
          store.fail('claim', 'hang');
          return store;
        },
      });
      const { durable } = await outbox.commit(newRecord()); // a hang here fails on the test's time limit
      expect(durable).to.equal(false);
    });
  });

  describe('S32: unreadable values in IndexedDB', () => {
    let world: World;
    beforeEach(() => {
      world = new World('indexeddb');
    });
    afterEach(() => world.dispose());

    function stored(queuedAt: number, record: FeedbackRecord, changes: Record<string, unknown> = {}): [string, unknown] {
      const key = queuedKey(queuedAt, record.id);
      return [key, { v: FORMAT_VERSION, key, endpoint: LEDGER_ENDPOINT, record, queuedAt, attempts: 0, ...changes }];
    }

    it('S32: corrupt and unknown-version values are dead-lettered with the raw value; newer ones are left; the rest is delivered', async () => {
      const broken = newRecord();
      const newer = stored(4, newRecord(), { v: FORMAT_VERSION + 1, shape: 'from a newer widget' });
      const corrupt: Array<[string, unknown]> = [
        ['q:000000000000001:garbage', 'not an answer {'],
        stored(2, broken, { record: { id: broken.id, surveyId: 'service-quality' } }),
        stored(3, newRecord(), { v: 0 }),
        stored(5, newRecord(), { key: 'q:somewhere-else' }),
        stored(6, newRecord(), { v: undefined }),
      ];
      const raw = world.raw();
      await setMany([...corrupt, newer], raw);
      const outbox = world.outbox();
      const [good] = await world.commit(outbox, 1);

      expect(await outbox.flush()).to.deep.equal({});

      expect(world.ledger.received, 'the loop is not blocked').to.deep.equal([good!.id]);
      const letters = await outbox.deadLetters();
      expect(letters).to.have.length(corrupt.length);
      for (const [key, value] of corrupt) {
        const letter = letters.find(l => JSON.stringify(l.raw) === JSON.stringify(value));
        expect(letter, `dead letter for ${key}`).to.exist;
        expect(letter!.reason, `reason for ${key}`).to.be.a('string').and.not.equal('');
      }
      expect(letters.find(l => l.raw === 'not an answer {')!.reason).to.equal('not an object');
      expect(await get(newer[0], raw), 'a newer format is left alone').to.deep.equal(newer[1]);
      expect(world.ofType('dead-letter').flatMap(e => e.letters)).to.have.length(corrupt.length);
      expect(await outbox.retryDeadLetters(), 'unreadable letters stay').to.equal(0);
      expect(await outbox.deadLetters()).to.have.length(corrupt.length);
      world.ledger.check([good!.id], []);
    });

    it('S32: keeps every unreadable value as a dead letter of its own, also when several claim one answer id', async () => {
      const outbox = world.outbox();
      const [refused] = await world.commit(outbox, 1);
      world.ledger.next({ reject: refused!.id, reason: 'unknown survey' });
      await outbox.flush();
      const shared = newRecord();
      const half = (record: FeedbackRecord) => ({ record: { id: record.id, surveyId: 'service-quality' } });
      const corrupt = [stored(2, shared, half(shared)), stored(3, shared, { ...half(shared), attempts: 'many' }), stored(4, refused!, half(refused!))];
      await setMany(corrupt, world.raw());

      expect(await outbox.flush()).to.deep.equal({});

      const letters = await outbox.deadLetters();
      expect(letters.map(l => l.id)).to.have.members([refused!.id, shared.id, shared.id, refused!.id]);
      expect(letters.filter(l => l.raw).map(l => l.raw)).to.have.deep.members(corrupt.map(([, value]) => value));
      expect(letters.find(l => l.record)?.record, 'the refused answer is still whole').to.deep.equal(refused);
      expect(world.ofType('dead-letter').flatMap(e => e.letters)).to.have.length(4);
    });

    it('S32/S4: staff can discard an unreadable value that claims a refused answer\'s id by its key, and the answer stays to be retried', async () => {
      const outbox = world.outbox();
      const [refused] = await world.commit(outbox, 1);
      world.ledger.next({ reject: refused!.id, reason: 'unknown survey' });
      await outbox.flush();
      await setMany([stored(2, refused!, { record: { id: refused!.id } })], world.raw());
      await outbox.flush();
      const garbage = (await outbox.deadLetters()).find(l => l.raw)!;
      expect(garbage.id, 'both letters name the answer').to.equal(refused!.id);

      expect(await outbox.discardDeadLetters([garbage.key])).to.equal(1);

      const left = await outbox.deadLetters();
      expect(left.map(l => l.record), 'the refused answer is kept').to.deep.equal([refused]);
      expect(await outbox.retryDeadLetters([left[0]!.key])).to.equal(1);
      await outbox.flush();
      expect(world.ledger.accepted).to.include(refused!.id);
      expect(await outbox.deadLetters()).to.deep.equal([]);
    });

    it('S32: a long run of unreadable values does not hold back the answers behind it', async () => {
      const raw = world.raw();
      const garbage = Array.from({ length: 150 }, (_, i): [string, unknown] => [`q:${String(i + 1).padStart(15, '0')}:x${i}`, { junk: i }]);
      await setMany(garbage, raw);
      const outbox = world.outbox();
      const [good] = await world.commit(outbox, 1);

      await outbox.flush();

      expect(world.ledger.received).to.deep.equal([good!.id]);
      expect(await outbox.deadLetters()).to.have.length(150);
    });

    it('S32: a damaged dead letter is listed as found and can be discarded; the others still retry', async () => {
      const outbox = world.outbox();
      const [refused] = await world.commit(outbox, 1);
      world.ledger.next({ reject: refused!.id, reason: 'unknown survey' });
      await outbox.flush();
      const raw = world.raw();
      const damaged: Array<[string, unknown]> = [
        [`${PREFIX.dead}${crypto.randomUUID()}`, null],
        [`${PREFIX.dead}${crypto.randomUUID()}`, { id: 'x', record: { id: 'half an answer' } }],
      ];
      await setMany(damaged, raw);

      const letters = await outbox.deadLetters();
      expect(letters.map(l => l.key)).to.have.members([`${PREFIX.dead}${refused!.id}`, ...damaged.map(([key]) => key)]);
      const unreadable = letters.filter(l => l.reason === 'unreadable dead letter');
      expect(unreadable.map(l => l.raw)).to.have.deep.members(damaged.map(([, value]) => value));
      expect(unreadable.every(l => l.record === undefined), 'nothing half-read is sent again').to.equal(true);

      expect(await outbox.retryDeadLetters(), 'the readable one goes back in the queue').to.equal(1);
      await outbox.flush();
      expect(world.ledger.accepted).to.include(refused!.id);
      expect(await outbox.discardDeadLetters([damaged[0]![0].slice(PREFIX.dead.length)])).to.equal(1);
      expect((await outbox.deadLetters()).map(l => l.key)).to.deep.equal([damaged[1]![0]]);
    });

    it('S32: a long run of answers from a newer widget (a rollback) does not hold back the answers behind it', async () => {
      const raw = world.raw();
      const newer = Array.from({ length: 120 }, (_, i) => stored(i + 1, newRecord(), { v: FORMAT_VERSION + 1 }));
      await setMany(newer, raw);
      const outbox = world.outbox({ batchSize: 1 });
      const mine = await world.commit(outbox, 2);

      await outbox.flush();

      expect(world.ledger.received).to.have.members(mine.map(r => r.id));
      expect(await outbox.pending(), 'the newer ones are left for their version').to.equal(120);
      for (const [key, value] of newer.slice(0, 3)) expect(await get(key, raw)).to.deep.equal(value);
    });

    it('S32: an item written by set() with a valid shape is delivered like any other', async () => {
      const record = newRecord();
      const [key, value] = stored(7, record);
      await set(key, value, world.raw());
      const outbox = world.outbox();
      expect(await outbox.flush()).to.deep.equal({});
      world.ledger.check([record.id], []);
    });
  });
});
