import type { OutboxStore } from './outbox-store.js';
import type { DeadLetter } from './stored-item.js';
import type { Transport } from './transport.js';

export const DEFAULT_BATCH_SIZE = 25;

export interface OutboxOptions {
  /** Queue name: endpoint and survey (S26). One IndexedDB database per queue. */
  queue: string;
  /** Stored with every item; an item is only ever sent through this queue's transport (S39). */
  endpoint: string;
  transport: Transport;
  openStore?: () => Promise<OutboxStore>;
  batchSize?: number;
  /** A transport that has not answered after this long counts as timed out (and is aborted). */
  sendTimeoutMs?: number;
  /** How long a claimed batch belongs to this tab; longer than `sendTimeoutMs`. */
  leaseMs?: number;
  now?: () => number;
  /** A monotonic clock (ms) for this page's own timing, immune to clock jumps. */
  elapsed?: () => number;
  random?: () => number;
  locks?: LockManager | null;
  onEvent?: (event: OutboxEvent) => void;
}

export type OutboxEvent =
  | { type: 'queued'; id: string; durable: boolean; pending: number }
  | { type: 'sent'; ids: string[]; alreadyReceived: string[]; pending: number }
  | { type: 'dead-letter'; letters: DeadLetter[]; pending: number }
  | { type: 'retry'; reason: string; retryInMs: number; offline: boolean; stalled: boolean; pending: number }
  | { type: 'paused'; reason: string; status?: number; retryInMs: number; pending: number }
  | { type: 'storage'; durable: boolean; reason: string };

/** Where a committed answer went; `key` finds it again with `whereIs()`. */
export interface Committed {
  durable: boolean;
  key: string;
  /** Answers waiting, this one included (a running count). */
  pending: number;
}

/** When the outbox wants to be flushed again, if it has anything left. */
export interface FlushReport {
  retryInMs?: number;
}
