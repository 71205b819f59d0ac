import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import * as z from 'zod/mini';
import { DEFAULT_REPORT_TIME_ZONE } from '../report/report-query.js';
import type { Survey } from '../schema/survey.js';
import { clip, formatIssues, toIssues } from '../schema/validate.js';
import { deleteContact, getContacts, patchContact, type ContactRouteOptions } from './contact-routes.js';
import { getCounts, postInvitations } from './count-routes.js';
import { createRateLimiter } from './rate-limit.js';
import { checkBodyLimit } from './record-size.js';
import { getExportCsv, getExportXlsx } from './export-routes.js';
import { getComments, getReport, type ReportRouteOptions } from './report-routes.js';
import { getResponses, postResponses, problem } from './response-routes.js';
import { parseScopes, REPORT_TOKEN_PATTERN, TOKEN_HINT, type ReportScope } from './report-scope.js';
import { readAuth, type ReadEnv } from './read-auth.js';
import { singleParams } from './read-query.js';
import { isDataError } from './sql-error.js';
import type { CollectorStore } from './store.js';
import { SurveyLookup } from './survey-lookup.js';

/** `GET /api/surveys/:id` takes only `version`, checked on its own for a clearer message. */
const SurveyParamsSchema = z.strictObject({ version: z.optional(z.string()) });

export { REPORT_TOKEN_PATTERN };

export const COLLECTOR_DEFAULTS = {
  /** About 500 full records with long comments. */
  maxBodyBytes: 1_048_576,
  /** The element's largest `batch-size`. */
  maxBatch: 500,
  /** Requests per minute per client, and the burst; 0 turns the limit off. */
  rateLimit: 120,
  /** Days a contact request is kept. */
  contactRetentionDays: 90,
  /** The lowest minimum count of a report: smaller cuts show only their number of answers. */
  reportMinCount: 5,
  /** Where report periods start and end (Europe/Brussels); set REPORT_TIME_ZONE elsewhere. */
  reportTimeZone: DEFAULT_REPORT_TIME_ZONE,
} as const;

/** Bodies of the agency's own small requests (invitation counts, marking a contact handled). */
const SMALL_BODY_BYTES = 16_384;

export interface CollectorOptions {
  store: CollectorStore;
  /** The surveys whose answers are taken (besides those other instances registered in the database). */
  surveys: readonly Survey[];
  /** The secret for every endpoint that reads answers: `Authorization: Bearer <reportToken>`. */
  reportToken: string;
  /**
   * Scoped read tokens: each reads the report, comments and exports of its own cut only (its
   * `context` values, and its `surveyId` if given); never raw answers, contacts, counts or invitations.
   */
  scopes?: readonly ReportScope[];
  /** Origins of the pages that embed the survey, or `'*'`. Same-origin pages need no entry. */
  allowedOrigins?: readonly string[] | '*';
  maxBodyBytes?: number;
  maxBatch?: number;
  rateLimit?: number;
  /**
   * Who is asking, for the rate limit. Default: the peer address under @hono/node-server. A request
   * without a key is not limited, so that one shared bucket never throttles every sender.
   */
  clientKey?: (request: Request, env: unknown) => string | undefined;
  /** Days a contact request is kept before it is deleted (default 90). */
  contactRetentionDays?: number;
  /** One line per stored batch, and per failure (counts and error codes, never answers or contact details). */
  log?: (line: string) => void;
  /** Monotonic milliseconds, for the rate limit. */
  now?: () => number;
  /** Wall-clock time, for the contact retention and today's date. */
  clock?: () => Date;
  /** IANA time zone in which report periods start and end when a request gives no `tz=` (default Europe/Brussels). */
  reportTimeZone?: string;
  /** The lowest `min=` a report request may ask for (default 5): a request can raise it, never lower it. */
  reportMinCount?: number;
}

export type FetchHandler = (request: Request, env?: unknown) => Promise<Response>;

/** The client's address as @hono/node-server gives it. */
export const peerAddress = (_request: Request, env: unknown): string | undefined =>
  (env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress;

function originAllowed(c: Context, allowed: readonly string[] | '*'): boolean {
  const origin = c.req.header('origin');
  if (!origin || allowed === '*' || allowed.includes(origin)) return true;
  // A page served by the collector itself (the demo) is same-origin.
  return c.req.header('sec-fetch-site') === 'same-origin' || origin === new URL(c.req.url).origin;
}

/**
 * 403 for a page whose origin may not send. Readable by that page (the refusal tells it nothing
 * else), so the widget pauses its queue as for any 403 instead of taking a CORS failure for a
 * network outage and retrying for ever.
 */
function refuseOrigin(c: Context): Response {
  const origin = c.req.header('origin') ?? '';
  c.header('access-control-allow-origin', origin);
  c.header('vary', 'Origin', { append: true });
  return problem(c, 403, `Origin ${clip(origin)} is not allowed to send answers.`);
}

/** 405 with the `Allow` header RFC 9110 asks for: the methods the path does take. */
function notAllowed(c: Context, allow: string, message: string): Response {
  c.header('allow', allow);
  return problem(c, 405, message);
}

/** What a failure may tell the log: its kind and code. A database error's text can quote answers. */
export function describeFailure(error: unknown): string {
  const { name, code } = error as { name?: unknown; code?: unknown };
  return `${typeof name === 'string' ? name : 'Error'}${typeof code === 'string' ? ` ${code}` : ''}`;
}

/**
 * The reference collector as a web-standard `(Request) => Promise<Response>` handler. It keeps no
 * state besides the rate limit's buckets, so any number of instances can share one database.
 */
export function createHandler(options: CollectorOptions): FetchHandler {
  // Unset (an environment variable that is not there), every read would answer 401 without a word.
  if (typeof options.reportToken !== 'string' || !REPORT_TOKEN_PATTERN.test(options.reportToken)) {
    throw new TypeError(`createHandler: reportToken is missing or too weak. ${TOKEN_HINT}`);
  }
  const scoped = parseScopes(options.scopes ?? [], options.reportToken);
  if (!scoped.ok) throw new TypeError(`createHandler: scopes ${scoped.message}`);
  const tokens = { full: options.reportToken, scopes: scoped.scopes };
  const reportAuth = (purpose?: string) => readAuth(tokens, { purpose });
  const scopedAuth = (purpose: string) => readAuth(tokens, { purpose, scoped: true });
  const { store } = options;
  const allowedOrigins = options.allowedOrigins ?? [];
  const maxBodyBytes = options.maxBodyBytes ?? COLLECTOR_DEFAULTS.maxBodyBytes;
  checkBodyLimit(maxBodyBytes, options.surveys);
  const perMinute = options.rateLimit ?? COLLECTOR_DEFAULTS.rateLimit;
  const limit = perMinute > 0 ? createRateLimiter({ perMinute, now: options.now }) : undefined;
  const clientKey = options.clientKey ?? peerAddress;
  const clock = options.clock ?? (() => new Date());
  const surveys = new SurveyLookup(store, options.surveys);
  const app = new Hono<ReadEnv>();

  // Every answer, also the 404 of a path outside /api/ (a mistyped `/API/report`).
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'no-store');
  });
  app.use(
    '/api/*',
    cors({
      // An opaque origin ("null": a sandboxed frame, a file) gets "*" where every origin may send:
      // echoing "null" would open the API to every such page, and nothing would leave the answers
      // stored but their acknowledgement unreadable, sent again and again.
      origin: (origin, c) => {
        // A refused page whose element sends a header (a token) asks first: let that ask through, so
        // its POST meets the readable 403 and the element pauses, instead of a network error it
        // would retry for good. The POST itself is still refused and stores nothing.
        if (origin && c.req.method === 'OPTIONS' && c.req.path === '/api/responses') return origin;
        if (origin === 'null') return allowedOrigins === '*' ? '*' : null;
        return origin && originAllowed(c, allowedOrigins) ? origin : null;
      },
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowHeaders: ['authorization', 'content-type'],
      // content-disposition names the export files <feedback-report> downloads from another origin.
      exposeHeaders: ['retry-after', 'content-disposition'],
      maxAge: 600,
    }),
  );

  app.get('/api/health', async c => {
    await store.ping();
    return c.json({ ok: true, store: store.kind, surveys: options.surveys.map(s => `${s.id}@${s.version}`) });
  });
  app.get('/api/surveys', c => c.json({ surveys: options.surveys.map(({ id, version }) => ({ id, version })) }));
  app.get('/api/surveys/:id', c => {
    const params = singleParams(c.req.url);
    if (typeof params === 'string') return problem(c, 400, params);
    // Like every other route: a misspelt `?verison=2` must not give the newest version without a word.
    const known = z.safeParse(SurveyParamsSchema, params);
    if (!known.success) return problem(c, 400, formatIssues(toIssues(known.error.issues)));
    const wanted = params.version;
    // "?version=abc" is a mistake in the link, not a missing survey.
    if (wanted !== undefined && !/^[1-9]\d{0,8}$/.test(wanted)) {
      return problem(c, 400, `version: use a whole number from 1, e.g. ?version=2 (got ${JSON.stringify(wanted.slice(0, 32))}).`);
    }
    const versions = options.surveys.filter(survey => survey.id === c.req.param('id'));
    const survey = wanted ? versions.find(s => s.version === Number(wanted)) : versions.at(-1);
    return survey ? c.json(survey) : problem(c, 404, `No survey "${clip(c.req.param('id'))}"${wanted ? ` version ${wanted}` : ''}.`);
  });

  // Only sending answers is limited: staff reading them behind the same address as the kiosks
  // must not use up the kiosks' budget.
  app.use('/api/responses', async (c, next) => {
    const key = c.req.method === 'POST' ? clientKey(c.req.raw, c.env) : undefined;
    const decision = limit && key !== undefined ? limit(key) : ({ ok: true } as const);
    if (decision.ok) return next();
    c.header('retry-after', String(decision.retryAfterSeconds));
    return problem(c, 429, `Too many requests; try again in ${decision.retryAfterSeconds} s.`);
  });
  app.post(
    '/api/responses',
    async (c, next) =>
      originAllowed(c, allowedOrigins) ? next() : refuseOrigin(c),
    bodyLimit({ maxSize: maxBodyBytes, onError: c => problem(c, 413, `The body is larger than ${maxBodyBytes} bytes. Send smaller batches.`) }),
    postResponses({ store, surveys, maxBatch: options.maxBatch ?? COLLECTOR_DEFAULTS.maxBatch, clock, log: options.log }),
  );
  app.get('/api/responses', reportAuth(), getResponses(store));
  app.all('/api/responses', c => notAllowed(c, 'GET, HEAD, POST', 'Use POST to send answers, GET (with the report token) to read them.'));

  const small = bodyLimit({ maxSize: SMALL_BODY_BYTES, onError: c => problem(c, 413, `The body is larger than ${SMALL_BODY_BYTES} bytes.`) });
  const contacts: ContactRouteOptions = {
    store,
    retentionDays: options.contactRetentionDays ?? COLLECTOR_DEFAULTS.contactRetentionDays,
    clock,
    log: options.log,
  };
  const contactAuth = reportAuth('Handling contact requests');
  app.get('/api/contacts', contactAuth, getContacts(contacts));
  app.all('/api/contacts', c => notAllowed(c, 'GET, HEAD', 'Use GET (with the report token) to read contact requests.'));
  app.patch('/api/contacts/:id', contactAuth, small, patchContact(contacts));
  app.delete('/api/contacts/:id', contactAuth, deleteContact(contacts));
  app.all('/api/contacts/:id', c => notAllowed(c, 'PATCH, DELETE', 'Use PATCH {"handled": true|false} or DELETE (with the report token).'));
  const reports: ReportRouteOptions = { store, surveys: options.surveys, clock, timeZone: options.reportTimeZone ?? COLLECTOR_DEFAULTS.reportTimeZone, minCount: options.reportMinCount ?? COLLECTOR_DEFAULTS.reportMinCount };
  const countAuth = reportAuth('Registering invitations');
  app.post('/api/invitations', countAuth, small, postInvitations({ store, surveys, clock, timeZone: reports.timeZone }));
  app.all('/api/invitations', c => notAllowed(c, 'POST', 'Use POST (with the report token) to register sent invitations.'));
  app.get('/api/counts', reportAuth('Reading counts'), getCounts(store));
  app.all('/api/counts', c => notAllowed(c, 'GET, HEAD', 'Use GET (with the report token) to read counts.'));
  app.get('/api/report', scopedAuth('Reading the report'), getReport(reports));
  app.all('/api/report', c => notAllowed(c, 'GET, HEAD', 'Use GET (with the report token) to read the report.'));
  app.get('/api/comments', scopedAuth('Reading comments'), getComments(reports));
  app.all('/api/comments', c => notAllowed(c, 'GET, HEAD', 'Use GET (with the report token) to read comments.'));
  const exportAuth = scopedAuth('Exporting answers');
  app.get('/api/export.xlsx', exportAuth, getExportXlsx(reports));
  app.get('/api/export.csv', exportAuth, getExportCsv(reports));
  for (const path of ['/api/export.xlsx', '/api/export.csv']) app.all(path, c => notAllowed(c, 'GET, HEAD', 'Use GET (with the report token) to export.'));
  // Last but one: a POST to a read-only path is a wrong method, not a missing endpoint.
  for (const path of ['/api/health', '/api/surveys', '/api/surveys/:id']) app.all(path, c => notAllowed(c, 'GET, HEAD', 'Use GET.'));
  app.all('*', c => problem(c, 404, `No collector endpoint ${clip(c.req.method)} ${clip(new URL(c.req.url).pathname)}.`));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    if (c.req.method === 'GET' && isDataError(error)) return problem(c, 400, 'The database cannot use a value in this query.');
    (options.log ?? console.error)(`request failed: ${describeFailure(error)}`);
    // Most likely the database is out of reach: tell senders to keep the answers and come back.
    c.header('retry-after', '30');
    return problem(c, 503, 'The collector cannot reach its database just now; try again later.');
  });

  return (request, env) => Promise.resolve(app.fetch(request, env as ReadEnv['Bindings']));
}
