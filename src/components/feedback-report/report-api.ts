// HTTP shape of the collector's report API: the requests <feedback-report> makes, and the check
// of every answer against its schema. Failures are results, never throws; only an abort rejects.
import * as z from 'zod/mini';
import type { ReportError, ReportRequestKind } from '../../events/report-events.js';
import { formatIssues, toIssues } from '../../schema/validate.js';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ReportError };

/** How long a JSON request may go unanswered: a report over a million answers takes about a second. */
export const REQUEST_TIMEOUT_MS = 60_000;

export interface ApiCall {
  url: string;
  token: string;
  signal?: AbortSignal;
  /** JSON requests only (an export may stream for minutes); REQUEST_TIMEOUT_MS by default. */
  timeoutMs?: number;
  /** A seam for tests; the global fetch by default. */
  fetch?: typeof fetch;
  method?: 'GET' | 'PATCH';
  body?: unknown;
}

/** The collector answers errors as `{"error": "…"}`; anything else gives the status only. */
async function serverMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string') return error;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${response.status}`;
}

/** Sends one request; resolves with the response, or an error result for a refusal or no network. */
async function send(request: ReportRequestKind, call: ApiCall): Promise<ApiResult<Response>> {
  let headers: Headers;
  try {
    headers = new Headers({ authorization: `Bearer ${call.token}` });
  } catch {
    // A token no header can carry (pasted with a zero-width space) is not valid: not a network error.
    return { ok: false, error: { code: 'unauthorized', request, message: 'The token cannot go in a header' } };
  }
  if (call.body !== undefined) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await (call.fetch ?? fetch)(call.url, {
      method: call.method ?? 'GET',
      headers,
      signal: call.signal,
      credentials: 'omit',
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    });
  } catch (cause) {
    if (call.signal?.aborted) throw cause;
    return { ok: false, error: { code: 'network', request, message: `No answer from ${call.url}: ${String(cause)}` } };
  }
  if (response.ok) return { ok: true, value: response };
  const code = response.status === 401 ? 'unauthorized' : 'http';
  return { ok: false, error: { code, request, status: response.status, message: await serverMessage(response) } };
}

/**
 * A JSON answer checked against `schema`; a mismatch is an `invalid-response` error naming the
 * fields. No answer within `timeoutMs` is a `network` error, so the reader gets a retry button
 * instead of "Loading…" for good.
 */
export async function requestJson<T>(request: ReportRequestKind, call: ApiCall, schema: z.ZodMiniType<T>): Promise<ApiResult<T>> {
  const timeoutMs = call.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await readJson(request, { ...call, signal: call.signal ? AbortSignal.any([call.signal, timeout]) : timeout }, schema);
  } catch (cause) {
    if (call.signal?.aborted || !timeout.aborted) throw cause;
    return { ok: false, error: { code: 'network', request, message: `No answer from ${call.url} within ${timeoutMs / 1000} s` } };
  }
}

async function readJson<T>(request: ReportRequestKind, call: ApiCall, schema: z.ZodMiniType<T>): Promise<ApiResult<T>> {
  const sent = await send(request, call);
  if (!sent.ok) return sent;
  let json: unknown;
  try {
    json = await sent.value.json();
  } catch (cause) {
    if (call.signal?.aborted) throw cause;
    return { ok: false, error: { code: 'invalid-response', request, message: `The answer of ${call.url} is not JSON` } };
  }
  const parsed = z.safeParse(schema, json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = formatIssues(toIssues(parsed.error.issues));
  return { ok: false, error: { code: 'invalid-response', request, message: `The answer of ${call.url} does not match its schema:\n${issues}` } };
}

/** The file name a Content-Disposition header gives (`filename*=UTF-8''…` first), if any. */
export function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // a malformed escape: try the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  // Only a base name: a server never chooses the folder.
  return name ? name.replace(/^.*[\\/]/, '') || undefined : undefined;
}

/** A file answer (an export) with the name the server suggests. */
export async function requestFile(call: ApiCall): Promise<ApiResult<{ blob: Blob; name?: string }>> {
  const sent = await send('export', call);
  if (!sent.ok) return sent;
  let blob: Blob;
  try {
    blob = await sent.value.blob();
  } catch (cause) {
    if (call.signal?.aborted) throw cause;
    return { ok: false, error: { code: 'network', request: 'export', message: `The file from ${call.url} was cut off: ${String(cause)}` } };
  }
  return { ok: true, value: { blob, name: dispositionName(sent.value.headers.get('content-disposition')) } };
}
