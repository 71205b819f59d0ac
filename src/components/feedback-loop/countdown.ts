/** The next step of a countdown: the seconds to show (none yet while quiet), and when to step again with how much left. */
export interface CountdownStep {
  seconds?: number;
  inMs: number;
  left: number;
}

/**
 * A countdown of `left` ms, quiet until its last `warningMs`, then a step a second (the kiosk's idle
 * warning, the staff panel's closing). Run on timers, not the clock, which NTP may set back or ahead.
 */
export function countdownStep(left: number, warningMs: number): CountdownStep {
  if (left > warningMs) return { inMs: left - warningMs, left: warningMs };
  const seconds = Math.ceil(left / 1000);
  return { seconds, inMs: left - (seconds - 1) * 1000, left: (seconds - 1) * 1000 };
}
