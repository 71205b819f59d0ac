import { toOutcome } from './outcome.js';
import { drainOnly, type OutboxState } from './outbox-state.js';
import type { OutboxStore } from './outbox-store.js';
import type { Settled } from './plan.js';
import type { Decision } from './policy.js';
import { settleBatch } from './settle-batch.js';
import type { QueuedItem } from './stored-item.js';
import type { SendFailure } from './transport.js';

/** How a request ended: what its settle wrote, and what the rest of the queue does now. */
export interface Sent {
  settled: Settled;
  decision?: Decision;
  failure?: SendFailure;
}

/** `lease`: the record of the claim that took `items`; absent for answers under their commit lease. */
export async function sendBatch(s: OutboxState, store: OutboxStore, items: QueuedItem[], lease?: string): Promise<Sent> {
  const ids = items.map(item => item.record.id);
  for (const id of ids) {
    s.fresh.delete(id); // from here on, the claim's lease and its settle decide
    s.settling.add(id);
  }
  try {
    const attempt = Math.max(...items.map(item => item.attempts)) + 1;
    // Drain-only: no lease but the Web Lock, which goes with the page, so the request must too.
    const raw = await callTransport(s, items, ids, attempt, !drainOnly(s, store));
    const { outcome, failure } = toOutcome(raw, ids);
    const decision = outcome.kind === 'failed' ? outcome.decision : undefined;
    const lone = decision?.kind === 'split' && items.length === 1;
    const settled = await settleBatch(s, store, items, outcome, {
      lease,
      countAttempt: !decision || decision.kind === 'retry',
      failure: failure ? [failure.reason, failure.status].filter(Boolean).join(' ') : 'not acknowledged',
      deadReason: lone ? { reason: `refused by the endpoint (${decision.reason})`, status: decision.status } : undefined,
    });
    for (const id of settled.kept) s.keptWhileFull.add(id);
    return { settled, decision, failure };
  } finally {
    for (const id of ids) s.settling.delete(id);
  }
}

/**
 * Calls the transport, never longer than `sendTimeoutMs`: a custom transport that hangs must not
 * hold the flush lock forever, nor outlive its lease (S11).
 */
async function callTransport(s: OutboxState, items: QueuedItem[], ids: string[], attempt: number, keepalive: boolean): Promise<unknown> {
  const deadline = new AbortController();
  const timedOut = new Promise<SendFailure>(resolve => {
    deadline.signal.addEventListener('abort', () => resolve({ ok: false, reason: 'timeout', retryable: true }));
  });
  const timer = setTimeout(() => deadline.abort(), s.sendTimeoutMs);
  for (const id of ids) s.inFlight.add(id);
  try {
    // keepalive: a request started just before the tab closes still arrives (S16).
    const records = items.map(item => item.record);
    // async: a transport that throws at once becomes a rejection like any other failure
    const sending = (async () => s.options.transport(records, { keepalive, attempt, signal: deadline.signal }))();
    // A transport that ignores the abort may still be sending: its ids stay in flight until it ends.
    sending.finally(() => ids.forEach(id => s.inFlight.delete(id))).catch(() => {});
    return await Promise.race([sending, timedOut]);
  } catch {
    return { ok: false, reason: 'network', retryable: true };
  } finally {
    clearTimeout(timer);
  }
}
