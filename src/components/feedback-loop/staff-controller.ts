import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeadLetter } from '../../queue/stored-item.js';
import type { Clock } from './clock.js';
import { countdownStep } from './countdown.js';
import { PinLock } from './pin-lock.js';
import { StaffExports } from './staff-exports.js';
import { LONG_PRESS_MS, PANEL_OPEN_MS, PANEL_WARNING_MS, type StaffPanelState } from './staff-panel.js';
import type { OutboxHandle } from './sync-options.js';

/**
 * The kiosk's staff panel: opened by a long press on the status line (or Enter on it), or with a
 * PIN when one is set (a respondent may tap the line, but cannot get past the PIN). Lists what the
 * outbox holds.
 */
export class StaffController implements ReactiveController {
  state: StaffPanelState = 'closed';
  /** The PIN field: wrong, locked and for how long, tries. */
  readonly pin = new PinLock();
  /** The refused answers, once read from the outbox (undefined until then: no count is better than a wrong 0). */
  deadLetters?: DeadLetter[];
  /** The export links' files (with a PIN only). */
  readonly exports = new StaffExports();
  /** Seconds until the panel closes by itself, counting down once it says so; undefined before. */
  closingIn?: number;
  private pressTimer?: unknown;
  private closeTimer?: unknown;
  /** When the panel closes by itself (ms on the clock), while it is open. */
  private closeAt?: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { clock: () => Clock; outbox: () => OutboxHandle; pin: () => string | undefined },
  ) {
    host.addController(this);
  }

  /** Taken off the page: no timer may open or close the panel later, nor keep the export's blob alive. */
  hostDisconnected(): void {
    if (this.state !== 'closed' || this.pressTimer !== undefined) this.close();
  }

  /** Pointer or Enter/Space down on the status line. With a PIN, a tap is enough to ask for it. */
  pressStart(): void {
    if (this.state !== 'closed') return;
    if (this.deps.pin()) return void this.show('pin');
    this.pressEnd();
    this.pressTimer = this.deps.clock().setTimeout(() => void this.show('open'), LONG_PRESS_MS);
  }

  /**
   * Enter or Space on the status line, or a screen reader's activation: no key to hold (WCAG
   * 2.1.1). Only a pointer must hold, so that a respondent's stray tap opens nothing.
   */
  activate(): void {
    if (this.state !== 'closed') return;
    this.pressEnd();
    void this.show(this.deps.pin() ? 'pin' : 'open');
  }

  pressEnd(): void {
    if (this.pressTimer !== undefined) this.deps.clock().clearTimeout(this.pressTimer);
    this.pressTimer = undefined;
  }

  /** Checks the PIN typed in the panel's field (see PinLock: while locked, the field says for how long). */
  unlock(pin: string): void {
    if (this.pin.try(pin, this.deps.pin(), this.deps.clock().now())) return void this.show('open');
    this.host.requestUpdate();
  }

  close(): void {
    this.stopCloseTimer();
    this.pressEnd();
    this.state = 'closed';
    this.pin.clear();
    this.deadLetters = undefined;
    this.exports.revoke();
    this.host.requestUpdate();
  }

  /** Re-reads the dead letters and makes the exports anew, e.g. after "send now". */
  async refresh(): Promise<void> {
    if (this.state !== 'open') return;
    const outbox = this.deps.outbox();
    const letters = await outbox.deadLetters();
    // The exports hold earlier respondents' answers and contact details: only behind a PIN, never
    // for whoever holds the line of a tablet without one.
    const pin = this.deps.pin();
    const [refused, waiting] = await Promise.all([
      pin && letters.length > 0 && outbox.exportDeadLetters(),
      pin && outbox.pending > 0 && outbox.exportPending(),
    ]);
    if (this.state !== 'open') return; // closed meanwhile: no blob made for nobody to revoke
    this.deadLetters = letters;
    // `pending` also counts stored values that cannot be read: no file without an answer in it.
    this.exports.set(refused, waiting && (JSON.parse(waiting) as { records: unknown[] }).records.length > 0 && waiting);
    this.host.requestUpdate();
  }

  async sendNow(): Promise<void> {
    await this.deps.outbox().flush();
    await this.refresh();
  }

  /** A touch or key in the open panel (or "Keep open"): its two minutes start again. */
  activity(): void {
    if (this.state === 'closed') return;
    const warned = this.closingIn !== undefined;
    this.startCloseTimer();
    if (warned) this.host.requestUpdate();
  }

  private async show(state: 'pin' | 'open'): Promise<void> {
    this.pressEnd();
    this.state = state;
    this.pin.clear();
    this.startCloseTimer();
    this.host.requestUpdate();
    if (state === 'open') await this.refresh();
  }

  private startCloseTimer(): void {
    this.stopCloseTimer();
    this.closeAt = this.deps.clock().now() + PANEL_OPEN_MS;
    this.closeIn(PANEL_OPEN_MS);
  }

  /** Quiet until the last PANEL_WARNING_MS, which the panel announces and counts down; then it closes. */
  private closeIn(left: number): void {
    if (left <= 0) return this.close();
    const step = countdownStep(left, PANEL_WARNING_MS);
    this.closingIn = step.seconds;
    this.closeTimer = this.deps.clock().setTimeout(() => this.closeIn(step.left), step.inMs);
    if (step.seconds) this.host.requestUpdate();
  }

  private stopCloseTimer(): void {
    if (this.closeTimer !== undefined) this.deps.clock().clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    this.closeAt = undefined;
    this.closingIn = undefined;
  }

  /** A tablet that slept ran no timers: a panel whose time ran out meanwhile closes as it wakes. */
  pageEvent(event: Event): void {
    if (event.type === 'visibilitychange' && this.closeAt !== undefined && this.deps.clock().now() >= this.closeAt) this.close();
  }
}
