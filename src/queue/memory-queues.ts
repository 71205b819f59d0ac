import { createMemoryStore, type OutboxStore } from './outbox-store.js';
import { PREFIX } from './stored-item.js';

/** One memory queue per queue name for the page's lifetime: a reconfigured element keeps it. */
const MEMORY_STORES = new Map<string, OutboxStore>();

/** Queues with answers that live only in this page's memory (storage was unusable): lost with the page unless sent. */
export async function queuesHeldInMemory(): Promise<string[]> {
  const held = await Promise.all([...MEMORY_STORES].map(async ([queue, store]) => ((await store.count(PREFIX.queued)) > 0 ? [queue] : [])));
  return held.flat();
}

export function memoryStoreFor(queue: string): OutboxStore {
  let store = MEMORY_STORES.get(queue);
  if (!store) MEMORY_STORES.set(queue, (store = createMemoryStore()));
  return store;
}
