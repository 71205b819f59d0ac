import type { ReactiveControllerHost } from 'lit';

/**
 * The device side of a kiosk: persistent storage, and a screen kept awake while the page is
 * visible. KioskController starts and stops it with kiosk mode, so it is not registered itself.
 */
export class KioskDeviceController {
  /** Whether the browser granted persistent storage (undefined: not asked or not supported). */
  persisted?: boolean;
  /** Whether the screen is kept awake right now. */
  awake = false;
  private wakeLock?: WakeLockSentinel;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Whether kiosk mode is on and on the page (a lock granted after it went is given back). */
    private readonly on: () => boolean,
  ) {}

  start(): void {
    void this.keepAwake();
    void this.persist();
  }

  stop(): void {
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
  async keepAwake(): Promise<void> {
    if (!('wakeLock' in navigator) || document.visibilityState !== 'visible' || this.wakeLock) return;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (!this.on()) return void sentinel.release().catch(() => {});
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
}
