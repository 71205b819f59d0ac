import { DEFAULT_TIMEOUT_MS, discard, isRetryableStatus } from '../queue/transport.js';
import { validateSurvey, type ValidationIssue } from '../schema/validate.js';
import type { Survey } from '../schema/survey.js';

export type LoadedSurvey =
  | { ok: true; survey: Survey }
  /** `retryable`: no answer, a timeout, or 408/425/429/5xx, which a later try may not get. */
  | { ok: false; kind: 'load'; message: string; status?: number; retryable: boolean }
  | { ok: false; kind: 'invalid'; message: string; issues: ValidationIssue[] };

/**
 * Fetches a survey definition (JSON) and validates it, giving up after `timeoutMs`. An I/O adapter
 * like `queue/transport.ts`: never throws, except an AbortError when `signal` aborts.
 */
export async function loadSurvey(
  url: URL | string,
  {
    signal,
    fetch: doFetch = globalThis.fetch.bind(globalThis),
    timeoutMs = DEFAULT_TIMEOUT_MS,
  }: { signal?: AbortSignal; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<LoadedSurvey> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let text = '';
  let keys = -1; // the root is revived as the key "" of a wrapper object
  let data: unknown;
  let response: Response | undefined;
  try {
    response = await doFetch(String(url), { credentials: 'omit', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (!response.ok) {
      discard(response);
      const { status } = response;
      return { ok: false, kind: 'load', status, message: `HTTP ${status} for ${url}`, retryable: isRetryableStatus(status) };
    }
    data = JSON.parse((text = await response.text()), function (_, value) {
      if (!Array.isArray(this)) keys++;
      return value;
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    // A JSON file that does not parse is the file's fault: loading it again gives the same. A page
    // of another kind (a captive portal's, on hotel Wi-Fi) is the connection's.
    const broken = error instanceof SyntaxError && /json/i.test(response?.headers.get('content-type') ?? '');
    const message = timeout.aborted ? `No answer from ${url} within ${timeoutMs / 1000} s` : `Could not load ${url}: ${(error as Error).message}`;
    return { ok: false, kind: 'load', message, retryable: timeout.aborted || !broken };
  }
  // JSON.parse keeps the last of a key given twice, so it revives fewer keys than the text holds
  // (each string matched whole; a key is one followed by a colon). The collector refuses such a
  // file, naming the key (read-json.ts); so does this, in less than half the bytes, without the name.
  const checked: ReturnType<typeof validateSurvey> =
    keys === (text.match(/"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g) ?? []).filter(token => token.endsWith(':')).length
      ? validateSurvey(data)
      : { ok: false, issues: [{ path: [], code: 'custom', message: 'A key appears twice in one object: give each key once' }] };
  return checked.ok
    ? { ok: true, survey: checked.value }
    : { ok: false, kind: 'invalid', message: `The survey at ${url} is not valid`, issues: checked.issues };
}
