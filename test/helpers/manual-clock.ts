import type { Clock } from '../../src/components/feedback-loop/clock.js';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock that moves only when the test says so: `advance(ms)` runs each due timer in time order,
 * letting the element render in between. For the kiosk's thanks, idle countdown and long press.
 */
export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter(timer => timer.id !== handle);
  }

  /** Timers waiting to run. */
  get waiting(): number {
    return this.timers.length;
  }

  /**
   * Moves the clock by `ms` (back, if negative) and runs no timer: the device slept, or its clock
   * was set. Timers keep the wait they had left, as a browser's do (they do not run on the clock).
   */
  jump(ms: number): void {
    this.time += ms;
    for (const timer of this.timers) timer.at += ms;
  }

  /** Moves time on by `ms`, running due timers one by one; `settle` runs after each (e.g. el.updateComplete). */
  async advance(ms: number, settle: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
    const end = this.time + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.timers.filter(timer => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter(timer => timer !== due);
      this.time = due.at;
      due.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}
