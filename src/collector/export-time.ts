// Instants as the wall-clock time of the report's zone. Excel has no time zones, so the exports
// show local time, name the zone in the column header, and give each answer's UTC offset.
import { offsetReader } from '../report/period.js';

const HOUR = 3_600_000;

/**
 * A converter from an ISO instant to a Date whose UTC fields hold the wall-clock time in
 * `timeZone` (2023-03-26T00:30:00Z in Europe/Brussels → 01:30). Offsets are cached per hour and
 * only trusted when the hour starts and ends with the same one, so DST changes stay exact.
 */
export function wallClock(timeZone: string): (instant: string) => Date {
  const offsetAt = offsetReader(timeZone);
  const hours = new Map<number, number | null>();
  return instant => {
    const time = Date.parse(instant);
    if (Number.isNaN(time)) return new Date(Number.NaN);
    const hour = Math.floor(time / HOUR);
    let offset = hours.get(hour);
    if (offset === undefined) {
      const start = offsetAt(hour * HOUR);
      offset = start === offsetAt(hour * HOUR + HOUR - 1000) ? start : null;
      if (hours.size > 10_000) hours.clear();
      hours.set(hour, offset);
    }
    return new Date(time + (offset ?? offsetAt(time)));
  };
}

/**
 * `UTC+02:00`: how far a wall-clock Date made by `wallClock()` is from its `instant`. In the hour
 * that repeats when the clocks go back it tells the two 02:30s apart. "UTC" first, so that no
 * spreadsheet reads the sign as a formula (and the CSV needs no guard quote).
 */
export function formatOffset(wall: Date, instant: string): string {
  const minutes = Math.round((wall.getTime() - Date.parse(instant)) / 60_000);
  const hhmm = `${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
  return `UTC${minutes < 0 ? '-' : '+'}${hhmm}`;
}

/** `YYYY-MM-DD HH:mm:ss` of a wall-clock Date made by `wallClock()`. */
export function formatWallClock(wall: Date): string {
  const iso = wall.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
