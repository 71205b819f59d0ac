import type { FlagStore } from '../../queue/local-flags.js';

/** The half-year rule agencies use: one browser is asked about one survey at most twice a year. */
export const DEFAULT_COOLDOWN_DAYS = 180;
const DAY_MS = 86_400_000;

const keyOf = (surveyId: string) => `asked:${surveyId}`;

/** Whether this browser answered or dismissed the survey less than `days` days ago. */
export function inCooldown(store: FlagStore, surveyId: string, days: number, now: number): boolean {
  if (days <= 0) return false;
  const at = Date.parse(store.get(keyOf(surveyId)) ?? '');
  // A date in the future (a clock set back) counts as now, so it cannot silence a survey for years.
  return Number.isFinite(at) && now - Math.min(at, now) < days * DAY_MS;
}

/** Remembers that this browser answered or dismissed the survey now: only the date is kept. */
export function startCooldown(store: FlagStore, surveyId: string, now: number): void {
  store.set(keyOf(surveyId), new Date(now).toISOString());
}
