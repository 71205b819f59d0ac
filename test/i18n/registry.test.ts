import { expect } from '@open-wc/testing';
import { ar } from '../../src/i18n/locales/ar.js';
import { deKiosk } from '../../src/i18n/kiosk-locales/de.js';
import { enKiosk } from '../../src/i18n/kiosk-locales/en.js';
import { frKiosk } from '../../src/i18n/kiosk-locales/fr.js';
import { nlKiosk } from '../../src/i18n/kiosk-locales/nl.js';
import { kioskTextsFor } from '../../src/i18n/kiosk-texts.js';
import { de } from '../../src/i18n/locales/de.js';
import { en } from '../../src/i18n/locales/en.js';
import { fr } from '../../src/i18n/locales/fr.js';
import { nl } from '../../src/i18n/locales/nl.js';
import { closestLang } from '../../src/i18n/localize-controller.js';
import type { Messages } from '../../src/i18n/messages.js';
import { pickText } from '../../src/i18n/pick-text.js';
import {
  addKioskTexts,
  availableLocales,
  onLocalesChange,
  registerLocale,
  resolveLocale,
  withOverrides,
} from '../../src/i18n/registry.js';

/** Every key of a locale, nested ones as `defaultSurvey.title`. */
function keysOf(messages: Messages): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) =>
      typeof value === 'object' ? Object.keys(value).map(inner => `${key}.${inner}`) : [key],
    )
    .sort();
}

/** Every string of a locale, nested ones included, with its key. */
function stringsOf(messages: Messages): [string, unknown][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object'
      ? Object.entries(value).map(([inner, text]) => [`${key}.${inner}`, text] as [string, unknown])
      : [[key, value] as [string, unknown]],
  );
}

/** The built-in languages with kiosk mode's texts, as a kiosk page has them; Arabic comes whole. */
const BUILT_IN: Record<string, Messages> = {
  nl: { ...nl, ...nlKiosk },
  fr: { ...fr, ...frKiosk },
  de: { ...de, ...deKiosk },
  en: { ...en, ...enKiosk },
  ar,
};

describe('resolveLocale()', () => {
  it('finds a built-in locale by its code', () => {
    expect(resolveLocale('nl')).to.equal(nl);
    expect(resolveLocale('de')).to.equal(de);
  });

  it('falls back from a region to its language', () => {
    expect(resolveLocale('fr-BE')).to.equal(fr);
    expect(resolveLocale('de-AT')).to.equal(de);
    expect(resolveLocale('nl-BE')).to.equal(nl);
  });

  it('ignores case and surrounding whitespace', () => {
    expect(resolveLocale('NL')).to.equal(nl);
    expect(resolveLocale(' Fr-be ')).to.equal(fr);
  });

  it('falls back to English for an unknown language', () => {
    for (const lang of ['xx', 'xx-YY']) expect(resolveLocale(lang), lang).to.equal(en);
  });

  it('gives Dutch, the default language, when no language is given', () => {
    for (const lang of ['', ' ', null, undefined]) expect(resolveLocale(lang), String(lang)).to.equal(nl);
  });

  it('offers the four built-in locales', () => {
    expect(availableLocales()).to.include.members(['nl', 'fr', 'de', 'en']);
  });
});

describe('registerLocale()', () => {
  it('makes a right-to-left locale resolvable and tells listeners', () => {
    expect(resolveLocale('ar'), 'before registering').to.equal(en);
    let calls = 0;
    const stop = onLocalesChange(() => calls++);

    registerLocale(ar);
    stop();
    registerLocale(ar);

    expect(calls).to.equal(1);
    expect(resolveLocale('ar')).to.deep.equal(ar);
    expect(resolveLocale('ar-MA').$dir).to.equal('rtl');
    expect(availableLocales()).to.include('ar');
  });

  it('finds a regional locale by its code in any case', () => {
    const brazilian: Messages = { ...en, ...enKiosk, $code: 'pt-BR', $name: 'Português', thanks: 'Obrigado!' };

    registerLocale(brazilian);

    expect(resolveLocale('pt-br')).to.deep.equal(brazilian);
    expect(resolveLocale('PT-BR')).to.deep.equal(brazilian);
  });

  it('fills the texts a locale lacks from English, and from its language for a region', () => {
    const { errorEmailAndPhone: _, ...older } = { ...en, $code: 'sv', $name: 'Svenska', submit: 'Skicka' };
    const { comment: ___, ...olderSurvey } = en.defaultSurvey;
    registerLocale({ ...older, defaultSurvey: olderSurvey } as unknown as Messages);
    expect(resolveLocale('sv').errorEmailAndPhone).to.equal(en.errorEmailAndPhone);
    expect(resolveLocale('sv').defaultSurvey.comment).to.equal(en.defaultSurvey.comment);
    expect(resolveLocale('sv').submit).to.equal('Skicka');

    const { submit: __, ...swiss } = { ...de, $code: 'de-CH', thanks: 'Merci vielmal!' };
    registerLocale(swiss as Messages);
    expect(resolveLocale('de-CH').submit).to.equal(de.submit);
    expect(resolveLocale('de-CH').thanks).to.equal('Merci vielmal!');
  });

  it('refuses a locale without a $code, or with one no language tag (nl_BE), with an error that names it', () => {
    const { $code: _, ...nameless } = { ...en, $name: 'Nameless' };
    expect(() => registerLocale(nameless as unknown as Messages)).to.throw(TypeError, 'registerLocale(): $code "" is no language tag');
    expect(() => registerLocale({ ...en, ...enKiosk, $code: ' ' })).to.throw(TypeError, /\$code/);
    expect(() => registerLocale({ ...en, ...enKiosk, $code: 'nl_BE' })).to.throw(TypeError, 'registerLocale(): $code "nl_BE" is no language tag');
    expect(resolveLocale('nl_BE'), 'nothing registered').to.equal(en);
  });
});

describe('addKioskTexts() (feedback-loop/kiosk.js)', () => {
  it('gives a built-in language its kiosk texts only then, and tells listeners', () => {
    expect(resolveLocale('nl').staffPanel, 'a website page does not have them').to.equal(undefined);
    let calls = 0;
    const stop = onLocalesChange(() => calls++);
    addKioskTexts({ nl: nlKiosk });
    stop();
    expect(calls).to.equal(1);
    expect(resolveLocale('nl-BE').staffPanel).to.equal('Medewerkers');
    expect(resolveLocale('nl').submit, 'the rest stays').to.equal(nl.submit);
  });

  it('finds the kiosk texts of a language for a locale made from it, else English', () => {
    expect(kioskTextsFor('nl-BE')).to.equal(nlKiosk);
    expect(kioskTextsFor('FR')).to.equal(frKiosk);
    expect(kioskTextsFor('tr')).to.equal(enKiosk);
  });

  it('leaves the kiosk texts of a language registered with its own', () => {
    registerLocale({ ...en, ...enKiosk, $code: 'en-GB', staffPanel: 'Staff only' });
    addKioskTexts({ 'en-gb': enKiosk });
    expect(resolveLocale('en-GB').staffPanel).to.equal('Staff only');
  });
});

describe('withOverrides()', () => {
  it('replaces single strings and keeps the rest', () => {
    const messages = withOverrides(nl, { submit: 'Verzenden' });

    expect(messages.submit).to.equal('Verzenden');
    expect(messages.thanks).to.equal(nl.thanks);
    expect(messages.errorSummary(2)).to.equal(nl.errorSummary(2));
  });

  it('replaces a single text of the built-in survey', () => {
    const messages = withOverrides(nl, { defaultSurvey: { title: 'Hoe was uw bezoek?' } });

    expect(messages.defaultSurvey.title).to.equal('Hoe was uw bezoek?');
    expect(messages.defaultSurvey.nps).to.equal(nl.defaultSurvey.nps);
  });

  it('does not change the locale it starts from', () => {
    const before = JSON.stringify(nl);

    withOverrides(nl, { submit: 'Verzenden', defaultSurvey: { title: 'Hoe was uw bezoek?' } });

    expect(JSON.stringify(nl)).to.equal(before);
  });

  it('returns the locale itself when there are no overrides', () => {
    expect(withOverrides(fr)).to.equal(fr);
  });

  it('ignores an override of the wrong type instead of breaking rendering', () => {
    const overrides = { charactersLeft: 'nog tekens', submit: 42, thanks: 'Dank u' } as unknown as Parameters<typeof withOverrides>[1];

    const messages = withOverrides(nl, overrides);

    expect(messages.charactersLeft(3)).to.equal(nl.charactersLeft(3));
    expect(messages.submit).to.equal(nl.submit);
    expect(messages.thanks).to.equal('Dank u');
  });
});

describe('built-in locales', () => {
  for (const [code, messages] of Object.entries(BUILT_IN)) {
    it(`${code} has every key of English`, () => {
      expect(keysOf(messages)).to.deep.equal(keysOf(BUILT_IN.en!));
    });

    it(`${code} has no empty text`, () => {
      for (const [key, text] of stringsOf(messages)) {
        if (typeof text === 'function') continue;
        expect(text, key).to.be.a('string');
        expect((text as string).trim(), key).to.not.equal('');
      }
    });

    it(`${code} puts the number into parameterised messages`, () => {
      for (const count of [1, 3, 12]) {
        expect(messages.charactersLeft(count), 'charactersLeft').to.include(String(count));
        expect(messages.charactersOver(count), 'charactersOver').to.include(String(count));
        expect(messages.errorSummary(count), 'errorSummary').to.include(String(count));
        expect(messages.errorCheck(count), 'errorCheck').to.include(String(count));
        expect(messages.errorTooLong(count), 'errorTooLong').to.include(String(count));
      }
    });

    it(`${code} names itself with its own code`, () => {
      expect(messages.$code).to.equal(code);
    });
  }

  it('translates, rather than copies, the English texts', () => {
    for (const messages of [nl, fr, de, ar]) {
      expect(messages.submit, messages.$code).to.not.equal(en.submit);
      expect(messages.defaultSurvey.reliability, messages.$code).to.not.equal(en.defaultSurvey.reliability);
    }
  });

  it('counts seconds in Arabic as Arabic does: own words for 1 and 2, the plural for 3–10, the singular from 11', () => {
    expect(ar.staffClosing(1)).to.contain('ثانية واحدة');
    expect(ar.staffClosing(2)).to.contain('ثانيتين');
    expect(ar.staffClosing(7)).to.contain('7 ثوانٍ');
    expect(ar.staffClosing(20)).to.contain('20 ثانية');
    expect(ar.idleWarning(10)).to.contain('10 ثوانٍ');
    expect(enKiosk.staffClosing(1)).to.equal('This panel closes in 1 second.');
    expect(enKiosk.staffClosing(20)).to.equal('This panel closes in 20 seconds.');
  });

  it('writes only Arabic right to left', () => {
    expect(Object.values(BUILT_IN).filter(m => m.$dir === 'rtl').map(m => m.$code)).to.deep.equal(['ar']);
  });
});

describe('pickText()', () => {
  const text = { nl: 'Snelheid', fr: 'Rapidité', en: 'Speed', 'de-AT': 'Schnelligkeit' };

  it('picks the exact locale, ignoring case', () => {
    expect(pickText(text, 'fr')).to.equal('Rapidité');
    expect(pickText(text, 'DE-at')).to.equal('Schnelligkeit');
  });

  it('falls back from a region to its language', () => {
    expect(pickText(text, 'nl-BE')).to.equal('Snelheid');
  });

  it('falls back from a language to a regional text of that language', () => {
    expect(pickText(text, 'de')).to.equal('Schnelligkeit');
    expect(pickText({ 'nl-BE': 'Snelheid', 'fr-BE': 'Rapidité' }, 'fr')).to.equal('Rapidité');
  });

  it('falls back to English', () => {
    expect(pickText(text, 'tr')).to.equal('Speed');
  });

  it('falls back to the first text when there is no English', () => {
    expect(pickText({ nl: 'Snelheid', fr: 'Rapidité' }, 'tr')).to.equal('Snelheid');
  });

  it('returns an empty string for no text at all', () => {
    expect(pickText({}, 'nl')).to.equal('');
  });
});

describe('closestLang()', () => {
  let container: HTMLDivElement;
  const htmlLang = document.documentElement.getAttribute('lang');

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    container.remove();
    if (htmlLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', htmlLang);
  });

  function build(markup: string): Element {
    container.innerHTML = markup;
    return container.querySelector('#target')!;
  }

  it("returns the element's own lang", () => {
    expect(closestLang(build('<section lang="nl"><p id="target" lang="fr-BE"></p></section>'))).to.equal('fr-BE');
  });

  it('returns the lang of the nearest ancestor', () => {
    expect(closestLang(build('<section lang="nl"><div lang="de"><p><span id="target"></span></p></div></section>'))).to.equal('de');
  });

  it('skips an empty lang', () => {
    expect(closestLang(build('<section lang="fr"><p id="target" lang="  "></p></section>'))).to.equal('fr');
    expect(closestLang(build('<section lang="fr"><div lang=""><p id="target"></p></div></section>'))).to.equal('fr');
  });

  it("crosses a shadow root to the host's ancestors", () => {
    const host = build('<section lang="nl"><div id="target"></div></section>');
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(document.createElement('p'));
    host.shadowRoot!.firstElementChild!.append(inner);

    expect(closestLang(inner)).to.equal('nl');
  });

  it('ends at <html lang>', () => {
    document.documentElement.setAttribute('lang', 'de-AT');

    expect(closestLang(build('<p><span id="target"></span></p>'))).to.equal('de-AT');
  });

  it('returns undefined when no element has a lang', () => {
    document.documentElement.removeAttribute('lang');

    expect(closestLang(build('<p><span id="target"></span></p>'))).to.equal(undefined);
  });
});
