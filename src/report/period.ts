// Report periods: calendar presets, the previous period, and the instants that bound them in a
// time zone. Pure: the same code decides which answers count in SQL and in summarize().
import { addDays } from '../schema/day.js';

/** The calendar periods agencies report on (seed 004: half-years; Kind en Gezin: months). */
export const PRESETS = ['month', 'quarter', 'half-year', 'year'] as const;
export type Preset = (typeof PRESETS)[number];

const MONTHS: Record<Preset, number> = { month: 1, quarter: 3, 'half-year': 6, year: 12 };

/** Inclusive calendar days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface Period extends DayRange {
  /** Set when the period is a calendar month, quarter, half-year or year. */
  preset?: Preset;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const dayOf = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The month, quarter, half-year or year that holds `day`. */
export function presetPeriod(preset: Preset, day: string): Period {
  const year = Number(day.slice(0, 4));
  const size = MONTHS[preset];
  const first = Math.floor((Number(day.slice(5, 7)) - 1) / size) * size + 1;
  const last = first + size - 1;
  return { preset, from: dayOf(year, first, 1), to: dayOf(year, last, lastDayOfMonth(year, last)) };
}

/** Whole days from `from` to `to`, both counted. */
export function dayCount({ from, to }: DayRange): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The period to compare with: the calendar period before a preset (H2 2022 before H1 2023), or
 * the same number of days just before a custom range.
 */
export function previousPeriod(period: Period): Period {
  if (period.preset) return presetPeriod(period.preset, addDays(period.from, -1));
  return { from: addDays(period.from, -dayCount(period)), to: addDays(period.from, -1) };
}

/**
 * A reader of the offset of `timeZone` from UTC at an instant, in milliseconds (Brussels in summer:
 * +7,200,000). Make one per zone and reuse it: building the formatter is the slow part.
 */
export function offsetReader(timeZone: string): (time: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return time => {
    const parts = format.formatToParts(new Date(time));
    const get = (type: string) => Number(parts.find(part => part.type === type)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return local - Math.floor(time / 1000) * 1000;
  };
}

const zoneOffset = (time: number, timeZone: string) => offsetReader(timeZone)(time);

/**
 * The instant a calendar day starts in `timeZone`: its earliest instant.
 * Where the clocks go back from 01:00 to midnight (Amman and Gaza, 29 October 2021), midnight comes
 * twice and the day starts at the first; where they skip midnight (Havana, 10 March 2024), the
 * day starts at the jump (a skipped day, Apia 30 December 2011, starts where the next one does).
 */
export function startOfDay(day: string, timeZone: string): Date {
  const offset = offsetReader(timeZone);
  const midnight = Date.parse(`${day}T00:00:00Z`);
  // Local midnight under the offsets read a day before, at and a day after midnight UTC: one of
  // them is the day's start unless the clocks change twice within two days. ISO strings compare
  // as the days they start with ("2021-10-29T…" >= "2021-10-29").
  const starts = [-864e5, 0, 864e5]
    .map(shift => midnight - offset(midnight + shift))
    .filter(time => new Date(time + offset(time)).toISOString() >= day);
  return new Date(Math.min(...starts));
}

/** The calendar day of `date` in `timeZone`. */
export function dayIn(date: Date, timeZone: string): string {
  return new Date(date.getTime() + zoneOffset(date.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** `[start, end)` of a day range in a time zone: the bounds on `submittedAt`. */
export function periodBounds(range: DayRange, timeZone: string): { start: Date; end: Date } {
  return { start: startOfDay(range.from, timeZone), end: startOfDay(addDays(range.to, 1), timeZone) };
}

/**
 * A known zone in its usual capitals (`europe/brussels` → `Europe/Brussels`, `utc` → `UTC`), so a
 * report and its export name it the usual way whatever case the request used. Only the case: a
 * runtime may answer another alias (V8 gives `Europe/Kiev` for `Europe/Kyiv`), which stays as asked.
 */
export function canonicalTimeZone(timeZone: string): string {
  const resolved = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
}

/** True when `timeZone` is an IANA name this runtime knows, such as `Europe/Brussels` or `UTC`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
