import type { ClaimResult } from './claim-batch.js';
import { reportDead } from './outbox-events.js';
import { drainOnly, type OutboxState } from './outbox-state.js';
import type { OutboxStore } from './outbox-store.js';
import { planSettle, settleReads, type Outcome, type SettleContext, type Settled } from './plan.js';
import type { QueuedItem } from './stored-item.js';

/** Writes how a sent batch ended, in one transaction (`planSettle`). */
export function settleBatch(
  s: OutboxState,
  store: OutboxStore,
  items: QueuedItem[],
  outcome: Outcome,
  options: Pick<SettleContext, 'lease' | 'countAttempt' | 'failure' | 'deadReason'>,
): Promise<Settled> {
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
