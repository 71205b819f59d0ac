import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FeedbackErrorEvent, FeedbackSentEvent } from '../../events/feedback-events.js';
import { own } from '../../queue/leftovers.js';
import { Outbox, type Committed, type OutboxEvent } from '../../queue/outbox.js';
import type { DeadLetter } from '../../queue/stored-item.js';
import { RETRY } from '../../queue/policy.js';
import type { FeedbackRecord } from '../../schema/record.js';
import { afterPaint } from './after-paint.js';
import { errorOf } from './delivery-errors.js';
import { LeftoverSync } from './leftover-sync.js';
import type { OutboxHandle, SyncOptions, SyncTarget } from './sync-options.js';
import { checkWatched, forgetWatched, type WatchedAnswers } from './watched-answers.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Connects the element to its outbox: flushes on load, `online`, becoming visible, bfcache restore
 * and a timer, and lets go of IndexedDB on `pagehide`. The only place with window listeners.
 */
export class SyncController implements ReactiveController, OutboxHandle {
  pending = 0;
  offline = false;
  /** When this element last had answers acknowledged (ms since the epoch), for the kiosk staff line. */
  lastSentAt?: number;
  private outbox?: Outbox;
  private target?: SyncTarget;
  private readonly leftovers: LeftoverSync;
  /**
   * Detached while its answers live only in this page's memory (storage unusable): it keeps its
   * listeners and timers, and sends them while the page stays open, then lets go.
   */
  private lingering = false;
  /** Cancels the outbox start that waits for the first paint. */
  private cancelStart?: () => void;
  private identity?: readonly unknown[];
  /** Answers committed here, by key, with their queue: one sent by another tab is noticed after a flush. */
  private readonly watched: WatchedAnswers = new Map();
  private queue?: string;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private interval?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: Host,
    private readonly options: SyncOptions = {},
  ) {
    host.addController(this);
    this.leftovers = new LeftoverSync(host, options, () => this.pending);
  }

  /** Every page event that may mean "now is a good time to send" (or to let go of IndexedDB). */
  private get listeners(): Array<[EventTarget, string, (event: Event) => void]> {
    return [
      [window, 'online', this.handleWake],
      [window, 'offline', this.handleOffline],
      [window, 'pageshow', this.handleWake], // also a bfcache restore (S19)
      [window, 'pagehide', this.handlePageHide],
      [document, 'visibilitychange', this.handleWake], // visible: send; hidden: send with keepalive
      [document, 'resume', this.handleWake], // a frozen tab comes back (S20)
    ];
  }

  hostConnected(): void {
    if (this.lingering) {
      this.lingering = false; // its listeners, timers and claim on the queue are still in place
      void this.schedule();
      return;
    }
    this.arm();
    if (this.outbox) this.schedule();
    else if (this.target) this.cancelStart = afterPaint(() => this.start());
  }

  private arm(): void {
    own(this.queue, 1);
    for (const [target, type, handler] of this.listeners) target.addEventListener(type, handler);
    this.interval = setInterval(() => {
      if (!this.retryTimer && this.pending > 0) void this.schedule();
    }, this.options.flushIntervalMs ?? 60_000);
  }

  hostDisconnected(): void {
    this.cancelStart?.();
    // A single-page app that removes the element must not take answers held in memory with it.
    if (this.outbox?.isDegraded && this.pending > 0) this.lingering = true;
    else this.release();
  }

  private release(): void {
    this.lingering = false;
    own(this.queue, -1); // what it holds is a leftover for the page's other elements until it is back
    for (const [target, type, handler] of this.listeners) target.removeEventListener(type, handler);
    this.outbox?.close(); // reopened on the next use, e.g. when the element is attached again
    this.leftovers.dispose();
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /**
   * Points the element at a queue; a new endpoint or survey gets its own queue. `identity` lists
   * what the transport was made from, so an unchanged setup keeps its outbox.
   */
  configure(target: SyncTarget | undefined, identity: readonly unknown[] = []): void {
    const key = target && [target.queue, target.endpoint, target.batchSize, ...identity];
    if (key && this.identity && key.length === this.identity.length && key.every((v, i) => v === this.identity![i])) return;
    if (!key && !this.identity) return;
    this.identity = key;
    this.cancelStart?.();
    this.outbox?.dispose();
    this.outbox = undefined;
    this.leftovers.dispose();
    this.target = target;
    if (this.active) {
      own(this.queue, -1);
      own(target?.queue, 1);
    }
    this.queue = target?.queue;
    // Opening IndexedDB, the first flush and the leftover scan wait until the survey is on screen
    // (issue 7: done here, they delay the first paint). A commit or flush before then starts it at once.
    if (target && this.host.isConnected) this.cancelStart = afterPaint(() => this.start());
    else if (target && this.lingering) this.start(); // detached: its leftovers adopt what the old queue held
  }

  /** The outbox of the configured queue, made (and flushed: the load trigger) on first need. */
  private start(): Outbox | undefined {
    this.cancelStart?.();
    this.cancelStart = undefined;
    const target = this.target;
    if (this.outbox || !target) return this.outbox;
    const outbox = new Outbox({
      ...target,
      openStore: this.options.openStore && (() => this.options.openStore!(target.queue)),
      locks: this.options.locks,
      // A replaced queue still settles what it has on its way, but no longer speaks for the element.
      onEvent: event => outbox === this.outbox && this.handleOutboxEvent(event),
    });
    this.outbox = outbox;
    void this.schedule(); // the load trigger: answers left by an earlier visit go now
    return outbox;
  }

  commit(record: FeedbackRecord): Promise<Committed> {
    const outbox = this.start();
    if (!outbox) return Promise.reject(new Error('No outbox: the element has no valid endpoint'));
    const committing = outbox.commit(record);
    const queue = this.queue; // the queue it is saved in, even if the element moves on meanwhile
    committing.then(
      committed => {
        if (queue) this.watched.set(committed.key, { id: record.id, queue });
        // Saved in memory only after the element left: it lingers, as if removed while holding it.
        if (!committed.durable && outbox === this.outbox && !this.active) {
          this.lingering = true;
          this.arm();
        }
        void this.schedule();
      },
      () => {},
    );
    return committing;
  }

  async flush(): Promise<void> {
    this.start();
    await this.schedule(true);
  }

  /** New headers or transport (perhaps a new token): a paused queue is tried again (S7). */
  async resume(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox) return;
    // Only then: a framework that passes new functions on every render must not cut the backoff short.
    if ((await outbox.liftPause()) && outbox === this.outbox) await this.schedule();
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.start()?.deadLetters() ?? Promise.resolve([]);
  }

  async exportDeadLetters(): Promise<string> {
    return JSON.stringify(await this.deadLetters(), null, 2);
  }

  retryDeadLetters(ids?: readonly string[]): Promise<number> {
    return this.start()?.retryDeadLetters(ids) ?? Promise.resolve(0);
  }

  async discardDeadLetters(ids?: readonly string[]): Promise<number> {
    const removed = (await this.start()?.discardDeadLetters(ids)) ?? 0;
    return removed;
  }

  private async schedule(force = false): Promise<void> {
    const { outbox, target } = this;
    if (!outbox || !target) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    let retryInMs: number | undefined;
    try {
      retryInMs = (await outbox.flush({ force })).retryInMs;
      if (this.speaksFor(outbox)) {
        await checkWatched(this.watched, outbox, () => this.queue, this.options.onSent);
        const left = await this.leftovers.flush(target, force);
        if (this.speaksFor(outbox)) {
          this.leftovers.pending = left.pending;
          this.pending = (await outbox.pending()) + left.pending;
          if (left.retryInMs !== undefined) retryInMs = Math.min(retryInMs ?? left.retryInMs, left.retryInMs);
        }
      }
    } catch {
      retryInMs = RETRY.baseMs * 30; // storage misbehaved beyond what the outbox handles: try later
    }
    // A save that ended after the element left reopened IndexedDB: let go again (bfcache, deletes).
    if (!this.active) outbox.close();
    if (!this.speaksFor(outbox)) return;
    if (this.lingering && this.pending === 0) return this.release(); // what only memory held is sent
    if (this.pending === 0) this.offline = false;
    this.host.requestUpdate();
    if (retryInMs !== undefined && this.pending > 0) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.schedule(), retryInMs);
    }
  }

  /** On the page, or detached but still sending what only memory holds. */
  private get active(): boolean {
    return this.host.isConnected || this.lingering;
  }

  /** `outbox` is still this element's, and the element still tells of it. */
  private speaksFor(outbox: Outbox): boolean {
    return outbox === this.outbox && this.active;
  }

  private handleOutboxEvent(event: OutboxEvent): void {
    if (event.type === 'sent') forgetWatched(this.watched, event.ids);
    if ('pending' in event) this.pending = event.pending + this.leftovers.pending;
    if (event.type === 'retry') this.offline = event.offline;
    if (event.type === 'sent') this.offline = false;
    this.host.requestUpdate();
    if (event.type === 'sent') {
      this.lastSentAt = Date.now();
      this.options.onSent?.(event.ids, event.alreadyReceived);
      const already = event.alreadyReceived.length > 0 ? { alreadyReceived: event.alreadyReceived } : {};
      this.host.dispatchEvent(new FeedbackSentEvent({ ids: event.ids, pending: event.pending, ...already }));
    }
    if (event.type === 'dead-letter') this.options.onRefused?.(event.letters);
    if (event.type === 'storage' && event.durable) this.options.onDurable?.();
    const error = errorOf(event);
    if (error) {
      const errorEvent = new FeedbackErrorEvent(error);
      this.host.dispatchEvent(errorEvent);
    }
  }

  private readonly handleWake = (event: Event): void => {
    this.options.onPageEvent?.(event);
    void this.schedule();
  };

  /** Only shown as a state: delivery never trusts `navigator.onLine` either way (S1). */
  private readonly handleOffline = (): void => {
    this.offline = true;
    this.host.requestUpdate();
  };

  /** Sends what it can (keepalive), then closes IndexedDB so the page may enter bfcache (S19). */
  private readonly handlePageHide = (): void => {
    const outbox = this.outbox;
    if (!outbox) return;
    outbox.sendBeforeLeaving();
    void outbox
      .flush()
      .catch(() => {})
      .finally(() => outbox.close());
    this.leftovers.close();
  };
}
