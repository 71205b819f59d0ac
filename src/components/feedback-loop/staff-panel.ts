// The staff panel's states and timings, shared by its controller, its template and kiosk focus.

export type StaffPanelState = 'closed' | 'pin' | 'open';

/** How long staff hold the status line to open the panel when no PIN is set. */
export const LONG_PRESS_MS = 2000;
/** The panel closes by itself after this long without a touch or key in it, so the next respondent never finds it open. */
export const PANEL_OPEN_MS = 120_000;
/** The last part of PANEL_OPEN_MS, in which the panel says it is closing and offers "Keep open" (WCAG 2.2.1: at least 20 s). */
export const PANEL_WARNING_MS = 20_000;
