import type { OutboxStore } from '../../queue/outbox-store.js';
import type { DeadLetter } from '../../queue/stored-item.js';
import type { Transport } from '../../queue/transport.js';

/** Which queue the element feeds: one per endpoint and survey version (S26). */
export interface SyncTarget {
  queue: string;
  endpoint: string;
  transport: Transport;
  batchSize?: number;
}

export interface SyncOptions {
  /** Safety-net flush while answers wait; triggers (online, visible, load) do the real work. */
  flushIntervalMs?: number;
  openStore?: (queue: string) => Promise<OutboxStore>;
  locks?: LockManager | null;
  /** Seam for tests: the outbox queues that exist (default: the IndexedDB databases). */
  listQueues?: () => Promise<string[]>;
  onSent?: (ids: string[], alreadyReceived?: string[]) => void;
  /** Answers the endpoint refused for good (now dead letters), of this element's queue or a leftover one. */
  onRefused?: (letters: DeadLetter[]) => void;
  onDurable?: () => void;
  /**
   * `online`, `pageshow`, `visibilitychange` or `resume` while the element is on the page (or,
   * detached, still sends answers only memory holds), for its other parts (a survey-src retry,
   * kiosk mode): window listeners stay in SyncController.
   */
  onPageEvent?: (event: Event) => void;
}

/** What staff and developers can do with the outbox from outside (`el.outbox`). */
export interface OutboxHandle {
  readonly pending: number;
  flush(): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  exportDeadLetters(): Promise<string>;
  /**
   * The answers waiting (this queue's and the leftover queues' that `pending` counts) as the
   * endpoint's request body, `{"records":[…]}`, to be POSTed by other means. Removes nothing.
   */
  exportPending(): Promise<string>;
  retryDeadLetters(ids?: readonly string[]): Promise<number>;
  discardDeadLetters(ids?: readonly string[]): Promise<number>;
}
