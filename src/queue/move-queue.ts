import type { Entry, OutboxStore } from './outbox-store.js';
import { foreignLeaseEnd, readLeases } from './plan.js';
import { PREFIX, readDeadLetter, readItem, unleased } from './stored-item.js';

// Moves one queue's answers to another endpoint's queue (S39), for `feedback-loop/migrate`. The
// two queues are two databases, so no one transaction spans them. Instead the target records
// what it took, in the transaction that puts it there; the source then deletes those keys, and
// the target its record. A run cut short anywhere resumes from that record on the next run:
// nothing is dropped, and nothing is copied twice (a second copy could be sent a second time).

/** Owner name of no tab: every live lease counts as another's. */
const MOVER = 'move';
/** A lease further away than this comes from a clock jump: not live (S34). */
const LEASE_HORIZON_MS = 3_600_000;

/** Key, in the target, of the keys a move from `source` copied there and the source still holds. */
export const movedKey = (source: string): string => `${PREFIX.meta}moved:${source}`;

export interface MovePlan {
  /** Entries for the target, stamped with its endpoint, under their keys in the source. */
  copy: Entry[];
  /** Left in the source: under a live lease (on their way), unreadable, or for another endpoint. */
  left: number;
}

/**
 * What of a queue's answers (`q:`), dead letters (`d:`) and metadata (`m:`) moves from `from` to
 * `to`: every readable one captured for `from`, except answers a live lease holds.
 */
export function planMove([queued = [], dead = [], meta = []]: Entry[][], ctx: { from: string; to: string; now: number }): MovePlan {
  const clock = { owner: MOVER, now: ctx.now, leaseMs: LEASE_HORIZON_MS };
  const leases = readLeases(meta, MOVER, clock);
  const plan: MovePlan = { copy: [], left: 0 };
  for (const [key, raw] of queued) {
    const read = readItem(key, raw);
    const item = read.kind === 'item' ? read.item : undefined;
    if (item?.endpoint === ctx.from && foreignLeaseEnd(item, leases, clock) === undefined) plan.copy.push([key, { ...unleased(item), endpoint: ctx.to }]);
    else plan.left++;
  }
  for (const [key, raw] of dead) {
    const letter = readDeadLetter(key, raw);
    // An unreadable letter names no endpoint: it stays, to be exported or discarded where it is.
    if (letter.endpoint === ctx.from && letter.raw === undefined) plan.copy.push([key, { ...letter, endpoint: ctx.to }]);
    else plan.left++;
  }
  return plan;
}

/** Puts into `target` what it has not yet taken from `source`; resolves every key it took so far. */
function copyInto(target: OutboxStore, source: string, copy: Entry[]): Promise<string[]> {
  const record = movedKey(source);
  return target.transact('move', [{ key: record }], ([found = []]) => {
    const stored = found[0]?.[1];
    const taken = new Set(Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : []);
    const fresh = copy.filter(([key]) => !taken.has(key));
    const keys = [...taken, ...fresh.map(([key]) => key)];
    return { put: [...fresh, [record, keys]], result: keys };
  });
}

/**
 * Moves `plan` from the queue `source` (its store `from`) to the store `to`. Resolves how many
 * answers and dead letters the source gave up in this run.
 */
export async function moveQueue(from: OutboxStore, to: OutboxStore, source: string, plan: MovePlan): Promise<{ queued: number; dead: number }> {
  const keys = await copyInto(to, source, plan.copy);
  const gone = await from.transact('move', keys.map(key => ({ key })), found => {
    const held = found.flatMap(entries => entries.map(([key]) => key));
    return { delete: held, result: held };
  });
  await to.transact('move', [], () => ({ delete: [movedKey(source)], result: undefined }));
  const queued = gone.filter(key => key.startsWith(PREFIX.queued)).length;
  return { queued, dead: gone.length - queued };
}

/** Reads a whole queue: answers, dead letters, metadata (leases), as `planMove` takes them. */
export function readQueue(store: OutboxStore): Promise<Entry[][]> {
  return store.transact('read', [{ prefix: PREFIX.queued }, { prefix: PREFIX.dead }, { prefix: PREFIX.meta }], found => ({ result: found }));
}
