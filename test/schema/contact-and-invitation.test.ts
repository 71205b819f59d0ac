import { expect } from '@open-wc/testing';
import { buildRecord, checkAnswers, EMPTY_CONTACT } from '../../src/schema/answers.js';
import { EMAIL_PARAMS, emailLink, readEmailLink } from '../../src/schema/email-link.js';
import type { Survey } from '../../src/schema/survey.js';
import { validateRecord, validateSurvey } from '../../src/schema/validate.js';

const SURVEY: Survey = {
  id: 'callback',
  version: 1,
  questions: [
    { kind: 'rating', id: 'overall', label: { en: 'Overall?' } },
    { kind: 'contact', id: 'contact', label: { en: 'Contact you?' } },
  ],
};

const base = {
  id: '6f1c1f7e-4b9e-4d39-9a52-2f7a3f2f8b11',
  surveyId: 'callback',
  surveyVersion: 1,
  channel: 'email',
  locale: 'nl',
  answers: { overall: 4 },
  submittedAt: '2026-11-23T10:00:00Z',
};

describe('contact question and record', () => {
  it('accepts one contact question and refuses two, or a required one', () => {
    expect(validateSurvey(SURVEY).ok).to.equal(true);
    const two = { ...SURVEY, questions: [...SURVEY.questions, { kind: 'contact', id: 'again', label: { en: 'x' } }] };
    const twice = validateSurvey(two);
    expect(twice.ok).to.equal(false);
    expect(!twice.ok && twice.issues[0]!.message).to.equal('A survey has at most one contact question');
    const required = { ...SURVEY, questions: [{ kind: 'contact', id: 'c', label: { en: 'x' }, required: true }] };
    expect(validateSurvey(required).ok, 'contact is always a free choice').to.equal(false);
  });

  it('takes a contact only with consent and a way to reach the person', () => {
    expect(validateRecord({ ...base, contact: { consent: true, email: 'a@example.org' } }).ok).to.equal(true);
    expect(validateRecord({ ...base, contact: { consent: true, phone: '+32 2 123 45 67' } }).ok).to.equal(true);
    for (const contact of [
      { email: 'a@example.org' },
      { consent: false, email: 'a@example.org' },
      { consent: true },
      { consent: true, email: 'nope' },
      { consent: true, phone: '12' },
      { consent: true, email: 'a@example.org', name: 'An' },
    ]) {
      expect(validateRecord({ ...base, contact }).ok, JSON.stringify(contact)).to.equal(false);
    }
  });

  it('takes invitation tokens of 8–128 safe characters', () => {
    expect(validateRecord({ ...base, invitation: 'tok_12345678' }).ok).to.equal(true);
    for (const invitation of ['short', 'has space 123', 'x'.repeat(129), 'semi;colon123']) {
      expect(validateRecord({ ...base, invitation }).ok, invitation).to.equal(false);
    }
  });

  it('builds the record with the contact apart from the answers, only with consent', () => {
    const meta = { id: base.id, channel: 'email' as const, locale: 'nl', submittedAt: new Date(base.submittedAt), invitation: 'tok_12345678' };
    const withConsent = buildRecord(SURVEY, { overall: 4 }, { ...meta, contact: { consent: true, email: ' a@example.org ', phone: '' } });
    expect(withConsent.answers).to.deep.equal({ overall: 4 });
    expect(withConsent.contact).to.deep.equal({ consent: true, email: 'a@example.org' });
    expect(withConsent.invitation).to.equal('tok_12345678');
    const without = buildRecord(SURVEY, { overall: 4 }, { ...meta, contact: { consent: false, email: 'a@example.org', phone: '' } });
    expect(without).to.not.have.property('contact');
    expect(validateRecord(withConsent).ok).to.equal(true);
  });

  it('checks the contact draft only once consent is ticked', () => {
    expect(checkAnswers(SURVEY, {}, { ...EMPTY_CONTACT, email: 'garbage' })).to.deep.equal([]);
    expect(checkAnswers(SURVEY, {}, { consent: true, email: '', phone: '' })).to.deep.equal([{ questionId: 'contact', problem: 'contact-needed' }]);
    expect(checkAnswers(SURVEY, {}, { consent: true, email: 'x@', phone: '' })).to.deep.equal([{ questionId: 'contact', problem: 'invalid-email' }]);
    expect(checkAnswers(SURVEY, {}, { consent: true, email: '', phone: '(02) 123-45-67' })).to.deep.equal([]);
  });
});

describe('email links', () => {
  it('round-trips question, value and token and keeps the page\'s own query', () => {
    const url = emailLink('https://agency.example/feedback?lang=nl#top', { questionId: 'overall', value: 4, token: 'tok_12345678' });
    const parsed = new URL(url);
    expect(parsed.searchParams.get('lang')).to.equal('nl');
    expect(parsed.hash).to.equal('#top');
    expect(readEmailLink(parsed.search)).to.deep.equal({ questionId: 'overall', value: 4, token: 'tok_12345678' });
  });

  it('leaves out malformed parts instead of failing', () => {
    const q = (params: Record<string, string>) => readEmailLink(new URLSearchParams(params));
    expect(q({ [EMAIL_PARAMS.question]: '1bad', [EMAIL_PARAMS.value]: '11', [EMAIL_PARAMS.token]: 'abc' })).to.deep.equal({});
    expect(q({ [EMAIL_PARAMS.value]: '10' })).to.deep.equal({ value: 10 });
    expect(q({ [EMAIL_PARAMS.value]: '4.5' })).to.deep.equal({});
  });
});
