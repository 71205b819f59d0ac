import '../helpers/fresh-storage.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { Survey } from '../../src/schema/survey.js';
import { DELIVERY, LoopHarness, fakeTransport } from '../helpers/harness.js';

const VIEWPORTS = [
  { name: 'a 280 px phone (also 1280 px at 400 % zoom)', width: 280, height: 800 },
  { name: 'a 10" tablet in portrait', width: 800, height: 1280 },
  { name: 'a 10" tablet in landscape', width: 1280, height: 800 },
  { name: '1280 px at 200 % zoom', width: 640, height: 400 },
];

async function loop() {
  return new LoopHarness(await fixture<FeedbackLoop>(html`<feedback-loop lang="en" .transport=${fakeTransport().transport}></feedback-loop>`));
}

/** Emulates media features where the browser allows it; false where it does not (Firefox). */
function emulate(features: { name: string; value: string }[]): Promise<boolean> {
  return executeServerCommand<boolean, { features: typeof features }>('emulate-media-features', { features });
}

/** The rules of the element's shadow styles inside `@media <condition>`. */
function mediaRules(el: Element, condition: string): CSSStyleRule[] {
  const sheets = el.shadowRoot!.adoptedStyleSheets.length
    ? el.shadowRoot!.adoptedStyleSheets
    : [...el.shadowRoot!.querySelectorAll('style')].map(s => s.sheet!);
  return sheets.flatMap(sheet =>
    [...sheet.cssRules]
      .filter((r): r is CSSMediaRule => r instanceof CSSMediaRule && r.conditionText.includes(condition))
      .flatMap(r => [...r.cssRules] as CSSStyleRule[]),
  );
}

describe('<feedback-loop> layout and theming', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  for (const viewport of VIEWPORTS) {
    it(`fits ${viewport.name} with 44×44 px touch targets`, async () => {
      await setViewport({ width: viewport.width, height: viewport.height });
      const h = await loop();
      expect(window.innerWidth).to.equal(viewport.width);
      expect(h.overflowsInline(), 'content sticks out sideways').to.equal(false);
      const targets = [...h.root.querySelectorAll<HTMLElement>('[part~="option"], [part="submit"]')];
      expect(targets.length).to.equal(5 * 5 + 11 + 1);
      for (const target of targets) {
        const box = target.getBoundingClientRect();
        expect(box.width, target.textContent!).to.be.at.least(44);
        expect(box.height, target.textContent!).to.be.at.least(44);
      }
    });
  }

  it('reflows the call-back request with its errors, and the thanks, at 320 px (1280 px at 400 %)', async () => {
    // A guard, not a fix: an audit found no sideways scrolling in these states (WCAG 1.4.10).
    await setViewport({ width: 320, height: 640 });
    const survey: Survey = {
      id: 'reflow',
      version: 1,
      questions: [
        { kind: 'comment', id: 'remark', label: { en: 'Remark' }, maxLength: 10 },
        { kind: 'contact', id: 'callback', label: { en: 'Would you like us to contact you?' } },
      ],
    };
    const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="de" .survey=${survey} .transport=${fakeTransport().transport}></feedback-loop>`);
    const h = new LoopHarness(el);
    const type = async (field: HTMLInputElement | HTMLTextAreaElement, text: string) => {
      field.value = text;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    };
    await type(h.comment!, 'Ein Kommentar, der deutlich länger ist als erlaubt');
    h.root.querySelector<HTMLInputElement>('[part="consent"]')!.click();
    await el.updateComplete;
    const email = h.root.querySelector<HTMLInputElement>('#q-callback-email')!;
    await type(email, 'eine.sehr.lange.adresse.ohne.at.zeichen.bei.einer.behoerde.example.org');
    await h.submit();
    expect(h.root.querySelectorAll('[aria-invalid="true"]')).to.have.length(2);
    expect(h.overflowsInline(), 'the form with its errors sticks out sideways').to.equal(false);
    expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    for (const field of [h.comment!, email]) {
      const box = field.getBoundingClientRect();
      expect(box.left, field.id).to.be.at.least(0);
      expect(box.right, field.id).to.be.at.most(window.innerWidth);
    }
    await type(h.comment!, 'Gut');
    await type(email, 'anna@example.org');
    await h.submit();
    await waitUntil(() => !h.thanks.hidden, 'no thanks', DELIVERY);
    expect(h.overflowsInline(), 'the thanks sticks out sideways').to.equal(false);
    expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
  });

  it('wraps options instead of overflowing in a narrow column of a wide page', async () => {
    await setViewport({ width: 1280, height: 800 });
    const column = await fixture<HTMLElement>(html`<aside style="inline-size: 200px"><feedback-loop .transport=${fakeTransport().transport}></feedback-loop></aside>`);
    const el = column.querySelector('feedback-loop')!;
    await el.updateComplete;
    const h = new LoopHarness(el);
    const right = column.getBoundingClientRect().right;
    for (const option of h.root.querySelectorAll<HTMLElement>('[part~="option"]')) {
      expect(option.getBoundingClientRect().right).to.be.at.most(right + 0.5);
      expect(option.getBoundingClientRect().width).to.be.at.least(44);
    }
  });

  it('keeps 44 px targets on sites that shrink the root font size', async () => {
    document.documentElement.style.fontSize = '62.5%';
    try {
      const h = await loop();
      const box = h.option('reliability', 1).getBoundingClientRect();
      expect(box.width).to.be.at.least(44);
      expect(box.height).to.be.at.least(44);
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });

  it('wraps the eleven NPS options on a narrow screen and keeps them in one row when there is room', async () => {
    await setViewport({ width: 280, height: 800 });
    const narrow = await loop();
    const rows = (h: LoopHarness) => new Set(h.radios('nps').map(r => Math.round(r.closest('label')!.getBoundingClientRect().top))).size;
    expect(rows(narrow)).to.be.greaterThan(1);
    await setViewport({ width: 1280, height: 800 });
    expect(rows(await loop())).to.equal(1);
  });

  it('follows --feedback-* tokens set on any ancestor', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.setProperty('--feedback-color-accent', 'rgb(0, 110, 60)');
    wrapper.style.setProperty('--feedback-radius', '0px');
    const el = document.createElement('feedback-loop');
    el.transport = fakeTransport().transport;
    wrapper.append(el);
    document.body.append(wrapper);
    await el.updateComplete;
    const h = new LoopHarness(el);
    await h.choose('empathy', 4);
    await h.settle();
    expect(getComputedStyle(h.option('empathy', 4)).backgroundColor).to.equal('rgb(0, 110, 60)');
    expect(getComputedStyle(h.submitButton).backgroundColor).to.equal('rgb(0, 110, 60)');
    expect(getComputedStyle(h.base).borderTopLeftRadius).to.equal('0px');
    wrapper.remove();
  });

  it('can be styled from the page through its parts', async () => {
    const style = document.createElement('style');
    style.textContent = 'feedback-loop::part(submit) { text-transform: uppercase; } feedback-loop::part(base) { border-width: 4px; }';
    document.head.append(style);
    const h = await loop();
    expect(getComputedStyle(h.submitButton).textTransform).to.equal('uppercase');
    expect(getComputedStyle(h.base).borderTopWidth).to.equal('4px');
    style.remove();
  });

  it('does not inherit the host page\'s text styles', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.cssText = 'color: rgb(255, 0, 0); font-style: italic; text-transform: uppercase; letter-spacing: 5px; text-align: center; line-height: 4; font-family: serif; visibility: visible';
    const el = document.createElement('feedback-loop');
    el.transport = fakeTransport().transport;
    wrapper.append(el);
    document.body.append(wrapper);
    await el.updateComplete;
    const legend = el.shadowRoot!.querySelector('legend')!;
    const style = getComputedStyle(legend);
    expect(style.color).to.equal('rgb(31, 41, 55)');
    expect(style.fontStyle).to.equal('normal');
    expect(style.textTransform).to.equal('none');
    expect(style.letterSpacing).to.equal('normal');
    expect(style.textAlign).to.equal('start');
    expect(style.fontFamily).not.to.equal('serif');
    wrapper.remove();
  });

  it('does not style the host page', async () => {
    const page = await fixture(html`<div><fieldset><legend>Page legend</legend><button>Page button</button></fieldset><h2>Page title</h2></div>`);
    const snapshot = () => ['fieldset', 'legend', 'button', 'h2'].map(tag => {
      const s = getComputedStyle(page.querySelector(tag)!);
      return [s.color, s.backgroundColor, s.borderTopWidth, s.padding, s.fontWeight, s.fontSize, s.minHeight].join('|');
    });
    const before = snapshot();
    const el = document.createElement('feedback-loop');
    el.transport = fakeTransport().transport;
    page.append(el);
    await el.updateComplete;
    expect(snapshot()).to.deep.equal(before);
  });

  it('uses system colours in forced-colors mode (emulated in Chromium; its rules are checked in Firefox)', async () => {
    const h = await loop();
    await h.choose('credibility', 5);
    const selected = h.option('credibility', 5);
    if (await emulate([{ name: 'forced-colors', value: 'active' }])) {
      try {
        expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
        await h.settle();
        const probe = document.createElement('div');
        probe.style.cssText = 'background: Highlight; forced-color-adjust: none';
        document.body.append(probe);
        expect(getComputedStyle(selected).backgroundColor).to.equal(getComputedStyle(probe).backgroundColor);
        probe.remove();
        await expect(h.el).to.be.accessible();
      } finally {
        await emulate([{ name: 'forced-colors', value: 'none' }]);
      }
    } else {
      const rule = mediaRules(h.el, 'forced-colors: active').find(r => r.selectorText.includes('option-selected'))!;
      expect(rule.style.backgroundColor.toLowerCase()).to.equal('highlight');
      expect(rule.style.color.toLowerCase()).to.equal('highlighttext');
    }
  });

  it('marks an invalid field by more than its colour, also where forced colours replace that colour (WCAG 1.4.1)', async () => {
    const survey: Survey = {
      id: 'invalid-cue',
      version: 1,
      questions: [
        { kind: 'rating', id: 'unanswered', label: { en: 'Unanswered' }, required: true },
        { kind: 'rating', id: 'answered', label: { en: 'Answered' }, required: true },
        { kind: 'comment', id: 'long', label: { en: 'Long' }, maxLength: 10 },
        { kind: 'comment', id: 'short', label: { en: 'Short' } },
        { kind: 'contact', id: 'callback', label: { en: 'Call back?' } },
      ],
    };
    const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" .survey=${survey} .transport=${fakeTransport().transport}></feedback-loop>`);
    const h = new LoopHarness(el);
    const type = async (field: HTMLInputElement | HTMLTextAreaElement, text: string) => {
      field.value = text;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    };
    await h.choose('answered', 3);
    await type(h.root.querySelector('#q-long-input')!, 'fifteen letters');
    h.root.querySelector<HTMLInputElement>('[part="consent"]')!.click();
    await el.updateComplete;
    await type(h.root.querySelector('#q-callback-email')!, 'not an address');
    await type(h.root.querySelector('#q-callback-phone')!, '+31 20 123 4567');
    await h.submit();
    const pairs = [
      ['#q-unanswered [part~="option"]', '#q-answered [part~="option"]'],
      ['#q-long-input', '#q-short-input'],
      ['#q-callback-email', '#q-callback-phone'],
    ];
    const find = (selector: string) => h.root.querySelector<HTMLElement>(selector)!;
    // Focus (an outline) is not the cue: compare the borders only, with the colour left out.
    const shape = (e: HTMLElement) => `${getComputedStyle(e).borderTopStyle} ${getComputedStyle(e).borderTopWidth}`;
    const expectCue = () => {
      for (const [invalid, valid] of pairs) expect(shape(find(invalid!)), `${invalid} against ${valid}`).not.to.equal(shape(find(valid!)));
    };
    expect(h.root.querySelectorAll('[aria-invalid="true"]')).to.have.length(3);
    expectCue();
    if (await emulate([{ name: 'forced-colors', value: 'active' }])) {
      try {
        expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
        await h.settle();
        expectCue();
      } finally {
        await emulate([{ name: 'forced-colors', value: 'none' }]);
      }
    }
  });

  it('turns transitions off when reduced motion is preferred (emulated in Chromium; rules checked in Firefox)', async () => {
    const h = await loop();
    const option = h.option('tangibles', 2);
    expect(getComputedStyle(option).transitionDuration).not.to.equal('0s');
    if (await emulate([{ name: 'prefers-reduced-motion', value: 'reduce' }])) {
      try {
        expect(getComputedStyle(option).transitionDuration).to.equal('0s');
      } finally {
        await emulate([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
      }
    } else {
      const rule = mediaRules(h.el, 'prefers-reduced-motion: reduce')[0]!;
      expect(rule.style.getPropertyValue('transition')).to.match(/none/);
    }
  });
});
