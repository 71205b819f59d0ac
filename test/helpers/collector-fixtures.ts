// Records and requests for the collector suite.
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';

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

/** A survey whose last question asks for consent to be contacted. */
export function contactSurvey(): Survey {
  return {
    id: 'call-back',
    version: 1,
    questions: [
      { kind: 'rating', id: 'speed', label: { nl: 'Snelheid' }, required: true },
      { kind: 'comment', id: 'comment', label: { nl: 'Opmerking' } },
      { kind: 'contact', id: 'reach-me', label: { nl: 'Mogen we u contacteren over uw antwoord?' } },
    ],
  };
}

/** A valid answer to `contactSurvey()` with a call-back request. */
export function contactAnswer(changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return answer({
    surveyId: 'call-back',
    surveyVersion: 1,
    answers: { speed: 2, comment: 'Te lang gewacht' },
    contact: { consent: true, email: 'an.peeters@example.be', phone: '+32 9 123 45 67' },
    ...changes,
  });
}

/** A token from an email link: unique per call. */
export const invitationToken = () => `inv_${crypto.randomUUID().replaceAll('-', '')}`;

/** Any request to the collector, with the report token unless `token` is null. */
export function api(method: string, path: string, body?: unknown, token: string | null = TOKEN, headers: Record<string, string> = {}): Request {
  return new Request(`http://collector.test${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
