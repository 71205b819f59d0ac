import '../helpers/fresh-storage.js';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import { enKiosk } from '../../src/i18n/kiosk-locales/en.js';
import { en } from '../../src/i18n/locales/en.js';
import type { MessageOverrides, Messages } from '../../src/i18n/messages.js';
import { registerLocale } from '../../src/i18n/registry.js';
import type { Survey } from '../../src/schema/survey.js';
import { fakeTransport, LoopHarness } from '../helpers/harness.js';
import { ManualClock } from '../helpers/manual-clock.js';

// Locales a page registers before it loads kiosk mode (feedback-loop/kiosk.js): their kiosk texts,
// and the host's overrides of them, are checked against kiosk mode's own when it renders.

const SHORT: Survey = { id: 'kiosk-short', version: 1, questions: [{ kind: 'rating', id: 'visit', label: { en: 'How was it?' }, required: true }] };

/** A locale read from a JSON translation file: every text a string, the counting ones too. */
function fromJson(code: string): Messages {
  const json = JSON.parse(JSON.stringify({ ...en, ...enKiosk, $code: code, $name: code })) as Record<string, unknown>;
  for (const [key, value] of Object.entries({ ...en, ...enKiosk })) if (typeof value === 'function') json[key] = 'sayı';
  return json as unknown as Messages;
}

registerLocale(fromJson('tr'));
registerLocale({ ...en, $code: 'sw', $name: 'Kiswahili', submit: 'Tuma' } as Messages); // right types, no kiosk texts
await import('../../src/kiosk.js');

async function kiosk(lang: string, extra: { clock?: ManualClock; messages?: MessageOverrides } = {}) {
  const el = await fixture<FeedbackLoop>(html`<feedback-loop lang=${lang} mode="kiosk" idle-seconds="60" idle-warning-seconds="20"
    endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .survey=${SHORT} .transport=${fakeTransport().transport}
    .clock=${extra.clock} .messages=${extra.messages}></feedback-loop>`);
  return new LoopHarness(el);
}

describe('<feedback-loop mode="kiosk"> in a locale registered before kiosk mode was loaded', () => {
  it('shows the staff line and the idle countdown of a JSON locale in English, instead of a blank kiosk', async () => {
    const clock = new ManualClock();
    const h = await kiosk('tr', { clock });
    expect(h.root.querySelector('[part="staff-status"]')!.textContent, 'the staff line').to.contain(enKiosk.staffPending(0));
    await h.choose('visit', 3);
    await clock.advance(40_000, () => h.el.updateComplete);
    await h.el.updateComplete;
    expect(h.root.querySelector('[part="idle-warning"]')!.textContent, 'the countdown').to.contain('Still there?');
  });

  it('ignores a host override of a counting kiosk text given as a string, and takes the rest', async () => {
    const overrides = JSON.parse('{"submit": "Tuma!", "staffPending": "Majibu yanayosubiri"}') as MessageOverrides;
    const h = await kiosk('sw', { messages: overrides });
    expect(h.submitButton.textContent!.trim()).to.equal('Tuma!');
    expect(h.root.querySelector('[part="staff-status"]')!.textContent).to.contain(enKiosk.staffPending(0));
  });
});
