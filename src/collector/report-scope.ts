// Scoped read tokens (REPORT_SCOPES): a token that reads the report, the comments and the exports
// of one fixed cut only, such as one team's, and nothing else. Pure: the checks of the setting, and
// the scope's filter laid over a report query.
import * as z from 'zod/mini';
import type { ReportQuery } from '../report/report-query.js';
import { ContextSchema } from '../schema/record.js';
import { IdSchema } from '../schema/survey.js';
import { formatIssues, toIssues } from '../schema/validate.js';

/** What a report token may be: 16 or more letters, digits or ._~+/-, and base64's `=` padding. */
export const REPORT_TOKEN_PATTERN = /^[A-Za-z0-9._~+/-]{16,}=*$/;
export const TOKEN_HINT = 'Use at least 16 letters, digits or ._~+/- (for example: openssl rand -base64 32)';

/** A token that reads only the answers whose context has these values (and of one survey, if given). */
export interface ReportScope {
  token: string;
  /** Always applied, e.g. `{ team: 'Gent-1' }`; a request may not ask another value of these keys. */
  context: Record<string, string>;
  /** Only this survey, if given. */
  surveyId?: string;
}

const ScopeSchema = z.strictObject({
  token: z.string().check(z.regex(REPORT_TOKEN_PATTERN, TOKEN_HINT)),
  context: ContextSchema.check(
    z.refine(context => Object.keys(context).length > 0, 'Give at least one context key, e.g. {"team": "Gent-1"}'),
    z.refine(context => Object.values(context).every(value => value !== ''), 'Give each key a value'),
  ),
  surveyId: z.optional(IdSchema),
});

const ScopesSchema = z.array(ScopeSchema);

/** `team=Gent-1, office=Gent`: how messages name a scope (never by its token). */
export const describeScope = (scope: Pick<ReportScope, 'context' | 'surveyId'>): string =>
  Object.entries(scope.context ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .concat(scope.surveyId ? [`survey=${scope.surveyId}`] : [])
    .join(', ');

/** `[2] (team=Gent-1)`: an entry of the list, by its place (from 1) and its cut. */
function entryName(entries: unknown, index: number): string {
  const entry = Array.isArray(entries) ? (entries[index] as { context?: unknown } | undefined) : undefined;
  const context = entry?.context && typeof entry.context === 'object' ? (entry.context as Record<string, string>) : undefined;
  return `entry ${index + 1}${context && Object.keys(context).length ? ` (${describeScope({ context })})` : ''}`;
}

/**
 * Checks a list of scopes against each other and the full `reportToken`: every message names the
 * entry (by its place and its cut, never its token).
 */
export function parseScopes(input: unknown, reportToken: string | undefined): { ok: true; scopes: ReportScope[] } | { ok: false; message: string } {
  const parsed = z.safeParse(ScopesSchema, input);
  if (!parsed.success) {
    const lines = toIssues(parsed.error.issues).map(({ path: [index, ...rest], ...issue }) =>
      typeof index === 'number' ? `${entryName(input, index)}: ${formatIssues([{ ...issue, path: rest }])}` : formatIssues([{ ...issue, path: [] }]),
    );
    return { ok: false, message: lines.join('\n') };
  }
  const scopes = parsed.data;
  for (const [index, scope] of scopes.entries()) {
    if (scope.token === reportToken) return { ok: false, message: `${entryName(scopes, index)}: the token is REPORT_TOKEN, which reads everything. Give the scope a token of its own.` };
    const first = scopes.findIndex(other => other.token === scope.token);
    if (first < index) return { ok: false, message: `${entryName(scopes, index)}: the same token as ${entryName(scopes, first)}. Give each scope a token of its own.` };
  }
  return { ok: true, scopes };
}

/**
 * The query a scoped token gets: the scope's context values and survey laid over the request's.
 * Asking another value of a scoped key, or another survey, is refused; every other filter and any
 * breakdown stays (a breakdown by a scoped key shows that one value).
 */
export function scopeQuery<Q extends Pick<ReportQuery, 'context'> & { surveyId?: string }>(query: Q, scope: ReportScope): { ok: true; query: Q } | { ok: false; message: string } {
  const refuse = (asked: string) => ({ ok: false as const, message: `This token is scoped to ${describeScope(scope)}: ${asked} is outside it.` });
  for (const [key, value] of Object.entries(scope.context)) {
    const asked = query.context[key];
    if (asked !== undefined && asked !== value) return refuse(`context.${key}=${asked}`);
  }
  if (scope.surveyId && query.surveyId && query.surveyId !== scope.surveyId) return refuse(`survey=${query.surveyId}`);
  const surveyId = scope.surveyId ?? query.surveyId;
  return { ok: true, query: { ...query, context: { ...query.context, ...scope.context }, ...(surveyId ? { surveyId } : {}) } };
}
