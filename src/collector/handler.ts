import { Hono, type Context } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { Survey } from '../schema/survey.js';
import { ingest, parseBatch } from './batch.js';
import { createRateLimiter } from './rate-limit.js';
import { nextCursor, parseResponseQuery } from './read-query.js';
import { indexSurveys } from './record-check.js';
import type { CollectorStore } from './store.js';

export const COLLECTOR_DEFAULTS = {
  /** About 500 full records with long comments. */
  maxBodyBytes: 1_048_576,
  /** The element's largest `batch-size`. */
  maxBatch: 500,
  /** Requests per minute per client, and the burst; 0 turns the limit off. */
  rateLimit: 120,
} as const;

export interface CollectorOptions {
  store: CollectorStore;
  /** The surveys whose answers are taken; anything else is rejected. */
  surveys: readonly Survey[];
  /** The secret for every endpoint that reads answers: `Authorization: Bearer <reportToken>`. */
  reportToken: string;
  /** Origins of the pages that embed the survey, or `'*'`. Same-origin pages need no entry. */
  allowedOrigins?: readonly string[] | '*';
  maxBodyBytes?: number;
  maxBatch?: number;
  rateLimit?: number;
  /** Who is asking, for the rate limit; the Node adapter gives the peer address. */
  clientKey?: (request: Request, env: unknown) => string;
  /** One line per stored batch (counts only, never answers or addresses). */
  log?: (line: string) => void;
  /** Monotonic milliseconds, for the rate limit. */
  now?: () => number;
}

export type FetchHandler = (request: Request, env?: unknown) => Promise<Response>;

const problem = (c: Context, status: 400 | 403 | 404 | 405 | 413 | 429 | 503, error: string) =>
  c.json({ error }, status);

function originAllowed(c: Context, allowed: readonly string[] | '*'): boolean {
  const origin = c.req.header('origin');
  if (!origin || allowed === '*' || allowed.includes(origin)) return true;
  // A page served by the collector itself (the demo) is same-origin.
  return c.req.header('sec-fetch-site') === 'same-origin' || origin === new URL(c.req.url).origin;
}

/**
 * The reference collector as a web-standard `(Request) => Promise<Response>` handler. It keeps no
 * state besides the rate limit's buckets, so any number of instances can share one database.
 */
export function createHandler(options: CollectorOptions): FetchHandler {
  const allowedOrigins = options.allowedOrigins ?? [];
  const maxBatch = options.maxBatch ?? COLLECTOR_DEFAULTS.maxBatch;
  const perMinute = options.rateLimit ?? COLLECTOR_DEFAULTS.rateLimit;
  const limit = perMinute > 0 ? createRateLimiter({ perMinute, now: options.now }) : () => ({ ok: true }) as const;
  const clientKey = options.clientKey ?? (() => 'all');
  const surveys = indexSurveys(options.surveys);
  const { store } = options;
  const app = new Hono();

  app.use('/api/*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'no-store');
  });
  app.use(
    '/api/*',
    cors({
      origin: (origin, c) => (originAllowed(c, allowedOrigins) && origin ? origin : null),
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['retry-after'],
      maxAge: 600,
    }),
  );

  app.get('/api/health', async c => {
    await store.ping();
    return c.json({ ok: true, store: store.kind, surveys: options.surveys.map(s => `${s.id}@${s.version}`) });
  });

  const surveyList = () => options.surveys.map(survey => ({ id: survey.id, version: survey.version }));
  app.get('/api/surveys', c => c.json({ surveys: surveyList() }));
  app.get('/api/surveys/:id', c => {
    const versions = options.surveys.filter(survey => survey.id === c.req.param('id'));
    const wanted = c.req.query('version');
    const survey = wanted ? versions.find(s => String(s.version) === wanted) : versions.at(-1);
    return survey ? c.json(survey) : problem(c, 404, `No survey "${c.req.param('id')}"${wanted ? ` version ${wanted}` : ''}.`);
  });

  app.use('/api/responses', async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const decision = limit(clientKey(c.req.raw, c.env));
    if (decision.ok) return next();
    c.header('retry-after', String(decision.retryAfterSeconds));
    return problem(c, 429, `Too many requests; try again in ${decision.retryAfterSeconds} s.`);
  });

  app.post(
    '/api/responses',
    async (c, next) =>
      originAllowed(c, allowedOrigins) ? next() : problem(c, 403, `Origin ${c.req.header('origin')} is not allowed to send answers.`),
    bodyLimit({
      maxSize: options.maxBodyBytes ?? COLLECTOR_DEFAULTS.maxBodyBytes,
      onError: c => problem(c, 413, `The body is larger than ${options.maxBodyBytes ?? COLLECTOR_DEFAULTS.maxBodyBytes} bytes. Send smaller batches.`),
    }),
    async c => {
      const batch = parseBatch(new Uint8Array(await c.req.arrayBuffer()), maxBatch);
      if (!batch.ok) return problem(c, batch.status, batch.error);
      const { results, accepted } = await ingest(batch.records, surveys, store);
      const rejected = results.filter(r => r.status === 'rejected').length;
      options.log?.(`${accepted} accepted, ${results.length - accepted - rejected} duplicate, ${rejected} rejected`);
      // Nothing stored or known: a 4xx, still with the per-record reasons.
      if (rejected === results.length) return c.json({ error: 'No record could be stored; see "results".', results }, 422);
      return c.json({ results });
    },
  );

  app.get(
    '/api/responses',
    bearerAuth({
      token: options.reportToken,
      noAuthenticationHeader: { message: { error: 'Reading answers needs Authorization: Bearer <REPORT_TOKEN>.' } },
      invalidAuthenticationHeader: { message: { error: 'Use Authorization: Bearer <REPORT_TOKEN>.' } },
      invalidToken: { message: { error: 'That report token is not valid.' } },
    }),
    async c => {
      const parsed = parseResponseQuery(c.req.query());
      if (!parsed.ok) return problem(c, 400, parsed.message);
      const responses = await store.listResponses(parsed.query);
      return c.json({ responses, next: nextCursor(responses, parsed.query.limit) });
    },
  );

  app.all('/api/responses', c => problem(c, 405, 'Use POST to send answers, GET (with the report token) to read them.'));
  app.all('/api/*', c => problem(c, 404, `No collector endpoint ${c.req.method} ${new URL(c.req.url).pathname}.`));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    console.error('feedback collector:', error);
    // Most likely the database is out of reach: tell senders to keep the answers and come back.
    c.header('retry-after', '30');
    return problem(c, 503, 'The collector cannot reach its database just now; try again later.');
  });

  return (request, env) => Promise.resolve(app.fetch(request, env));
}
