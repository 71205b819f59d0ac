import '../helpers/fresh-storage.js';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import { en } from '../../src/i18n/locales/en.js';
import { nl } from '../../src/i18n/locales/nl.js';
import type { Messages } from '../../src/i18n/messages.js';
import { registerLocale } from '../../src/i18n/registry.js';
import { DEFAULT_COMMENT_LENGTH, type Survey } from '../../src/schema/survey.js';
import { LoopHarness, fakeTransport } from '../helpers/harness.js';

// A locale written for an earlier version of the package lacks the messages added since: the
// survey shows those in the language it falls back to, never an empty label or error.

const SURVEY: Survey = {
  id: 'callback-demo',
  version: 1,
  questions: [
    { kind: 'rating', id: 'overall', label: { en: 'How satisfied are you?' }, required: true },
    { kind: 'contact', id: 'callback', label: { en: 'Would you like us to contact you?' } },
  ],
};

/** `messages` without `keys`, as a JavaScript page written before they existed would give it. */
function without(messages: object, ...keys: string[]): Messages {
  return Object.fromEntries(Object.entries(messages).filter(([key]) => !keys.includes(key))) as unknown as Messages;
}

async function loop(lang: string, survey?: Survey) {
  const el = await fixture<FeedbackLoop>(
    html`<feedback-loop lang=${lang} endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .survey=${survey} .transport=${fakeTransport().transport}></feedback-loop>`,
  );
  await el.updateComplete;
  return new LoopHarness(el);
}

async function fill(h: LoopHarness, selector: string, value: string) {
  const input = h.question('callback').querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await h.el.updateComplete;
}

describe('<feedback-loop> with a registered locale that lacks newer texts', () => {
  it('says in English what the locale lacks, in its own words the rest', async () => {
    registerLocale({ ...without(en, 'errorEmailAndPhone'), $code: 'tr', $name: 'Türkçe', submit: 'Gönder' });
    const h = await loop('tr', SURVEY);
    h.question('callback').querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await h.el.updateComplete;
    await fill(h, 'input[type="email"]', 'not-an-address');
    await fill(h, 'input[type="tel"]', '12ab');
    await h.submit();

    expect(h.error('callback')).to.equal(en.errorEmailAndPhone);
    expect(h.submitButton.textContent!.trim()).to.equal('Gönder');
    await expect(h.el).to.be.accessible();
  });

  it('takes a regional locale\'s missing texts from its language, the built-in survey\'s too', async () => {
    const flemish = without(nl, 'submit');
    registerLocale({ ...flemish, $code: 'nl-BE', defaultSurvey: without(nl.defaultSurvey, 'comment') as unknown as Messages['defaultSurvey'] });
    const h = await loop('nl-BE');

    expect(h.submitButton.textContent!.trim()).to.equal(nl.submit);
    expect(h.comment, 'the comment question is there').to.not.equal(null);
    expect(h.question('comment').textContent).to.contain(nl.defaultSurvey.comment);
    await expect(h.el).to.be.accessible();
  });

  it('shows a survey whose locale gives a counting text as a plain string, as a translation file would', async () => {
    // From JSON, `charactersLeft` can only be a string; calling it would have left the survey blank.
    registerLocale({ ...nl, $code: 'fy', $name: 'Frysk', charactersLeft: 'tekens oer', thanks: 'Tige tank!' } as unknown as Messages);
    const h = await loop('fy');

    expect(h.submitButton.textContent!.trim(), 'the survey is shown').to.equal(nl.submit);
    expect(h.question('comment').querySelector('.count')!.textContent!.trim()).to.equal(en.charactersLeft(DEFAULT_COMMENT_LENGTH), 'English, the fallback of a language without its own');
    await expect(h.el).to.be.accessible();
  });
});
