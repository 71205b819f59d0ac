import { discard } from '../queue/transport.js';
import { validateSurvey, type ValidationIssue } from '../schema/validate.js';
import type { Survey } from '../schema/survey.js';

export type LoadedSurvey =
  | { ok: true; survey: Survey }
  | { ok: false; kind: 'load'; message: string; status?: number }
  | { ok: false; kind: 'invalid'; message: string; issues: ValidationIssue[] };

/**
 * Fetches a survey definition (JSON) and validates it. An I/O adapter like `queue/transport.ts`:
 * never throws, except an AbortError when `signal` aborts.
 */
export async function loadSurvey(
  url: URL | string,
  { signal, fetch: doFetch = globalThis.fetch.bind(globalThis) }: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<LoadedSurvey> {
  let data: unknown;
  try {
    const response = await doFetch(String(url), { credentials: 'omit', signal });
    if (!response.ok) {
      discard(response);
      return { ok: false, kind: 'load', status: response.status, message: `HTTP ${response.status} for ${url}` };
    }
    data = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, kind: 'load', message: `Could not load ${url}: ${(error as Error).message}` };
  }
  const checked = validateSurvey(data);
  return checked.ok
    ? { ok: true, survey: checked.value }
    : { ok: false, kind: 'invalid', message: `The survey at ${url} is not valid`, issues: checked.issues };
}
