import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of `date` in UTC. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The day `days` after `day` (before, when negative). */
export const addDays = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** A day of the calendar, between 1970 and 9999, not "2026-02-30". */
export function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < '1970') return false;
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && utcDay(new Date(time)) === day;
}

export const DaySchema = lazySchema(() => z.string().check(z.refine(isRealDay, 'Use a real day as YYYY-MM-DD, from 1970 on')));
