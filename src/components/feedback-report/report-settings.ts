// From the element's attributes to a report query, and the periods the period select offers.
// Pure: lenient with attribute values (a bad one falls back to its default), so the page always
// shows a report; the collector checks the query again.
import { isRealDay } from '../../schema/day.js';
import { CHANNELS, type Channel } from '../../schema/record.js';
import { dayCount, isTimeZone, presetPeriod, previousPeriod, PRESETS, type Period, type Preset } from '../../report/period.js';
import { DEFAULT_MIN_COUNT, MAX_MIN_COUNT, MAX_PERIOD_DAYS, reportParams, type Breakdown, type ReportQuery } from '../../report/report-query.js';

/** Periods the period select lists: the one holding today and the ones before it. */
export const RECENT_PERIODS = 8;
/** The languages of the collector's export labels. */
const EXPORT_LANGUAGES = ['nl', 'fr', 'de', 'en'];

export interface ReportSettings {
  surveyId?: string;
  period: string;
  date?: string;
  from?: string;
  to?: string;
  channels: string;
  breakdown: string;
  minCount: number;
  timeZone?: string;
}

/** A day the collector accepts (from 1970 on): not year 0202, which a date field holds while 2025 is typed. */
const isDay = (value: string | undefined): value is string => !!value && isRealDay(value);

/** The preset named by `period`, or half-year. */
export function presetOf(period: string): Preset {
  return (PRESETS as readonly string[]).includes(period) ? (period as Preset) : 'half-year';
}

/** The browser's time zone, or UTC where it names none. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The `time-zone` setting when valid, else `fallback` (the collector's, once a report has named it), else the browser's. */
export function timeZoneOf(settings: Pick<ReportSettings, 'timeZone'>, fallback?: string): string {
  return settings.timeZone && isTimeZone(settings.timeZone) ? settings.timeZone : (fallback ?? browserTimeZone());
}

/** Whether `from`–`to` is a range the collector accepts: days in order, at most MAX_PERIOD_DAYS. */
export const isRange = (from?: string, to?: string): boolean => isDay(from) && isDay(to) && from <= to && dayCount({ from, to }) <= MAX_PERIOD_DAYS;
const hasRange = ({ from, to }: ReportSettings) => isRange(from, to);

/** Whether the period is the preset one holding today: no custom range and no `date`. */
function holdsToday(settings: ReportSettings): boolean {
  return !hasRange(settings) && !isDay(settings.date);
}

/** The custom range when `from` and `to` are both days in order, else the preset period holding `date` (default today). */
export function periodOf(settings: ReportSettings, today: string): Period {
  if (hasRange(settings)) return { from: settings.from!, to: settings.to! };
  return presetPeriod(presetOf(settings.period), isDay(settings.date) ? settings.date : today);
}

export function channelsOf(channels: string): Channel[] {
  const list = channels.split(',').map(c => c.trim());
  return (CHANNELS as readonly string[]).filter(c => list.includes(c)) as Channel[];
}

export function breakdownOf(breakdown: string): Breakdown | null {
  const key = breakdown.trim();
  if (!key) return null;
  return key === 'channel' ? { by: 'channel' } : { by: 'context', key };
}

/** The query the element asks the collector for. */
export function queryOf(settings: ReportSettings, today: string): Partial<ReportQuery> {
  const minCount = Number.isInteger(settings.minCount) && settings.minCount >= 1 ? Math.min(settings.minCount, MAX_MIN_COUNT) : DEFAULT_MIN_COUNT;
  return {
    ...(settings.surveyId ? { surveyId: settings.surveyId } : {}),
    period: periodOf(settings, today),
    channels: channelsOf(settings.channels),
    breakdown: breakdownOf(settings.breakdown),
    minCount,
    // Without a time-zone attribute the collector's REPORT_TIME_ZONE decides, so that every reader
    // of one collector sees the same period bounds whatever their laptop's zone.
    ...(settings.timeZone && isTimeZone(settings.timeZone) ? { timeZone: settings.timeZone } : {}),
  };
}

/**
 * The query as URL parameters. The period holding today goes without its `date` when the collector's
 * zone decides: the collector then takes the period holding its own today, so near midnight a reader in
 * another zone sees the same period as everyone else. `current` is then the first day of that period
 * (as this reader's clock has it), for the element to notice a page left open into the next one.
 */
export function requestOf(settings: ReportSettings, today: string): { params: URLSearchParams; current?: string } {
  const query = queryOf(settings, today);
  const params = reportParams(query);
  if (query.timeZone || !holdsToday(settings)) return { params };
  params.delete('date');
  return { params, current: query.period!.from };
}

/**
 * What choosing a kind of period sets: "custom" starts from the period shown; a preset leaves the
 * custom range, and takes its first day as the date to show.
 */
export function kindChange(settings: ReportSettings, kind: Preset | 'custom', today: string): Partial<ReportSettings> {
  if (kind === 'custom') {
    const { from, to } = periodOf(settings, today);
    return { from, to };
  }
  return { ...(settings.from && settings.to ? { date: settings.from } : {}), from: undefined, to: undefined, period: kind };
}

/** The period holding `today` and the ones before it, newest first; `selected` is added when it is not among them. */
export function recentPeriods(preset: Preset, today: string, selected?: Period): Period[] {
  const periods = [presetPeriod(preset, today)];
  while (periods.length < RECENT_PERIODS) periods.push(previousPeriod(periods[periods.length - 1]!));
  if (selected?.preset === preset && !periods.some(p => p.from === selected.from)) periods.push(selected);
  return periods.sort((a, b) => (a.from < b.from ? 1 : -1));
}

/**
 * The export's parameters and file name. The sheets' labels are in the reader's language (`lang`,
 * a language tag) where the collector has it (nl, fr, de, en), else the collector's default.
 */
export function exportOf(settings: ReportSettings, today: string, format: string, lang: string, reportSurveyId?: string): { params: URLSearchParams; name: string } {
  const { period } = queryOf(settings, today);
  const survey = reportSurveyId ?? settings.surveyId ?? 'report';
  const { params } = requestOf(settings, today);
  const language = lang.split('-')[0]!.toLowerCase();
  if (EXPORT_LANGUAGES.includes(language)) params.set('lang', language);
  return { params, name: `feedback-${survey}-${period!.from}-${period!.to}.${format}` };
}
