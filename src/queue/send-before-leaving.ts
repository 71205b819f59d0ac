import { report } from './outbox-events.js';
import { byStore, outlastsSend, type OutboxState } from './outbox-state.js';
import { sendBatch } from './send-batch.js';
import { unloadChunks } from './transport.js';
import { heldFor } from './queue-wait.js';

/**
 * The page is going away: sends this tab's fresh answers at once with keepalive (within its
 * budget, in requests of at most 50 kB: S17), without waiting for the lock or IndexedDB, which
 * may never answer now. They stay queued until acknowledged (S16); no other tab sends them
 * meanwhile, as they are under this tab's lease. Only answers whose commit lease outlasts a send,
 * as for any claim (S11): one about to run out is left to the next visit or another tab.
 */
export function sendBeforeLeaving(s: OutboxState): void {
  const now = s.now();
  if (now < s.waitUntil || heldFor(s)) return;
  const leaving = [...s.fresh.values()].filter(({ item }) => outlastsSend(s, item.leaseUntil ?? 0, now) && !s.inFlight.has(item.record.id));
  for (const [store, items] of byStore(leaving)) {
    // sendBatch() takes each chunk off the unload list before its first await.
    for (const chunk of unloadChunks(items)) void sendBatch(s, store, chunk).then(({ settled }) => report(s, settled), () => {});
  }
}
