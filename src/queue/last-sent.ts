import * as z from 'zod/mini';
import type { FlagStore } from './local-flags.js';

/** A time Date can hold, in ms since the epoch; anything else stored reads as unknown. */
const SentAtSchema = z.int().check(z.minimum(1), z.maximum(8.64e15));

// One per endpoint, not per queue: a new survey version gets a new queue but reaches the same office.
const keyOf = (endpoint: string) => `sent:${endpoint}`;

/**
 * When this browser last had answers acknowledged by `endpoint`, as stored; undefined when unknown,
 * unreadable, or after `now`: every tab shares the device's clock, so a time still to come was
 * stored while that clock ran ahead (S33), and would otherwise outshine every send until then.
 */
export function readLastSent(store: FlagStore, endpoint: string, now = Date.now()): number | undefined {
  const at = z.safeParse(SentAtSchema, Number(store.get(keyOf(endpoint)) || NaN));
  return at.success && at.data <= now + 6e4 ? at.data : undefined;
}

/**
 * Remembers a delivery to `endpoint` at `at` (now): only the time. The newest wins, so a tab that
 * records an older delivery after another tab's newer one leaves the newer one.
 */
export function recordLastSent(store: FlagStore, endpoint: string, at: number): void {
  if (!((readLastSent(store, endpoint) ?? 0) >= at)) store.set(keyOf(endpoint), String(at));
}
