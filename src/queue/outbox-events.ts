import type { OutboxEvent } from './outbox-options.js';
import type { OutboxState } from './outbox-state.js';
import type { Settled } from './plan.js';
import type { DeadLetter } from './stored-item.js';

/**
 * Tells the page. A listener that throws is reported as the DOM reports one (the console, `error`
 * on window) and changes nothing here: thrown into a commit, an answer already stored was stored
 * again by the next try; thrown into a flush, what was settled went unreported.
 */
export function emit(s: OutboxState, event: OutboxEvent): void {
  try {
    s.options.onEvent?.(event);
  } catch (error) {
    reportError(error);
  }
}

/** Lowers the running count by answers that left the queue, and forgets their commits. */
function settleEstimate(s: OutboxState, gone: ReadonlyArray<string | DeadLetter>): number {
  for (const entry of gone) s.commits.delete(typeof entry === 'string' ? entry : entry.id);
  s.estimate = Math.max(0, s.estimate - gone.length);
  return s.estimate;
}

export function reportDead(s: OutboxState, letters: DeadLetter[]): void {
  if (letters.length > 0) emit(s, { type: 'dead-letter', letters, pending: settleEstimate(s, letters) });
}

export function report(s: OutboxState, settled: Settled): void {
  if (settled.delivered.length > 0) emit(s, { type: 'sent', ids: settled.delivered, alreadyReceived: settled.alreadyReceived, pending: settleEstimate(s, settled.delivered) });
  reportDead(s, settled.dead);
}
