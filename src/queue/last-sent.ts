import * as z from 'zod/mini';
import type { FlagStore } from './local-flags.js';

/** A time Date can hold, in ms since the epoch; anything else stored reads as unknown. */
const SentAtSchema = z.int().check(z.minimum(1), z.maximum(8.64e15));

// One per endpoint, not per queue: a new survey version gets a new queue but reaches the same office.
const keyOf = (endpoint: string) => `sent:${endpoint}`;

/** When this browser last had answers acknowledged by `endpoint`, as stored; undefined when unknown or unreadable. */
export function readLastSent(store: FlagStore, endpoint: string): number | undefined {
  const at = z.safeParse(SentAtSchema, Number(store.get(keyOf(endpoint)) || NaN));
  return at.success ? at.data : undefined;
}

/**
 * Remembers a delivery to `endpoint` at `at` (now): only the time. The newest wins, so a tab that
 * records an older delivery after another tab's newer one leaves the newer one; but a time more
 * than a day ahead was stored while the clock ran ahead (S33), and would hide every send until then.
 */
export function recordLastSent(store: FlagStore, endpoint: string, at: number): void {
  const stored = readLastSent(store, endpoint) ?? 0;
  if (!(stored >= at) || stored - at > 864e5) store.set(keyOf(endpoint), String(at));
}
