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
