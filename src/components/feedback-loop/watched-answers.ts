import type { Outbox } from '../../queue/outbox.js';

/** Answers committed here, by key, with their queue: one sent by another tab is noticed after a flush. */
export type WatchedAnswers = Map<string, { id: string; queue: string }>;

/**
 * Stops watching the answers of the current queue that `outbox` no longer holds, and reports
 * those it sent as sent. `queue` is read at each step: the element may move on meanwhile.
 */
export async function checkWatched(watched: WatchedAnswers, outbox: Outbox, queue: () => string | undefined, onSent?: (ids: string[]) => void): Promise<void> {
  for (const [key, { id, queue: its }] of watched) {
    if (its !== queue()) continue; // another queue's answer: its absence here says nothing
    const where = await outbox.whereIs({ key, id });
    if (where === 'queued') continue;
    watched.delete(key);
    if (where === 'gone') onSent?.([id]);
  }
}

/** Stops watching the answers with these ids: they are acknowledged. */
export function forgetWatched(watched: WatchedAnswers, ids: readonly string[]): void {
  for (const id of ids) for (const [key, answer] of watched) if (answer.id === id) watched.delete(key);
}
