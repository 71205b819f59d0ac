import type { Handler } from 'hono';
import * as z from 'zod/mini';
import { periodBounds } from '../report/period.js';
import { parseReportQuery, type ReportQuery } from '../report/report-query.js';
import { surveyCatalog } from '../report/report-questions.js';
import type { Survey } from '../schema/survey.js';
import { formatIssues, toIssues } from '../schema/validate.js';
import { cursorTime, DEFAULT_PAGE, LimitSchema } from './read-query.js';
import { collectorReport } from './report-service.js';
import type { ReadEnv } from './read-auth.js';
import { scopeQuery, type ReportScope } from './report-scope.js';
import { problem } from './response-routes.js';
import { readStoredSurvey } from './stored-survey.js';
import type { CollectorStore, CommentQuery, StoredComment } from './store.js';

export interface ReportRouteOptions {
  store: CollectorStore;
  /** This instance's own surveys; those registered in the database are added. */
  surveys: readonly Survey[];
  /** Wall-clock time: a report without a period covers the half-year of today. */
  clock: () => Date;
  /** The time zone of the period's days when the request gives no `tz=`. */
  timeZone: string;
  /** The lowest minimum count: `min=` may raise it, never lower it, so small teams stay unexposed whoever asks. */
  minCount: number;
}

/** The longest search text of `GET /api/comments`. */
export const MAX_SEARCH = 200;

/** Every survey version a report may span: the own ones, and those any instance registered. */
async function knownSurveys(store: CollectorStore, own: readonly Survey[]): Promise<Survey[]> {
  const surveys = [...own];
  for (const stored of await store.surveys()) {
    const checked = readStoredSurvey(stored);
    if (checked.ok && !surveys.some(s => s.id === checked.value.id && s.version === checked.value.version)) surveys.push(checked.value);
  }
  return surveys;
}

export type ResolvedQuery = { ok: true; query: ReportQuery; surveys: Survey[] } | { ok: false; status: 400 | 403 | 404; message: string };

/**
 * The report query of a request's parameters, with its survey (named, or the only one the collector
 * knows) and every known version of it; the reason and status otherwise. The exports use it too.
 * A scoped token's `scope` is always applied: its filter, as if the request had given it.
 */
export async function resolveQuery(params: URLSearchParams, options: ReportRouteOptions, scope?: ReportScope): Promise<ResolvedQuery> {
  const parsed = parseReportQuery(params, options.clock(), options.timeZone);
  if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
  const scoped = scope ? scopeQuery(parsed.query, scope) : parsed;
  if (!scoped.ok) return { ok: false, status: 403, message: scoped.message };
  const surveys = await knownSurveys(options.store, options.surveys);
  const ids = [...new Set(surveys.map(s => s.id))].sort();
  const surveyId = scoped.query.surveyId ?? (ids.length === 1 ? ids[0] : undefined);
  if (surveyId === undefined) return { ok: false, status: 400, message: `Give survey=, one of: ${ids.join(', ') || '(none)'}` };
  if (!ids.includes(surveyId)) return { ok: false, status: 404, message: `No survey "${surveyId}". Known: ${ids.join(', ')}` };
  return { ok: true, query: { ...scoped.query, surveyId, minCount: Math.max(scoped.query.minCount, options.minCount) }, surveys };
}

/** `GET /api/report?survey=&period=&date=&from=&to=&compare=&channel=&context.<key>=&breakdown=&min=&tz=`. */
export function getReport(options: ReportRouteOptions): Handler<ReadEnv> {
  return async c => {
    const resolved = await resolveQuery(new URL(c.req.url).searchParams, options, c.var.scope);
    if (!resolved.ok) return problem(c, resolved.status, resolved.message);
    const result = await collectorReport(options.store, resolved.surveys, resolved.query);
    return result.ok ? c.json(result.report) : problem(c, 404, result.message);
  };
}

// `<submittedAt ISO>_<response id>_<question id>` of the last comment of a page.
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([a-zA-Z][a-zA-Z0-9_-]{0,63})$/i;

const PagingSchema = z.strictObject({
  q: z.optional(
    z.string().check(
      z.maxLength(MAX_SEARCH, `Search for at most ${MAX_SEARCH} characters`),
      z.refine(q => !q.includes('\u0000'), 'Search without NUL characters'),
    ),
  ),
  limit: z.optional(LimitSchema),
  after: z.optional(
    z.pipe(
      z.string().check(z.refine(value => cursorTime(CURSOR.exec(value)?.[1] ?? '') !== undefined, 'Use the "next" value of the page before')),
      z.transform(value => {
        const [, at, id, questionId] = CURSOR.exec(value)!;
        return { submittedAt: new Date(at!), id: id!.toLowerCase(), questionId: questionId! };
      }),
    ),
  ),
});

const PAGING = ['q', 'limit', 'after'];

/** Splits the paging parameters of `GET /api/comments` from the cut's. */
function splitParams(params: URLSearchParams): { cut: URLSearchParams; paging: Record<string, string> } | string {
  const cut = new URLSearchParams();
  const paging: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!PAGING.includes(name)) cut.append(name, value);
    else if (Object.hasOwn(paging, name)) return `${name}: given twice`;
    else paging[name] = value;
  }
  return { cut, paging };
}

/** The cursor for the page after `page`, or null when it was the last. */
export function nextCommentCursor(page: StoredComment[], limit: number): string | null {
  const last = page.at(-1);
  return last && page.length === limit ? `${last.submittedAt}_${last.responseId}_${last.questionId}` : null;
}

/** `GET /api/comments?<the report's cut>&q=&limit=&after=`: comments in the period, newest first. */
export function getComments(options: ReportRouteOptions): Handler<ReadEnv> {
  return async c => {
    const split = splitParams(new URL(c.req.url).searchParams);
    if (typeof split === 'string') return problem(c, 400, split);
    const paging = z.safeParse(PagingSchema, split.paging);
    if (!paging.success) return problem(c, 400, formatIssues(toIssues(paging.error.issues)));
    const resolved = await resolveQuery(split.cut, options, c.var.scope);
    if (!resolved.ok) return problem(c, resolved.status, resolved.message);
    const { query, surveys } = resolved;
    const { start, end } = periodBounds(query.period, query.timeZone);
    const { q, limit = DEFAULT_PAGE, after } = paging.data;
    const commentQuery: CommentQuery = {
      surveyId: query.surveyId,
      questionIds: surveyCatalog(surveys, query.surveyId)!.comments.map(comment => comment.id),
      from: start,
      to: end,
      channels: query.channels,
      context: query.context,
      limit,
      ...(q ? { search: q } : {}),
      ...(after ? { after } : {}),
    };
    const comments = await options.store.listComments(commentQuery);
    return c.json({ comments, next: nextCommentCursor(comments, limit) });
  };
}
