import type { FlagStore } from '../../queue/local-flags.js';

/** The half-year rule agencies use: one browser is asked about one survey at most twice a year. */
export const DEFAULT_COOLDOWN_DAYS = 180;
const DAY_MS = 86_400_000;

const keyOf = (surveyId: string) => `asked:${surveyId}`;

/**
 * When a cooldown started on `at` ends: at the start of the (UTC) day after `days` whole days. Only
 * the day is kept, so a full day more makes sure it lasts at least `days` days, whatever the hour.
 */
const endOf = (at: number, days: number) => Date.parse(new Date(at).toISOString().slice(0, 10)) + (days + 1) * DAY_MS;

/** Whether this browser answered or dismissed the survey less than `days` days ago. */
export function inCooldown(store: FlagStore, surveyId: string, days: number, now: number): boolean {
  if (days <= 0) return false;
  // A full date-time is what versions before 0.1.0 kept; it reads the same.
  const at = Date.parse(store.get(keyOf(surveyId)) ?? '');
  // A date after now was kept while the clock ran ahead: better asked again than silenced until then.
  return at <= now && now < endOf(at, days);
}

/**
 * Remembers that this browser answered or dismissed the survey today: only the date is kept, not the
 * time of day. Returns when the cooldown ends.
 */
export function startCooldown(store: FlagStore, surveyId: string, days: number, now: number): number {
  store.set(keyOf(surveyId), new Date(now).toISOString().slice(0, 10));
  return endOf(now, days);
}
