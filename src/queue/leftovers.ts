import { Outbox, type OutboxEvent, type OutboxOptions } from './outbox.js';

/**
 * Sends what other queues of the same endpoint still hold (an earlier survey version left them):
 * each answer goes to the endpoint it was captured for, which is this one. One flush each.
 */
export async function drainLeftovers(
  queues: readonly string[],
  target: Pick<OutboxOptions, 'queue' | 'endpoint' | 'transport' | 'batchSize' | 'locks'>,
  onEvent: (event: OutboxEvent) => void,
): Promise<void> {
  const prefix = `${target.endpoint}|`;
  for (const queue of queues.filter(name => name.startsWith(prefix) && name !== target.queue)) {
    const leftover = new Outbox({ ...target, queue, onEvent });
    await leftover.flush().catch(() => {});
    leftover.dispose();
  }
}

/**
 * Answers held in this page's memory for queues no element sends any more (storage was unusable,
 * and the element moved to another survey version): one outbox per queue for as long as it holds
 * answers, so its backoff and stall count last from one flush to the next.
 */
export class HeldLeftovers {
  private readonly outboxes = new Map<string, Outbox>();

  constructor(
    private readonly target: Pick<OutboxOptions, 'queue' | 'endpoint' | 'transport' | 'batchSize' | 'locks'>,
    private readonly onEvent: (event: OutboxEvent) => void,
  ) {}

  /**
   * Flushes the `queues` of this endpoint (an outbox of one not listed any more is let go); resolves
   * how many answers they still hold and when they want to be flushed again.
   */
  async flush(queues: readonly string[], force: boolean): Promise<{ pending: number; retryInMs?: number }> {
    const prefix = `${this.target.endpoint}|`;
    const wanted = new Set(queues.filter(queue => queue.startsWith(prefix) && queue !== this.target.queue));
    for (const [queue, outbox] of this.outboxes) if (!wanted.has(queue)) this.drop(queue, outbox);
    for (const queue of wanted) if (!this.outboxes.has(queue)) this.outboxes.set(queue, new Outbox({ ...this.target, queue, onEvent: this.onEvent }));
    const left: { pending: number; retryInMs?: number } = { pending: 0 };
    for (const [queue, outbox] of this.outboxes) {
      const { retryInMs } = await outbox.flush({ force }).catch(() => ({ retryInMs: undefined }));
      const pending = await outbox.pending().catch(() => 0);
      if (pending === 0) this.drop(queue, outbox);
      left.pending += pending;
      if (pending > 0 && retryInMs !== undefined) left.retryInMs = Math.min(left.retryInMs ?? retryInMs, retryInMs);
    }
    return left;
  }

  dispose(): void {
    for (const [queue, outbox] of this.outboxes) this.drop(queue, outbox);
  }

  private drop(queue: string, outbox: Outbox): void {
    outbox.dispose();
    this.outboxes.delete(queue);
  }
}
