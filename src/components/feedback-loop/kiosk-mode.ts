import { adoptStyles, html, type LitElement, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { enKiosk } from '../../i18n/locales/en.js';
import type { Messages } from '../../i18n/messages.js';
import { KioskController, type KioskSettings, type ResetReason } from './kiosk-controller.js';
import { KioskFocus } from './kiosk-focus.js';
import type { KioskModeHooks, KioskPart } from './kiosk-support.js';
import { kioskStyles } from './kiosk.styles.js';
import { renderIdleWarning, renderStaffLine, renderStaffPanel } from './render-kiosk.js';
import { StaffController } from './staff-controller.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Kiosk mode of <feedback-loop>: the tablet's rhythm (KioskController), the staff panel
 * (StaffController) and where focus goes between them (KioskFocus), with their template and styles.
 */
export class KioskMode implements KioskPart {
  private readonly kiosk: KioskController;
  private readonly staff: StaffController;
  private readonly focus = new KioskFocus();

  constructor(
    host: Host,
    private readonly hooks: KioskModeHooks,
  ) {
    this.kiosk = new KioskController(host, hooks);
    this.staff = new StaffController(host, { clock: hooks.clock, outbox: hooks.outbox, pin: hooks.pin });
    // After the element's own sheets, as these rules came after them when they were one sheet.
    const root = (host as Partial<LitElement>).renderRoot;
    const own = (host.constructor as typeof LitElement).elementStyles;
    if (root instanceof ShadowRoot) adoptStyles(root, [...own, kioskStyles]);
  }

  get awake(): boolean {
    return this.kiosk.awake;
  }

  configure(settings: KioskSettings | undefined): void {
    this.kiosk.configure(settings);
  }

  activity(event: Event): void {
    if (!this.focus.ignores(event)) this.kiosk.activity();
  }

  submitted(): void {
    this.kiosk.submitted();
  }

  resetNow(reason: ResetReason): void {
    this.kiosk.resetNow(reason);
  }

  closePanel(): void {
    this.staff.close();
  }

  updated(root: ShadowRoot): void {
    if (this.kiosk.active) this.focus.update(root, this.staff.state);
  }

  render(idleWarningSeconds: number): TemplateResult {
    // A language a page registered without kiosk texts (possible from JavaScript) falls back to English.
    const m: Messages = { ...enKiosk, ...this.hooks.messages() };
    const sync = this.hooks.outbox();
    const view = {
      messages: m,
      staff: this.staff,
      pending: sync.pending,
      offline: sync.offline,
      lastSentAt: sync.lastSentAt,
      onSendNow: () => void this.staff.sendNow(),
    };
    const from = Math.ceil(idleWarningSeconds);
    return html`${renderIdleWarning(m, this.kiosk.warningSeconds, from, () => this.kiosk.activity())}
      <div class="staff">${renderStaffLine(view)} ${renderStaffPanel(view)}</div>`;
  }
}
