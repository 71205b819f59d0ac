import { isQuotaError } from './idb.js';
import type { OutboxStore } from './outbox-store.js';
import { newItem, PREFIX, readDeadLetter, type DeadLetter } from './stored-item.js';

/** Every dead letter in `stores`, oldest first. */
export async function listDeadLetters(stores: OutboxStore[]): Promise<DeadLetter[]> {
  const lists = await Promise.all(
    stores.map(store => store.transact('dead-letters', [{ prefix: PREFIX.dead }], ([found = []]) => ({ result: found }))),
  );
  return lists
    .flat()
    .map(([key, value]) => readDeadLetter(key, value))
    .sort((a, b) => a.deadAt - b.deadAt);
}

/**
 * By answer id, or by a letter's own key: several letters may name one id (an unreadable value
 * claiming a refused answer's), and discarding that garbage by id also deleted the answer.
 */
function selected(letter: DeadLetter, ids?: readonly string[]): boolean {
  return !ids || ids.includes(letter.id) || ids.includes(letter.key);
}

/**
 * Puts dead letters that still hold a readable answer back in the queue, with their id, so they
 * are sent again. Unreadable ones stay, and so do those of a full store. Returns how many were moved.
 */
export async function requeueDeadLetters(stores: OutboxStore[], now: number, ids?: readonly string[]): Promise<number> {
  let moved = 0;
  for (const store of stores) {
    const moving = store.transact('move', [{ prefix: PREFIX.dead }], ([found = []]) => {
      const letters = found.map(([key, value]) => readDeadLetter(key, value)).filter(l => l.record && selected(l, ids));
      const items = letters.map(l => newItem(l.record!, l.endpoint, now));
      return {
        delete: letters.map(l => l.key),
        put: items.map(item => [item.key, item] as [string, unknown]),
        result: letters.length,
      };
    });
    // A full store keeps its dead letters as they are (nothing moved); the other stores' still go.
    moved += await moving.catch(error => (isQuotaError(error) ? 0 : Promise.reject(error)));
  }
  return moved;
}

/** Deletes dead letters for good (all, or those with the given ids). Returns how many. */
export async function discardDeadLetters(stores: OutboxStore[], ids?: readonly string[]): Promise<number> {
  let removed = 0;
  for (const store of stores) {
    removed += await store.transact('move', [{ prefix: PREFIX.dead }], ([found = []]) => {
      const keys = found.filter(([key, value]) => selected(readDeadLetter(key, value), ids)).map(([key]) => key);
      return { delete: keys, result: keys.length };
    });
  }
  return removed;
}
