import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from './clock.js';

/** What a tablet does between respondents; times in ms. */
export interface KioskSettings {
  /** How long the thank-you stays before a fresh survey. */
  thanksMs: number;
  /** Time without a touch before a half-filled survey is reset. */
  idleMs: number;
  /** The last part of `idleMs`, shown as a countdown. */
  warningMs: number;
  /** At the idle timeout: `discard` the half-filled survey, or `keep` (store it if it is complete enough). */
  idleAction: 'discard' | 'keep';
}

export type ResetReason = 'thanks' | 'idle' | 'next' | 'restored';

export interface KioskHooks {
  clock: () => Clock;
  /** Whether the respondent has started answering. */
  touched: () => boolean;
  /** Stores the half-filled answer if it passes validation; resolves whether it was stored. */
  keep: () => Promise<boolean>;
  /** Clears the survey for the next respondent. */
  reset: (reason: ResetReason) => void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The tablet's rhythm: thanks, then a fresh survey; an idle countdown that resets a half-filled
 * one; and the device side: persistent storage and a screen kept awake while the page is visible.
 */
export class KioskController implements ReactiveController {
  /** Seconds left in the idle countdown while it shows. */
  warningSeconds?: number;
  /** Whether the browser granted persistent storage (undefined: not asked or not supported). */
  persisted?: boolean;
  /** Whether the screen is kept awake right now. */
  awake = false;
  private settings?: KioskSettings;
  private timer?: unknown;
  /** When the idle timeout ends (ms on the clock); 0: no timeout running; -1: the thanks is showing. */
  private deadline = 0;
  /** When the thanks gives way to a fresh survey, while it shows. */
  private thanksUntil?: number;
  private wakeLock?: WakeLockSentinel;
  private connected = false;

  constructor(
    private readonly host: Host,
    private readonly hooks: KioskHooks,
  ) {
    host.addController(this);
  }

  get active(): boolean {
    return this.settings !== undefined;
  }

  configure(settings: KioskSettings | undefined): void {
    const was = this.settings;
    this.settings = settings;
    if (!settings) this.stop();
    else if (!was && this.connected) this.start();
  }

  hostConnected(): void {
    this.connected = true;
    if (this.settings) this.start();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop({ pause: true });
  }

  /** The respondent touched, typed or chose something: the idle countdown starts over. */
  activity(): void {
    if (!this.settings || this.deadline === -1) return; // -1: the thanks is showing
    this.clear();
    if (!this.hooks.touched()) return; // an empty survey has nothing to lose
    this.deadline = this.hooks.clock().now() + this.settings.idleMs;
    this.wait();
  }

  /** The answer is stored: thanks for `thanksMs`, then a fresh survey. */
  submitted(): void {
    if (!this.settings) return;
    this.clear();
    this.deadline = -1;
    this.thanksUntil = this.hooks.clock().now() + this.settings.thanksMs;
    this.resume();
  }

  /** Starts the next respondent's survey at once. */
  resetNow(reason: ResetReason): void {
    this.clear();
    this.hooks.reset(reason);
    this.host.requestUpdate();
  }

  private wait(): void {
    const settings = this.settings!;
    const clock = this.hooks.clock();
    const left = this.deadline - clock.now();
    if (left <= 0) return void this.timeOut();
    // Quiet until the warning; then a tick a second for the countdown.
    const warnIn = left - settings.warningMs;
    if (warnIn > 0) {
      this.timer = clock.setTimeout(() => this.wait(), warnIn);
      return;
    }
    this.warningSeconds = Math.ceil(left / 1000);
    this.host.requestUpdate();
    this.timer = clock.setTimeout(() => this.wait(), left - (this.warningSeconds - 1) * 1000);
  }

  private async timeOut(): Promise<void> {
    this.clear();
    const kept = this.settings?.idleAction === 'keep' && (await this.hooks.keep());
    if (!kept) this.resetNow('idle');
  }

  /**
   * Re-arms the timer for what is under way: the thanks, or the idle timeout. Also after the element
   * was detached and attached again (moved in the page): the next person must still get a fresh survey.
   */
  private resume(): void {
    if (!this.settings || this.timer !== undefined) return;
    const clock = this.hooks.clock();
    if (this.thanksUntil !== undefined) {
      this.timer = clock.setTimeout(() => this.resetNow('thanks'), Math.max(0, this.thanksUntil - clock.now()));
    } else if (this.deadline > 0) this.wait();
  }

  /** Stops the timer only; what is under way resumes on `resume()`. */
  private pause(): void {
    if (this.timer !== undefined) this.hooks.clock().clearTimeout(this.timer);
    this.timer = undefined;
  }

  private clear(): void {
    this.pause();
    this.deadline = 0;
    this.thanksUntil = undefined;
    if (this.warningSeconds !== undefined) {
      this.warningSeconds = undefined;
      this.host.requestUpdate();
    }
  }

  private start(): void {
    document.addEventListener('visibilitychange', this.handleVisibility);
    window.addEventListener('pageshow', this.handlePageShow);
    void this.keepAwake();
    void this.persist();
    this.resume();
  }

  /** `pause`: the element is only detached, and may be attached again; otherwise it is no kiosk any more. */
  private stop({ pause = false } = {}): void {
    document.removeEventListener('visibilitychange', this.handleVisibility);
    window.removeEventListener('pageshow', this.handlePageShow);
    if (pause) this.pause();
    else this.clear();
    void this.wakeLock?.release().catch(() => {});
    this.wakeLock = undefined;
    this.awake = false;
  }

  /** A tablet offline for days must not have its outbox evicted under storage pressure. */
  private async persist(): Promise<void> {
    if (this.persisted !== undefined || !navigator.storage?.persist) return;
    try {
      this.persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    } catch {
      this.persisted = false;
    }
    this.host.requestUpdate();
  }

  /** The lock is released whenever the page is hidden, so it is asked for again on return. */
  private async keepAwake(): Promise<void> {
    if (!('wakeLock' in navigator) || document.visibilityState !== 'visible' || this.wakeLock) return;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (!this.settings || !this.connected) return void sentinel.release().catch(() => {});
      this.wakeLock = sentinel;
      this.awake = true;
      sentinel.addEventListener('release', () => {
        if (this.wakeLock === sentinel) this.wakeLock = undefined;
        this.awake = false;
        this.host.requestUpdate();
      });
    } catch {
      this.awake = false; // refused (battery saver, no permission): the tablet's own setting rules
    }
    this.host.requestUpdate();
  }

  private readonly handleVisibility = (): void => void this.keepAwake();

  /** Back/forward cache: a restored page must not show the previous respondent's survey. */
  private readonly handlePageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.resetNow('restored');
  };
}
