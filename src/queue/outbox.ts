import { mintId } from '../schema/mint-id.js';
import type { FeedbackRecord } from '../schema/record.js';
import { discardDeadLetters, listDeadLetters, requeueDeadLetters } from './dead-letters.js';
import { withFlushLock } from './flush-lock.js';
import { openIdbStore, StorageFullError } from './idb.js';
import { memoryStoreFor } from './memory-queues.js';
import { DEFAULT_BATCH_SIZE, type Committed, type FlushReport, type OutboxEvent, type OutboxOptions } from './outbox-options.js';
import type { Entry, OutboxStore } from './outbox-store.js';
import { toOutcome } from './outcome.js';
import { planClaim, planRenew, planSettle, settleReads, type Claim, type Outcome, type Settled } from './plan.js';
import { backoffMs, RETRY, type Decision } from './policy.js';
import { COMMIT_TIMEOUT_MS, confirmsFull, describe, provesWritable, timeout } from './storage-checks.js';
import { deadKey, leaseKey, newItem, PREFIX, unleased, WAIT_KEY, type DeadLetter, type QueuedItem, type Wait } from './stored-item.js';
import { DEFAULT_TIMEOUT_MS, unloadChunks, type SendFailure } from './transport.js';

export { queuesHeldInMemory } from './memory-queues.js';
export { DEFAULT_BATCH_SIZE, type Committed, type FlushReport, type OutboxEvent, type OutboxOptions } from './outbox-options.js';

/** Deletes the queue's wait when it is a pause (a configuration error), not a `Retry-After`. */
function liftPause(store: OutboxStore): Promise<boolean> {
  return store.transact('claim', [{ key: WAIT_KEY }], ([found = []]) => {
    const paused = (found[0]?.[1] as Wait | undefined)?.kind === 'paused';
    return { delete: paused ? [WAIT_KEY] : [], result: paused };
  });
}

/** `more`: the scan was full, answers may lie beyond it; `ahead`: it only read past a batch in flight. */
type ClaimResult = Claim & { more: boolean; ahead: boolean; last?: string };
/** How often a degraded outbox tries IndexedDB again. */
const RESTORE_EVERY_MS = 30_000;
/**
 * Queued entries read per claim, per answer wanted. One tab alone finds its batch in the first
 * entries, and reading more costs a flush much of its time; when other tabs' leases fill the
 * scan, the drain reads three times further from then on, up to MAX_LOOKAHEAD.
 */
const LOOKAHEAD = 1;
const MAX_LOOKAHEAD = 27;
/** A lease must outlast a request by this much; shorter ones are extended before sending. */
const LEASE_MARGIN_MS = 1000;

/**
 * Stores every answer before anything else happens, then delivers it: oldest first, in batches,
 * deleting an item only after the endpoint acknowledged it (RELIABILITY.md).
 */
export class Outbox {
  readonly owner = mintId(); // not crypto.randomUUID(): plain-http intranet pages lack it
  /** Claims made by this outbox: numbers its lease records. */
  private claims = 0;
  private readonly memory: OutboxStore;
  /** Ids on their way from this tab, until their request ends, whatever the timeout said. */
  private readonly inFlight = new Set<string>();
  /** Ids sent whose outcome is not written yet: a claim meanwhile would only send them again. */
  private readonly settling = new Set<string>();
  /**
   * Answers committed here and still under the lease taken at commit, so no other tab sends them:
   * `pagehide` may send these at once with keepalive (S16).
   */
  private readonly fresh = new Map<string, { item: QueuedItem; store: OutboxStore }>();
  private durable?: OutboxStore;
  private degraded = false;
  /**
   * IndexedDB is full (S28): it is read and emptied but not written. Its answers are claimed
   * without a lease record (the flush lock keeps other tabs off; where a browser lacks Web Locks,
   * the endpoint's dedup by id absorbs a repeat) and deleted once acknowledged, which frees room.
   */
  private full = false;
  /** Answers the endpoint refused while the store was full: their dead letter waits for room. */
  private readonly keptWhileFull = new Set<string>();
  private restoreAt = 0;
  private readonly ready: Promise<void>;
  private running?: Promise<FlushReport>;
  private again = false;
  private forced = false;
  private failures = 0;
  private serverErrors = 0;
  private disposed = false;
  private readonly commits = new Map<string, Promise<Committed>>();
  /**
   * Running count for events: counting a large queue costs ~20 ms in IndexedDB, too much per
   * commit or batch. Recounted for real when the store opens and after every flush.
   */
  private estimate = 0;
  /** The queue's wait as this tab last saw it (a pause, `Retry-After`): the unload send keeps it too. */
  private waitUntil = 0;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly now: () => number;
  private readonly elapsed: () => number;
  private readonly random: () => number;

  constructor(private readonly options: OutboxOptions) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    this.sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_TIMEOUT_MS + 5000;
    this.leaseMs = Math.max(options.leaseMs ?? this.sendTimeoutMs + 15_000, this.sendTimeoutMs + LEASE_MARGIN_MS);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.elapsed = options.elapsed ?? (() => performance.now());
    this.memory = memoryStoreFor(options.queue);
    this.ready = this.open();
  }

  /** True once IndexedDB failed and answers are only kept in this page. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  /** Stores the answer (IndexedDB, else memory); resolves once it is stored. Idempotent per id (S38). */
  commit(record: FeedbackRecord): Promise<Committed> {
    const known = this.commits.get(record.id);
    if (known) return known;
    const committing = this.store(record);
    this.commits.set(record.id, committing);
    return committing;
  }

  /** Sends what is queued. Concurrent calls share one run; `force` lifts a pause or wait. */
  flush(options: { force?: boolean } = {}): Promise<FlushReport> {
    if (options.force) this.forced = true;
    if (this.disposed) return Promise.resolve({});
    if (this.running) {
      this.again = true;
      // If the run was already past its last look at the queue, this request starts a new one.
      return this.running.then(report => (this.again && !this.disposed ? this.flush() : report));
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.disposed) this.close(); // its settle reopened IndexedDB after dispose()
    });
    return this.running;
  }

  /**
   * The page is going away: sends this tab's fresh answers at once with keepalive (within its
   * budget, in requests of at most 50 kB: S17), without waiting for the lock or IndexedDB, which
   * may never answer now. They stay queued until acknowledged (S16); no other tab sends them
   * meanwhile, as they are under this tab's lease. Only answers whose commit lease outlasts a send,
   * as for any claim (S11): one about to run out is left to the next visit or another tab.
   */
  sendBeforeLeaving(): void {
    const now = this.now();
    if (now < this.waitUntil) return;
    const leaving = [...this.fresh.values()].filter(
      ({ item }) => (item.leaseUntil ?? 0) - now >= this.sendTimeoutMs + LEASE_MARGIN_MS && !this.inFlight.has(item.record.id),
    );
    for (const store of new Set(leaving.map(entry => entry.store))) {
      const items = leaving.filter(entry => entry.store === store).map(entry => entry.item);
      // send() takes each chunk off the unload list before its first await.
      for (const chunk of unloadChunks(items)) void this.send(store, chunk).then(({ settled }) => this.report(settled), () => {});
    }
  }

  /**
   * New credentials or a new transport (S7): a pause after 401/403/404 lifts, so the next flush
   * tries again; true when there was one. A `Retry-After` wait and the backoff stay.
   */
  async liftPause(): Promise<boolean> {
    await this.ready;
    const lifted = await Promise.all(this.stores().map(store => liftPause(store).catch(() => false)));
    if (lifted.includes(true)) this.waitUntil = 0;
    return lifted.includes(true);
  }

  /** Answers not yet acknowledged, in IndexedDB and memory. */
  async pending(): Promise<number> {
    await this.ready;
    const counts = await Promise.all(this.stores().map(store => store.count(PREFIX.queued).catch(() => 0)));
    if (this.disposed && !this.running) this.close(); // a count after dispose() reopened IndexedDB
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Where a committed answer is now. Another tab may have sent it: this page then learns it here,
   * not through an event. `gone` means acknowledged (nothing else removes an item). Without
   * IndexedDB (it would not open) this outbox cannot tell, and says `queued`: never "sent" too early.
   */
  async whereIs(committed: { key: string; id: string }): Promise<'queued' | 'dead' | 'gone'> {
    await this.ready;
    if (!this.durable) return 'queued';
    const count = (prefix: string) =>
      Promise.all(this.stores().map(store => store.count(prefix).catch(() => 1))).then(c => c.some(n => n > 0));
    if (await count(committed.key)) return 'queued';
    return (await count(deadKey(committed.id))) ? 'dead' : 'gone';
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.ready.then(() => listDeadLetters(this.stores()));
  }

  async retryDeadLetters(ids?: readonly string[]): Promise<number> {
    await this.ready;
    const moved = await requeueDeadLetters(this.stores(), this.now(), ids);
    if (moved > 0) void this.flush({ force: true });
    return moved;
  }

  async discardDeadLetters(ids?: readonly string[]): Promise<number> {
    await this.ready;
    return discardDeadLetters(this.stores(), ids);
  }

  /** Lets go of the database connection (pagehide); the next operation reopens it. */
  close(): void {
    this.durable?.close();
  }

  /**
   * Stops further rounds; a request already on its way still settles. Answers saved here and not
   * sent lose their commit lease: the queue's next sender (a new survey's leftovers) need not wait.
   */
  dispose(): void {
    this.disposed = true;
    void this.unleaseFresh().finally(() => this.close());
  }

  /** Hands this tab's unsent answers back to the queue: once disposed, it never sends them at pagehide. */
  private async unleaseFresh(): Promise<void> {
    const entries = [...this.fresh.values()];
    this.fresh.clear();
    for (const store of new Set(entries.map(entry => entry.store))) {
      const keys = entries.filter(entry => entry.store === store).map(({ item }) => ({ key: item.key }));
      await store
        .transact('settle', keys, found => {
          const mine = found.flat().filter(([, value]) => (value as QueuedItem).leaseOwner === this.owner);
          return { put: mine.map(([key, value]): Entry => [key, unleased(value as QueuedItem)]), result: undefined };
        })
        .catch(() => {}); // the lease then runs out by itself
    }
  }

  private stores(): OutboxStore[] {
    return this.durable ? [this.memory, this.durable] : [this.memory];
  }

  private async open(): Promise<void> {
    try {
      const opening = async () => {
        const store = await this.openDurable();
        // A pause belongs to the configuration that caused it; a new start tries again.
        await liftPause(store);
        return { store, count: await store.count(PREFIX.queued) };
      };
      // A store that hangs must not hold up every commit (S30).
      const { store, count } = await timeout(opening(), COMMIT_TIMEOUT_MS);
      this.durable = store;
      this.estimate = count;
    } catch (error) {
      this.degrade(describe(error));
    }
  }

  /** IndexedDB's store; a full one (S28) is taken for draining only. */
  private async openDurable(): Promise<OutboxStore> {
    try {
      return await (this.options.openStore ?? (() => openIdbStore(this.options.queue)))();
    } catch (error) {
      if (!(error instanceof StorageFullError)) throw error;
      this.fill(error);
      return error.store;
    }
  }

  /** From now on new answers are kept in memory, and IndexedDB is only drained. */
  private fill(error: unknown): void {
    this.full = true;
    this.degrade(`IndexedDB is full: ${describe(error)}`);
  }

  private drainOnly(store: OutboxStore): boolean {
    return this.full && store === this.durable;
  }

  private degrade(reason: string): void {
    this.restoreAt = this.elapsed() + RESTORE_EVERY_MS; // a clock jump must not stop recovery
    if (this.degraded) return;
    this.degraded = true;
    this.emit({ type: 'storage', durable: false, reason });
  }

  private async store(record: FeedbackRecord): Promise<Committed> {
    await this.ready;
    const now = this.now();
    const item = newItem(record, this.options.endpoint, now, { owner: this.owner, until: now + this.leaseMs });
    const put = (store: OutboxStore) => store.transact('commit', [], () => ({ put: [[item.key, item]], result: undefined }));
    let stored: OutboxStore | undefined;
    if (this.durable && !this.degraded) {
      const writing = put(this.durable);
      try {
        await timeout(writing, COMMIT_TIMEOUT_MS);
        stored = this.durable;
      } catch (error) {
        if (await confirmsFull(this.durable, error)) this.fill(error);
        else this.degrade(describe(error)); // a lost connection, a hang, one refused write (S28–S30)
        // A write that was only slow lands later: then one copy must go, or it is sent twice.
        writing.then(() => this.settleLateWrite(item.key), () => {});
      }
    }
    if (!stored) await put((stored = this.memory));
    this.fresh.set(record.id, { item, store: stored });
    if (this.disposed) void this.unleaseFresh().finally(() => this.close()); // saved after the element moved on
    const durable = stored !== this.memory;
    this.emit({ type: 'queued', id: record.id, durable, pending: ++this.estimate });
    return { durable, key: item.key, pending: this.estimate };
  }

  /**
   * A commit given up as too slow landed after all: one copy goes. The memory copy, unless it is on
   * its way or already delivered; then the durable one, which this tab's lease would send again.
   */
  private async settleLateWrite(key: string): Promise<void> {
    const id = key.slice(key.lastIndexOf(':') + 1);
    const dropped = await this.memory.transact('move', [{ key }], ([found = []]) => {
      const waiting = found.length > 0 && !this.inFlight.has(id);
      return { delete: waiting ? [key] : [], result: waiting };
    });
    if (dropped) this.fresh.delete(id);
    else await this.durable?.transact('move', [], () => ({ delete: [key], result: undefined })).catch(() => {});
  }

  private async run(): Promise<FlushReport> {
    await this.ready;
    let report: FlushReport = {};
    await withFlushLock(
      this.options.queue,
      async () => {
        do {
          this.again = false;
          report = await this.drainAll();
        } while (this.again && !this.disposed);
      },
      this.options.locks,
    );
    this.estimate = await this.pending();
    return report;
  }

  private async drainAll(): Promise<FlushReport> {
    if (this.degraded && this.elapsed() >= this.restoreAt) await this.restore();
    const force = this.forced;
    this.forced = false;
    for (const store of this.stores()) {
      try {
        if (force) {
          await store.transact('claim', [], () => ({ delete: [WAIT_KEY], result: undefined }));
          this.waitUntil = 0;
        }
        const report = await this.drain(store).catch(async error => {
          // The disk filled up since: the same answers go on in drain-only mode (S28).
          if (store !== this.durable || this.full || !(await confirmsFull(store, error))) throw error;
          this.fill(error);
          return this.drain(store);
        });
        if (report.retryInMs !== undefined) return report;
      } catch (error) {
        // Storage failed mid-flush: leases run out and the items are sent again later (S21).
        return this.retryLater(`storage: ${describe(error)}`, false, undefined);
      }
    }
    // Refused answers kept while the disk is full: come back when IndexedDB is tried again.
    if (this.full && this.keptWhileFull.size > 0) return { retryInMs: Math.max(0, this.restoreAt - this.elapsed()) };
    return {};
  }

  private async drain(store: OutboxStore): Promise<FlushReport> {
    let limit = this.batchSize;
    let lookahead = LOOKAHEAD;
    // The next batch, claimed while the current one travels: IndexedDB and the network work side
    // by side, which takes the request's time off every batch of a long drain.
    let next: Promise<ClaimResult> | undefined;
    // Past a full scan of entries this tab may not send (a newer widget's, say, after a rollback):
    // the drain reads on from there, so they never hold back the answers behind them.
    let from: string | undefined;
    let leaseEnds: number | undefined;
    try {
      while (!this.disposed) {
        const claim = await (next ?? this.claim(store, limit, lookahead, undefined, from));
        next = undefined;
        if (claim.dead.length > 0) this.emit({ type: 'dead-letter', letters: claim.dead, pending: this.settleEstimate(claim.dead) });
        this.waitUntil = claim.wait?.until ?? 0;
        if (claim.wait) return { retryInMs: Math.max(0, claim.wait.until - this.now()) };
        const readFurther = claim.items.length < limit && claim.more && lookahead < MAX_LOOKAHEAD;
        if (readFurther) lookahead *= 3; // and on for the rest of this drain: the leases stay ahead
        if (claim.leaseEnds !== undefined) leaseEnds = Math.min(leaseEnds ?? Infinity, claim.leaseEnds);
        if (claim.items.length === 0) {
          // The answers behind still go; a look past the last batch says nothing about those before it.
          if (claim.dead.length > 0 || readFurther || claim.ahead) continue;
          if (claim.more && claim.last !== undefined) {
            from = claim.last;
            continue;
          }
          // Items leased by another tab: if it died, its leases run out and this tab sends them.
          return leaseEnds === undefined ? {} : { retryInMs: Math.max(0, leaseEnds - this.now()) + 100 };
        }
        // A batch claimed ahead waited for the one before; its lease must still cover a whole request.
        if (claim.ahead && !(await this.keepLease(store, claim))) continue;
        const sending = this.send(store, claim.items, claim.lease);
        next = this.claim(store, limit, lookahead, claim.items);
        next.catch(() => {}); // awaited later; a failure must not count as unhandled meanwhile
        const { settled, decision, failure } = await sending;
        this.report(settled);
        if (!decision) {
          // Answered, but nothing in the batch was acknowledged: back off rather than spin.
          if (settled.delivered.length + settled.dead.length + settled.kept.length === 0) return this.retryLater('nothing acknowledged', false, undefined);
          this.failures = 0;
          this.serverErrors = 0;
          limit = Math.min(this.batchSize, limit * 2);
        } else if (decision.kind === 'split') {
          limit = Math.max(1, Math.floor(claim.items.length / 2));
          const ahead = next;
          next = undefined;
          await this.release(store, ahead); // claimed at the old size
        } else if (decision.kind === 'pause') {
          return this.pause(store, decision.reason, decision.status);
        } else {
          const offline = failure?.reason === 'network' || failure?.reason === 'timeout';
          if (decision.waitMs) await this.setWait(store, { until: this.now() + decision.waitMs, kind: 'retry-after', reason: decision.reason });
          else if (decision.serverError) this.serverErrors++;
          return this.retryLater(decision.reason, offline, decision.waitMs);
        }
      }
      return {};
    } finally {
      // A batch claimed ahead and not sent goes back to the queue at once, for any tab to send.
      if (next) await this.release(store, next).catch(() => {});
    }
  }

  /**
   * Leases the oldest answers this tab may send. `inFlight`: a batch on its way, read past (its
   * keys are the oldest); `settling` keeps it from being claimed again before it is settled.
   */
  private claim(store: OutboxStore, limit: number, lookahead: number, inFlight?: QueuedItem[], from?: string): Promise<ClaimResult> {
    const after = inFlight?.at(-1)?.key ?? from;
    const ctx = {
      now: this.now(),
      owner: this.owner,
      leaseMs: this.leaseMs,
      limit,
      endpoint: this.options.endpoint,
      maxWaitMs: RETRY.maxRetryAfterMs,
      inFlight: { has: (id: string) => this.inFlight.has(id) || this.settling.has(id) || this.keptWhileFull.has(id) },
      lease: leaseKey(this.owner, ++this.claims),
      drainOnly: this.drainOnly(store),
    };
    const scan = limit * lookahead + 10;
    return store
      .transact('claim', [{ prefix: PREFIX.queued, after, limit: scan }, { prefix: PREFIX.meta }], found => {
        const change = planClaim(found, ctx);
        // From here on the claim's lease and its settle decide, not the lease taken at commit: a
        // pagehide before this transaction commits must not send them beside it (S11). Should the
        // claim fail, they stay queued for a later flush.
        for (const item of change.result.items) this.fresh.delete(item.record.id);
        // A full scan may have stopped short of answers that other tabs' leases hid.
        const read = found[0] ?? [];
        return { ...change, result: { ...change.result, more: read.length >= scan, ahead: inFlight !== undefined, last: read.at(-1)?.[0] } };
      });
  }

  /**
   * True when `claim`'s lease outlasts a request sent now, extended if needed (S11: an answer is
   * never in flight from two tabs). False when it ran out and another tab may have the batch.
   */
  private async keepLease(store: OutboxStore, claim: ClaimResult): Promise<boolean> {
    if (!claim.lease || claim.leaseUntil === undefined) return true;
    const now = this.now();
    if (claim.leaseUntil - now >= this.sendTimeoutMs + LEASE_MARGIN_MS) return true;
    const until = now + this.leaseMs;
    const kept = await store.transact('claim', [{ key: claim.lease }], found => planRenew(found, until));
    if (kept) claim.leaseUntil = until;
    return kept;
  }

  /** Hands a claimed, unsent batch back without counting an attempt; reports its dead letters. */
  private async release(store: OutboxStore, claiming: Promise<ClaimResult>): Promise<void> {
    const claim = await claiming;
    if (claim.dead.length > 0) this.emit({ type: 'dead-letter', letters: claim.dead, pending: this.settleEstimate(claim.dead) });
    if (claim.items.length === 0) return;
    const unsent: Outcome = { kind: 'failed', decision: { kind: 'retry', reason: 'not sent', serverError: false } };
    await store.transact('settle', settleReads(claim.items, unsent), found =>
      planSettle(new Map(found.flat()), claim.items, unsent, {
        now: this.now(),
        owner: this.owner,
        endpoint: this.options.endpoint,
        leaseMs: this.leaseMs,
        lease: claim.lease,
        countAttempt: false,
        drainOnly: this.drainOnly(store),
      }),
    );
  }

  /** `lease`: the record of the claim that took `items`; absent for answers under their commit lease. */
  private async send(store: OutboxStore, items: QueuedItem[], lease?: string): Promise<{ settled: Settled; decision?: Decision; failure?: SendFailure }> {
    const ids = items.map(item => item.record.id);
    for (const id of ids) {
      this.fresh.delete(id); // from here on, the claim's lease and its settle decide
      this.settling.add(id);
    }
    try {
      const attempt = Math.max(...items.map(item => item.attempts)) + 1;
      // Drain-only: no lease but the Web Lock, which goes with the page, so the request must too.
      const raw = await this.callTransport(items, attempt, !this.drainOnly(store));
      const { outcome, failure } = toOutcome(raw, ids);
      const decision = outcome.kind === 'failed' ? outcome.decision : undefined;
      const lone = decision?.kind === 'split' && items.length === 1;
      const settled = await store.transact('settle', settleReads(items, outcome), found =>
        planSettle(new Map(found.flat()), items, outcome, {
          now: this.now(),
          owner: this.owner,
          endpoint: this.options.endpoint,
          leaseMs: this.leaseMs,
          lease,
          countAttempt: !decision || decision.kind === 'retry',
          failure: failure ? [failure.reason, failure.status].filter(Boolean).join(' ') : 'not acknowledged',
          deadReason: lone ? { reason: `refused by the endpoint (${decision.reason})`, status: decision.status } : undefined,
          drainOnly: this.drainOnly(store),
        }),
      );
      for (const id of settled.kept) this.keptWhileFull.add(id);
      return { settled, decision, failure };
    } finally {
      for (const id of ids) this.settling.delete(id);
    }
  }

  /**
   * Calls the transport, never longer than `sendTimeoutMs`: a custom transport that hangs must not
   * hold the flush lock forever, nor outlive its lease (S11).
   */
  private async callTransport(items: QueuedItem[], attempt: number, keepalive: boolean): Promise<unknown> {
    const deadline = new AbortController();
    const timedOut = new Promise<SendFailure>(resolve => {
      deadline.signal.addEventListener('abort', () => resolve({ ok: false, reason: 'timeout', retryable: true }));
    });
    const timer = setTimeout(() => deadline.abort(), this.sendTimeoutMs);
    const ids = items.map(item => item.record.id);
    for (const id of ids) this.inFlight.add(id);
    try {
      // keepalive: a request started just before the tab closes still arrives (S16).
      const records = items.map(item => item.record);
      // async: a transport that throws at once becomes a rejection like any other failure
      const sending = (async () => this.options.transport(records, { keepalive, attempt, signal: deadline.signal }))();
      // A transport that ignores the abort may still be sending: its ids stay in flight until it ends.
      sending.finally(() => ids.forEach(id => this.inFlight.delete(id))).catch(() => {});
      return await Promise.race([sending, timedOut]);
    } catch {
      return { ok: false, reason: 'network', retryable: true };
    } finally {
      clearTimeout(timer);
    }
  }

  private async retryLater(reason: string, offline: boolean, waitMs: number | undefined): Promise<FlushReport> {
    this.failures++;
    const stalled = this.serverErrors >= RETRY.stallAfter;
    const retryInMs = stalled ? RETRY.stalledMs : (waitMs ?? backoffMs(this.failures, this.random()));
    this.emit({ type: 'retry', reason, retryInMs, offline, stalled, pending: this.estimate });
    return { retryInMs };
  }

  private async pause(store: OutboxStore, reason: string, status?: number): Promise<FlushReport> {
    await this.setWait(store, { until: this.now() + RETRY.pausedMs, kind: 'paused', reason });
    this.emit({ type: 'paused', reason, status, retryInMs: RETRY.pausedMs, pending: this.estimate });
    return { retryInMs: RETRY.pausedMs };
  }

  private setWait(store: OutboxStore, wait: Wait): Promise<void> {
    this.waitUntil = wait.until;
    // A full store cannot take it: memory's copy holds this page's drains back just the same.
    if (this.drainOnly(store)) store = this.memory;
    return store.transact('settle', [], () => ({ put: [[WAIT_KEY, wait]], result: undefined }));
  }

  /** Moves answers kept in memory into IndexedDB once it works again (S30). */
  private async restore(): Promise<void> {
    this.restoreAt = this.elapsed() + RESTORE_EVERY_MS;
    try {
      const durable = this.durable ?? (await this.openDurable());
      if (this.full) {
        this.durable ??= durable; // full, but its answers can be sent meanwhile
        await provesWritable(durable);
      }
      await this.moveFromMemory(durable);
      this.durable = durable;
      this.degraded = false;
      this.full = false;
      this.keptWhileFull.clear(); // their dead letters can be written now
      this.emit({ type: 'storage', durable: true, reason: 'IndexedDB works again' });
      // An answer committed while the move ran went to memory: it follows now, or is sent from there.
      await this.moveFromMemory(durable).catch(() => {});
    } catch {
      // Still unusable: stay in memory and try again later.
    }
  }

  /** Moves the answers and dead letters held in memory into `durable`, without their leases. */
  private async moveFromMemory(durable: OutboxStore): Promise<void> {
    const entries = await this.memory.transact('move', [{ prefix: PREFIX.queued }, { prefix: PREFIX.dead }], found => ({
      result: found.flat(),
    }));
    const moved = entries.map(([key, value]): Entry => [key, unleased(value as QueuedItem)]);
    await timeout(durable.transact('move', [], () => ({ put: moved, result: undefined })), COMMIT_TIMEOUT_MS);
    await this.memory.transact('move', [], () => ({ delete: entries.map(([key]) => key), result: undefined }));
    // Moved without their commit lease: another tab may claim them now, so pagehide must not send them.
    for (const [key] of entries) this.fresh.delete(key.slice(key.lastIndexOf(':') + 1));
  }

  private report(settled: Settled): void {
    if (settled.delivered.length > 0) this.emit({ type: 'sent', ids: settled.delivered, alreadyReceived: settled.alreadyReceived, pending: this.settleEstimate(settled.delivered) });
    if (settled.dead.length > 0) this.emit({ type: 'dead-letter', letters: settled.dead, pending: this.settleEstimate(settled.dead) });
  }

  /** Lowers the running count by answers that left the queue, and forgets their commits. */
  private settleEstimate(gone: ReadonlyArray<string | DeadLetter>): number {
    for (const entry of gone) this.commits.delete(typeof entry === 'string' ? entry : entry.id);
    this.estimate = Math.max(0, this.estimate - gone.length);
    return this.estimate;
  }

  private emit(event: OutboxEvent): void {
    this.options.onEvent?.(event);
  }
}
