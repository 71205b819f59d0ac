import '../helpers/fresh-storage.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import '../../src/kiosk.js';
import '../../src/i18n/locales/register-ar.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { Survey } from '../../src/schema/survey.js';
import { LoopHarness, fakeTransport } from '../helpers/harness.js';
import { accessibleDescription, focusIn, nameOf } from '../helpers/focus.js';

// The consent-based call-back request: contact fields only behind an explicit consent checkbox,
// validated only then, and sent as the record's `contact`, never among the answers.

const SURVEY: Survey = {
  id: 'callback-demo',
  version: 1,
  questions: [
    { kind: 'rating', id: 'overall', label: { en: 'How satisfied are you?' }, required: true },
    { kind: 'contact', id: 'callback', label: { en: 'Would you like us to contact you?' } },
  ],
};

async function loop(mode = 'web', lang = 'en') {
  const { transport, calls } = fakeTransport();
  const el = await fixture<FeedbackLoop>(html`<feedback-loop lang=${lang} mode=${mode} endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .survey=${SURVEY} .transport=${transport}></feedback-loop>`);
  await el.updateComplete;
  const h = new LoopHarness(el);
  const q = () => h.question('callback');
  return {
    h,
    calls,
    consent: () => q().querySelector<HTMLInputElement>('input[type="checkbox"]')!,
    email: () => q().querySelector<HTMLInputElement>('input[type="email"]'),
    phone: () => q().querySelector<HTMLInputElement>('input[type="tel"]'),
    async tick() {
      this.consent().click();
      await el.updateComplete;
    },
    async fill(input: HTMLInputElement, value: string) {
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    },
  };
}

describe('<feedback-loop> call-back request', () => {
  it('asks for consent first and shows no contact fields until it is given', async () => {
    const t = await loop();
    expect(t.h.legend('callback')).to.equal('Would you like us to contact you?');
    expect(t.consent().checked).to.equal(false);
    expect(t.consent().closest('label')!.textContent).to.contain('Yes, you may contact me about my feedback.');
    expect(t.email()).to.equal(null);
    expect(t.phone()).to.equal(null);
    await t.tick();
    expect(t.email()!.autocomplete).to.equal('email');
    expect(t.phone()!.autocomplete).to.equal('tel');
    await expect(t.h.el).to.be.accessible();
  });

  it('sends no contact data without consent, even if it was typed before unticking', async () => {
    const t = await loop();
    await t.h.choose('overall', 4);
    await t.tick();
    await t.fill(t.email()!, 'an@example.org');
    await t.tick(); // changes their mind
    await t.h.submit();
    await waitUntil(() => t.h.el.status === 'sent', 'sent', { timeout: 10_000 });

    expect(t.calls.flat()).to.have.length(1);
    const [record] = t.calls.flat();
    expect(record).to.not.have.property('contact');
    expect(record!.answers).to.deep.equal({ overall: 4 });
  });

  it('with consent, needs an email address or a phone number and focuses the field', async () => {
    const t = await loop();
    await t.h.choose('overall', 4);
    await t.tick();
    await t.h.submit();

    expect(t.h.el.status).to.equal('filling');
    expect(t.h.error('callback')).to.equal('Please give an email address or a phone number, or untick the box.');
    expect(focusIn(t.h.root)).to.equal(nameOf(t.email()));
    expect(t.email()!.getAttribute('aria-invalid')).to.equal('true');
    expect(t.phone()!.getAttribute('aria-invalid'), 'either field would do: both are marked').to.equal('true');
    for (const field of [t.email()!, t.phone()!]) {
      // What a screen reader says after the field's name: the error, and still the hint.
      const description = await accessibleDescription(field);
      if (description !== null) expect(description).to.equal('Please give an email address or a phone number, or untick the box. Fill in at least one of the two.');
    }
    expect(t.calls).to.have.length(0);
  });

  it('draws the fields with a problem in the error colour, as it does every other field', async () => {
    const t = await loop();
    await t.h.choose('overall', 4);
    await t.tick();
    const valid = getComputedStyle(t.email()!).borderTopColor;
    await t.h.submit();
    const danger = getComputedStyle(t.h.question('callback').querySelector('.error')!).color;
    expect(valid).not.to.equal(danger);
    for (const field of [t.email()!, t.phone()!]) expect(getComputedStyle(field).borderTopColor, field.type).to.equal(danger);
    await t.fill(t.email()!, 'an@example.org');
    expect(getComputedStyle(t.email()!).borderTopColor, 'back to normal once answered').to.equal(valid);
  });

  it('keeps the email address and phone number left to right in a right-to-left language', async () => {
    // In an RTL field, "jan.peeters@" showed as "@jan.peeters" while it was typed.
    const t = await loop('web', 'ar');
    await t.tick();
    expect(getComputedStyle(t.h.base).direction).to.equal('rtl');
    for (const field of [t.email()!, t.phone()!]) expect(getComputedStyle(field).direction, field.type).to.equal('ltr');
    await expect(t.h.el).to.be.accessible();
  });

  it('refuses a malformed email address or phone number', async () => {
    const t = await loop();
    await t.h.choose('overall', 4);
    await t.tick();
    await t.fill(t.email()!, 'not-an-address');
    await t.h.submit();
    expect(t.h.error('callback')).to.equal('This is not a valid email address.');

    await t.fill(t.email()!, '');
    await t.fill(t.phone()!, '12ab');
    await t.h.submit();
    expect(t.h.error('callback')).to.equal('This is not a valid phone number.');
    expect(focusIn(t.h.root)).to.equal(nameOf(t.phone()));
    expect(t.calls).to.have.length(0);
  });

  it('says at once when both the email address and the phone number are malformed, and marks both', async () => {
    const t = await loop();
    await t.h.choose('overall', 4);
    await t.tick();
    await t.fill(t.email()!, 'not-an-address');
    await t.fill(t.phone()!, '12ab');
    await t.h.submit();
    expect(t.h.error('callback')).to.equal('Neither the email address nor the phone number is valid.');
    expect([t.email()!, t.phone()!].map(field => field.getAttribute('aria-invalid'))).to.deep.equal(['true', 'true']);
    expect(focusIn(t.h.root)).to.equal(nameOf(t.email()));

    await t.fill(t.email()!, 'an@example.org');
    await t.h.submit();
    expect(t.h.error('callback')).to.equal('This is not a valid phone number.');
    expect(t.calls).to.have.length(0);
  });

  it('sends the consented contact apart from the answers', async () => {
    const t = await loop();
    await t.h.choose('overall', 2);
    await t.tick();
    await t.fill(t.email()!, '  an@example.org ');
    await t.fill(t.phone()!, '+32 2 123 45 67');
    await t.h.submit();
    await waitUntil(() => t.h.el.status === 'sent', 'sent', { timeout: 10_000 });

    const [record] = t.calls.flat();
    expect(record!.answers).to.deep.equal({ overall: 2 });
    expect(record!.contact).to.deep.equal({ consent: true, email: 'an@example.org', phone: '+32 2 123 45 67' });
  });

  it('on a kiosk, the browser does not offer the previous person\'s address', async () => {
    const t = await loop('kiosk');
    await t.tick();
    expect(t.email()!.autocomplete).to.equal('off');
    expect(t.phone()!.autocomplete).to.equal('off');
  });
});
