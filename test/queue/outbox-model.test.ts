import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DB_PREFIX, openIdbStore } from '../../src/queue/idb.js';
import { createMemoryStore, type OutboxStore } from '../../src/queue/outbox-store.js';
import { Outbox } from '../../src/queue/outbox.js';
import type { DeadLetter } from '../../src/queue/stored-item.js';
import { withFaults, type FaultStore } from '../helpers/fault-store.js';
import { Ledger, newRecord, type Reply } from '../helpers/ledger.js';

// Model-based test (RELIABILITY "How to test it" §6): random sequences of submit, flush, endpoint
// answers, crash-restart, a second tab, quota errors and clock jumps; after a final drain with an
// accepting endpoint, the ledger invariant must hold. Every await is on the outbox's own promises:
// no timers drive the sequence.

type Backend = 'memory' | 'indexeddb';

const START = Date.UTC(2024, 2, 14, 9, 30);
const DAY = 86_400_000;
const SEND_TIMEOUT_MS = 5_000;
const LEASE_MS = 10_000;
/** The outbox tries IndexedDB again this long after it degraded (outbox.ts RESTORE_EVERY_MS). */
const RESTORE_MS = 30_000;

interface Tab {
  outbox: Outbox;
  /** The fault wrapper around this tab's storage (the latest, should the outbox reopen it). */
  fault: FaultStore;
  /** Answers this tab kept in memory only (never shown as saved). */
  volatile: string[];
}

interface Config {
  backend: Backend;
  locks: boolean;
  batchSize: number;
}

class World {
  clock = START;
  /** The page's own monotonic clock: only moves on, unlike `clock`, which jumps. */
  elapsed = 0;
  readonly ledger = new Ledger();
  readonly queue = `outbox-model-${crypto.randomUUID()}`;
  /** Ids whose commit reported durable storage. */
  readonly committed: string[] = [];
  /** Ids kept in memory by a process that was then killed: they may or may not arrive. */
  readonly maybe: string[] = [];
  tab!: Tab;
  second?: Tab;
  private readonly base = createMemoryStore();
  private readonly all: Tab[] = [];

  constructor(readonly config: Config) {
    this.ledger.latency = 1; // requests stay open a turn, so the two tabs' flushes overlap
  }

  get submitted(): string[] {
    return [...this.committed, ...this.maybe, ...this.all.flatMap(tab => tab.volatile)];
  }

  private open(): Promise<OutboxStore> {
    return this.config.backend === 'memory' ? Promise.resolve(this.base) : openIdbStore(this.queue);
  }

  async startTab(): Promise<Tab> {
    const tab = { volatile: [] } as unknown as Tab;
    tab.outbox = new Outbox({
      queue: this.queue,
      endpoint: '/api/test/ledger',
      transport: this.ledger.transport,
      openStore: async () => (tab.fault = withFaults(await this.open())),
      batchSize: this.config.batchSize,
      sendTimeoutMs: SEND_TIMEOUT_MS,
      leaseMs: LEASE_MS,
      now: () => this.clock,
      elapsed: () => this.elapsed,
      random: () => 0.5,
      locks: this.config.locks ? undefined : null,
    });
    await tab.outbox.deadLetters(); // resolves once the outbox has opened its storage
    this.all.push(tab);
    return tab;
  }

  async submit(tab: Tab): Promise<void> {
    const record = newRecord();
    const { durable } = await tab.outbox.commit(record);
    (durable ? this.committed : tab.volatile).push(record.id);
    this.clock += 1;
  }

  /** The process dies: whatever it kept only in memory is gone; a new one starts over the storage. */
  async restart(): Promise<void> {
    const dead = this.tab;
    dead.outbox.dispose();
    this.maybe.push(...dead.volatile);
    dead.volatile = [];
    this.tab = await this.startTab();
  }

  live(): Tab[] {
    return this.second ? [this.tab, this.second] : [this.tab];
  }

  /** Endpoint fixed and accepting, every fault healed, leases and waits run out: all must settle. */
  async drainAndCheck(): Promise<void> {
    this.ledger.clearScript();
    this.ledger.fallback = 'accept';
    for (const tab of this.live()) tab.fault.heal();
    let pending = -1;
    for (let round = 0; round < 6 && pending !== 0; round++) {
      this.clock += LEASE_MS + RESTORE_MS + 1;
      this.elapsed += LEASE_MS + RESTORE_MS + 1;
      for (const tab of this.live()) await tab.outbox.flush({ force: true });
      const counts = await Promise.all(this.live().map(tab => tab.outbox.pending()));
      pending = counts.reduce((a, b) => a + b, 0);
    }
    expect(pending, 'answers still queued after the final drain').to.equal(0);
    const letters = new Map<string, DeadLetter>();
    for (const tab of this.live()) for (const letter of await tab.outbox.deadLetters()) letters.set(letter.key, letter);
    const alive = this.live().flatMap(tab => tab.volatile);
    this.ledger.check([...this.committed, ...alive], [...letters.values()], { maybe: this.maybe });
  }

  async dispose(): Promise<void> {
    for (const tab of this.all) tab.outbox.dispose();
    if (this.config.backend === 'indexeddb') {
      await new Promise<void>(resolve => {
        const request = indexedDB.deleteDatabase(DB_PREFIX + this.queue);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    }
  }
}

type Model = Record<string, never>;

function command(name: string, run: (world: World) => Promise<void>): fc.AsyncCommand<Model, World> {
  return { check: () => true, run: (_model, world) => run(world), toString: () => name };
}

const REPLIES: Array<[string, Reply]> = [
  ['accept', 'accept'],
  ['per-item results', 'results'],
  ['500', { status: 500 }],
  ['429 Retry-After 120', { status: 429, retryAfter: '120' }],
  ['network error', 'network'],
  ['stored, response lost', 'lost'],
  ['captive portal html', 'html'],
  ['reject the first answer', { reject: undefined, reason: 'invalid' }],
  ['401 (until forced)', { status: 401 }],
];

const commands = [
  fc.constant(command('submit', world => world.submit(world.tab))),
  fc.boolean().map(force => command(`flush${force ? ' (force)' : ''}`, async world => void (await world.tab.outbox.flush({ force })))),
  fc.constantFrom(...REPLIES).map(([name, reply]) => command(`next reply: ${name}`, async world => world.ledger.next(reply))),
  fc.nat().map(pick =>
    command(`400 for every batch with answer #${pick}`, async world => {
      const open = world.submitted.filter(id => !world.ledger.accepted.includes(id));
      if (open.length > 0) world.ledger.refuse(open[pick % open.length]!, 400);
    }),
  ),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()).map(([n, submit]) =>
    command(`crash after ${n} operations${submit ? ' during a submit' : ''}, restart`, async world => {
      world.tab.fault.crashAfter(n);
      if (submit) await world.submit(world.tab);
      await world.tab.outbox.flush();
      await world.restart();
    }),
  ),
  fc.constant(
    command('second tab flushes alongside', async world => {
      world.second ??= await world.startTab();
      await Promise.all([world.tab.outbox.flush(), world.second.outbox.flush()]);
    }),
  ),
  fc.constant(
    command('staff retries the dead letters', async world => {
      await world.tab.outbox.retryDeadLetters();
      await world.tab.outbox.flush(); // joins the flush the retry started
    }),
  ),
  fc.constant(command('quota exceeded on the next commit', async world => world.tab.fault.fail('commit', 'quota'))),
  fc
    .oneof(fc.integer({ min: -3 * DAY, max: 3 * DAY }), fc.constantFrom(LEASE_MS + 1, 120_000, RESTORE_MS + 1, -LEASE_MS))
    .map(ms => command(`clock ${ms >= 0 ? '+' : ''}${ms} ms`, async world => void (world.clock += ms))),
];

const configs = (backend: Backend) =>
  fc.record({ backend: fc.constant(backend), locks: fc.boolean(), batchSize: fc.integer({ min: 1, max: 4 }) });

async function runModel(backend: Backend, numRuns: number, maxCommands: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(configs(backend), fc.commands(commands, { maxCommands }), async (config, cmds) => {
      const world = new World(config);
      try {
        world.tab = await world.startTab();
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
        await world.drainAndCheck();
      } finally {
        await world.dispose();
      }
    }),
    { numRuns },
  );
}

describe('Outbox (model-based)', () => {
  it('keeps the ledger invariant over random sequences on the memory store (300 runs)', async () => {
    await runModel('memory', 300, 20);
  });

  it('keeps the ledger invariant over random sequences on IndexedDB (25 runs)', async function () {
    this.timeout(60_000); // 25 databases opened, used and deleted: slow on a loaded machine
    await runModel('indexeddb', 25, 12);
  });
});
