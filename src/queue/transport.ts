import * as z from 'zod/mini';
import { ItemResultSchema, REASON_MAX_LENGTH, type ItemResult } from '../schema/ack.js';
import type { FeedbackRecord } from '../schema/record.js';
import { parseRetryAfter } from './policy.js';
import type { ShownSend } from './shown-counts.js';

/** Why a send did not deliver; `retryable` says whether the same body may simply be sent again. */
export type SendFailure = {
  ok: false;
  reason: 'network' | 'timeout' | 'http' | 'not-acknowledged' | 'aborted' | 'redirect' | 'headers';
  retryable: boolean;
  status?: number;
  /** From `Retry-After`: do not try again before this many ms. */
  retryAfterMs?: number;
};

/**
 * The endpoint answered. `results` says per record what happened; `ids` is the short form for
 * "these were accepted". Records named in neither are not acknowledged and are sent again.
 * `status` is set for a 4xx that named its refused records, and goes into their dead letters.
 */
export type SendSuccess = { ok: true; ids?: string[]; results?: ItemResult[]; status?: number };
export type SendResult = SendSuccess | SendFailure;

export interface SendOptions {
  signal?: AbortSignal;
  /** Let the request outlive the page (unload); the transport may ignore it. */
  keepalive?: boolean;
  /** 1 for the first request of these records, higher for retries. */
  attempt?: number;
}

/** The seam every delivery goes through: swap it for endpoints that want another payload. */
export type Transport = (records: FeedbackRecord[], options?: SendOptions) => Promise<SendResult>;

/** Extra request headers (e.g. a bearer token), or a function that fetches them fresh. */
export type HeadersProvider =
  | HeadersInit
  | ((info: { attempt: number }) => HeadersInit | Promise<HeadersInit>);

export interface FetchTransportOptions {
  /** Abort a request that has no answer after this long. */
  timeoutMs?: number;
  headers?: HeadersProvider;
  fetch?: typeof fetch;
  /** The device clock, for `sentAt`; for tests. */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Keepalive bodies share a 64 KiB quota per page with every other script (Fetch spec). */
export const KEEPALIVE_BUDGET = 60_000;
let keepaliveInFlight = 0;

/** Most bytes of one request sent as the page goes away (S17), well within the keepalive quota. */
export const UNLOAD_CHUNK_BYTES = 50_000;

/** The request body every endpoint receives: `{"records":[…]}`. */
export function requestBody(records: FeedbackRecord[]): string {
  return JSON.stringify({ records });
}

/**
 * Splits items, in order, into requests of at most UNLOAD_CHUNK_BYTES (a larger record goes alone):
 * when a backlog is over the keepalive quota, its first requests still go as the page closes (S17).
 */
export function unloadChunks<T extends { record: FeedbackRecord }>(items: T[]): T[][] {
  const chunks: T[][] = [];
  let bytes = Infinity;
  for (const item of items) {
    const size = new TextEncoder().encode(JSON.stringify(item.record)).length + 1; // and its comma
    bytes += size;
    if (bytes > UNLOAD_CHUNK_BYTES) {
      chunks.push([]);
      bytes = requestBody([]).length + size;
    }
    chunks.at(-1)!.push(item);
  }
  return chunks;
}

async function readAck(response: Response, ids: string[]): Promise<SendResult> {
  const status = response.status;
  let text: string;
  try {
    text = await response.text();
  } catch {
    // The body broke off: the endpoint may have rejected some records, so nothing counts.
    return { ok: false, reason: 'network', retryable: true, status };
  }
  // An empty body (204) takes the whole batch, unless it calls itself a page (a portal's, cut
  // short). Any other body must say `results`: a captive portal's 200 page, or a gateway's or
  // proxy's own 200 ("OK", {"message":…}), would otherwise delete answers it never passed on (S13).
  if (!text.trim() && !/html/i.test(response.headers.get('content-type') ?? '')) return { ok: true, ids };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const results = readResults(body);
  return results ? { ok: true, results } : { ok: false, reason: 'not-acknowledged', retryable: true, status };
}

/**
 * The readable items of `{"results": […]}`, or undefined when there is no such list. An item that
 * cannot be read acknowledges nothing (its record is sent again) without holding back the others;
 * a reason over REASON_MAX_LENGTH is cut short rather than refused.
 */
function readResults(body: unknown): ItemResult[] | undefined {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return undefined;
  return results.flatMap(item => {
    const reason = (item as { reason?: unknown } | null)?.reason;
    const parsed = z.safeParse(ItemResultSchema, typeof reason === 'string' ? { ...item, reason: reason.slice(0, REASON_MAX_LENGTH) } : item);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The records of this batch a 4xx body names as `rejected`. Anything else it says is ignored: a
 * refused request stored nothing, whatever an all-or-nothing endpoint calls "accepted" (valid) in it.
 * A body that names none of them explains nothing, so the batch is split as for any 4xx.
 */
async function rejectionsIn(response: Response, ids: string[]): Promise<ItemResult[] | undefined> {
  try {
    const sent = new Set(ids.map(id => id.toLowerCase()));
    const rejected = (readResults(JSON.parse(await response.text())) ?? []).filter(
      result => result.status === 'rejected' && sent.has(result.id.toLowerCase()),
    );
    return rejected.length > 0 ? rejected : undefined;
  } catch {
    return undefined;
  }
}

async function classify(response: Response, ids: string[]): Promise<SendResult> {
  const { status } = response;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    return { ok: false, reason: 'redirect', retryable: false, status: status || undefined };
  }
  if (status >= 200 && status < 300) return readAck(response, ids);
  // 409: the endpoint already has this id, which is what we wanted.
  if (status === 409 && ids.length === 1) return { ok: true, results: [{ id: ids[0]!, status: 'duplicate' }] };
  // A 400/422 that names each refused record (the reference collector's) needs no splitting.
  if (status === 400 || status === 422) {
    const results = await rejectionsIn(response, ids);
    if (results) return { ok: true, results, status };
  }
  const retryable = isRetryableStatus(status);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  return { ok: false, reason: 'http', retryable, status, ...(retryAfterMs ? { retryAfterMs } : {}) };
}

/** A status a later try may not get: a timeout, too early, too many requests, or the server's trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Reads out, in the background, a body nobody needs: left unread, the request stays open until the
 * timeout aborts it (in Chromium a page then never reaches network idle). Read rather than cancelled,
 * so it ends as a completed request, not a cancelled one, and the connection can be used again.
 */
export function discard(response: Response): void {
  try {
    response.arrayBuffer().catch(() => {}); // already read, or cut off by the timeout: nothing to do
  } catch {
    // a `fetch` option that answers something other than a Response: nothing to read
  }
}

const refused = (init: unknown): boolean => {
  try {
    return !new Headers(init as HeadersInit);
  } catch {
    return true;
  }
};

/**
 * Why no request can carry static `headers`, naming the header (never its value: a token), or
 * undefined when every request can. Checked once, at setup: at send time it was retried for good.
 */
export function headersProblem(headers: unknown): string | undefined {
  if (typeof headers === 'function' || !refused(headers ?? undefined)) return undefined;
  const pairs: unknown[] = Array.isArray(headers) ? headers : Object.entries(headers as object);
  const name = (pairs.find(pair => refused([pair])) as unknown[] | undefined)?.[0];
  return `Header ${JSON.stringify(String(name ?? ''))} cannot be sent`;
}

/**
 * The endpoint with `sentAt` (the device clock now) and `attempt` added to its own query, so the
 * collector can correct a wrong clock (S33): not a header, which needs a CORS preflight, nor in the
 * body, which stays byte-identical on every retry (S2). An ISO time needs no escaping in a query;
 * the fragment goes, as fetch would drop it anyway.
 */
export function attemptUrl(endpoint: URL | string, attempt: number, now: number): string {
  const [url] = String(endpoint).split('#');
  return `${url}${url!.includes('?') ? '&' : '?'}sentAt=${new Date(now).toISOString()}&attempt=${attempt}`;
}

async function headersFor(provider: HeadersProvider | undefined, attempt: number): Promise<Headers> {
  // null as no headers, as the element and a framework's unset prop mean it (new Headers(null) throws)
  const headers = new Headers((typeof provider === 'function' ? await provider({ attempt }) : provider) ?? undefined);
  headers.set('content-type', 'text/plain;charset=UTF-8');
  return headers;
}

/**
 * POSTs records as JSON in a CORS-safelisted `text/plain` body (no preflight) to the endpoint with
 * `sentAt` and `attempt` in its query (attemptUrl), without cookies,
 * never following a redirect. Static `headers` no request can carry throw a TypeError here; after
 * that it never throws: every outcome is a `SendResult`.
 */
export function createFetchTransport(endpoint: URL | string, options: FetchTransportOptions = {}): Transport {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, fetch: doFetch = globalThis.fetch.bind(globalThis), now = Date.now } = options;
  const problem = headersProblem(options.headers);
  if (problem) throw new TypeError(problem);
  return async (records, { signal, keepalive = false, attempt = 1 } = {}) => {
    const ids = records.map(record => record.id);
    let headers: Headers;
    try {
      headers = await headersFor(options.headers, attempt);
    } catch {
      return { ok: false, reason: 'headers', retryable: true };
    }
    const body = requestBody(records);
    const bytes = new TextEncoder().encode(body).length;
    const useKeepalive = keepalive && keepaliveInFlight + bytes <= KEEPALIVE_BUDGET;
    if (useKeepalive) keepaliveInFlight += bytes;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await doFetch(attemptUrl(endpoint, attempt, now()), {
        method: 'POST',
        body,
        headers,
        credentials: 'omit',
        // 'manual' rather than 'error': a redirect is then recognisable as a configuration error.
        redirect: 'manual',
        cache: 'no-store',
        keepalive: useKeepalive,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const result = await classify(response, ids);
      discard(response);
      return result;
    } catch {
      if (timeout.aborted) return { ok: false, reason: 'timeout', retryable: true };
      if (signal?.aborted) return { ok: false, reason: 'aborted', retryable: true };
      return { ok: false, reason: 'network', retryable: true };
    } finally {
      if (useKeepalive) keepaliveInFlight -= bytes;
    }
  };
}

/**
 * POSTs anonymous shown counts, `{"shown":[…]}`, to the same endpoint as the answers. A 2xx
 * delivers them; another 4xx means the endpoint does not take them, so they are not sent again.
 */
export function createShownSender(endpoint: URL | string, options: FetchTransportOptions = {}): ShownSend {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, fetch: doFetch = globalThis.fetch.bind(globalThis) } = options;
  return async items => {
    try {
      const response = await doFetch(String(endpoint), {
        method: 'POST',
        body: JSON.stringify({ shown: items }),
        headers: await headersFor(options.headers, 1),
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
      discard(response);
      return isRetryableStatus(response.status) ? 'retry' : 'done';
    } catch {
      return 'retry';
    }
  };
}
