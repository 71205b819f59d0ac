import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { own } from '../../queue/leftovers.js';
import type { Committed } from '../../queue/outbox.js';
import { RETRY } from '../../queue/policy.js';
import type { FeedbackRecord } from '../../schema/record.js';
import { afterPaint } from './after-paint.js';
import { OutboxLink } from './outbox-link.js';
import type { SyncOptions } from './sync-options.js';

/**
 * When the element's outbox (OutboxLink) sends: on load, `online`, becoming visible, bfcache
 * restore, a timer, and again after a failure; on `pagehide` it lets go of IndexedDB. Keeps
 * sending what only memory holds after the element is removed. The only place with window listeners.
 */
export class SyncController extends OutboxLink implements ReactiveController {
  /**
   * Detached while its answers live only in this page's memory (storage unusable): it keeps its
   * listeners and timers, and sends them while the page stays open, then lets go.
   */
  private lingering = false;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private interval?: ReturnType<typeof setInterval>;

  constructor(host: ReactiveControllerHost & HTMLElement, options: SyncOptions = {}) {
    super(host, options);
    host.addController(this);
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
    own(this.target?.queue, 1);
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
    own(this.target?.queue, -1); // what it holds is a leftover for the page's other elements until it is back
    for (const [target, type, handler] of this.listeners) target.removeEventListener(type, handler);
    this.outbox?.close(); // reopened on the next use, e.g. when the element is attached again
    this.leftovers.dispose();
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  commit(record: FeedbackRecord): Promise<Committed> {
    const outbox = this.start();
    if (!outbox) return Promise.reject(new Error('No outbox: the element has no valid endpoint'));
    const committing = outbox.commit(record);
    const queue = this.target?.queue; // the queue it is saved in, even if the element moves on meanwhile
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

  protected async schedule(force = false): Promise<void> {
    const { outbox, target } = this;
    if (!outbox || !target) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    let retryInMs: number | undefined;
    try {
      retryInMs = await this.send(outbox, target, force);
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
  protected get active(): boolean {
    return this.host.isConnected || this.lingering;
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
