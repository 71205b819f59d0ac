import { expect } from '@open-wc/testing';
import { defaultSurvey, DIMENSIONS } from '../../src/i18n/default-survey.js';
import {
  formatIssues,
  validateSurvey,
  type Validated,
  type ValidationIssue,
} from '../../src/schema/validate.js';
import { emailSurvey } from '../helpers/email-survey.mjs';

/** The email survey with its first question changed. */
function withFirstQuestion(changes: Record<string, unknown>) {
  const survey = emailSurvey();
  survey.questions[0] = { ...survey.questions[0], ...changes };
  return survey;
}

/** The single issue of a refused input; fails the test when the input was accepted. */
function onlyIssue(result: Validated<unknown>): ValidationIssue {
  expect(result.ok, 'the input is refused').to.equal(false);
  const { issues } = result as { ok: false; issues: ValidationIssue[] };
  expect(issues, formatIssues(issues)).to.have.lengthOf(1);
  return issues[0]!;
}

/** zod/mini's bare message; every issue a survey author sees must say more than this. */
const BARE_MESSAGE = 'Invalid input';

describe('validateSurvey()', () => {
  describe('valid surveys', () => {
    it('accepts the built-in survey', () => {
      const result = validateSurvey(defaultSurvey());

      expect(result.ok, result.ok ? '' : formatIssues(result.issues)).to.equal(true);
    });

    it('keeps the built-in survey to five rated dimensions, NPS and an optional comment', () => {
      const result = validateSurvey(defaultSurvey());
      if (!result.ok) throw new Error(formatIssues(result.issues));
      const { questions } = result.value;

      expect(questions.map(q => q.id)).to.deep.equal([...DIMENSIONS, 'nps', 'comment']);
      expect(questions.map(q => q.kind)).to.deep.equal([
        'rating', 'rating', 'rating', 'rating', 'rating', 'nps', 'comment',
      ]);
      expect(questions.map(q => ('required' in q && q.required) || false)).to.deep.equal([
        true, true, true, true, true, true, false,
      ]);
    });

    it('labels every built-in question in Dutch, French, German and English', () => {
      const survey = defaultSurvey();

      for (const question of survey.questions) {
        expect(Object.keys(question.label), question.id).to.include.members(['nl', 'fr', 'de', 'en']);
      }
      expect(survey.title?.nl).to.be.a('string').and.not.equal(survey.title?.en);
    });

    it('accepts a custom four-question email survey and returns it unchanged', () => {
      const input = emailSurvey();

      const result = validateSurvey(input);

      expect(result.ok).to.equal(true);
      expect(result.ok && result.value).to.deep.equal(input);
    });

    it('accepts a comment question with its own maximum length', () => {
      const survey = emailSurvey();
      survey.questions.push({ kind: 'comment', id: 'better', label: { nl: 'Wat kan beter?' }, maxLength: 5000 });

      expect(validateSurvey(survey).ok).to.equal(true);
    });

    it('accepts labels in regional locales such as fr-BE', () => {
      expect(validateSurvey(withFirstQuestion({ label: { 'fr-BE': 'Rapidité', 'nl-BE': 'Snelheid' } })).ok).to.equal(true);
    });

    it('trims labels', () => {
      const result = validateSurvey(withFirstQuestion({ label: { nl: '  Snelheid  ' } }));

      expect(result.ok && result.value.questions[0]!.label).to.deep.equal({ nl: 'Snelheid' });
    });
  });

  describe('invalid surveys', () => {
    it('refuses input that is not an object', () => {
      for (const input of [null, 'email-answer', 42, []]) {
        const issue = onlyIssue(validateSurvey(input));
        expect(issue.path).to.deep.equal([]);
        expect(issue.code).to.equal('invalid_type');
      }
    });

    it('refuses a survey without an id', () => {
      const { id: _id, ...survey } = emailSurvey();

      const issue = onlyIssue(validateSurvey(survey));

      expect(issue).to.deep.equal({ path: ['id'], code: 'invalid_type', message: 'Expected string' });
    });

    it('refuses an id with spaces and explains which characters are allowed', () => {
      const issue = onlyIssue(validateSurvey({ ...emailSurvey(), id: 'email answer' }));

      expect(issue.path).to.deep.equal(['id']);
      expect(issue.message).to.include('letters, digits');
    });

    it('refuses version 0', () => {
      const issue = onlyIssue(validateSurvey({ ...emailSurvey(), version: 0 }));

      expect(issue).to.deep.equal({ path: ['version'], code: 'too_small', message: 'Too small: at least 1' });
    });

    it('refuses a fractional version', () => {
      const issue = onlyIssue(validateSurvey({ ...emailSurvey(), version: 1.5 }));

      expect(issue.path).to.deep.equal(['version']);
      expect(issue.code).to.equal('invalid_type');
      expect(issue.message).to.match(/^Expected int/);
    });

    it('refuses an unknown question kind, pointing at the kind', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ kind: 'stars' })));

      expect(issue.path).to.deep.equal(['questions', 0, 'kind']);
      expect(issue.code).to.equal('invalid_union');
      expect(issue.message).to.equal('Unknown kind');
    });

    it('refuses a survey without questions', () => {
      const issue = onlyIssue(validateSurvey({ ...emailSurvey(), questions: [] }));

      expect(issue).to.deep.equal({ path: ['questions'], code: 'too_small', message: 'Too small: at least 1' });
    });

    it('refuses a survey of more than 30 questions', () => {
      const questions = Array.from({ length: 31 }, (_, i) => ({ kind: 'rating', id: `q${i}`, label: { nl: `Vraag ${i}` } }));

      const issue = onlyIssue(validateSurvey({ ...emailSurvey(), questions }));

      expect(issue).to.deep.equal({ path: ['questions'], code: 'too_big', message: 'Too big: at most 30' });
    });

    it('refuses a duplicate question id, pointing at the second use', () => {
      const survey = emailSurvey();
      survey.questions[3] = { ...survey.questions[3], id: 'speed' };

      const issue = onlyIssue(validateSurvey(survey));

      expect(issue.path).to.deep.equal(['questions', 3, 'id']);
      expect(issue.code).to.equal('custom');
      expect(issue.message).to.equal('Question id "speed" is used twice');
    });

    it('refuses a label in no language', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ label: {} })));

      expect(issue.path).to.deep.equal(['questions', 0, 'label']);
      expect(issue.message).to.equal('Give the text in at least one language');
    });

    it('refuses a label keyed by something that is not a language tag', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ label: { Dutch: 'Snelheid' } })));

      expect(issue.path).to.deep.equal(['questions', 0, 'label', 'Dutch']);
      expect(issue.code).to.equal('invalid_key');
      expect(issue.message).to.not.equal(BARE_MESSAGE);
      expect(issue.message).to.include('language tag');
    });

    it('refuses a label that gives one language twice, in another case', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ label: { nl: 'Snelheid', en: 'Speed', NL: 'Vlotheid' } })));

      expect(issue.path).to.deep.equal(['questions', 0, 'label', 'NL']);
      expect(issue.message).to.equal('"NL" is "nl" again: language tags ignore case');
      expect(validateSurvey(withFirstQuestion({ hint: { 'fr-be': 'a', 'fr-BE': 'b' } })).ok, 'a region too').to.equal(false);
    });

    it('refuses a label of more than 500 characters', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ label: { nl: 'x'.repeat(501) } })));

      expect(issue).to.deep.equal({
        path: ['questions', 0, 'label', 'nl'],
        code: 'too_big',
        message: 'Too big: at most 500',
      });
    });

    it('accepts a label of exactly 500 characters', () => {
      expect(validateSurvey(withFirstQuestion({ label: { nl: 'x'.repeat(500) } })).ok).to.equal(true);
    });

    it('refuses a label of only spaces', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ label: { nl: '   ' } })));

      expect(issue.path).to.deep.equal(['questions', 0, 'label', 'nl']);
      expect(issue.code).to.equal('too_small');
    });

    it('refuses an unknown key on the survey', () => {
      const issue = onlyIssue(validateSurvey({ ...emailSurvey(), colour: 'red' }));

      expect(issue).to.deep.equal({ path: [], code: 'unrecognized_keys', message: 'Unknown key(s) "colour"' });
    });

    it('refuses a key that belongs to another question kind', () => {
      const issue = onlyIssue(validateSurvey(withFirstQuestion({ maxLength: 200 })));

      expect(issue.path).to.deep.equal(['questions', 0]);
      expect(issue.code).to.equal('unrecognized_keys');
      expect(issue.message).to.include('"maxLength"');
    });

    it('refuses a comment maximum length outside 1–5000', () => {
      const comment = (maxLength: number) => ({
        ...emailSurvey(),
        questions: [{ kind: 'comment', id: 'better', label: { nl: 'Wat kan beter?' }, maxLength }],
      });

      expect(onlyIssue(validateSurvey(comment(5001)))).to.deep.equal({
        path: ['questions', 0, 'maxLength'],
        code: 'too_big',
        message: 'Too big: at most 5000',
      });
      expect(onlyIssue(validateSurvey(comment(0)))).to.deep.equal({
        path: ['questions', 0, 'maxLength'],
        code: 'too_small',
        message: 'Too small: at least 1',
      });
    });

    it('reports every problem, each with its own path', () => {
      const survey = { ...emailSurvey(), version: 0, colour: 'red' };
      survey.questions[1] = { ...survey.questions[1], kind: 'stars' };

      const result = validateSurvey(survey);

      expect(result.ok).to.equal(false);
      const paths = result.ok ? [] : result.issues.map(issue => issue.path.join('.'));
      expect(paths).to.have.members(['', 'version', 'questions.1.kind']);
    });

    it('gives no issue the bare "Invalid input" message', () => {
      const broken = {
        id: 'Broken survey',
        version: 'one',
        title: { english: 'Title' },
        questions: [
          { kind: 'stars', id: 'x', label: {} },
          { kind: 'rating', id: '1st', label: { nl: '' }, required: 'yes' },
          { kind: 'comment', id: 'c', label: { nl: 'x'.repeat(501) }, maxLength: 2.5 },
        ],
        extra: true,
      };

      const result = validateSurvey(broken);

      expect(result.ok).to.equal(false);
      const issues = result.ok ? [] : result.issues;
      expect(issues.length).to.be.greaterThan(5);
      for (const issue of issues) expect(issue.message, issue.path.join('.')).to.not.equal(BARE_MESSAGE);
    });
  });
});

describe('formatIssues()', () => {
  it('writes one "path: message" line per issue', () => {
    const survey = { ...emailSurvey(), version: 0 };
    survey.questions[2] = { ...survey.questions[2], id: 'speed' };

    const result = validateSurvey(survey);

    expect(result.ok).to.equal(false);
    expect(formatIssues(result.ok ? [] : result.issues)).to.equal(
      'version: Too small: at least 1\nquestions.2.id: Question id "speed" is used twice',
    );
  });

  it('writes only the message for an issue of the whole input', () => {
    expect(formatIssues([{ path: [], code: 'invalid_type', message: 'Expected object' }])).to.equal(
      'Expected object',
    );
  });

  it('returns an empty string for no issues', () => {
    expect(formatIssues([])).to.equal('');
  });
});
