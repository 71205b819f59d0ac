// What a report asks for, and its reading from a URL (`GET /api/report?…`, the exports, and
// <feedback-report>'s own requests). Pure; bad parameters give one readable message.
import * as z from 'zod/mini';
import { DaySchema } from '../schema/day.js';
import { CHANNELS, CONTEXT_LIMITS, type Channel } from '../schema/record.js';
import { IdSchema } from '../schema/survey.js';
import { clip, formatIssues, toIssues } from '../schema/validate.js';
import { canonicalTimeZone, dayIn, isTimeZone, presetPeriod, PRESETS, type Period } from './period.js';

/** Cuts with fewer answers than this show only how many there are, no figures (small teams stay anonymous). */
export const DEFAULT_MIN_COUNT = 5;
/**
 * Where report periods start and end when a request gives no `tz=`: the agencies this was made for
 * are in Belgium, whose months begin an hour or two before UTC's. The collector's default too
 * (REPORT_TIME_ZONE), so summarize() on the same parameters gives its figures.
 */
export const DEFAULT_REPORT_TIME_ZONE = 'Europe/Brussels';
export const MAX_MIN_COUNT = 1000;
/** The longest period a report covers. */
export const MAX_PERIOD_DAYS = 3660;

/** Answers per channel, or per value of a context key such as `office`. */
export type Breakdown = { by: 'channel' } | { by: 'context'; key: string };

export interface ReportQuery {
  surveyId: string;
  period: Period;
  /** Also compute the previous period and the changes (default true). */
  compare: boolean;
  /** Only these channels; empty for all. */
  channels: Channel[];
  /** Only answers whose context has these values, e.g. `{ office: 'Gent' }`. */
  context: Record<string, string>;
  breakdown: Breakdown | null;
  minCount: number;
  /** IANA time zone in which the period's days start and end. */
  timeZone: string;
}

const ContextKeySchema = z.string().check(
  z.regex(new RegExp(`^[a-zA-Z][a-zA-Z0-9_-]{0,${CONTEXT_LIMITS.keyLength - 1}}$`), 'Use a context key such as "office"'),
);

const ParamsSchema = z.strictObject({
  survey: z.optional(IdSchema),
  period: z.optional(z.enum(PRESETS)),
  date: z.optional(DaySchema),
  from: z.optional(DaySchema),
  to: z.optional(DaySchema),
  compare: z.optional(z.enum(['true', 'false'])),
  channel: z.optional(
    z.string().check(z.refine(value => value.split(',').every(c => (CHANNELS as readonly string[]).includes(c)), `Use channels from ${CHANNELS.join(', ')}, comma-separated`)),
  ),
  // `channel`, a context key such as `office`, or `context.<key>` (for a context key named "channel").
  breakdown: z.optional(z.string().check(z.regex(/^(context\.)?[a-zA-Z][a-zA-Z0-9_-]{0,31}$/, 'Use channel or a context key such as "office"'))),
  // One check, one message: -1 or 5000 is a whole number, only not in the range.
  min: z.optional(z.string().check(z.refine(v => /^\d{1,4}$/.test(v) && +v >= 1 && +v <= MAX_MIN_COUNT, `Use a whole number from 1 to ${MAX_MIN_COUNT}`))),
  tz: z.optional(z.string().check(z.refine(isTimeZone, 'Use an IANA time zone such as "Europe/Brussels"'))),
});

export type ParsedQuery = { ok: true; query: Omit<ReportQuery, 'surveyId'> & { surveyId?: string } } | { ok: false; message: string };

function periodOf(params: z.infer<typeof ParamsSchema>, today: string): Period | string {
  const { period, date, from, to } = params;
  if (period && (from || to)) return 'Give either period= (with an optional date=) or from= and to=, not both';
  if (from || to) {
    if (!from || !to) return 'Give both from= and to= (inclusive days, YYYY-MM-DD)';
    if (from > to) return 'from= is after to=';
    if (Date.parse(to) - Date.parse(from) >= MAX_PERIOD_DAYS * 86_400_000) return `A period is at most ${MAX_PERIOD_DAYS} days`;
    return { from, to };
  }
  return presetPeriod(period ?? 'half-year', date ?? today);
}

/**
 * Reads `survey=&period=&date=&from=&to=&compare=&channel=&context.<key>=&breakdown=&min=&tz=`.
 * Without a period it takes the half-year that holds today. `survey` may be left to the caller.
 * Without `tz=`, days are `defaultTimeZone`'s (Europe/Brussels unless given).
 */
export function parseReportQuery(params: URLSearchParams, now: Date, defaultTimeZone = DEFAULT_REPORT_TIME_ZONE): ParsedQuery {
  // No prototype: `plain['__proto__'] = …` on a `{}` would set the prototype, not a key, and the
  // parameter would pass as neither unknown nor given twice.
  const plain: Record<string, string> = Object.create(null);
  const context: Record<string, string> = {};
  // A message repeats at most 64 characters of a name: a longer one is no parameter and is kept cut
  // (clip), so it is never "given twice" but unknown, and a context key that passed its schema is shorter.
  for (const [name, value] of params) {
    if (Object.hasOwn(plain, name) || (name.startsWith('context.') && Object.hasOwn(context, name.slice(8)))) return { ok: false, message: `${name}: given twice` };
    if (name.startsWith('context.')) {
      const key = name.slice(8);
      if (!z.safeParse(ContextKeySchema, key).success) return { ok: false, message: `${clip(name)}: use a context key such as "office"` };
      if (value.length > CONTEXT_LIMITS.valueLength) return { ok: false, message: `${name}: at most ${CONTEXT_LIMITS.valueLength} characters` };
      // No stored answer holds one (the collector refuses them), and the database would reject the query.
      if (value.includes('\0')) return { ok: false, message: `${name}: without NUL characters` };
      context[key] = value;
    } else plain[clip(name)] = value;
  }
  if (Object.keys(context).length > CONTEXT_LIMITS.keys) return { ok: false, message: `At most ${CONTEXT_LIMITS.keys} context filters` };
  const parsed = z.safeParse(ParamsSchema, plain);
  if (!parsed.success) return { ok: false, message: formatIssues(toIssues(parsed.error.issues)) };
  const params_ = parsed.data;
  const timeZone = canonicalTimeZone(params_.tz ?? defaultTimeZone);
  const period = periodOf(params_, dayIn(now, timeZone));
  if (typeof period === 'string') return { ok: false, message: period };
  const breakdown: Breakdown | null = !params_.breakdown ? null : params_.breakdown === 'channel' ? { by: 'channel' } : { by: 'context', key: params_.breakdown.replace(/^context\./, '') };
  return {
    ok: true,
    query: {
      ...(params_.survey ? { surveyId: params_.survey } : {}),
      period,
      compare: params_.compare !== 'false',
      channels: params_.channel ? [...new Set(params_.channel.split(','))] as Channel[] : [],
      context,
      breakdown,
      minCount: params_.min ? Number(params_.min) : DEFAULT_MIN_COUNT,
      timeZone,
    },
  };
}

/** The URL parameters of a query: what <feedback-report> sends, and what `parseReportQuery` reads back. */
export function reportParams(query: Partial<ReportQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.surveyId) params.set('survey', query.surveyId);
  const { period } = query;
  if (period?.preset) params.set('period', period.preset), params.set('date', period.from);
  else if (period) params.set('from', period.from), params.set('to', period.to);
  if (query.compare === false) params.set('compare', 'false');
  if (query.channels?.length) params.set('channel', query.channels.join(','));
  for (const [key, value] of Object.entries(query.context ?? {})) params.set(`context.${key}`, value);
  const { breakdown } = query;
  if (breakdown) params.set('breakdown', breakdown.by === 'channel' ? 'channel' : breakdown.key === 'channel' ? 'context.channel' : breakdown.key);
  if (query.minCount !== undefined) params.set('min', String(query.minCount));
  if (query.timeZone) params.set('tz', query.timeZone);
  return params;
}
