import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readConfig, type CollectorConfig } from '../../src/collector/config.js';
import { loadSurveys, openCollector, startCollector } from '../../src/collector/server.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { answer, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf } from '../helpers/collector-stores.js';
import { emailSurvey } from '../helpers/email-survey.mjs';

const tempDir = () => mkdtempSync(join(tmpdir(), 'feedback-collector-'));

function config(changes: Partial<CollectorConfig> = {}): CollectorConfig {
  const settings = readConfig({ PORT: '0', DATA_DIR: join(tempDir(), 'data') });
  assert.ok(settings.ok);
  return { ...settings.config, ...changes };
}

const quiet = () => {};

async function send(url: string, records: unknown[], headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/responses`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: JSON.stringify({ records }),
  });
  return { status: response.status, body: (await response.json()) as { results?: { status: string }[] } };
}

async function readIds(url: string, token: string, ids: string[]) {
  const response = await fetch(`${url}/api/responses?ids=${ids.join(',')}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, ids: response.ok ? ((await response.json()) as { responses: { id: string }[] }).responses.map(r => r.id) : [] };
}

describe('the Node collector (PGlite in DATA_DIR)', () => {
  const dataDir = join(tempDir(), 'data');
  const records = [answer(), answer()];

  it('stores answers over HTTP and keeps them, and its report token, across a restart', async () => {
    const first = await startCollector(config({ dataDir }), quiet);
    const sent = await send(first.url, records);
    const token = first.reportToken;
    await first.close();

    const second = await startCollector(config({ dataDir }), quiet);
    try {
      assert.equal(sent.status, 200);
      assert.equal(first.tokenGenerated, true);
      assert.equal(second.reportToken, token, 'the generated token is kept in the database');
      assert.deepEqual((await readIds(second.url, token, records.map(r => r.id))).ids.sort(), records.map(r => r.id).sort());
      assert.deepEqual((await send(second.url, records)).body.results!.map(r => r.status), ['duplicate', 'duplicate']);
    } finally {
      await second.close();
    }
  });

  it('refuses a second instance on the same data folder, with a clear message', async () => {
    const holder = await openCollector(config({ dataDir }), quiet);
    try {
      await assert.rejects(openCollector(config({ dataDir }), quiet), /uses .*data.*one instance; set DATA_DIR to another folder, or DATABASE_URL/);
    } finally {
      await holder.close();
    }
    const again = await openCollector(config({ dataDir }), quiet);
    await again.close();
  });

  it('refuses a data folder that another live process holds, and takes over a stale one', async () => {
    const folder = join(tempDir(), 'data');
    mkdirSync(folder);
    const lock = (pid: number, host = hostname()) => writeFileSync(join(folder, 'collector.lock'), JSON.stringify({ host, pid, token: 'x' }));
    lock(process.ppid); // a live process that is not us
    await assert.rejects(openCollector(config({ dataDir: folder }), quiet), new RegExp(`process ${process.ppid} on .*\\) uses`));
    lock(1, 'another-host'); // its liveness cannot be checked from here
    await assert.rejects(openCollector(config({ dataDir: folder }), quiet), /process 1 on another-host\) uses .* If no collector runs, delete/);

    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    lock(Number(dead.stdout.trim()));
    const collector = await openCollector(config({ dataDir: folder }), quiet);
    await collector.close();
    assert.equal(existsSync(join(folder, 'collector.lock')), false, 'the lock goes with the collector');
  });

  it('lets exactly one of two collectors that start together have the folder', async () => {
    const folder = join(tempDir(), 'data');
    const results = await Promise.allSettled([openCollector(config({ dataDir: folder }), quiet), openCollector(config({ dataDir: folder }), quiet)]);

    const opened = results.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(opened.length, 1);
    await opened[0]!.close();
  });

  it('uses REPORT_TOKEN when it is set', async () => {
    const collector = await startCollector(config({ reportToken: TOKEN }), quiet);
    try {
      const record = answer();
      await send(collector.url, [record]);

      assert.equal(collector.tokenGenerated, false);
      assert.deepEqual(await readIds(collector.url, TOKEN, [record.id]), { status: 200, ids: [record.id] });
      assert.equal((await readIds(collector.url, 'another-token-0123456789', [record.id])).status, 401);
    } finally {
      await collector.close();
    }
  });

  it('hashes invitation tokens with INVITATION_KEY, keeps it out of the database, and will not start with another key', async () => {
    const key = 'invitation-key-0123456789abcdef0123456789';
    const folder = join(tempDir(), 'data');
    const first = await startCollector(config({ dataDir: folder, invitationKey: key }), quiet);
    const record = answer({ invitation: 'tok_0123456789' });
    try {
      assert.equal((await send(first.url, [record])).body.results![0]!.status, 'accepted');
      const settings = await sqlOf(first.store as SqlStore).query<{ key: string; value: string }>('SELECT key, value FROM feedback_settings');
      assert.deepEqual(settings.map(row => row.key).sort(), ['invitation-key-check', 'report-token'], 'no key stored, only its check');
      assert.ok(settings.every(row => !row.value.includes(key)));
    } finally {
      await first.close();
    }
    await assert.rejects(openCollector(config({ dataDir: folder, invitationKey: `${key}-other` }), quiet), /INVITATION_KEY is not the key/);
    await assert.rejects(openCollector(config({ dataDir: folder }), quiet), /Set the same INVITATION_KEY here/);
    const again = await startCollector(config({ dataDir: folder, invitationKey: key }), quiet);
    try {
      assert.equal((await send(again.url, [answer({ invitation: record.invitation })])).body.results![0]!.status, 'already-received');
    } finally {
      await again.close();
    }
  });

  it('rate-limits by the peer address, or by X-Forwarded-For behind a trusted proxy', async () => {
    const direct = await startCollector(config({ rateLimit: 2 }), quiet);
    const proxied = await startCollector(config({ rateLimit: 2, trustProxy: true }), quiet);
    try {
      const directStatuses = [];
      for (let i = 0; i < 3; i++) directStatuses.push((await send(direct.url, [answer()], { 'x-forwarded-for': `10.0.0.${i}` })).status);
      const proxiedStatuses = [];
      for (let i = 0; i < 3; i++) proxiedStatuses.push((await send(proxied.url, [answer()], { 'x-forwarded-for': `203.0.113.9, 10.0.0.${i}` })).status);

      assert.deepEqual(directStatuses, [200, 200, 429], 'a forged header changes nothing without TRUST_PROXY');
      assert.deepEqual(proxiedStatuses, [200, 200, 200], 'each address the proxy saw has its own bucket');
    } finally {
      await Promise.all([direct.close(), proxied.close()]);
    }
  });

  if (process.env.TEST_DATABASE_URL) {
    it('stores into PostgreSQL with DATABASE_URL, the same way', async () => {
      const collector = await startCollector(config({ databaseUrl: process.env.TEST_DATABASE_URL }), quiet);
      try {
        const record = answer();
        assert.equal((await send(collector.url, [record])).status, 200);
        assert.deepEqual((await readIds(collector.url, collector.reportToken, [record.id])).ids, [record.id]);
        assert.equal(collector.store.kind, 'postgres');
      } finally {
        await collector.close();
      }
    });
  }
});

describe('loadSurveys()', () => {
  const folder = tempDir();
  after(() => {});

  it('loads the built-in survey plus every JSON file of a folder', async () => {
    mkdirSync(join(folder, 'ok'));
    writeFileSync(join(folder, 'ok', 'email.json'), JSON.stringify(emailSurvey()));
    writeFileSync(join(folder, 'ok', 'notes.txt'), 'not a survey');

    const surveys = await loadSurveys([join(folder, 'ok')]);

    assert.deepEqual(surveys.map(s => `${s.id}@${s.version}`), ['service-quality@1', 'email-answer@2']);
  });

  it('names the file and the problem of a bad survey file', async () => {
    writeFileSync(join(folder, 'broken.json'), '{"id": ');
    writeFileSync(join(folder, 'invalid.json'), JSON.stringify({ ...emailSurvey(), version: 0 }));
    writeFileSync(join(folder, 'twice.json'), JSON.stringify({ ...emailSurvey(), id: 'service-quality', version: 1 }));

    await assert.rejects(loadSurveys([join(folder, 'broken.json')]), /Survey file .*broken\.json: .*JSON/);
    await assert.rejects(loadSurveys([join(folder, 'invalid.json')]), /invalid\.json is not a valid survey:\nversion: Too small: at least 1/);
    await assert.rejects(loadSurveys([join(folder, 'twice.json')]), /service-quality@1 is defined twice/);
    await assert.rejects(loadSurveys([join(folder, 'missing.json')]), /^Error: SURVEYS: no file or folder at .*missing\.json$/);
  });

  it('reads a file saved with a byte order mark, as survey-src does, and refuses a key given twice', async () => {
    // Notepad saves UTF-8 with a BOM; JSON.parse took it for a stray character ("Unexpected token").
    writeFileSync(join(folder, 'bom.json'), `\uFEFF${JSON.stringify(emailSurvey())}`);
    // The last of the two would win without a word: a question that reads as required, or not.
    writeFileSync(join(folder, 'required-twice.json'), JSON.stringify(emailSurvey()).replace('"required":true', '"required":false,"required":true'));

    assert.deepEqual((await loadSurveys([join(folder, 'bom.json')])).map(s => s.id), ['service-quality', 'email-answer']);
    await assert.rejects(loadSurveys([join(folder, 'required-twice.json')]), /Survey file .*required-twice\.json: The key "required" appears twice in one object/);
  });
});

describe('readConfig()', () => {
  it('has defaults for everything', () => {
    const settings = readConfig({});

    assert.deepEqual(settings, {
      ok: true,
      config: { port: 8787, host: '127.0.0.1', dataDir: '.data', allowedOrigins: [], surveyPaths: [], rateLimit: 120, maxBatch: 500, maxBodyBytes: 1_048_576, trustProxy: false, contactRetentionDays: 90 },
    });
  });

  it('reads lists and numbers', () => {
    const settings = readConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443', SURVEYS: 'a.json,dir', RATE_LIMIT: '0', PORT: '9000' });

    assert.ok(settings.ok);
    assert.deepEqual(settings.config.allowedOrigins, ['https://a.example', 'https://b.example:8443']);
    assert.deepEqual(settings.config.surveyPaths, ['a.json', 'dir']);
    assert.equal(settings.config.rateLimit, 0);
    assert.equal(settings.config.port, 9000);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT: Use a whole number from 0 to 65535/],
    [{ PORT: '70000' }, /PORT: Too big/],
    [{ ALLOWED_ORIGINS: 'www.example.be/path' }, /ALLOWED_ORIGINS: Use origins such as https:\/\/www\.example\.be/],
    [{ REPORT_TOKEN: 'short' }, /REPORT_TOKEN: Use at least 16/],
    [{ INVITATION_KEY: 'too-short-a-key' }, /INVITATION_KEY: Use at least 32/],
    [{ INVITATION_KEY: 'a key with spaces in it, long enough though' }, /INVITATION_KEY: Use at least 32/],
    [{ DATABASE_URL: 'mysql://db/feedback' }, /DATABASE_URL: Use postgres:\/\//],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY/],
    [{ CONTACT_RETENTION_DAYS: '0' }, /CONTACT_RETENTION_DAYS: Too small: at least 1/],
    [{ CONTACT_RETENTION_DAYS: '3651' }, /CONTACT_RETENTION_DAYS: Too big: at most 3650/],
    [{ CONTACT_RETENTION_DAYS: 'ninety' }, /CONTACT_RETENTION_DAYS: Use a whole number/],
    [{ RATE_LIMIT: '-1' }, /RATE_LIMIT: Use a whole number from 0 to 1000000/],
  ];
  for (const [env, message] of bad) {
    it(`explains a bad ${Object.keys(env)[0]}`, () => {
      const settings = readConfig(env);

      assert.equal(settings.ok, false);
      assert.match((settings as { message: string }).message, message);
    });
  }

  it('makes the command stop with status 2 and the message', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/collector/cli.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
    });

    assert.equal(result.status, 2);
    assert.match(result.stderr, /feedback-collector: bad setting\nPORT: Use a whole number/);
  });
});
