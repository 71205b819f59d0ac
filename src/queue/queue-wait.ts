import { destinationOf } from './destination.js';
import { emit } from './outbox-events.js';
import type { FlushReport } from './outbox-options.js';
import { drainOnly, type OutboxState } from './outbox-state.js';
import { write, type OutboxStore } from './outbox-store.js';
import { backoffMs, RETRY } from './policy.js';
import { WAIT_KEY, type Wait } from './stored-item.js';

/**
 * `Retry-After` waits on this page, by destination (every queue of one endpoint), in monotonic
 * time, with the queue told to wait (S3, S34). That queue keeps its own stored wait, which other
 * tabs and later visits see; these hold the endpoint's other queues on this page as well. A wait
 * counts only for outboxes on the same clock: an injected one (a test's) is another time base.
 */
const HOLDS = new Map<string, [until: number, queue: string, clock?: () => number]>();

/**
 * Holds the other queues of `s`'s destination on this page for `waitMs`; 0 lets them go. Only the
 * queue told to wait lifts or shortens the hold: another's 200 may answer a request sent before the 429.
 */
export function hold(s: OutboxState, waitMs: number): void {
  const key = destinationOf(s.options);
  const [until = 0, queue, clock] = HOLDS.get(key) ?? [];
  const now = s.elapsed();
  const own = queue == s.options.queue || clock != s.options.elapsed || until <= now;
  if (own || now + waitMs > until) HOLDS.set(key, [now + waitMs, s.options.queue, s.options.elapsed]);
}

/** How long another queue's `Retry-After` still holds this one; 0: it may send. */
export function heldFor(s: OutboxState): number {
  const [until = 0, queue, clock] = HOLDS.get(destinationOf(s.options)) ?? [];
  return queue != s.options.queue && clock == s.options.elapsed ? Math.max(0, until - s.elapsed()) : 0;
}

/** Deletes the queue's wait when it is a pause (a configuration error), not a `Retry-After`. */
export function liftPause(store: OutboxStore): Promise<boolean> {
  return store.transact('claim', [{ key: WAIT_KEY }], ([found = []]) => {
    const paused = (found[0]?.[1] as Wait | undefined)?.kind === 'paused';
    return { delete: paused ? [WAIT_KEY] : [], result: paused };
  });
}

export function setWait(s: OutboxState, store: OutboxStore, wait: Wait): Promise<void> {
  s.waitUntil = wait.until;
  // A full store cannot take it: memory's copy holds this page's drains back just the same.
  if (drainOnly(s, store)) store = s.memory;
  return write(store, 'settle', { put: [[WAIT_KEY, wait]] });
}

export async function retryLater(s: OutboxState, reason: string, offline: boolean, waitMs: number | undefined): Promise<FlushReport> {
  s.failures++;
  const stalled = s.serverErrors >= RETRY.stallAfter;
  const retryInMs = stalled ? RETRY.stalledMs : (waitMs ?? backoffMs(s.failures, s.random()));
  emit(s, { type: 'retry', reason, retryInMs, offline, stalled, pending: s.estimate });
  return { retryInMs };
}

export async function pause(s: OutboxState, store: OutboxStore, reason: string, status?: number): Promise<FlushReport> {
  await setWait(s, store, { until: s.now() + RETRY.pausedMs, kind: 'paused', reason });
  emit(s, { type: 'paused', reason, status, retryInMs: RETRY.pausedMs, pending: s.estimate });
  return { retryInMs: RETRY.pausedMs };
}
