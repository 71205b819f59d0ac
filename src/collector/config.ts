import * as z from 'zod/mini';
import { isTimeZone } from '../report/period.js';
import { formatIssues, toIssues } from '../schema/validate.js';
import { COLLECTOR_DEFAULTS } from './handler.js';
import { REPORT_TOKEN_PATTERN, TOKEN_HINT } from './report-scope.js';

const whole = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d+$/, `Use a whole number from ${min} to ${max}`)),
    z.transform(Number),
  ).check(z.minimum(min), z.maximum(max));

const OriginsSchema = z.pipe(
  z.string(),
  z.transform(value => (value.trim() === '*' ? ('*' as const) : value.split(',').map(o => o.trim()).filter(Boolean))),
).check(
  z.refine(
    origins => origins === '*' || origins.every(o => /^https?:\/\/[^/\s]+$/.test(o)),
    'Use origins such as https://www.example.be (scheme and host, no path), separated by commas, or *',
  ),
);

/** Settings from the environment; every variable is optional. */
const EnvSchema = z.object({
  PORT: z.optional(whole(0, 65_535)),
  HOST: z.optional(z.string().check(z.minLength(1))),
  DATA_DIR: z.optional(z.string().check(z.minLength(1))),
  DATABASE_URL: z.optional(z.string().check(z.regex(/^postgres(ql)?:\/\//, 'Use postgres://user:password@host:5432/database'))),
  REPORT_TOKEN: z.optional(
    z.string().check(z.regex(REPORT_TOKEN_PATTERN, TOKEN_HINT)),
  ),
  INVITATION_KEY: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9._~+/=-]{32,}$/, 'Use at least 32 letters, digits or ._~+/=- (for example: openssl rand -hex 32)')),
  ),
  ALLOWED_ORIGINS: z.optional(OriginsSchema),
  SURVEYS: z.optional(z.string().check(z.minLength(1))),
  REPORT_SCOPES: z.optional(z.string().check(z.minLength(1))),
  RATE_LIMIT: z.optional(whole(0, 1_000_000)),
  MAX_BATCH: z.optional(whole(1, 10_000)),
  MAX_BODY_BYTES: z.optional(whole(1024, 100 * 1_048_576)),
  TRUST_PROXY: z.optional(z.enum(['true', 'false'])),
  CONTACT_RETENTION_DAYS: z.optional(whole(1, 3650)),
  REPORT_MIN_COUNT: z.optional(whole(1, 1000)),
  REPORT_TIME_ZONE: z.optional(z.string().check(z.refine(isTimeZone, 'Use an IANA time zone such as Europe/Brussels'))),
});

export interface CollectorConfig {
  port: number;
  host: string;
  /** PGlite's directory; unused when `databaseUrl` is set. */
  dataDir: string;
  databaseUrl?: string;
  reportToken?: string;
  /** The key invitation tokens are hashed with, kept out of the database; without it the database keeps a generated one. */
  invitationKey?: string;
  /** Scoped read tokens: inline JSON (`[{"token": …, "context": {"team": "Gent-1"}}]`) or the path of a JSON file of them. */
  reportScopes?: string;
  allowedOrigins: readonly string[] | '*';
  /** JSON survey files, or folders of them, besides the built-in survey. */
  surveyPaths: string[];
  rateLimit: number;
  maxBatch: number;
  maxBodyBytes: number;
  /** Take the client address from the last `X-Forwarded-For` entry (behind a load balancer). */
  trustProxy: boolean;
  /** Days a contact request is kept; older ones are deleted (their answers stay). */
  contactRetentionDays: number;
  /** IANA time zone in which report periods start and end, unless a request gives `tz=` (default Europe/Brussels). */
  reportTimeZone?: string;
  /** The lowest minimum count a report request may ask for (`min=` may raise it, never lower it); default 5. */
  reportMinCount?: number;
}

/** Reads the collector's settings from environment variables, with a clear message for a bad one. */
export function readConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: CollectorConfig } | { ok: false; message: string } {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = z.safeParse(EnvSchema, present);
  if (!parsed.success) return { ok: false, message: formatIssues(toIssues(parsed.error.issues)) };
  const e = parsed.data;
  const config: CollectorConfig = {
    port: e.PORT ?? 8787,
    host: e.HOST ?? '127.0.0.1',
    dataDir: e.DATA_DIR ?? '.data',
    allowedOrigins: e.ALLOWED_ORIGINS ?? [],
    surveyPaths: e.SURVEYS?.split(',').map(p => p.trim()).filter(Boolean) ?? [],
    rateLimit: e.RATE_LIMIT ?? COLLECTOR_DEFAULTS.rateLimit,
    maxBatch: e.MAX_BATCH ?? COLLECTOR_DEFAULTS.maxBatch,
    maxBodyBytes: e.MAX_BODY_BYTES ?? COLLECTOR_DEFAULTS.maxBodyBytes,
    trustProxy: e.TRUST_PROXY === 'true',
    contactRetentionDays: e.CONTACT_RETENTION_DAYS ?? COLLECTOR_DEFAULTS.contactRetentionDays,
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  if (e.REPORT_TOKEN) config.reportToken = e.REPORT_TOKEN;
  if (e.INVITATION_KEY) config.invitationKey = e.INVITATION_KEY;
  if (e.REPORT_SCOPES) config.reportScopes = e.REPORT_SCOPES.trim();
  if (e.REPORT_TIME_ZONE) config.reportTimeZone = e.REPORT_TIME_ZONE;
  if (e.REPORT_MIN_COUNT !== undefined) config.reportMinCount = e.REPORT_MIN_COUNT;
  return { ok: true, config };
}
