import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig, type CollectorConfig } from '../../src/collector/config.js';
import { largestRecordBody } from '../../src/collector/record-size.js';
import { openCollector, startCollector } from '../../src/collector/server.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';

// MAX_BODY_BYTES below one answer at its largest: that answer would get 413 on every try and end
// as a dead letter in the respondent's outbox. The collector must refuse such a setting at start.

const SURVEY: Survey = {
  id: 'long-answers',
  version: 1,
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } },
    { kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' } },
    { kind: 'comment', id: 'story', label: { nl: 'Uw verhaal' }, maxLength: 5000 },
    { kind: 'comment', id: 'remark', label: { nl: 'Opmerking' } },
    { kind: 'contact', id: 'reach-me', label: { nl: 'Mogen we u contacteren?' } },
  ],
};

/** A control character: JSON writes it as \u0001, 6 bytes for one character of text. */
const CTRL = '\u0001';

/** An answer to SURVEY with every text, context value and contact field at its longest. */
function largestAnswer(): FeedbackRecord {
  const context = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${String(i).padStart(2, '0')}${'x'.repeat(29)}`, CTRL.repeat(200)]));
  const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}.be`;
  return {
    id: crypto.randomUUID(),
    surveyId: SURVEY.id,
    surveyVersion: 1,
    channel: 'other',
    locale: 'nld-abcdefgh-abcdefgh-abcdefgh-abcd',
    answers: { speed: 5, nps: 10, story: CTRL.repeat(5000), remark: CTRL.repeat(1000) },
    submittedAt: '2026-03-14T09:30:00.123456789+05:30',
    context,
    invitation: 'i'.repeat(128),
    contact: { consent: true, email: `${'a'.repeat(254 - domain.length - 1)}@${domain}`, phone: `+1${'2'.repeat(24)}` },
  };
}

function config(maxBodyBytes: number): CollectorConfig {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-body-size-'));
  writeFileSync(join(dir, 'long-answers.json'), JSON.stringify(SURVEY));
  const settings = readConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), SURVEYS: join(dir, 'long-answers.json'), MAX_BODY_BYTES: String(maxBodyBytes) });
  assert.ok(settings.ok, settings.ok ? '' : settings.message);
  return settings.config;
}

const quiet = () => {};

describe('MAX_BODY_BYTES against the largest answer', () => {
  const needed = largestRecordBody(SURVEY);

  it('refuses to start below one answer at its largest, naming the survey and the size it needs', async () => {
    for (const bytes of [1024, needed - 1]) {
      await assert.rejects(
        openCollector(config(bytes), quiet),
        new RegExp(`MAX_BODY_BYTES \\(maxBodyBytes\\) is ${bytes}, but one answer to survey "long-answers" version 1 can take ${needed} bytes.*at least ${needed}\\.`),
      );
    }
  });

  it('stores the largest valid answer when MAX_BODY_BYTES is the least it starts with', async () => {
    const collector = await startCollector(config(needed), quiet);
    try {
      const body = JSON.stringify({ records: [largestAnswer()] });
      const response = await fetch(`${collector.url}/api/responses`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body });
      const ack = (await response.json()) as { results: { status: string; reason?: string }[] };

      assert.equal(response.status, 200, JSON.stringify(ack));
      assert.deepEqual(ack.results.map(r => r.status), ['accepted']);
      // The bound is the worst case, and not much more: every byte of it is a byte some answer can take.
      const sent = Buffer.byteLength(body);
      assert.ok(sent <= needed && sent > needed - 100, `${sent} bytes sent, ${needed} needed`);
    } finally {
      await collector.close();
    }
  });
});
