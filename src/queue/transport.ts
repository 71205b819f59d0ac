import type { FeedbackRecord } from '../schema/record.js';

/** Why a send did not deliver; `retryable` says whether the same body may simply be sent again. */
export type SendFailure = {
  ok: false;
  reason: 'network' | 'timeout' | 'http' | 'not-acknowledged' | 'aborted';
  retryable: boolean;
  status?: number;
};
export type SendResult = { ok: true; ids: string[] } | SendFailure;

/** The seam every delivery goes through: swap it for endpoints that want another payload. */
export type Transport = (
  records: FeedbackRecord[],
  options?: { signal?: AbortSignal },
) => Promise<SendResult>;

export interface FetchTransportOptions {
  /** Abort a request that has no answer after this long. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The request body every endpoint receives: `{"records":[…]}`. */
export function requestBody(records: FeedbackRecord[]): string {
  return JSON.stringify({ records });
}

function classifyStatus(response: Response, ids: string[]): SendResult {
  const { status } = response;
  if (status >= 200 && status < 300) {
    // A captive portal answers 200 with its own HTML page: that acknowledges nothing.
    const type = response.headers.get('content-type') ?? '';
    return /text\/html/i.test(type)
      ? { ok: false, reason: 'not-acknowledged', retryable: true, status }
      : { ok: true, ids };
  }
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  return { ok: false, reason: 'http', retryable, status };
}

/**
 * POSTs records as JSON in a CORS-safelisted `text/plain` body (no preflight), without cookies,
 * refusing redirects. Never throws: every outcome is a `SendResult`.
 */
export function createFetchTransport(endpoint: URL | string, options: FetchTransportOptions = {}): Transport {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, fetch: doFetch = globalThis.fetch.bind(globalThis) } = options;
  return async (records, { signal } = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const ids = records.map(record => record.id);
    try {
      const response = await doFetch(String(endpoint), {
        method: 'POST',
        body: requestBody(records),
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        credentials: 'omit',
        redirect: 'error',
        cache: 'no-store',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return classifyStatus(response, ids);
    } catch (error) {
      if (timeout.aborted) return { ok: false, reason: 'timeout', retryable: true };
      if (signal?.aborted) return { ok: false, reason: 'aborted', retryable: true };
      return { ok: false, reason: 'network', retryable: true };
    }
  };
}
