import { expect } from '@open-wc/testing';
import { loadSurvey } from '../../src/net/survey-source.js';
import { createFetchTransport, requestBody, type SendResult } from '../../src/queue/transport.js';
import type { FeedbackRecord } from '../../src/schema/record.js';

interface LoggedRequest {
  contentType: string;
  cookie: string;
  body: string;
}

function record(changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'kiosk',
    locale: 'nl',
    answers: { reliability: 4, nps: 9, comment: 'Vriendelijk onthaal, “snel” geholpen ✓' },
    submittedAt: '2024-03-14T09:30:00.000Z',
    context: { office: 'Gent' },
    ...changes,
  };
}

/** A fresh key for /api/test/log/KEY, so concurrent runs never read each other's requests. */
function logKey(): string {
  return `transport-${crypto.randomUUID()}`;
}

async function logged(key: string): Promise<LoggedRequest[]> {
  const response = await fetch(`/api/test/log/${key}`);
  return (await response.json()) as LoggedRequest[];
}

const COOKIE = 'feedback_loop_test_session';

describe('createFetchTransport()', () => {
  describe('delivery', () => {
    it('reports the ids of the records the endpoint accepted', async () => {
      const records = [record(), record({ channel: 'web' })];

      const result = await createFetchTransport('/api/test/ok')(records);

      expect(result).to.deep.equal({ ok: true, ids: records.map(r => r.id) });
    });

    it('sends exactly requestBody(records): {"records":[…]}', async () => {
      const key = logKey();
      const records = [record(), record()];

      await createFetchTransport(`/api/test/log/${key}`)(records);

      const [request] = await logged(key);
      expect(request!.body).to.equal(requestBody(records));
      expect(JSON.parse(request!.body)).to.deep.equal({ records });
    });

    it('posts text/plain, so cross-origin endpoints need no preflight', async () => {
      const key = logKey();

      await createFetchTransport(`/api/test/log/${key}`)([record()]);

      const [request] = await logged(key);
      expect(request!.contentType.split(';')[0]).to.equal('text/plain');
    });

    it('reaches a cross-origin endpoint without a preflight', async () => {
      // The test server answers no CORS headers: a preflight would fail, and the POST would never arrive.
      const key = logKey();
      const crossOrigin = `${location.protocol}//127.0.0.1:${location.port}/api/test/log/${key}`;
      expect(location.hostname, 'the page itself runs on another host name').to.not.equal('127.0.0.1');
      const records = [record()];

      const result = await createFetchTransport(crossOrigin)(records);

      expect(result.ok, 'the answer is unreadable without CORS headers').to.equal(false);
      const requests = await logged(key);
      expect(requests.map(r => r.body)).to.deep.equal([requestBody(records)]);
    });

    describe('with a cookie on the page', () => {
      beforeEach(() => {
        document.cookie = `${COOKIE}=abc123; path=/`;
      });

      afterEach(() => {
        document.cookie = `${COOKIE}=; path=/; max-age=0`;
      });

      it('sends no cookie', async () => {
        const key = logKey();
        // Control: an ordinary same-origin request does carry the cookie.
        await fetch(`/api/test/log/${key}`, { method: 'POST', body: requestBody([]) });

        await createFetchTransport(`/api/test/log/${key}`)([record()]);

        const [control, request] = await logged(key);
        expect(control!.cookie).to.include(`${COOKIE}=abc123`);
        expect(request!.cookie).to.equal('');
      });
    });
  });

  describe('HTTP failures', () => {
    for (const status of [500, 503, 429, 408]) {
      it(`reports ${status} as a failure worth retrying`, async () => {
        const result = await createFetchTransport(`/api/test/status/${status}`)([record()]);

        expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: true, status });
      });
    }

    for (const status of [400, 401, 404]) {
      it(`reports ${status} as a failure not worth retrying`, async () => {
        const result = await createFetchTransport(`/api/test/status/${status}`)([record()]);

        expect(result).to.deep.equal({ ok: false, reason: 'http', retryable: false, status });
      });
    }

    it('does not take an HTML page (a captive portal) as an acknowledgement', async () => {
      const result = await createFetchTransport('/api/test/html')([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'not-acknowledged', retryable: true, status: 200 });
    });

    it('does not take a redirect as an acknowledgement', async () => {
      const result = await createFetchTransport('/api/test/redirect')([record()]);

      expect(result.ok).to.equal(false);
      expect((result as Extract<SendResult, { ok: false }>).retryable).to.equal(true);
    });
  });

  describe('no answer', () => {
    it('reports a refused connection as a network failure', async () => {
      const result = await createFetchTransport('http://127.0.0.1:9/api/responses')([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'network', retryable: true });
    });

    it('gives up after timeoutMs', async () => {
      // The server answers after two seconds; without the timeout this would succeed.
      const result = await createFetchTransport('/api/test/hang', { timeoutMs: 50 })([record()]);

      expect(result).to.deep.equal({ ok: false, reason: 'timeout', retryable: true });
    });

    it('reports an already aborted signal as aborted', async () => {
      const result = await createFetchTransport('/api/test/ok')([record()], { signal: AbortSignal.abort() });

      expect(result).to.deep.equal({ ok: false, reason: 'aborted', retryable: true });
    });

    it('stops a pending request when the signal aborts', async () => {
      const controller = new AbortController();

      const pending = createFetchTransport('/api/test/hang')([record()], { signal: controller.signal });
      controller.abort();

      expect(await pending).to.deep.equal({ ok: false, reason: 'aborted', retryable: true });
    });
  });
});

describe('loadSurvey()', () => {
  it('loads and validates a survey definition', async () => {
    const result = await loadSurvey('/api/test/survey/email');

    expect(result.ok).to.equal(true);
    const survey = result.ok ? result.survey : undefined;
    expect(survey?.id).to.equal('email-answer');
    expect(survey?.version).to.equal(2);
    expect(survey?.questions.map(q => q.id)).to.deep.equal(['speed', 'professionalism', 'clarity', 'attention']);
  });

  it('reports an invalid definition with its issues', async () => {
    const result = await loadSurvey('/api/test/survey/invalid');

    expect(result.ok).to.equal(false);
    expect(result.ok || result.kind).to.equal('invalid');
    const issues = !result.ok && result.kind === 'invalid' ? result.issues : [];
    expect(issues.map(issue => issue.path.join('.'))).to.include.members(['version', 'questions.0.kind']);
    expect(result.ok || result.message).to.include('/api/test/survey/invalid');
  });

  it('reports a missing definition as a load failure with its status', async () => {
    const result = await loadSurvey('/api/test/survey/missing');

    expect(result).to.deep.include({ ok: false, kind: 'load', status: 404 });
  });

  it('reports a response that is not JSON as a load failure', async () => {
    const result = await loadSurvey('/api/test/survey/not-json');

    expect(result.ok).to.equal(false);
    expect(result.ok || result.kind).to.equal('load');
    expect(result.ok || result.message).to.include('/api/test/survey/not-json');
  });

  it('reports an unreachable server as a load failure', async () => {
    const result = await loadSurvey('http://127.0.0.1:9/survey.json');

    expect(result).to.deep.include({ ok: false, kind: 'load' });
  });
});
