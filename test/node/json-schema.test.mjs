// The JSON Schemas in dist/ let backends in any language check what <feedback-loop> sends.
// They are generated from the zod schemas, so these tests check that the rules survive the trip.
// Not expressible in JSON Schema, so checked only by validateRecord()/validateSurvey() (see
// test/schema/*.test.ts): duplicate question ids, "at least one language" in a text, the 16-key
// limit on `context` (a zod refine; the generator emits no maxProperties for it), and labels of
// only spaces (zod trims before it measures).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { emailSurvey } from '../helpers/email-survey.mjs';

const readJson = path => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));

// ajv-formats is not a dependency; the uuid and date-time rules also come as a `pattern`.
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const checkRecord = ajv.compile(readJson('dist/feedback-record.schema.json'));
const checkSurvey = ajv.compile(readJson('dist/feedback-survey.schema.json'));
const checkAck = ajv.compile(readJson('dist/feedback-ack.schema.json'));

function record(changes = {}) {
  return {
    id: '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'email',
    locale: 'nl',
    answers: { reliability: 4, nps: 9, comment: 'Snel en vriendelijk.' },
    submittedAt: '2024-03-14T09:30:00.000Z',
    context: { office: 'Gent', contactRef: 'C-2024-118' },
    ...changes,
  };
}

function accepts(check, input) {
  assert.equal(check(input), true, ajv.errorsText(check.errors));
}

function refuses(check, input, instancePath) {
  assert.equal(check(input), false, 'expected the input to be refused');
  assert.ok(
    check.errors.some(error => error.instancePath === instancePath),
    `expected an error at "${instancePath}", got ${ajv.errorsText(check.errors)}`,
  );
}

describe('feedback-record.schema.json', () => {
  it('accepts a valid record', () => {
    accepts(checkRecord, record());
  });

  it('accepts a record from every channel', () => {
    for (const channel of ['web', 'email', 'kiosk', 'phone', 'other']) accepts(checkRecord, record({ channel }));
  });

  it('accepts a regional locale such as fr-BE, as validateRecord() does', () => {
    accepts(checkRecord, record({ locale: 'fr-BE' }));
  });

  it('accepts a time with an offset', () => {
    accepts(checkRecord, record({ submittedAt: '2024-03-14T10:30:00+01:00' }));
  });

  it('refuses a record with an unknown channel', () => {
    refuses(checkRecord, record({ channel: 'fax' }), '/channel');
  });

  it('refuses an answer of 11, -1 or 2.5', () => {
    for (const value of [11, -1, 2.5]) refuses(checkRecord, record({ answers: { nps: value } }), '/answers/nps');
  });

  it('refuses a comment of more than 5000 characters', () => {
    refuses(checkRecord, record({ answers: { comment: 'x'.repeat(5001) } }), '/answers/comment');
  });

  it('refuses an extra key', () => {
    refuses(checkRecord, record({ ipAddress: '192.0.2.1' }), '');
  });

  it('refuses an id that is not a UUID', () => {
    refuses(checkRecord, record({ id: 'response-1' }), '/id');
  });

  it('refuses a submittedAt without a time zone', () => {
    refuses(checkRecord, record({ submittedAt: '2024-03-14T09:30:00' }), '/submittedAt');
  });

  it('refuses a context value of 201 characters and a context key with spaces', () => {
    refuses(checkRecord, record({ context: { office: 'x'.repeat(201) } }), '/context/office');
    refuses(checkRecord, record({ context: { 'my office': 'Gent' } }), '/context');
  });

  it('refuses a record without a survey version', () => {
    const { surveyVersion: _version, ...input } = record();
    refuses(checkRecord, input, '');
  });
});

describe('feedback-survey.schema.json', () => {
  it('accepts the seed-004 email survey', () => {
    accepts(checkSurvey, emailSurvey());
  });

  it('accepts labels in regional locales, as validateSurvey() does', () => {
    const survey = emailSurvey();
    survey.questions[0].label = { 'nl-BE': 'Snelheid', 'fr-BE': 'Rapidité' };
    accepts(checkSurvey, survey);
  });

  it('accepts ids with capitals, as validateSurvey() does', () => {
    const survey = { ...emailSurvey(), id: 'KenG-email' };
    survey.questions[0].id = 'Q1speed';
    accepts(checkSurvey, survey);
  });

  it('accepts a comment question with a maximum length', () => {
    const survey = emailSurvey();
    survey.questions.push({ kind: 'comment', id: 'better', label: { nl: 'Wat kan beter?' }, maxLength: 500 });
    accepts(checkSurvey, survey);
  });

  it('refuses an unknown question kind', () => {
    const survey = emailSurvey();
    survey.questions[0].kind = 'stars';
    refuses(checkSurvey, survey, '/questions/0');
  });

  it('refuses version 0 and an empty question list', () => {
    refuses(checkSurvey, { ...emailSurvey(), version: 0 }, '/version');
    refuses(checkSurvey, { ...emailSurvey(), questions: [] }, '/questions');
  });

  it('refuses a label of more than 500 characters', () => {
    const survey = emailSurvey();
    survey.questions[1].label = { nl: 'x'.repeat(501) };
    refuses(checkSurvey, survey, '/questions/1/label/nl');
  });

  it('refuses a comment maximum length above 5000', () => {
    const survey = emailSurvey();
    survey.questions.push({ kind: 'comment', id: 'better', label: { nl: 'Wat kan beter?' }, maxLength: 5001 });
    assert.equal(checkSurvey(survey), false);
  });

  it('refuses an unknown key on the survey', () => {
    refuses(checkSurvey, { ...emailSurvey(), colour: 'red' }, '');
  });
});

describe('feedback-ack.schema.json', () => {
  const id = 'f825f9a7-3b1e-4c2a-9d4e-1a2b3c4d5e6f';

  it('accepts per-item results: accepted, duplicate, rejected with a reason', () => {
    accepts(checkAck, {
      results: [
        { id, status: 'accepted' },
        { id, status: 'duplicate' },
        { id, status: 'rejected', reason: 'answers.nps: too big' },
      ],
    });
  });

  it('refuses an unknown status and a result without id', () => {
    refuses(checkAck, { results: [{ id, status: 'stored' }] }, '/results/0/status');
    refuses(checkAck, { results: [{ status: 'accepted' }] }, '/results/0');
  });
});

describe('feedback-report.schema.json', () => {
  const checkReport = ajv.compile(readJson('dist/feedback-report.schema.json'));

  /** A real report: summarize() over a few answers, compared and broken down by channel. */
  async function report() {
    const { summarize } = await import('../../src/report/summarize.ts');
    const { presetPeriod } = await import('../../src/report/period.ts');
    const survey = emailSurvey();
    const rated = Object.fromEntries(survey.questions.filter(q => q.kind === 'rating').map((q, i) => [q.id, 1 + (i % 5)]));
    const responses = ['email', 'phone', 'email', 'email', 'email', 'email'].map((channel, i) => ({
      surveyId: survey.id,
      surveyVersion: survey.version,
      channel,
      submittedAt: `2023-0${1 + i}-10T10:00:00Z`,
      answers: { ...rated, ...(survey.questions.some(q => q.kind === 'nps') ? { [survey.questions.find(q => q.kind === 'nps').id]: i + 4 } : {}) },
    }));
    const query = {
      surveyId: survey.id,
      period: presetPeriod('half-year', '2023-01-01'),
      compare: true,
      channels: [],
      context: {},
      breakdown: { by: 'channel' },
      minCount: 5,
      timeZone: 'Europe/Brussels',
    };
    return summarize({ surveys: [survey], responses }, query);
  }

  it('accepts what summarize() returns, with shown and hidden cuts', async () => {
    const value = await report();
    assert.equal(value.groups.length, 2);
    assert.equal(value.groups.find(g => g.key === 'phone').results[0].current.hidden, true);
    assert.ok(checkReport(value), JSON.stringify(checkReport.errors));
  });

  it('refuses a report without its total or with an unknown direction', async () => {
    const value = await report();
    const { total, ...withoutTotal } = value;
    assert.equal(checkReport(withoutTotal), false);
    const changed = structuredClone(value);
    changed.total.results[0].change = { satisfied: { value: 1, direction: 'up' }, dissatisfied: { value: 1, direction: 'better' }, mean: { value: 1, direction: 'same' } };
    assert.equal(checkReport(changed), false);
    assert.ok(total);
  });
});
