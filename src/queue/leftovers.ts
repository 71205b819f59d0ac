import { Outbox, type OutboxEvent, type OutboxOptions } from './outbox.js';

/**
 * Sends what other queues of the same endpoint still hold (an earlier survey version left them):
 * each answer goes to the endpoint it was captured for, which is this one. One flush each.
 */
export async function drainLeftovers(
  queues: readonly string[],
  target: Pick<OutboxOptions, 'queue' | 'endpoint' | 'transport' | 'batchSize' | 'locks'>,
  onEvent: (event: OutboxEvent) => void,
): Promise<Leftovers> {
  const prefix = `${target.endpoint}|`;
  const left: Leftovers = { pending: 0 };
  for (const queue of new Set(queues.filter(name => name.startsWith(prefix) && name !== target.queue))) {
    const leftover = new Outbox({ ...target, queue, onEvent });
    const { retryInMs } = await leftover.flush().catch(() => ({ retryInMs: undefined }));
    const pending = await leftover.pending().catch(() => 0);
    leftover.dispose();
    left.pending += pending;
    if (pending > 0 && retryInMs !== undefined) left.retryInMs = Math.min(left.retryInMs ?? retryInMs, retryInMs);
  }
  return left;
}

/** What the leftover queues still hold after their flush, and when they want the next one. */
export interface Leftovers {
  pending: number;
  retryInMs?: number;
}
