import { mintId } from '../schema/mint-id.js';
import type { FeedbackRecord } from '../schema/record.js';
// Import order sets the order of modules in the CDN bundles, which moves their gzip size by up to 100 B.
import { runFlush } from './run-flush.js';
import type { Committed, FlushReport, OutboxOptions } from './outbox-options.js';
import { sendBeforeLeaving } from './send-before-leaving.js';
import { commitAnswer, handBack } from './commit-answer.js';
import { deadKey, PREFIX, readItem, type DeadLetter } from './stored-item.js';
import { discardDeadLetters, listDeadLetters, requeueDeadLetters } from './dead-letters.js';
import { liftPause } from './queue-wait.js';
import { countPending, createOutboxState, stores, type OutboxState } from './outbox-state.js';
import { openStores } from './storage-fallback.js';

export { queuesHeldInMemory } from './memory-queues.js';
export { DEFAULT_BATCH_SIZE, type Committed, type FlushReport, type OutboxEvent, type OutboxOptions } from './outbox-options.js';

/**
 * Stores every answer before anything else happens, then delivers it: oldest first, in batches,
 * deleting an item only after the endpoint acknowledged it (RELIABILITY.md).
 */
export class Outbox {
  readonly owner = mintId(); // not crypto.randomUUID(): plain-http intranet pages lack it
  private readonly state: OutboxState;

  constructor(options: OutboxOptions) {
    this.state = createOutboxState(options, this.owner, openStores);
  }

  /** True once IndexedDB failed and answers are only kept in this page. */
  get isDegraded(): boolean {
    return this.state.degraded;
  }

  /** Stores the answer (IndexedDB, else memory); resolves once it is stored. Idempotent per id (S38). */
  commit(record: FeedbackRecord): Promise<Committed> {
    const { commits } = this.state;
    const known = commits.get(record.id);
    if (known) return known;
    const committing = commitAnswer(this.state, record);
    commits.set(record.id, committing);
    // A failed commit stored nothing: forgotten (before any caller hears of the failure), so that
    // "Try again" tries again instead of getting the same failure back.
    committing.catch(() => commits.delete(record.id));
    return committing;
  }

  /** Sends what is queued. Concurrent calls share one run; `force` lifts a pause or wait. */
  flush(options: { force?: boolean } = {}): Promise<FlushReport> {
    const s = this.state;
    if (options.force) s.forced = true;
    if (s.disposed) return Promise.resolve({});
    if (s.running) {
      s.again = true;
      // If the run was already past its last look at the queue, this request starts a new one.
      return s.running.then(report => (s.again && !s.disposed ? this.flush() : report));
    }
    s.running = runFlush(s).finally(() => {
      s.running = undefined;
      if (s.disposed) this.close(); // its settle reopened IndexedDB after dispose()
    });
    return s.running;
  }

  /** The page is going away: sends this tab's fresh answers at once with keepalive (S16, S17). */
  sendBeforeLeaving(): void {
    sendBeforeLeaving(this.state);
  }

  /**
   * New credentials or a new transport (S7): a pause after 401/403/404 lifts, so the next flush
   * tries again; true when there was one. A `Retry-After` wait and the backoff stay.
   */
  async liftPause(): Promise<boolean> {
    const s = this.state;
    await s.ready;
    const lifted = await Promise.all(stores(s).map(store => liftPause(store).catch(() => false)));
    if (lifted.includes(true)) s.waitUntil = 0;
    return lifted.includes(true);
  }

  /** Answers not yet acknowledged, in IndexedDB and memory. */
  pending(): Promise<number> {
    return countPending(this.state);
  }

  /**
   * Where a committed answer is now. Another tab may have sent it: this page then learns it here,
   * not through an event. `gone` means acknowledged (nothing else removes an item). Without
   * IndexedDB (it would not open) this outbox cannot tell, and says `queued`: never "sent" too early.
   */
  async whereIs(committed: { key: string; id: string }): Promise<'queued' | 'dead' | 'gone'> {
    const s = this.state;
    await s.ready;
    if (!s.durable) return 'queued';
    const count = (prefix: string) =>
      Promise.all(stores(s).map(store => store.count(prefix).catch(() => 1))).then(c => c.some(n => n > 0));
    if (await count(committed.key)) return 'queued';
    return (await count(deadKey(committed.id))) ? 'dead' : 'gone';
  }

  /**
   * The answers not yet acknowledged (for an export), oldest first per store: read, never claimed
   * or removed. A stored value that cannot be read as an answer is left out.
   */
  async queued(): Promise<FeedbackRecord[]> {
    await this.state.ready;
    const found = await Promise.all(
      stores(this.state).map(store => store.transact('read', [{ prefix: PREFIX.queued }], ([entries = []]) => ({ result: entries }))),
    );
    return found.flat().map(([key, value]) => readItem(key, value)).flatMap(read => (read.kind === 'item' ? read.item.record : []));
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.state.ready.then(() => listDeadLetters(stores(this.state)));
  }

  async retryDeadLetters(ids?: readonly string[]): Promise<number> {
    const s = this.state;
    await s.ready;
    const moved = await requeueDeadLetters(stores(s), s.now(), ids);
    if (moved > 0) void this.flush({ force: true });
    return moved;
  }

  async discardDeadLetters(ids?: readonly string[]): Promise<number> {
    await this.state.ready;
    return discardDeadLetters(stores(this.state), ids);
  }

  /** Lets go of the database connection (pagehide); the next operation reopens it. */
  close(): void {
    this.state.durable?.close();
  }

  /**
   * Stops further rounds; a request already on its way still settles. Answers saved here and not
   * sent lose their commit lease: the queue's next sender (a new survey's leftovers) need not wait.
   */
  dispose(): void {
    this.state.disposed = true;
    handBack(this.state);
  }
}
