import { adoptStyles, html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { kioskTextsFor } from '../../i18n/kiosk-texts.js';
import type { Messages } from '../../i18n/messages.js';
import { withOverrides } from '../../i18n/registry.js';
import { readLastSent, recordLastSent } from '../../queue/last-sent.js';
import { localFlags } from '../../queue/local-flags.js';
import { KioskController } from './kiosk-controller.js';
import { focusFirst } from './focus-first.js';
import { KioskFocus } from './kiosk-focus.js';
import type { KioskModeHooks, KioskPart, KioskSettings, ResetReason } from './kiosk-support.js';
import { kioskStyles } from './kiosk.styles.js';
import { renderIdleWarning, renderStaffLine, renderStaffPanel } from './render-kiosk.js';
import { StaffController } from './staff-controller.js';

type Host = ReactiveControllerHost & HTMLElement;

/** How long after a new survey appears a tap or key is taken for a late one meant for the screen before (a double tap's interval). */
const STRAY_MS = 500;

/**
 * Kiosk mode of <feedback-loop>: the tablet's rhythm (KioskController), the staff panel
 * (StaffController) and where focus goes between them (KioskFocus), with their template and styles.
 */
export class KioskMode implements KioskPart {
  private readonly kiosk: KioskController;
  private readonly staff: StaffController;
  private readonly focus = new KioskFocus();
  /** When the last respondent's survey gave way to the next one (ms on the clock). */
  private freshAt = -Infinity;
  /** Respondents so far, and the one who pressed the last key taken as theirs (the key that repeats while held). */
  private respondent = 0;
  private pressedBy = 0;
  /** Where the staff line's "last sent" outlives a reload (localStorage: read before the first paint). */
  private readonly flags = localFlags();
  /** The outbox's last delivery time already put in `flags`. */
  private recorded?: number;

  constructor(
    private readonly host: Host,
    private readonly hooks: KioskModeHooks,
  ) {
    this.kiosk = new KioskController(host, { ...hooks, keep: () => this.keep(), reset: reason => this.reset(reason) });
    this.staff = new StaffController(host, { clock: hooks.clock, outbox: hooks.outbox, pin: hooks.pin });
    // After the element's own sheets (and any a page added), as these rules came last when they were one sheet.
    const root = host.shadowRoot;
    const sheet = kioskStyles.styleSheet;
    if (root && sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    else if (root) adoptStyles(root, [kioskStyles]); // no constructable sheets: Lit appends a <style>
  }

  get awake(): boolean {
    return this.kiosk.device.awake;
  }

  configure(settings: KioskSettings | undefined): void {
    this.kiosk.configure(settings);
  }

  activity(event: Event): void {
    if (this.stray(event)) event.preventDefault();
    else if (!this.focus.ignores(event)) this.kiosk.activity();
  }

  /**
   * A tap or key just as the next survey appears was meant for what was there: the second tap of a
   * double tap on "New survey", or a tap as the thanks or the countdown gave way, lands on the next
   * person's first question; a second Enter sends their empty survey (errors), a Space chooses its
   * focused option. So does the key's auto-repeat while it is held, however long. (A screen
   * reader's activation clicks with detail 0, and is let through.)
   */
  private stray(event: Event): boolean {
    const since = this.hooks.clock().now() - this.freshAt;
    const early = since >= 0 && since < STRAY_MS;
    if (!(event instanceof KeyboardEvent)) return early && event.type === 'click' && (event as MouseEvent).detail > 0;
    // A key held down since the screen before repeats for as long as it is held, past the half second.
    if (event.repeat) return this.pressedBy !== this.respondent;
    if (early && (event.key === 'Enter' || event.key === ' ')) return true;
    this.pressedBy = this.respondent;
    return false;
  }

  submitted(): void {
    this.kiosk.submitted();
  }

  pageEvent(event: Event): void {
    this.kiosk.pageEvent(event);
    this.staff.pageEvent(event);
  }

  resetNow(reason: ResetReason): void {
    this.kiosk.resetNow(reason);
  }

  /** Idle timeout with `idle-action="keep"`: focus was on the countdown's Continue, which goes with the form: to the thanks, as after Send. */
  private async keep(): Promise<boolean> {
    const hadFocus = this.host.shadowRoot!.activeElement !== null;
    const keeping = this.hooks.keep();
    if (!keeping) return false;
    const stored = await keeping;
    if (stored && hadFocus) {
      await this.host.updateComplete;
      focusFirst(this.host.shadowRoot, '.thanks:not([hidden])');
    }
    return stored;
  }

  /** The next respondent: the staff panel closes, and focus, gone with the last one's form, starts on the new one. */
  private reset(reason: ResetReason): void {
    const hadFocus = this.host.shadowRoot!.activeElement !== null;
    this.freshAt = this.hooks.clock().now();
    this.respondent++;
    this.staff.close();
    this.hooks.reset(reason);
    if (hadFocus) void this.host.updateComplete.then(() => focusFirst(this.host.shadowRoot, 'form :is(input, textarea)'));
  }

  updated(root: ShadowRoot): void {
    if (this.kiosk.active) this.focus.update(root, this.staff.state);
    // A delivery renders the element: its time is kept for the staff line after a reload or crash.
    const { target, lastSentAt } = this.hooks.outbox();
    if (target && lastSentAt && lastSentAt !== this.recorded) recordLastSent(this.flags, target.endpoint, (this.recorded = lastSentAt));
  }

  render(idleWarningSeconds: number): TemplateResult {
    // A language registered without kiosk texts (say nl-BE made from Dutch before kiosk mode was
    // loaded) gets its language's; its own, and the host's overrides, only where their types match
    // (a JSON translation file gives strings for the counting texts, which would crash the render).
    const loaded = this.hooks.messages();
    const m: Messages = withOverrides(withOverrides({ ...loaded, ...kioskTextsFor(loaded.$code) }, loaded), this.hooks.overrides());
    const sync = this.hooks.outbox();
    // This page's last delivery, or an earlier page's (or another tab's), whichever is newer.
    const stored = sync.target && readLastSent(this.flags, sync.target.endpoint);
    const view = {
      messages: m,
      staff: this.staff,
      pending: sync.pending,
      offline: sync.offline,
      lastSentAt: Math.max(sync.lastSentAt ?? 0, stored ?? 0) || undefined,
      onSendNow: () => void this.staff.sendNow(),
    };
    const from = Math.ceil(idleWarningSeconds);
    return html`${renderIdleWarning(m, this.kiosk.warningSeconds, from, () => this.kiosk.activity())}
      <div class="staff">${renderStaffLine(view)} ${renderStaffPanel(view)}</div>`;
  }
}
