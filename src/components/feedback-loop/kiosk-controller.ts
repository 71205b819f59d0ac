import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { countdownStep } from './countdown.js';
import { KioskDeviceController } from './kiosk-device-controller.js';
import type { KioskHooks, KioskSettings, ResetReason } from './kiosk-support.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The tablet's rhythm: thanks, then a fresh survey; and an idle countdown that resets a half-filled
 * one. The device side (storage, wake lock) is KioskDeviceController's.
 */
export class KioskController implements ReactiveController {
  /** Seconds left in the idle countdown while it shows. */
  warningSeconds?: number;
  /** Persistent storage and the screen kept awake, while kiosk mode is on and on the page. */
  readonly device: KioskDeviceController;
  private settings?: KioskSettings;
  private timer?: unknown;
  /** When the idle timeout ends (ms on the clock); 0: no timeout running; -1: the thanks is showing. */
  private deadline = 0;
  /** When the thanks gives way to a fresh survey, while it shows. */
  private thanksUntil?: number;
  private connected = false;

  constructor(
    private readonly host: Host,
    private readonly hooks: KioskHooks,
  ) {
    host.addController(this);
    this.device = new KioskDeviceController(host, () => this.active && this.connected);
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
    this.wait(this.settings.idleMs);
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

  /** `left` ms to the timeout: quiet until the warning, then a tick a second for the countdown. */
  private wait(left: number): void {
    if (left <= 0) return void this.timeOut();
    const step = countdownStep(left, this.settings!.warningMs);
    if (step.seconds !== undefined) {
      this.warningSeconds = step.seconds;
      this.host.requestUpdate();
    }
    this.timer = this.hooks.clock().setTimeout(() => this.wait(step.left), step.inMs);
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
    } else if (this.deadline > 0) this.wait(Math.min(this.deadline - clock.now(), this.settings.idleMs));
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
    this.device.start();
    this.resume();
  }

  /** `pause`: the element is only detached, and may be attached again; otherwise it is no kiosk any more. */
  private stop({ pause = false } = {}): void {
    if (pause) this.pause();
    else this.clear();
    this.device.stop();
  }

  /** A page event as SyncController hears it (STYLE §4); kiosk mode minds it while on and on the page. */
  pageEvent(event: Event): void {
    if (!this.active || !this.connected) return;
    // Back/forward cache: a restored page must not show the previous respondent's survey.
    if (event.type === 'pageshow' && (event as PageTransitionEvent).persisted) this.resetNow('restored');
    if (event.type !== 'visibilitychange') return;
    void this.device.keepAwake(); // the lock went with the hidden page
    // A tablet that slept ran no timers: on waking, what ran out meanwhile ends before anyone sees it.
    // (Measured by the clock: a clock set ahead while the survey showed ends it here, without its countdown.)
    const now = this.hooks.clock().now();
    if (this.thanksUntil !== undefined && now >= this.thanksUntil) this.resetNow('thanks');
    else if (this.deadline > 0 && now >= this.deadline) void this.timeOut();
  }
}
