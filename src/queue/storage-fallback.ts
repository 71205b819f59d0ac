import { openIdbStore, StorageFullError } from './idb.js';
import { emit } from './outbox-events.js';
import type { OutboxState } from './outbox-state.js';
import { write, type Entry, type OutboxStore } from './outbox-store.js';
import { liftPause } from './queue-wait.js';
import { COMMIT_TIMEOUT_MS, describe, provesWritable, timeout } from './storage-checks.js';
import { idOfKey, PREFIX, unleased, type QueuedItem } from './stored-item.js';

/** How often a degraded outbox tries IndexedDB again. */
const RESTORE_EVERY_MS = 30_000;

/** Opens IndexedDB for the outbox, or falls back to memory when it is unusable (S27–S30). */
export async function openStores(s: OutboxState): Promise<void> {
  try {
    const opening = async () => {
      const store = await openDurable(s);
      // A pause belongs to the configuration that caused it; a new start tries again.
      await liftPause(store);
      return { store, count: await store.count(PREFIX.queued) };
    };
    // A store that hangs must not hold up every commit (S30).
    const { store, count } = await timeout(opening(), COMMIT_TIMEOUT_MS);
    s.durable = store;
    s.estimate = count;
  } catch (error) {
    degrade(s, describe(error));
  }
}

/** IndexedDB's store; a full one (S28) is taken for draining only. */
async function openDurable(s: OutboxState): Promise<OutboxStore> {
  try {
    return await (s.options.openStore ?? (() => openIdbStore(s.options.queue)))();
  } catch (error) {
    if (!(error instanceof StorageFullError)) throw error;
    fill(s, error);
    return error.store;
  }
}

/** From now on new answers are kept in memory, and IndexedDB is only drained. */
export function fill(s: OutboxState, error: unknown): void {
  s.full = true;
  degrade(s, `IndexedDB is full: ${describe(error)}`);
}

export function degrade(s: OutboxState, reason: string): void {
  s.restoreAt = s.elapsed() + RESTORE_EVERY_MS; // a clock jump must not stop recovery
  if (s.degraded) return;
  s.degraded = true;
  emit(s, { type: 'storage', durable: false, reason });
}

/** Moves answers kept in memory into IndexedDB once it works again (S30). */
export async function restore(s: OutboxState): Promise<void> {
  s.restoreAt = s.elapsed() + RESTORE_EVERY_MS;
  try {
    const durable = s.durable ?? (await openDurable(s));
    if (s.full) {
      s.durable ??= durable; // full, but its answers can be sent meanwhile
      await provesWritable(durable);
    }
    await moveFromMemory(s, durable);
    s.durable = durable;
    s.degraded = false;
    s.full = false;
    s.keptWhileFull.clear(); // their dead letters can be written now
    emit(s, { type: 'storage', durable: true, reason: 'IndexedDB works again' });
    // An answer committed while the move ran went to memory: it follows now, or is sent from there.
    await moveFromMemory(s, durable).catch(() => {});
  } catch {
    // Still unusable: stay in memory and try again later.
  }
}

/** Moves the answers and dead letters held in memory into `durable`, without their leases. */
async function moveFromMemory(s: OutboxState, durable: OutboxStore): Promise<void> {
  const entries = await s.memory.transact('move', [{ prefix: PREFIX.queued }, { prefix: PREFIX.dead }], found => ({
    result: found.flat(),
  }));
  const moved = entries.map(([key, value]): Entry => [key, unleased(value as QueuedItem)]);
  await timeout(write(durable, 'move', { put: moved }), COMMIT_TIMEOUT_MS);
  await write(s.memory, 'move', { delete: entries.map(([key]) => key) });
  // Moved without their commit lease: another tab may claim them now, so pagehide must not send them.
  for (const [key] of entries) s.fresh.delete(idOfKey(key));
}
