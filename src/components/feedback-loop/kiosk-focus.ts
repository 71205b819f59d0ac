import type { StaffPanelState } from './staff-panel.js';

/**
 * Where focus goes when kiosk content comes and goes under it (WCAG 2.2.1, 2.4.3): the idle warning
 * takes it, so a keyboard or screen reader user can ask for more time, and gives it back; the staff
 * panel takes it on opening and hands it back to the status line on closing.
 */
export class KioskFocus {
  /** True while focus is moved here: that is not the respondent being active. */
  private moving = false;
  /** Where focus was before the idle warning took it; undefined while no warning shows. */
  private beforeWarning?: Element | null;
  private staff: StaffPanelState = 'closed';

  /**
   * Events that are not activity: focus moved here, and a key on the idle warning, which its
   * button handles; hidden at keydown, the warning would hand focus back before the key's click,
   * and Enter would submit the survey instead.
   */
  ignores(event: Event): boolean {
    return this.moving || (event.type === 'keydown' && (event.target as Element).closest('[part="idle-warning"]') !== null);
  }

  /** Called after each render of the kiosk. */
  update(root: ShadowRoot, staff: StaffPanelState): void {
    const button = root.querySelector<HTMLElement>('[part="idle-warning"] button');
    if (button && this.beforeWarning === undefined) {
      this.beforeWarning = root.activeElement ?? document.activeElement;
      this.focus(button);
    } else if (!button && this.beforeWarning !== undefined) {
      const back = this.beforeWarning;
      this.beforeWarning = undefined;
      // Only when focus went with the warning: a touch elsewhere has put it where the person is.
      if (!root.activeElement && back instanceof HTMLElement && back.isConnected) this.focus(back);
    }
    if (staff === this.staff) return;
    this.staff = staff;
    if (staff === 'pin') this.focus(root.querySelector('#staff-pin'));
    else if (staff === 'open') this.focus(root.querySelector('[part="staff-send"]'));
    else if (!root.activeElement) this.focus(root.querySelector('[part="staff-status"]'));
  }

  private focus(target: HTMLElement | null): void {
    this.moving = true;
    target?.focus();
    this.moving = false;
  }
}
