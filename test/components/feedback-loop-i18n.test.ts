import '../helpers/fresh-storage.js';
import { elementUpdated, expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { Survey } from '../../src/schema/survey.js';
import '../../src/i18n/locales/register-ar.js';
import { DELIVERY, fakeTransport, LoopHarness } from '../helpers/harness.js';

const EXPECTED = {
  nl: { title: 'Wat vond u van onze dienstverlening?', submit: 'Versturen', low: '1: Heel ontevreden', error: 'Kies een antwoord.', thanks: 'Bedankt voor uw antwoord!', sent: 'Het is verstuurd.' },
  fr: { title: 'Qu’avez-vous pensé de notre service\u00a0?', submit: 'Envoyer', low: '1\u00a0: Très insatisfait(e)', error: 'Veuillez choisir une réponse.', thanks: 'Merci pour votre réponse\u00a0!', sent: 'Elle a été envoyée.' },
  de: { title: 'Wie zufrieden waren Sie mit uns?', submit: 'Senden', low: '1: Sehr unzufrieden', error: 'Bitte wählen Sie eine Antwort.', thanks: 'Vielen Dank für Ihre Antwort!', sent: 'Sie wurde gesendet.' },
  en: { title: 'How did we do?', submit: 'Send', low: '1: Very dissatisfied', error: 'Please choose an answer.', thanks: 'Thank you for your answer!', sent: 'It has been sent.' },
} as const;

async function inLang(lang: string) {
  const el = await fixture<FeedbackLoop>(html`<feedback-loop lang=${lang} endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .transport=${fakeTransport().transport}></feedback-loop>`);
  return new LoopHarness(el);
}

describe('<feedback-loop> languages', () => {
  const htmlLang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = htmlLang;
  });

  for (const [lang, text] of Object.entries(EXPECTED)) {
    describe(lang, () => {
      it('labels the survey in this language and is accessible', async () => {
        const h = await inLang(lang);
        expect(h.base.lang).to.equal(lang);
        expect(h.root.querySelector('h2')!.textContent).to.equal(text.title);
        expect(h.submitButton.textContent!.trim()).to.equal(text.submit);
        expect(h.question('reliability').querySelector('.ends')!.textContent).to.contain(text.low);
        expect(h.legend('reliability')).not.to.equal(h.legend('credibility'));
        await expect(h.el).to.be.accessible();
      });

      it('explains problems in this language and is accessible', async () => {
        const h = await inLang(lang);
        await h.submit();
        expect(h.error('reliability')).to.equal(text.error);
        await expect(h.el).to.be.accessible();
      });

      it('thanks in this language and is accessible', async () => {
        const h = await inLang(lang);
        await h.answerDefault();
        await h.submit();
        await waitUntil(() => h.el.status === 'sent', undefined, DELIVERY);
        expect(h.thanks.hidden).to.equal(false);
        expect(h.thanks.querySelector('slot')!.textContent).to.equal(text.thanks);
        expect(h.delivery).to.equal(text.sent);
        await expect(h.el).to.be.accessible();
      });
    });
  }

  it('takes the language from the closest [lang] ancestor', async () => {
    const section = document.createElement('section');
    section.lang = 'de';
    section.innerHTML = '<div><feedback-loop></feedback-loop></div>';
    const el = section.querySelector('feedback-loop')!;
    el.transport = fakeTransport().transport;
    document.body.append(section);
    await el.updateComplete;
    expect(new LoopHarness(el).submitButton.textContent!.trim()).to.equal('Senden');
    section.remove();
  });

  it('takes the language from <html lang> and follows its changes', async () => {
    document.documentElement.lang = 'nl';
    const h = new LoopHarness(await fixture<FeedbackLoop>(html`<feedback-loop .transport=${fakeTransport().transport}></feedback-loop>`));
    expect(h.submitButton.textContent!.trim()).to.equal('Versturen');
    document.documentElement.lang = 'fr';
    await new Promise(r => setTimeout(r));
    await elementUpdated(h.el);
    expect(h.submitButton.textContent!.trim()).to.equal('Envoyer');
  });

  it('falls back from a region to its language, to English for unknown languages, and is Dutch on a page without any', async () => {
    expect((await inLang('fr-BE')).base.lang).to.equal('fr');
    expect((await inLang('nl-be')).base.lang).to.equal('nl');
    const unknown = await inLang('tlh');
    expect(unknown.base.lang).to.equal('en');
    expect(unknown.submitButton.textContent!.trim()).to.equal('Send');
    document.documentElement.removeAttribute('lang');
    const none = new LoopHarness(await fixture<FeedbackLoop>(html`<feedback-loop .transport=${fakeTransport().transport}></feedback-loop>`));
    expect(none.base.lang).to.equal('nl');
    expect(none.submitButton.textContent!.trim()).to.equal('Versturen');
  });

  it('re-renders when its own lang attribute changes', async () => {
    const h = await inLang('en');
    h.el.lang = 'de';
    await new Promise(r => setTimeout(r));
    await elementUpdated(h.el);
    expect(h.submitButton.textContent!.trim()).to.equal('Senden');
  });

  it('overrides single strings through the messages property', async () => {
    const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="nl" .messages=${{ submit: 'Verzenden', defaultSurvey: { title: 'Uw mening telt' } }} .transport=${fakeTransport().transport}></feedback-loop>`);
    const h = new LoopHarness(el);
    expect(h.submitButton.textContent!.trim()).to.equal('Verzenden');
    expect(h.question('reliability').querySelector('.ends')!.textContent).to.contain('Heel ontevreden');
    expect(h.root.querySelector('h2')!.textContent).to.equal('Uw mening telt');
  });

  describe('a survey without the page’s language', () => {
    const BILINGUAL: Survey = {
      id: 'bilingual',
      version: 1,
      title: { nl: 'Uw bezoek', fr: 'Votre visite' },
      questions: [
        { kind: 'rating', id: 'welcome', label: { nl: 'Onthaal', fr: 'Accueil' }, hint: { nl: 'Aan de balie' }, lowLabel: { nl: 'Slecht', fr: 'Mauvais' }, highLabel: { nl: 'Goed', fr: 'Bon' } },
        { kind: 'comment', id: 'comment', label: { 'nl-BE': 'Opmerking', fr: 'Remarque' } },
        { kind: 'contact', id: 'callback', label: { nl: 'Terugbellen', fr: 'Rappel' }, consent: { nl: 'Bel mij terug', fr: 'Rappelez-moi' } },
      ],
    };
    const inPage = async (lang: string) =>
      new LoopHarness(await fixture<FeedbackLoop>(html`<feedback-loop lang=${lang} .survey=${BILINGUAL} .transport=${fakeTransport().transport}></feedback-loop>`));
    const marked = (h: LoopHarness) => [...h.root.querySelectorAll<HTMLElement>('span[lang]')].map(span => `${span.lang}:${span.textContent}`).sort();

    it('marks the survey’s text in another language with that language, so it is read with the right voice', async () => {
      const h = await inPage('de');
      expect(h.base.lang).to.equal('de');
      expect(h.submitButton.textContent!.trim()).to.equal('Senden');
      // No German and no English: the first language given, marked wherever it shows.
      // The end labels twice: read with the first and last option, and shown under the scale.
      const expected = ['nl:Uw bezoek', 'nl:Onthaal', 'nl:Aan de balie', 'nl:Slecht', 'nl:Goed', 'nl:Slecht', 'nl:Goed', 'nl-BE:Opmerking', 'nl:Terugbellen', 'nl:Bel mij terug'];
      expect(marked(h)).to.deep.equal(expected.sort());
      expect(h.root.querySelector('h2 span')!.getAttribute('lang')).to.equal('nl');
      await expect(h.el).to.be.accessible();
    });

    it('marks only what is not in the page’s language: not a region of it, nor text in it', async () => {
      // French has everything but the hint.
      expect(marked(await inPage('fr'))).to.deep.equal(['nl:Aan de balie']);
      expect(marked(await inPage('nl'))).to.deep.equal([]);
      expect(marked(await inPage('nl-BE'))).to.deep.equal([]);
    });
  });

  describe('right to left (opt-in Arabic)', () => {
    it('renders mirrored: the scale starts on the right', async () => {
      const h = await inLang('ar');
      expect(h.base.dir).to.equal('rtl');
      expect(getComputedStyle(h.base).direction).to.equal('rtl');
      expect(h.submitButton.textContent!.trim()).to.equal('إرسال');
      const first = h.option('reliability', 1).getBoundingClientRect();
      const last = h.option('reliability', 5).getBoundingClientRect();
      expect(first.left).to.be.greaterThan(last.left);
      const legend = h.question('reliability').querySelector('legend')!.getBoundingClientRect();
      const base = h.base.getBoundingClientRect();
      // Text starts at the inline start, which is the right edge in RTL.
      expect(base.right - legend.right).to.be.lessThan(legend.left - base.left);
      await expect(h.el).to.be.accessible();
    });

    it('keeps left-to-right languages unmirrored', async () => {
      const h = await inLang('en');
      expect(getComputedStyle(h.base).direction).to.equal('ltr');
      expect(h.option('reliability', 1).getBoundingClientRect().left).to.be.lessThan(h.option('reliability', 5).getBoundingClientRect().left);
    });
  });
});
