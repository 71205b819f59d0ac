/** Wrong PINs in a row before the PIN field is locked for `PIN_LOCK_MS`. */
export const PIN_TRIES = 5;
export const PIN_LOCK_MS = 60_000;

/**
 * The staff PIN field and its lock: after PIN_TRIES wrong PINs in a row, for PIN_LOCK_MS no PIN is
 * checked and no try counts, so guessing 4 digits takes hours, not minutes, and staff are told how
 * long to wait.
 */
export class PinLock {
  /** The last PIN was wrong (not: refused unchecked while locked). */
  wrong = false;
  /** Seconds the field stays locked, as of the last try; undefined when not locked. */
  lockedFor?: number;
  /** PINs tried: keys the message, so a second wrong PIN is announced again. */
  tries = 0;
  private misses = 0;
  private until = 0;

  /** Checks a PIN typed in the field and keeps what the field says about it; true when it is right. */
  try(pin: string, expected: string | undefined, now: number): boolean {
    this.tries++;
    this.clear();
    // A clock set back meanwhile (NTP after days offline) must not lock staff out for as long.
    this.until = Math.min(this.until, now + PIN_LOCK_MS);
    if (now >= this.until) {
      if (pin === expected) {
        this.misses = 0;
        return true;
      }
      this.wrong = true;
      if (++this.misses < PIN_TRIES) return false;
      this.misses = 0;
      this.until = now + PIN_LOCK_MS;
    }
    this.lockedFor = Math.ceil((this.until - now) / 1000);
    return false;
  }

  /** The field asks afresh: no message. */
  clear(): void {
    this.wrong = false;
    this.lockedFor = undefined;
  }
}
