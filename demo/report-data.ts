// Reading answers from the collector for demo/report.html: GET /api/responses, page by page.
// No lit and no DOM here; the page script decides what to show.
import type { StoredResponse } from '../src/collector/store.js';

export type { StoredResponse };

/** The collector's largest page. */
export const PAGE_SIZE = 1000;
/** Enough for a demo; a real report (the later <feedback-report>) asks the server to aggregate. */
export const MAX_PAGES = 20;

export type LoadResult =
  | { kind: 'loaded'; responses: StoredResponse[]; complete: boolean }
  | { kind: 'unauthorized' }
  | { kind: 'error'; message: string };

interface Page {
  responses: StoredResponse[];
  next: string | null;
}

/** All answers, oldest first (the collector's order), up to MAX_PAGES pages. Throws only on network errors. */
export async function loadResponses(token: string, signal: AbortSignal): Promise<LoadResult> {
  const responses: StoredResponse[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (after) query.set('after', after);
    const response = await fetch(`/api/responses?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal,
    });
    if (response.status === 401) {
      await response.text(); // read to the end, so the browser can reuse the connection
      return { kind: 'unauthorized' };
    }
    if (!response.ok) return { kind: 'error', message: await errorMessage(response) };
    const body = (await response.json()) as Page;
    responses.push(...body.responses);
    after = body.next;
    if (!after) return { kind: 'loaded', responses, complete: true };
  }
  return { kind: 'loaded', responses, complete: false };
}

/** The collector's `{error}` text, else the HTTP status. */
async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
}

export interface CountRow {
  surveyId: string;
  channel: string;
  count: number;
}

/** Stored answers per survey and channel, sorted by survey, then channel. */
export function countBySurveyAndChannel(responses: readonly StoredResponse[]): CountRow[] {
  const counts = new Map<string, CountRow>();
  for (const { surveyId, channel } of responses) {
    const key = JSON.stringify([surveyId, channel]);
    const row = counts.get(key) ?? { surveyId, channel, count: 0 };
    row.count++;
    counts.set(key, row);
  }
  return [...counts.values()].sort((a, b) => a.surveyId.localeCompare(b.surveyId) || a.channel.localeCompare(b.channel));
}
