import { expect, waitUntil } from '@open-wc/testing';
import { requestJson } from '../../src/components/feedback-report/report-api.js';
import { ReportSchema } from '../../src/report/report-schema.js';
import { NET, TOKEN, fixtureReport, scriptedApi } from '../helpers/report-fixtures.js';

// The report element's requests, against the scripted report API of the test server.

describe('requestJson()', () => {
  it('gives up on a collector that does not answer, as a network error the reader can retry', async () => {
    const api = await scriptedApi({ 'GET /api/report': [{ hold: true }] });
    const url = `${api.endpoint}/api/report`;

    const result = await requestJson('report', { url, token: TOKEN, timeoutMs: 300 }, ReportSchema);

    expect(result).to.deep.equal({ ok: false, error: { code: 'network', request: 'report', message: `No answer from ${url} within 0.3 s` } });
    await waitUntil(async () => (await api.requests('/api/report'))[0]?.closedEarly, 'the request is closed, not left open', NET);
  });

  it('still answers an abort by its caller with the abort, not a result', async () => {
    const api = await scriptedApi({ 'GET /api/report': [{ hold: true }] });
    const caller = new AbortController();

    const pending = requestJson('report', { url: `${api.endpoint}/api/report`, token: TOKEN, signal: caller.signal, timeoutMs: 5000 }, ReportSchema);
    caller.abort();

    const outcome = await pending.then(() => 'resolved', (error: unknown) => (error as Error).name);
    expect(outcome).to.equal('AbortError');
  });

  it('reads an answer that comes in time', async () => {
    const api = await scriptedApi();

    const result = await requestJson('report', { url: `${api.endpoint}/api/report`, token: TOKEN, timeoutMs: 5000 }, ReportSchema);

    expect(result).to.deep.equal({ ok: true, value: fixtureReport() });
  });
});
