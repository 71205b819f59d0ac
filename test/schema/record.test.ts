import { expect } from '@open-wc/testing';
import { buildRecord, checkAnswers, type RecordMeta } from '../../src/schema/answers.js';
import { CHANNELS } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import {
  formatIssues,
  validateRecord,
  type Validated,
  type ValidationIssue,
} from '../../src/schema/validate.js';

const RECORD_ID = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';

function record(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: RECORD_ID,
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'web',
    locale: 'nl-BE',
    answers: { reliability: 4, credibility: 5, nps: 9, comment: 'Vriendelijk geholpen.' },
    submittedAt: '2024-03-14T09:30:00.000Z',
    ...changes,
  };
}

function onlyIssue(result: Validated<unknown>): ValidationIssue {
  expect(result.ok, 'the record is refused').to.equal(false);
  const { issues } = result as { ok: false; issues: ValidationIssue[] };
  expect(issues, formatIssues(issues)).to.have.lengthOf(1);
  return issues[0]!;
}

function contextWithKeys(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, 'x']));
}

describe('validateRecord()', () => {
  describe('valid records', () => {
    it('accepts a record from every channel', () => {
      expect(CHANNELS).to.deep.equal(['web', 'email', 'kiosk', 'phone', 'other']);
      for (const channel of CHANNELS) {
        const result = validateRecord(record({ channel }));
        expect(result.ok, `${channel}: ${result.ok ? '' : formatIssues(result.issues)}`).to.equal(true);
      }
    });

    it('returns the record unchanged', () => {
      const input = record({ context: { office: 'Gent', team: 'Onthaal', staff: 'A12', contactRef: 'C-2024-118' } });

      const result = validateRecord(input);

      expect(result.ok && result.value).to.deep.equal(input);
    });

    it('accepts a time with an offset and without fractions', () => {
      expect(validateRecord(record({ submittedAt: '2024-03-14T10:30:00+01:00' })).ok).to.equal(true);
    });

    it('accepts a record with no answers', () => {
      expect(validateRecord(record({ answers: {} })).ok).to.equal(true);
    });

    it('accepts 16 context keys and values of 200 characters', () => {
      expect(validateRecord(record({ context: contextWithKeys(16) })).ok).to.equal(true);
      expect(validateRecord(record({ context: { office: 'x'.repeat(200) } })).ok).to.equal(true);
    });

    it('accepts a comment of 5000 characters', () => {
      expect(validateRecord(record({ answers: { comment: 'x'.repeat(5000) } })).ok).to.equal(true);
    });
  });

  describe('invalid records', () => {
    it('takes a language tag of 35 characters and refuses a longer one with one clear issue', () => {
      const longest = `de-${'abcdefgh-'.repeat(3)}abcde`; // 35 characters
      expect(longest).to.have.lengthOf(35);
      expect(validateRecord(record({ locale: longest })).ok).to.equal(true);

      const issue = onlyIssue(validateRecord(record({ locale: `${longest}g` })));

      expect(issue.path).to.deep.equal(['locale']);
      expect(issue.message).to.match(/at most 35/i);
    });

    it('refuses an id that is not a UUID', () => {
      const issue = onlyIssue(validateRecord(record({ id: 'response-1' })));

      expect(issue.path).to.deep.equal(['id']);
      expect(issue.code).to.equal('invalid_format');
      expect(issue.message).to.match(/uuid/i);
    });

    it('refuses an unknown channel and lists the known ones', () => {
      const issue = onlyIssue(validateRecord(record({ channel: 'fax' })));

      expect(issue).to.deep.equal({
        path: ['channel'],
        code: 'invalid_value',
        message: 'Expected one of "web", "email", "kiosk", "phone", "other"',
      });
    });

    it('refuses an answer of 11', () => {
      const issue = onlyIssue(validateRecord(record({ answers: { nps: 11 } })));

      expect(issue).to.deep.equal({ path: ['answers', 'nps'], code: 'too_big', message: 'Too big: at most 10' });
    });

    it('refuses an answer of -1', () => {
      const issue = onlyIssue(validateRecord(record({ answers: { nps: -1 } })));

      expect(issue).to.deep.equal({ path: ['answers', 'nps'], code: 'too_small', message: 'Too small: at least 0' });
    });

    it('refuses an answer of 2.5', () => {
      const issue = onlyIssue(validateRecord(record({ answers: { reliability: 2.5 } })));

      expect(issue.path).to.deep.equal(['answers', 'reliability']);
      expect(issue.message).to.not.equal('Invalid input');
    });

    it('refuses a comment of more than 5000 characters', () => {
      const issue = onlyIssue(validateRecord(record({ answers: { comment: 'x'.repeat(5001) } })));

      expect(issue).to.deep.equal({
        path: ['answers', 'comment'],
        code: 'too_big',
        message: 'Too big: at most 5000',
      });
    });

    it('refuses a submittedAt that is not an ISO date-time', () => {
      for (const submittedAt of ['14/03/2024 09:30', '2024-03-14', '2024-03-14T09:30:00', 'yesterday']) {
        const issue = onlyIssue(validateRecord(record({ submittedAt })));
        expect(issue.path, submittedAt).to.deep.equal(['submittedAt']);
        expect(issue.code).to.equal('invalid_format');
        expect(issue.message).to.not.equal('Invalid input');
      }
    });

    it('refuses a context with 17 keys', () => {
      const issue = onlyIssue(validateRecord(record({ context: contextWithKeys(17) })));

      expect(issue).to.deep.equal({ path: ['context'], code: 'custom', message: 'At most 16 context keys' });
    });

    it('refuses a context value of 201 characters', () => {
      const issue = onlyIssue(validateRecord(record({ context: { office: 'x'.repeat(201) } })));

      expect(issue).to.deep.equal({
        path: ['context', 'office'],
        code: 'too_big',
        message: 'Too big: at most 200',
      });
    });

    it('refuses a context key with spaces and says which keys are allowed', () => {
      const issue = onlyIssue(validateRecord(record({ context: { 'my office': 'Gent' } })));

      expect(issue.path).to.deep.equal(['context', 'my office']);
      expect(issue.code).to.equal('invalid_key');
      expect(issue.message).to.include('letters, digits');
    });

    it('refuses an extra top-level key', () => {
      const issue = onlyIssue(validateRecord(record({ ipAddress: '192.0.2.1' })));

      expect(issue).to.deep.equal({ path: [], code: 'unrecognized_keys', message: 'Unknown key(s) "ipAddress"' });
    });

    it('refuses a record without a survey version', () => {
      const { surveyVersion: _version, ...input } = record();

      expect(onlyIssue(validateRecord(input)).path).to.deep.equal(['surveyVersion']);
    });
  });
});

const survey: Survey = {
  id: 'email-answer',
  version: 2,
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord' }, required: true },
    { kind: 'rating', id: 'clarity', label: { nl: 'Duidelijkheid van de informatie' } },
    { kind: 'nps', id: 'nps', label: { nl: 'Zou u ons aanbevelen?' }, required: true },
    { kind: 'comment', id: 'comment', label: { nl: 'Wat kan beter?' }, maxLength: 20 },
  ],
};

describe('checkAnswers()', () => {
  it('finds no problem in complete, valid answers', () => {
    expect(checkAnswers(survey, { speed: 5, clarity: 1, nps: 0, comment: 'Sneller antwoorden' })).to.deep.equal([]);
  });

  it('accepts optional questions left unanswered', () => {
    expect(checkAnswers(survey, { speed: 3, nps: 10 })).to.deep.equal([]);
  });

  it('reports every required question left unanswered, in survey order', () => {
    expect(checkAnswers(survey, { clarity: 4 })).to.deep.equal([
      { questionId: 'speed', problem: 'required' },
      { questionId: 'nps', problem: 'required' },
    ]);
  });

  it('reports ratings outside 1–5 and NPS outside 0–10', () => {
    expect(checkAnswers(survey, { speed: 0, clarity: 6, nps: 11 })).to.deep.equal([
      { questionId: 'speed', problem: 'out-of-range' },
      { questionId: 'clarity', problem: 'out-of-range' },
      { questionId: 'nps', problem: 'out-of-range' },
    ]);
  });

  it('reports a fractional or text value on a scale as out of range', () => {
    expect(checkAnswers(survey, { speed: 2.5, nps: '7' })).to.deep.equal([
      { questionId: 'speed', problem: 'out-of-range' },
      { questionId: 'nps', problem: 'out-of-range' },
    ]);
  });

  it('reports a comment longer than its maximum length', () => {
    expect(checkAnswers(survey, { speed: 4, nps: 8, comment: 'x'.repeat(21) })).to.deep.equal([
      { questionId: 'comment', problem: 'too-long' },
    ]);
    expect(checkAnswers(survey, { speed: 4, nps: 8, comment: 'x'.repeat(20) })).to.deep.equal([]);
  });

  it('measures a comment after trimming it', () => {
    expect(checkAnswers(survey, { speed: 4, nps: 8, comment: `   ${'x'.repeat(20)}   ` })).to.deep.equal([]);
  });

  it('limits a comment without its own maximum to 1000 characters', () => {
    const open: Survey = { id: 'open', version: 1, questions: [{ kind: 'comment', id: 'c', label: { nl: 'Opmerking' } }] };

    expect(checkAnswers(open, { c: 'x'.repeat(1000) })).to.deep.equal([]);
    expect(checkAnswers(open, { c: 'x'.repeat(1001) })).to.deep.equal([{ questionId: 'c', problem: 'too-long' }]);
  });

  it('treats a whitespace-only required comment as unanswered', () => {
    const required: Survey = {
      id: 'open',
      version: 1,
      questions: [{ kind: 'comment', id: 'c', label: { nl: 'Opmerking' }, required: true }],
    };

    expect(checkAnswers(required, { c: ' \n\t ' })).to.deep.equal([{ questionId: 'c', problem: 'required' }]);
  });
});

describe('buildRecord()', () => {
  const meta: RecordMeta = {
    id: RECORD_ID,
    channel: 'email',
    locale: 'nl',
    submittedAt: new Date(Date.UTC(2024, 2, 14, 9, 30)),
  };

  it('builds a record that validateRecord() accepts', () => {
    const built = buildRecord(survey, { speed: 4, clarity: 5, nps: 9, comment: 'Top' }, meta);

    expect(built).to.deep.equal({
      id: RECORD_ID,
      surveyId: 'email-answer',
      surveyVersion: 2,
      channel: 'email',
      locale: 'nl',
      answers: { speed: 4, clarity: 5, nps: 9, comment: 'Top' },
      submittedAt: '2024-03-14T09:30:00.000Z',
    });
    expect(validateRecord(built).ok).to.equal(true);
  });

  it('trims the comment', () => {
    const built = buildRecord(survey, { speed: 4, nps: 9, comment: '  Sneller graag \n' }, meta);

    expect(built.answers.comment).to.equal('Sneller graag');
  });

  it('leaves out a whitespace-only comment', () => {
    const built = buildRecord(survey, { speed: 4, nps: 9, comment: '   ' }, meta);

    expect(built.answers).to.deep.equal({ speed: 4, nps: 9 });
  });

  it('leaves out answers to questions the survey does not have', () => {
    const built = buildRecord(survey, { speed: 4, nps: 9, name: 'Jan Peeters', email: 'jan@example.org' }, meta);

    expect(built.answers).to.deep.equal({ speed: 4, nps: 9 });
  });

  it('copies a non-empty context without sharing the object', () => {
    const context = { office: 'Gent', staff: 'A12' };

    const built = buildRecord(survey, { speed: 4, nps: 9 }, { ...meta, context });
    context.office = 'Brugge';

    expect(built.context).to.deep.equal({ office: 'Gent', staff: 'A12' });
  });

  it('leaves out an empty context', () => {
    const built = buildRecord(survey, { speed: 4, nps: 9 }, { ...meta, context: {} });

    expect(built).to.not.have.property('context');
    expect(validateRecord(built).ok).to.equal(true);
  });
});
