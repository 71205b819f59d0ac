import { destinationOf } from './destination.js';
import type { FeedbackRecord } from '../schema/record.js';
import { Outbox, type OutboxEvent, type OutboxOptions } from './outbox.js';

/** Queues an element on this page sends, with how many elements: never a leftover for another. */
const OWNED = new Map<string, number>();
/** How often an element let go of a queue: the others then look for leftovers again. */
let released = 0;

/** Counts an element in (1) or out (-1) as the sender of `queue`. */
export function own(queue: string | undefined, by: 1 | -1): void {
  if (queue === undefined) return;
  OWNED.set(queue, (OWNED.get(queue) ?? 0) + by);
  if (by < 0) released++;
}

/** Changes whenever an element on the page lets go of a queue (removed, or another survey). */
export function releases(): number {
  return released;
}

function owned(queue: string): boolean {
  return (OWNED.get(queue) ?? 0) > 0;
}

/**
 * Queues of this endpoint that no element on the page sends: an earlier survey version's in
 * IndexedDB, or answers held in this page's memory for one (storage was unusable). Each answer
 * still goes to the endpoint it was captured for, which is this one (for a custom transport
 * without an endpoint: only its own survey's, see destinationOf). One outbox per queue for as
 * long as it holds answers, so its backoff and stall count last from one flush to the next.
 */
export class Leftovers {
  private readonly outboxes = new Map<string, Outbox>();

  constructor(
    private readonly target: Pick<OutboxOptions, 'queue' | 'endpoint' | 'transport' | 'batchSize' | 'locks'>,
    private readonly onEvent: (event: OutboxEvent) => void,
  ) {}

  /** Takes on those of `queues` that go where its own goes and are no element's, until they are empty. */
  adopt(queues: readonly string[]): void {
    const prefix = destinationOf(this.target);
    for (const queue of queues) {
      if (!queue.startsWith(prefix) || queue === this.target.queue || owned(queue) || this.outboxes.has(queue)) continue;
      this.outboxes.set(queue, new Outbox({ ...this.target, queue, onEvent: this.onEvent }));
    }
  }

  /** Flushes what it took on; resolves how many answers they still hold and when to try again. */
  async flush(force: boolean): Promise<{ pending: number; retryInMs?: number }> {
    const left: { pending: number; retryInMs?: number } = { pending: 0 };
    for (const [queue, outbox] of this.outboxes) {
      if (owned(queue)) {
        this.drop(queue, outbox); // its element is back on the page
        continue;
      }
      const { retryInMs } = await outbox.flush({ force }).catch(() => ({ retryInMs: undefined }));
      const pending = await outbox.pending().catch(() => 0);
      if (pending === 0) this.drop(queue, outbox);
      left.pending += pending;
      if (pending > 0 && retryInMs !== undefined) left.retryInMs = Math.min(left.retryInMs ?? retryInMs, retryInMs);
    }
    return left;
  }

  /** The answers they hold (for an export): those their pending count, as of the last flush, counts. */
  queued(): Promise<FeedbackRecord[]>[] {
    return [...this.outboxes.values()].map(outbox => outbox.queued());
  }

  /** pagehide: lets go of their IndexedDB connections; the next flush reopens them. */
  close(): void {
    for (const outbox of this.outboxes.values()) outbox.close();
  }

  dispose(): void {
    for (const [queue, outbox] of this.outboxes) this.drop(queue, outbox);
  }

  private drop(queue: string, outbox: Outbox): void {
    outbox.dispose();
    this.outboxes.delete(queue);
  }
}
