import { FeedbackErrorEvent, FeedbackSentEvent } from '../../events/feedback-events.js';
import { listQueues } from '../../queue/idb.js';
import { Leftovers, releases } from '../../queue/leftovers.js';
import { queuesHeldInMemory, type OutboxEvent } from '../../queue/outbox.js';
import { requestBody } from '../../queue/transport.js';
import type { FeedbackRecord } from '../../schema/record.js';
import { errorOf } from './delivery-errors.js';
import type { SyncOptions, SyncTarget } from './sync-options.js';

/**
 * Queues of the element's endpoint that no element sends (an earlier survey version's), sent with
 * its own queue and counted with it; their events are the element's.
 */
export class LeftoverSync {
  /** What they held at the last flush the element still speaks for. */
  pending = 0;
  private leftovers?: Leftovers;
  /** `releases()` when the stored queues were last listed for leftovers; -1: never. */
  private listedAt = -1;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: SyncOptions,
    /** The element's own count, for their events. */
    private readonly elementPending: () => number,
  ) {}

  /** Takes on what there is to take on, and flushes it; resolves what they still hold and when to try again. */
  async flush(target: SyncTarget, force: boolean): Promise<{ pending: number; retryInMs?: number }> {
    if (!this.leftovers) this.listedAt = -1; // a new set lists the stored queues anew
    const leftovers = (this.leftovers ??= new Leftovers({ ...target, locks: this.options.locks }, this.handleEvent));
    // Answers a replaced queue holds in memory only (a new survey version while storage was
    // unusable) go with the page: they are tried with this queue's, and counted with them.
    leftovers.adopt(await queuesHeldInMemory());
    // Older survey versions' queues in IndexedDB: listed at the first flush, and again once an
    // element on the page let go of one (a single-page app's route change).
    if (this.listedAt !== releases()) {
      this.listedAt = releases();
      leftovers.adopt(await (this.options.listQueues ?? listQueues)());
    }
    return leftovers.flush(force);
  }

  /**
   * The answers of `own` (the element's queue) and of the leftover queues, as the endpoint's request
   * body (S15). One answer may be in two places (memory and IndexedDB, two queues): it is listed
   * once, as the collector refuses a request naming an id twice.
   */
  async exportPending(own: Promise<FeedbackRecord[]> | FeedbackRecord[]): Promise<string> {
    const lists = await Promise.all([own, ...(this.leftovers?.queued() ?? [])]);
    return requestBody([...new Map(lists.flat().map(record => [record.id, record])).values()]);
  }

  /** pagehide: lets go of their IndexedDB connections. */
  close(): void {
    this.leftovers?.close();
  }

  dispose(): void {
    this.leftovers?.dispose();
    this.leftovers = undefined;
    this.pending = 0;
  }

  /** Another queue's events, on this element; its count must not overwrite this element's. */
  private readonly handleEvent = (event: OutboxEvent): void => {
    const pending = this.elementPending();
    if (event.type === 'sent') this.host.dispatchEvent(new FeedbackSentEvent({ ids: event.ids, pending }));
    // An email landing page's answer, refused from the site's other survey: its link is forgotten too.
    if (event.type === 'dead-letter') this.options.onRefused?.(event.letters);
    const error = event.type === 'dead-letter' ? errorOf({ ...event, pending }) : undefined;
    if (error) {
      const errorEvent = new FeedbackErrorEvent(error);
      this.host.dispatchEvent(errorEvent);
    }
  };
}
