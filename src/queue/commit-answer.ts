import type { FeedbackRecord } from '../schema/record.js';
import { emit } from './outbox-events.js';
import type { Committed } from './outbox-options.js';
import { byStore, type OutboxState } from './outbox-state.js';
import { write, type Entry, type OutboxStore } from './outbox-store.js';
import { confirmsFull, COMMIT_TIMEOUT_MS, describe, timeout } from './storage-checks.js';
import { degrade, fill } from './storage-fallback.js';
import { idOfKey, newItem, unleased, type QueuedItem } from './stored-item.js';

/** Stores the answer (IndexedDB, else memory), under a commit lease; resolves once it is stored. */
export async function commitAnswer(s: OutboxState, record: FeedbackRecord): Promise<Committed> {
  await s.ready;
  const now = s.now();
  const item = newItem(record, s.options.endpoint, now, { owner: s.owner, until: now + s.leaseMs });
  const put = (store: OutboxStore) => write(store, 'commit', { put: [[item.key, item]] });
  let stored: OutboxStore | undefined;
  if (s.durable && !s.degraded) {
    const writing = put(s.durable);
    try {
      await timeout(writing, COMMIT_TIMEOUT_MS);
      stored = s.durable;
    } catch (error) {
      if (await confirmsFull(s.durable, error)) fill(s, error);
      else degrade(s, describe(error)); // a lost connection, a hang, one refused write (S28–S30)
      // A write that was only slow lands later: then one copy must go, or it is sent twice.
      writing.then(() => settleLateWrite(s, item.key), () => {});
    }
  }
  if (!stored) await put((stored = s.memory));
  s.fresh.set(record.id, { item, store: stored });
  if (s.disposed) handBack(s); // saved after the element moved on
  const durable = stored !== s.memory;
  emit(s, { type: 'queued', id: record.id, durable, pending: ++s.estimate });
  return { durable, key: item.key, pending: s.estimate };
}

/**
 * A commit given up as too slow landed after all: one copy goes, never before an acknowledgement.
 * The memory copy, as long as it is there: should it be claimed or on its way, IndexedDB's copy
 * settles in its place (`settleBatch`). Gone already, it was delivered or dead-lettered: the late
 * copy goes, or this tab's lease would send it again.
 */
async function settleLateWrite(s: OutboxState, key: string): Promise<void> {
  const held = await s.memory.transact('move', [{ key }], ([found = []]) => ({ delete: [key], result: found.length > 0 }));
  if (held) {
    s.late.add(key);
    s.fresh.delete(idOfKey(key));
  } else if (s.durable) await write(s.durable, 'move', { delete: [key] }).catch(() => {});
}

/**
 * Once disposed: hands this tab's unsent answers back to the queue (it never sends them at
 * pagehide now), then lets go of IndexedDB.
 */
export function handBack(s: OutboxState): void {
  void unleaseFresh(s).finally(() => s.durable?.close());
}

async function unleaseFresh(s: OutboxState): Promise<void> {
  const entries = [...s.fresh.values()];
  s.fresh.clear();
  for (const [store, items] of byStore(entries)) {
    await store
      .transact('settle', items.map(item => ({ key: item.key })), found => {
        const mine = found.flat().filter(([, value]) => (value as QueuedItem).leaseOwner === s.owner);
        return { put: mine.map(([key, value]): Entry => [key, unleased(value as QueuedItem)]), result: undefined };
      })
      .catch(() => {}); // the lease then runs out by itself
  }
}
