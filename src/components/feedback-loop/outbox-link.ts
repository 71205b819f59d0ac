import type { ReactiveControllerHost } from 'lit';
import { FeedbackErrorEvent, FeedbackSentEvent } from '../../events/feedback-events.js';
import { own } from '../../queue/leftovers.js';
import { Outbox, type OutboxEvent } from '../../queue/outbox.js';
import type { DeadLetter } from '../../queue/stored-item.js';
import { afterPaint } from './after-paint.js';
import { errorOf } from './delivery-errors.js';
import { LeftoverSync } from './leftover-sync.js';
import type { OutboxHandle, SyncOptions, SyncTarget } from './sync-options.js';
import { checkWatched, forgetWatched, type WatchedAnswers } from './watched-answers.js';

/**
 * The element's outbox as the page sees it (`el.outbox`): which queue, made on first need, what it
 * holds and what its events tell the page. When it sends, and for how long: SyncController.
 */
export abstract class OutboxLink implements OutboxHandle {
  pending = 0;
  offline = false;
  /** When this element last had answers acknowledged (ms since the epoch), for the kiosk staff line. */
  lastSentAt?: number;
  protected outbox?: Outbox;
  /** The queue and endpoint configured (kiosk mode keys its stored "last sent" by the endpoint); read-only outside. */
  target?: SyncTarget;
  protected readonly leftovers: LeftoverSync;
  /** Cancels the outbox start that waits for the first paint. */
  protected cancelStart?: () => void;
  private identity?: readonly unknown[];
  /** Answers committed here, by key, with their queue: one sent by another tab is noticed after a flush. */
  protected readonly watched: WatchedAnswers = new Map();

  constructor(
    protected readonly host: ReactiveControllerHost & HTMLElement,
    protected readonly options: SyncOptions = {},
  ) {
    this.leftovers = new LeftoverSync(host, options, () => this.pending);
  }

  protected abstract get active(): boolean;
  protected abstract schedule(force?: boolean): Promise<void>;

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
    if (this.active) own(this.target?.queue, -1), own(target?.queue, 1);
    this.target = target;
    // IndexedDB, the first flush and the leftover scan wait for the first paint (issue 7); a commit or flush starts them at once.
    if (target && this.host.isConnected) this.cancelStart = afterPaint(() => this.start());
    else if (target && this.active) this.start(); // detached but lingering: its leftovers adopt what the old queue held
  }

  /** The outbox of the configured queue, made (and flushed: the load trigger) on first need. */
  protected start(): Outbox | undefined {
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

  async flush(): Promise<void> {
    this.start();
    await this.schedule(true);
  }

  /** New headers or transport (perhaps a new token): a paused queue is tried again (S7). */
  async resume(): Promise<void> {
    const outbox = this.outbox;
    // Only then: a framework that passes new functions on every render must not cut the backoff short.
    if (outbox && (await outbox.liftPause()) && outbox === this.outbox) await this.schedule();
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.start()?.deadLetters() ?? Promise.resolve([]);
  }

  async exportDeadLetters(): Promise<string> {
    return JSON.stringify(await this.deadLetters(), null, 2);
  }

  exportPending(): Promise<string> {
    return this.leftovers.exportPending(this.start()?.queued() ?? []);
  }

  retryDeadLetters(ids?: readonly string[]): Promise<number> {
    return this.start()?.retryDeadLetters(ids) ?? Promise.resolve(0);
  }

  async discardDeadLetters(ids?: readonly string[]): Promise<number> {
    return (await this.start()?.discardDeadLetters(ids)) ?? 0;
  }

  /** Sends what the outbox and the leftover queues hold, and counts it; resolves when to try again. */
  protected async send(outbox: Outbox, target: SyncTarget, force: boolean): Promise<number | undefined> {
    let retryInMs = (await outbox.flush({ force })).retryInMs;
    if (this.speaksFor(outbox)) {
      await checkWatched(this.watched, outbox, () => this.target?.queue, this.options.onSent);
      const left = await this.leftovers.flush(target, force);
      if (this.speaksFor(outbox)) {
        this.leftovers.pending = left.pending;
        this.pending = (await outbox.pending()) + left.pending;
        if (left.retryInMs !== undefined) retryInMs = Math.min(retryInMs ?? left.retryInMs, left.retryInMs);
      }
    }
    return retryInMs;
  }

  /** `outbox` is still this element's, and the element still tells of it. */
  protected speaksFor(outbox: Outbox): boolean {
    return outbox === this.outbox && this.active;
  }

  private handleOutboxEvent(event: OutboxEvent): void {
    if ('pending' in event) this.pending = event.pending + this.leftovers.pending;
    if (event.type === 'retry') this.offline = event.offline;
    this.host.requestUpdate(); // renders once this event is handled
    if (event.type === 'sent') {
      forgetWatched(this.watched, event.ids);
      this.offline = false;
      this.lastSentAt = Date.now();
      this.options.onSent?.(event.ids, event.alreadyReceived);
      const already = event.alreadyReceived.length > 0 ? { alreadyReceived: event.alreadyReceived } : {};
      this.host.dispatchEvent(new FeedbackSentEvent({ ids: event.ids, pending: event.pending, ...already }));
    }
    if (event.type === 'dead-letter') this.options.onRefused?.(event.letters);
    if (event.type === 'storage' && event.durable) this.options.onDurable?.();
    const error = errorOf(event);
    if (error) this.host.dispatchEvent(new FeedbackErrorEvent(error));
  }
}
