// Import order sets the order of modules in the CDN bundles, which moves their gzip size by up to 100 B.
import { PREFIX, WAIT_KEY } from './stored-item.js';
import { countPending, stores, type OutboxState } from './outbox-state.js';
import { confirmsFull, describe } from './storage-checks.js';
import { claimBatch, keepLease, type ClaimResult, type ClaimWindow } from './claim-batch.js';
import { sendBatch } from './send-batch.js';
import { report, reportDead } from './outbox-events.js';
import { fill, restore } from './storage-fallback.js';
import { withFlushLock } from './flush-lock.js';
import { write, type OutboxStore } from './outbox-store.js';
import type { FlushReport } from './outbox-options.js';
import { heldFor, hold, pause, retryLater, setWait } from './queue-wait.js';
import { release } from './settle-batch.js';

/**
 * Queued entries read per claim, per answer wanted. One tab alone finds its batch in the first
 * entries, and reading more costs a flush much of its time; when other tabs' leases fill the
 * scan, the drain reads three times further from then on, up to MAX_LOOKAHEAD.
 */
const LOOKAHEAD = 1;
const MAX_LOOKAHEAD = 27;

/** One store's drain: where it claims next, the batch claimed ahead, the first foreign lease to end. */
interface Drain extends ClaimWindow {
  /**
   * The next batch, claimed while the current one travels: IndexedDB and the network work side
   * by side, which takes the request's time off every batch of a long drain.
   */
  next?: Promise<ClaimResult>;
  leaseEnds?: number;
}

/** Drains every store under the queue's Web Lock, again while flushes were asked for meanwhile. */
export async function runFlush(s: OutboxState): Promise<FlushReport> {
  await s.ready;
  let report: FlushReport = {};
  await withFlushLock(
    s.options.queue,
    async () => {
      do {
        s.again = false;
        report = await drainAll(s);
      } while (s.again && !s.disposed);
    },
    s.options.locks,
  );
  s.estimate = await countPending(s);
  return report;
}

async function drainAll(s: OutboxState): Promise<FlushReport> {
  // The endpoint told another queue to wait: this one waits too, also when forced (S3).
  const held = heldFor(s);
  if (held) return { retryInMs: held };
  if (s.degraded && s.elapsed() >= s.restoreAt) await restore(s);
  const force = s.forced;
  s.forced = false;
  let leaseEnds = Infinity;
  for (const store of await oldestFirst(s)) {
    try {
      if (force) {
        await write(store, 'claim', { delete: [WAIT_KEY] });
        s.waitUntil = 0;
      }
      const { leased, ...report } = await drain(s, store).catch(async error => {
        // The disk filled up since: the same answers go on in drain-only mode (S28).
        if (store !== s.durable || s.full || !(await confirmsFull(store, error))) throw error;
        fill(s, error);
        return drain(s, store);
      });
      if (report.retryInMs !== undefined) return report;
      // What another tab sends holds back neither the rest of this store nor the other store.
      leaseEnds = Math.min(leaseEnds, leased ?? Infinity);
    } catch (error) {
      // Storage failed mid-flush: leases run out and the items are sent again later (S21).
      return retryLater(s, `storage: ${describe(error)}`, false, undefined);
    }
  }
  // Items leased by another tab: if it died, its leases run out and this tab sends them.
  if (leaseEnds < Infinity) return { retryInMs: Math.max(0, leaseEnds - s.now()) + 100 };
  // Refused answers kept while the disk is full: come back when IndexedDB is tried again.
  if (s.full && s.keptWhileFull.size > 0) return { retryInMs: Math.max(0, s.restoreAt - s.elapsed()) };
  return {};
}

/**
 * The stores, the one with the oldest answer first: answers go oldest first across both (S14),
 * also while IndexedDB takes no writes and newer ones wait in memory. Memory stays first when
 * IndexedDB holds nothing older or cannot be read: its answers are the ones a closed page loses.
 */
async function oldestFirst(s: OutboxState): Promise<OutboxStore[]> {
  const { memory, durable } = s;
  const oldest = (store: OutboxStore) =>
    store.transact('read', [{ prefix: PREFIX.queued, limit: 1 }], ([found = []]) => ({ result: found[0]?.[0] }));
  const inMemory = await oldest(memory);
  // IndexedDB is read only when there is an order to find: not on the way of a normal flush.
  if (!inMemory || !durable) return stores(s);
  const stored = await oldest(durable).catch(() => undefined);
  return stored && stored < inMemory ? [durable, memory] : [memory, durable];
}

/** How a store's drain ended; `leased`: only answers other tabs hold were left, the first lease ends then. */
type DrainEnd = FlushReport & { leased?: number };

async function drain(s: OutboxState, store: OutboxStore): Promise<DrainEnd> {
  const d: Drain = { store, limit: s.batchSize, lookahead: LOOKAHEAD };
  try {
    while (!s.disposed) {
      const claim = await (d.next ?? claimBatch(s, d));
      d.next = undefined;
      const read = readClaim(s, d, claim);
      if (read === true) continue;
      if (read) return read;
      // A batch claimed ahead waited for the one before; its lease must still cover a whole request.
      if (claim.ahead && !(await keepLease(s, store, claim))) continue;
      const stop = await sendAndClaimNext(s, d, claim);
      if (stop) return stop;
    }
    return {};
  } finally {
    // A batch claimed ahead and not sent goes back to the queue at once, for any tab to send.
    if (d.next) await release(s, store, d.next).catch(() => {});
  }
}

/**
 * Takes in a claim: its dead letters, the queue's wait, how far to read on. False: send its
 * batch; true: it has none, claim again; a report: the drain ends.
 */
function readClaim(s: OutboxState, d: Drain, claim: ClaimResult): DrainEnd | boolean {
  reportDead(s, claim.dead);
  s.waitUntil = claim.wait?.until ?? 0;
  if (claim.wait) {
    const retryInMs = Math.max(0, claim.wait.until - s.now());
    // Stored by another tab or an earlier visit: it holds this page's other queues of the endpoint too.
    if (claim.wait.kind == 'retry-after') hold(s, retryInMs);
    return { retryInMs };
  }
  const readFurther = claim.items.length < d.limit && claim.more && d.lookahead < MAX_LOOKAHEAD;
  if (readFurther) d.lookahead *= 3; // and on for the rest of this drain: the leases stay ahead
  if (claim.leaseEnds !== undefined) d.leaseEnds = Math.min(d.leaseEnds ?? Infinity, claim.leaseEnds);
  if (claim.items.length > 0) return false;
  // The answers behind still go; a look past the last batch says nothing about those before it.
  if (claim.dead.length > 0 || readFurther || claim.ahead) return true;
  // Past a full scan of entries this tab may not send (a newer widget's, say, after a rollback):
  // the drain reads on from there, so they never hold back the answers behind them.
  if (claim.more && claim.last !== undefined) {
    d.from = claim.last;
    return true;
  }
  return { leased: d.leaseEnds };
}

/** Sends a claimed batch while the next is claimed; a report when the drain stops there. */
async function sendAndClaimNext(s: OutboxState, d: Drain, claim: ClaimResult): Promise<FlushReport | void> {
  const sending = sendBatch(s, d.store, claim.items, claim.lease);
  d.next = claimBatch(s, d, claim.items);
  d.next.catch(() => {}); // awaited later; a failure must not count as unhandled meanwhile
  const { settled, decision, failure } = await sending;
  report(s, settled);
  if (!decision) {
    // Answered, but nothing in the batch was acknowledged: back off rather than spin.
    if (settled.delivered.length + settled.dead.length + settled.kept.length === 0) return retryLater(s, 'nothing acknowledged', false, undefined);
    s.failures = 0;
    s.serverErrors = 0;
    hold(s, 0); // the endpoint takes answers again (a forced flush tried it): its other queues go too
    d.limit = Math.min(s.batchSize, d.limit * 2);
  } else if (decision.kind === 'split') {
    d.limit = Math.max(1, Math.floor(claim.items.length / 2));
    const ahead = d.next;
    d.next = undefined;
    await release(s, d.store, ahead); // claimed at the old size
  } else if (decision.kind === 'pause') {
    return pause(s, d.store, decision.reason, decision.status);
  } else {
    const offline = failure?.reason === 'network' || failure?.reason === 'timeout';
    if (decision.waitMs) {
      hold(s, decision.waitMs);
      await setWait(s, d.store, { until: s.now() + decision.waitMs, kind: 'retry-after', reason: decision.reason });
    } else if (decision.serverError) s.serverErrors++;
    return retryLater(s, decision.reason, offline, decision.waitMs);
  }
}
