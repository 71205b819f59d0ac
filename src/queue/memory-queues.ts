import { createMemoryStore, type OutboxStore } from './outbox-store.js';
import { PREFIX } from './stored-item.js';

/** One memory queue per queue name for the page's lifetime: a reconfigured element keeps it. */
const MEMORY_STORES = new Map<string, OutboxStore>();

/** Queues with answers that live only in this page's memory (storage was unusable): lost with the page unless sent. */
export async function queuesHeldInMemory(): Promise<string[]> {
  const held = await Promise.all([...MEMORY_STORES].map(async ([queue, store]) => ((await store.count(PREFIX.queued)) > 0 ? [queue] : [])));
  return held.flat();
}

/**
 * Per queue too, the keys of slow commits that landed after their memory copy was claimed: the
 * outbox that sends the copy (maybe another one than committed it) settles IndexedDB's instead.
 */
const LATE_KEYS = new Map<string, Set<string>>();

export function lateKeysFor(queue: string): Set<string> {
  let keys = LATE_KEYS.get(queue);
  if (!keys) LATE_KEYS.set(queue, (keys = new Set()));
  return keys;
}

export function memoryStoreFor(queue: string): OutboxStore {
  let store = MEMORY_STORES.get(queue);
  if (!store) MEMORY_STORES.set(queue, (store = createMemoryStore()));
  return store;
}
