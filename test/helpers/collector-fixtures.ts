// Records and requests for the collector suite.
import type { FeedbackRecord } from '../../src/schema/record.js';

export const ORIGIN = 'https://www.agency.example';
export const TOKEN = 'test-report-token-0123456789abcdef';

/** A valid answer to the built-in survey. */
export function answer(changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'web',
    locale: 'nl',
    answers: { reliability: 4, credibility: 5, tangibles: 3, empathy: 4, responsiveness: 2, nps: 9, comment: 'Vriendelijk onthaal ✓' },
    submittedAt: '2026-03-14T09:30:00.000Z',
    context: { office: 'gent' },
    ...changes,
  };
}

export function post(body: string | Uint8Array<ArrayBuffer> | object, headers: Record<string, string> = {}): Request {
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  return new Request('http://collector.test/api/responses', {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: payload,
  });
}

export function read(query = '', token: string | null = TOKEN, headers: Record<string, string> = {}): Request {
  return new Request(`http://collector.test/api/responses${query}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}
