// `npm start`: the README says it runs the same collector as `npx feedback-collector`, so a page on
// ALLOWED_ORIGINS gets the collector's own CORS answers there too, preflights included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'vite';

const ORIGIN = 'https://www.example.be';

describe('npm start (the demo server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'feedback-demo-'));
  const saved = { ...process.env };
  let server;
  let base;

  before(async () => {
    // The collector's own variables of this shell (a DATABASE_URL, say) must not reach the demo server.
    for (const name of ['DATABASE_URL', 'REPORT_TOKEN', 'SURVEYS', 'HOST', 'MAX_BATCH', 'MAX_BODY_BYTES', 'RATE_LIMIT', 'REPORT_MIN_COUNT', 'REPORT_TIME_ZONE', 'CONTACT_RETENTION_DAYS', 'TRUST_PROXY']) delete process.env[name];
    Object.assign(process.env, { PORT: '0', DATA_DIR: dataDir, ALLOWED_ORIGINS: ORIGIN });
    server = await createServer({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'silent' });
    await server.listen(0);
    const address = server.httpServer.address();
    base = `http://127.0.0.1:${address.port}`;
  });

  after(async () => {
    await server?.close();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a preflight from an allowed origin as the collector does', async () => {
    const response = await fetch(`${base}/api/report`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET,POST,PATCH,DELETE');
  });

  it('lets a refused origin read the 403 of its preflighted POST, as the collector does', async () => {
    const response = await fetch(`${base}/api/responses`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://elsewhere.example');
  });
});
