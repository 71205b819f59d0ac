/** Wrong PINs in a row before the PIN field is locked for `PIN_LOCK_MS`. */
export const PIN_TRIES = 5;
export const PIN_LOCK_MS = 60_000;

/** A PIN try: `right`, `wrong`, or `locked` (not checked); `lockedFor` is the lock's seconds left. */
export type PinTry = { kind: 'right' } | { kind: 'wrong' | 'locked'; lockedFor?: number };

/**
 * The staff PIN's lock: after PIN_TRIES wrong PINs in a row, for PIN_LOCK_MS no PIN is checked and
 * no try counts, so guessing 4 digits takes hours, not minutes, and staff are told how long to wait.
 */
export class PinLock {
  private wrong = 0;
  private until = 0;

  check(pin: string, expected: string | undefined, now: number): PinTry {
    // A clock set back meanwhile (NTP after days offline) must not lock staff out for as long.
    this.until = Math.min(this.until, now + PIN_LOCK_MS);
    if (now < this.until) return { kind: 'locked', lockedFor: this.left(now) };
    if (pin === expected) {
      this.wrong = 0;
      return { kind: 'right' };
    }
    if (++this.wrong < PIN_TRIES) return { kind: 'wrong' };
    this.wrong = 0;
    this.until = now + PIN_LOCK_MS;
    return { kind: 'wrong', lockedFor: this.left(now) };
  }

  private left(now: number): number {
    return Math.ceil((this.until - now) / 1000);
  }
}
