import { drainOnly, outlastsSend, type OutboxState } from './outbox-state.js';
import type { OutboxStore } from './outbox-store.js';
import { planClaim, planRenew, type Claim } from './plan.js';
import { RETRY } from './policy.js';
import { leaseKey, PREFIX, type QueuedItem } from './stored-item.js';

/** `more`: the scan was full, answers may lie beyond it; `ahead`: it only read past a batch in flight. */
export type ClaimResult = Claim & { more: boolean; ahead: boolean; last?: string };

/** Where a claim reads: `limit` answers, `lookahead` entries per answer wanted, after `from`. */
export interface ClaimWindow {
  store: OutboxStore;
  limit: number;
  lookahead: number;
  from?: string;
}

/**
 * Leases the oldest answers this tab may send. `inFlight`: a batch on its way, read past (its
 * keys are the oldest); `settling` keeps it from being claimed again before it is settled.
 */
export function claimBatch(s: OutboxState, w: ClaimWindow, inFlight?: QueuedItem[]): Promise<ClaimResult> {
  const after = inFlight?.at(-1)?.key ?? w.from;
  const ctx = {
    now: s.now(),
    owner: s.owner,
    leaseMs: s.leaseMs,
    limit: w.limit,
    endpoint: s.options.endpoint,
    maxWaitMs: RETRY.maxRetryAfterMs,
    inFlight: { has: (id: string) => s.inFlight.has(id) || s.settling.has(id) || s.keptWhileFull.has(id) },
    lease: leaseKey(s.owner, ++s.claims),
    drainOnly: drainOnly(s, w.store),
  };
  const scan = w.limit * w.lookahead + 10;
  return w.store.transact('claim', [{ prefix: PREFIX.queued, after, limit: scan }, { prefix: PREFIX.meta }], found => {
    const change = planClaim(found, ctx);
    // From here on the claim's lease and its settle decide, not the lease taken at commit: a
    // pagehide before this transaction commits must not send them beside it (S11). Should the
    // claim fail, they stay queued for a later flush.
    for (const item of change.result.items) s.fresh.delete(item.record.id);
    // A full scan may have stopped short of answers that other tabs' leases hid.
    const read = found[0] ?? [];
    return { ...change, result: { ...change.result, more: read.length >= scan, ahead: inFlight !== undefined, last: read.at(-1)?.[0] } };
  });
}

/**
 * True when `claim`'s lease outlasts a request sent now, extended if needed (S11: an answer is
 * never in flight from two tabs). False when it ran out and another tab may have the batch.
 */
export async function keepLease(s: OutboxState, store: OutboxStore, claim: ClaimResult): Promise<boolean> {
  if (!claim.lease || claim.leaseUntil === undefined) return true;
  const now = s.now();
  if (outlastsSend(s, claim.leaseUntil, now)) return true;
  const until = now + s.leaseMs;
  const kept = await store.transact('claim', [{ key: claim.lease }], found => planRenew(found, until));
  if (kept) claim.leaseUntil = until;
  return kept;
}
