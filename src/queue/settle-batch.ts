import type { ClaimResult } from './claim-batch.js';
import { reportDead } from './outbox-events.js';
import { drainOnly, type OutboxState } from './outbox-state.js';
import type { OutboxStore } from './outbox-store.js';
import { planSettle, settleReads, type Outcome, type SettleContext, type Settled } from './plan.js';
import type { QueuedItem } from './stored-item.js';

type SettleOptions = Pick<SettleContext, 'lease' | 'countAttempt' | 'failure' | 'deadReason'>;

/**
 * Writes how a sent batch ended, in one transaction per store (`planSettle`). An answer of the
 * batch whose slow commit landed in IndexedDB meanwhile (`late`) is settled there: only an
 * acknowledgement deletes that copy, and a failure leaves it as the one queued. Should that
 * settle fail, the copy stays queued as any other, to be sent (and reported) again.
 */
export async function settleBatch(
  s: OutboxState,
  store: OutboxStore,
  items: QueuedItem[],
  outcome: Outcome,
  options: SettleOptions,
): Promise<Settled> {
  const late = items.filter(item => store === s.memory && s.durable && s.late.delete(item.key));
  const [settled, moved] = await Promise.all([
    settleIn(s, store, items.filter(item => !late.includes(item)), outcome, options),
    late.length > 0 ? settleIn(s, s.durable!, late, outcome, { ...options, lease: undefined }).catch(() => undefined) : undefined,
  ]);
  if (!moved) return settled;
  for (const key of ['delivered', 'alreadyReceived', 'dead', 'kept'] as const) (settled[key] as unknown[]).push(...moved[key]);
  settled.released += moved.released;
  return settled;
}

function settleIn(s: OutboxState, store: OutboxStore, items: QueuedItem[], outcome: Outcome, options: SettleOptions): Promise<Settled> {
  return store.transact('settle', settleReads(items, outcome), found =>
    planSettle(new Map(found.flat()), items, outcome, {
      now: s.now(),
      owner: s.owner,
      endpoint: s.options.endpoint,
      leaseMs: s.leaseMs,
      ...options,
      drainOnly: drainOnly(s, store),
    }),
  );
}

/** Hands a claimed, unsent batch back without counting an attempt; reports its dead letters. */
export async function release(s: OutboxState, store: OutboxStore, claiming: Promise<ClaimResult>): Promise<void> {
  const claim = await claiming;
  reportDead(s, claim.dead);
  if (claim.items.length === 0) return;
  const unsent: Outcome = { kind: 'failed', decision: { kind: 'retry', reason: 'not sent', serverError: false } };
  await settleBatch(s, store, claim.items, unsent, { lease: claim.lease, countAttempt: false });
}
