import '../helpers/fresh-storage.js';
import { elementUpdated, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackErrorEvent } from '../../src/events/feedback-events.js';
import type { Survey } from '../../src/schema/survey.js';
import { emailSurvey } from '../helpers/email-survey.mjs';
import { DELIVERY, fakeTransport, LoopHarness } from '../helpers/harness.js';
import { ManualClock } from '../helpers/manual-clock.js';

// Seed 004's e-mail survey, as version 3 in which only the first question is required.
const seed = emailSurvey();
const EMAIL_SURVEY: Survey = {
  ...seed,
  version: 3,
  questions: seed.questions.map(({ required: _required, ...question }, index) => ({
    ...question,
    kind: 'rating' as const,
    ...(index === 0 && { required: true }),
  })),
};

async function expectSetupError(el: FeedbackLoop, event: Promise<Event>, code: string) {
  const { detail } = (await event) as FeedbackErrorEvent;
  expect(detail.code).to.equal(code);
  await elementUpdated(el);
  const h = new LoopHarness(el);
  expect(h.formShown, 'the form must not show').to.equal(false);
  expect(h.setupMessage.hidden).to.equal(false);
  expect(h.setupMessage.textContent!.trim()).to.equal('This survey cannot be shown right now.');
  return detail;
}

/** How many times /api/test/flaky-survey/KEY was asked for. */
async function asked(key: string): Promise<number> {
  return ((await (await fetch(`/api/test/flaky-survey/${key}`)).json()) as { requests: number }).requests;
}

/** An element whose survey-src answers `answers` in turn (see test-endpoint.mjs), then the email survey, on a clock of its own. */
function mountFlaky(answers: string, configure: (el: FeedbackLoop) => void = () => {}) {
  const key = crypto.randomUUID();
  const clock = new ManualClock();
  const { el, error } = mount(el => {
    el.setAttribute('survey-src', `/api/test/flaky-survey/${key}/${answers}`);
    el.transport = fakeTransport().transport;
    el.clock = clock;
    configure(el);
  });
  return { el, error, key, clock };
}

/** Creates the element detached, arms the error listener, then connects it. */
function mount(configure: (el: FeedbackLoop) => void) {
  const el = document.createElement('feedback-loop');
  el.lang = 'en';
  configure(el);
  const error = oneEvent(el, 'feedback-error');
  document.body.append(el);
  return { el, error };
}

describe('<feedback-loop> setup', () => {
  afterEach(() => document.querySelectorAll('body > feedback-loop').forEach(el => el.remove()));

  describe('custom surveys', () => {
    it('shows a survey given as a property, in the page language', async () => {
      const { transport, calls } = fakeTransport();
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="nl" channel="email" endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .survey=${EMAIL_SURVEY} .transport=${transport}></feedback-loop>`);
      const h = new LoopHarness(el);
      expect(h.root.querySelector('h2')!.textContent).to.equal('Uw mening over ons antwoord');
      expect(h.questions.map(q => h.legend(q.id.slice(2)))).to.deep.equal([
        'Snelheid van het antwoord *', 'Professionaliteit van de medewerker', 'Duidelijkheid van de informatie', 'Voldoende aandacht voor de vraag',
      ]);
      expect(h.root.querySelector('#q-nps')).to.equal(null);
      await h.choose('speed', 4);
      await h.submit();
      await waitUntil(() => calls.length === 1, undefined, DELIVERY);
      expect(calls[0]![0]).to.include({ surveyId: 'email-answer', surveyVersion: 3, channel: 'email', locale: 'nl' });
      expect(calls[0]![0]!.answers).to.deep.equal({ speed: 4 });
    });

    it('loads a survey from the JSON file named by survey-src', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" survey-src="/api/test/survey/email" .transport=${fakeTransport().transport}></feedback-loop>`);
      const h = new LoopHarness(el);
      await waitUntil(() => h.questions.length === 4, 'survey did not load', DELIVERY);
      expect(h.legend('speed')).to.equal('Speed of the answer *');
      await expect(el).to.be.accessible();
    });

    it('prefers a survey property over survey-src, without loading or checking the URL', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop survey-src="http://example.org/survey.json" .survey=${EMAIL_SURVEY} .transport=${fakeTransport().transport}></feedback-loop>`);
      const h = new LoopHarness(el);
      expect(h.formShown).to.equal(true);
      expect(h.questions).to.have.length(4);
    });

    it('loads survey-src again when it is moved while loading', async () => {
      const el = document.createElement('feedback-loop');
      el.lang = 'en';
      el.transport = fakeTransport().transport;
      el.setAttribute('survey-src', '/api/test/survey/email');
      document.body.append(el);
      el.remove(); // e.g. a framework moving the element before the file arrived
      const box = document.createElement('div');
      document.body.append(box);
      box.append(el);
      await waitUntil(() => new LoopHarness(el).questions.length === 4, 'the survey was not loaded again', DELIVERY);
      expect(new LoopHarness(el).legend('speed')).to.equal('Speed of the answer *');
      box.remove();
    });

    it('forgets the answers when a different survey replaces the current one', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop .survey=${EMAIL_SURVEY} .transport=${fakeTransport().transport}></feedback-loop>`);
      const h = new LoopHarness(el);
      await h.choose('speed', 2);
      el.survey = { ...EMAIL_SURVEY, version: 4 };
      await elementUpdated(el);
      expect(h.radios('speed').some(r => r.checked)).to.equal(false);
    });
  });

  describe('invalid definitions', () => {
    it('reports an invalid survey property with its issues and shows a short message', async () => {
      const { el, error } = mount(el => {
        el.survey = { id: 'x', version: 0, questions: [{ kind: 'stars', id: 'q', label: { en: 'Q' } }] } as unknown as Survey;
      });
      const detail = await expectSetupError(el, error, 'invalid-survey');
      const paths = detail.issues!.map(i => i.path.join('.'));
      expect(paths).to.include('version');
      expect(paths.some(p => p.startsWith('questions.0'))).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('reports a survey-src that is not a valid survey', async () => {
      const { el, error } = mount(el => el.setAttribute('survey-src', '/api/test/survey/invalid'));
      const detail = await expectSetupError(el, error, 'invalid-survey');
      expect(detail.issues!.length).to.be.greaterThan(0);
    });

    it('refuses a survey-src that gives a key twice in one object, as the collector does', async () => {
      for (const name of ['version-twice', 'label-twice']) {
        const { el, error } = mount(el => el.setAttribute('survey-src', `/api/test/survey/${name}`));
        const detail = await expectSetupError(el, error, 'invalid-survey');
        expect(detail.issues!.map(issue => issue.message), name).to.deep.equal(['A key appears twice in one object: give each key once']);
        el.remove();
      }
    });

    it('loads a survey-src whose texts look like keys, brackets and escapes', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" survey-src="/api/test/survey/lookalikes" .transport=${fakeTransport().transport}></feedback-loop>`);
      const h = new LoopHarness(el);
      await waitUntil(() => h.questions.length === 1, 'survey did not load', DELIVERY);
      expect(h.root.querySelector('h2')!.textContent).to.equal('"en": "x", "en": {"id": 1, "id": 2} \\');
    });

    it('reports a survey-src that cannot be loaded or is not JSON', async () => {
      for (const src of ['/api/test/survey/missing', '/api/test/survey/not-json']) {
        const { el, error } = mount(el => el.setAttribute('survey-src', src));
        await expectSetupError(el, error, 'survey-load-failed');
      }
    });

    it('tries a survey-src that got no answer again after 2 s, then 4 s, and shows it once it loads', async () => {
      let errors = 0;
      const { el, error, key, clock } = mountFlaky('503,503', el => el.addEventListener('feedback-error', () => errors++));
      await expectSetupError(el, error, 'survey-load-failed');
      await clock.advance(1999);
      expect(await asked(key), 'not before 2 s').to.equal(1);
      await clock.advance(1);
      await waitUntil(async () => (await asked(key)) === 2, 'asked again after 2 s', DELIVERY);
      await waitUntil(() => clock.waiting === 1, 'the next try is planned', DELIVERY);
      await clock.advance(3999);
      expect(await asked(key), 'then not before 4 s').to.equal(2);
      await clock.advance(1);
      await waitUntil(() => new LoopHarness(el).questions.length === 4, 'the survey shows once it loads', DELIVERY);
      expect(errors, 'the same failure is reported once').to.equal(1);
    });

    it('tries a survey-src again at once when the browser is back online', async () => {
      const { el, error } = mountFlaky('503'); // on a clock whose wait never ends by itself
      await expectSetupError(el, error, 'survey-load-failed');
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => new LoopHarness(el).questions.length === 4, 'the survey shows', DELIVERY);
    });

    it("tries again a survey-src answered by a captive portal's page, and reports the failure once whatever its wording", async () => {
      let errors = 0;
      const { el, error, key, clock } = mountFlaky('portal,503', el => el.addEventListener('feedback-error', () => errors++));
      const detail = await expectSetupError(el, error, 'survey-load-failed');
      await clock.advance(2000);
      await waitUntil(async () => (await asked(key)) === 2, 'asked again after 2 s', DELIVERY);
      await waitUntil(() => clock.waiting === 1, 'the 503 is to be tried again too', DELIVERY);
      await clock.advance(4000);
      await waitUntil(() => new LoopHarness(el).questions.length === 4, 'the survey shows', DELIVERY);
      expect(errors, `one feedback-error, its first wording: ${detail.message}`).to.equal(1);
    });

    it('keeps the wait before trying again when the element is moved', async () => {
      const { el, error, key, clock } = mountFlaky('503');
      await expectSetupError(el, error, 'survey-load-failed');
      document.body.prepend(el); // a framework moving it: disconnected, then connected again
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(await asked(key), 'not asked again at once').to.equal(1);
      await clock.advance(2000);
      await waitUntil(() => new LoopHarness(el).questions.length === 4, 'asked again after its wait', DELIVERY);
    });

    it('does not try again a survey-src that is missing (404)', async () => {
      const { el, error, key, clock } = mountFlaky('404');
      await expectSetupError(el, error, 'survey-load-failed');
      window.dispatchEvent(new Event('online'));
      await clock.advance(600_000);
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(await asked(key)).to.equal(1);
    });

    it('shows a loading message, not a blank element, while the survey loads', async () => {
      const el = document.createElement('feedback-loop');
      el.lang = 'en';
      el.setAttribute('survey-src', '/api/test/survey/email');
      el.transport = fakeTransport().transport;
      document.body.append(el);
      await elementUpdated(el);
      const loading = el.shadowRoot!.querySelector<HTMLElement>('p:not([role])')!;
      expect(loading.hidden).to.equal(false);
      expect(loading.textContent!.trim()).to.equal('Loading the survey…');
      await waitUntil(() => new LoopHarness(el).questions.length === 4, undefined, DELIVERY);
      expect(loading.hidden).to.equal(true);
    });

    it('recovers when a valid survey is set after an invalid one', async () => {
      const { el, error } = mount(el => {
        el.survey = { id: '' } as unknown as Survey;
        el.transport = fakeTransport().transport;
      });
      await expectSetupError(el, error, 'invalid-survey');
      el.survey = EMAIL_SURVEY;
      await elementUpdated(el);
      const h = new LoopHarness(el);
      expect(h.formShown).to.equal(true);
      expect(h.setupMessage.hidden).to.equal(true);
    });
  });

  describe('invalid attributes', () => {
    it('refuses an unknown channel', async () => {
      const { el, error } = mount(el => {
        el.channel = 'fax';
        el.transport = fakeTransport().transport;
      });
      const detail = await expectSetupError(el, error, 'invalid-attribute');
      expect(detail.issues![0]!.path).to.deep.equal(['channel']);
    });

    it('refuses context that is too large or has unsafe keys', async () => {
      const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
      // A NUL or half an emoji (a value cut at 200 UTF-16 units) cannot be stored: the collector
      // refused every answer of the page for good.
      for (const context of [many, { 'bad key': 'x' }, { office: 'x'.repeat(201) }, { office: 'Gent\u0000' }, { staff: 'An \uD83D' }]) {
        const { el, error } = mount(el => {
          el.context = context;
          el.transport = fakeTransport().transport;
        });
        await expectSetupError(el, error, 'invalid-attribute');
        el.remove();
      }
    });

    it('refuses an empty number attribute by name instead of reading it as 0', async () => {
      // Number('') is 0: cooldown-days="" (a template value left empty) asked every time, without a word.
      for (const name of ['cooldown-days', 'batch-size', 'thanks-seconds']) {
        const { el, error } = mount(el => {
          el.setAttribute(name, ' ');
          el.transport = fakeTransport().transport;
        });
        const detail = await expectSetupError(el, error, 'invalid-attribute');
        expect(detail.issues![0]!.path, name).to.deep.equal([name]);
        el.remove();
      }
    });

    it('goes back to the default of an attribute that is removed, as a framework does for an unset value', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="email" trigger="manual" cooldown-days="30" batch-size="5"
        thanks-seconds="10" idle-seconds="60" idle-warning-seconds="30" idle-action="keep" .transport=${fakeTransport().transport}></feedback-loop>`);
      const errors: unknown[] = [];
      el.addEventListener('feedback-error', e => errors.push(e.detail));
      for (const name of ['mode', 'trigger', 'cooldown-days', 'batch-size', 'thanks-seconds', 'idle-seconds', 'idle-warning-seconds', 'idle-action']) {
        el.removeAttribute(name);
      }
      expect([el.mode, el.cooldownDays, el.idleAction], 'at once, not only after the next update').to.deep.equal(['web', 180, 'discard']);
      await elementUpdated(el);
      expect(errors).to.deep.equal([]);
      expect([el.mode, el.trigger, el.cooldownDays, el.batchSize]).to.deep.equal(['web', 'auto', 180, 25]);
      expect([el.thanksSeconds, el.idleSeconds, el.idleWarningSeconds, el.idleAction]).to.deep.equal([8, 90, 20, 'discard']);
      const h = new LoopHarness(el);
      expect(h.setupMessage.hidden).to.equal(true);
      expect(h.formShown, 'trigger="auto" again: the survey shows').to.equal(true);
    });

    it('goes back to the default of a property set to undefined or null, as React 19 does for an unset prop', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" mode="email" trigger="manual" cooldown-days="30" batch-size="5"
        thanks-seconds="10" idle-seconds="60" idle-warning-seconds="30" idle-action="keep" .transport=${fakeTransport().transport}></feedback-loop>`);
      const errors: unknown[] = [];
      el.addEventListener('feedback-error', e => errors.push(e.detail));
      const unset = el as unknown as Record<string, unknown>;
      for (const [i, name] of ['mode', 'trigger', 'cooldownDays', 'batchSize', 'thanksSeconds', 'idleSeconds', 'idleWarningSeconds', 'idleAction'].entries()) {
        unset[name] = i % 2 ? null : undefined;
      }
      await elementUpdated(el);
      expect(errors).to.deep.equal([]);
      expect([el.mode, el.trigger, el.cooldownDays, el.batchSize]).to.deep.equal(['web', 'auto', 180, 25]);
      expect([el.thanksSeconds, el.idleSeconds, el.idleWarningSeconds, el.idleAction]).to.deep.equal([8, 90, 20, 'discard']);
      expect(new LoopHarness(el).formShown, 'trigger="auto" again: the survey shows').to.equal(true);
    });

    it('refuses a survey-src on an insecure origin', async () => {
      const { el, error } = mount(el => {
        el.setAttribute('survey-src', 'http://example.org/survey.json');
        el.transport = fakeTransport().transport;
      });
      await expectSetupError(el, error, 'invalid-attribute');
    });

    // Last in this file: it loads kiosk mode into the page for good.
    it('says how to load kiosk mode when mode="kiosk" comes without it, and shows the kiosk as soon as it is loaded', async () => {
      const { el, error } = mount(el => {
        el.mode = 'kiosk';
        el.transport = fakeTransport().transport;
      });
      const detail = await expectSetupError(el, error, 'kiosk-not-loaded');
      expect(detail.message).to.contain('feedback-loop/kiosk.js').and.contain('feedback-loop-kiosk.js');
      // Loaded late (a second script, a lazy route): the element recovers with nothing else changed.
      await import('../../src/kiosk.js');
      const h = new LoopHarness(el);
      await waitUntil(() => h.formShown, 'the survey after kiosk mode arrived');
      expect(h.setupMessage.hidden).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part="staff-status"]')!.textContent, 'the staff line and its texts').to.contain('nothing sent yet');
    });
  });

  describe('endpoint', () => {
    it('says why an endpoint or survey-src with a password is refused, without the password (messages end up in logs)', async () => {
      for (const attribute of ['endpoint', 'survey-src']) {
        const { el, error } = mount(el => el.setAttribute(attribute, 'https://user:secret@collector.example/api'));
        const detail = await expectSetupError(el, error, attribute === 'endpoint' ? 'invalid-endpoint' : 'invalid-attribute');
        expect(detail.message, attribute).to.contain('credentials');
        expect(detail.message, attribute).to.contain('collector.example/api');
        expect(detail.message, attribute).not.to.contain('secret');
        el.remove();
      }
    });

    for (const endpoint of ['http://example.org/api', 'javascript:alert(1)', 'ftp://example.org/x', '', 'https://user:secret@collector.example/api']) {
      it(`refuses ${JSON.stringify(endpoint)} and sends nothing`, async () => {
        const sent: unknown[] = [];
        const original = window.fetch;
        const { el, error } = mount(el => el.setAttribute('endpoint', endpoint));
        try {
          window.fetch = async (...args) => {
            sent.push(args);
            return original(...args);
          };
          await expectSetupError(el, error, 'invalid-endpoint');
          expect(new LoopHarness(el).root.querySelector('form'), 'no form, so not even a script can submit').to.equal(null);
          await elementUpdated(el);
        } finally {
          window.fetch = original;
        }
        expect(sent).to.have.length(0);
      });
    }

    it('accepts https, relative and loopback http endpoints', async () => {
      for (const endpoint of ['https://collector.example.be/api/responses', '/api/responses', 'api/responses', 'http://localhost:8787/api/responses', 'http://127.0.0.1/api']) {
        const el = await fixture<FeedbackLoop>(html`<feedback-loop endpoint=${endpoint}></feedback-loop>`);
        expect(new LoopHarness(el).formShown, endpoint).to.equal(true);
      }
    });
  });

  describe('headers', () => {
    it('refuses static headers no request can carry at setup, naming the header but not its value, and sends nothing', async () => {
      for (const headers of [{ 'X Api Key': 'secret' }, { authorization: 'Bearer sec\nret' }] as Record<string, string>[]) {
        const sent: unknown[] = [];
        const original = window.fetch;
        const { el, error } = mount(el => {
          el.endpoint = `/api/test/ok?queue=${crypto.randomUUID()}`;
          el.headers = headers;
        });
        try {
          window.fetch = async (...args) => {
            sent.push(args);
            return original(...args);
          };
          const detail = await expectSetupError(el, error, 'invalid-attribute');
          expect(detail.message).to.equal(`Invalid headers: Header "${Object.keys(headers)[0]}" cannot be sent`);
          expect(new LoopHarness(el).root.querySelector('form'), 'no form: no answer kept as "will be sent" for good').to.equal(null);
        } finally {
          window.fetch = original;
        }
        expect(sent).to.have.length(0);
        el.remove();
      }
    });

    it('shows the survey again once the headers are put right, and sends with them', async () => {
      const { el, error } = mount(el => {
        el.endpoint = `/api/test/ok?queue=${crypto.randomUUID()}`;
        el.headers = { 'X Api Key': 'k' };
      });
      await expectSetupError(el, error, 'invalid-attribute');
      el.headers = { 'X-Api-Key': 'k' };
      await elementUpdated(el);
      const h = new LoopHarness(el);
      expect(h.formShown).to.equal(true);
      await h.answerDefault();
      const sent = oneEvent(el, 'feedback-sent');
      await h.submit();
      await sent;
    });

    it('keeps an answer whose headers function fails at send time, says why, and sends it at a later try with new headers', async () => {
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint="/api/test/ok?queue=${crypto.randomUUID()}" .headers=${() => ({ 'X Api Key': 'k' })}></feedback-loop>`);
      const h = new LoopHarness(el);
      await h.answerDefault();
      const failed = oneEvent(el, 'feedback-error') as Promise<FeedbackErrorEvent>;
      await h.submit();
      const { detail } = await failed;
      expect(detail).to.include({ code: 'send-failed', pending: 1 });
      expect(detail.message).to.contain('(headers)');
      const sent = oneEvent(el, 'feedback-sent');
      el.headers = () => ({ 'X-Api-Key': 'k' });
      await sent;
      expect(el.pending).to.equal(0);
    });
  });

  describe('untrusted text', () => {
    const ATTACK = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

    it('S35: renders labels, titles and overridden messages as text, never as HTML', async () => {
      const survey: Survey = {
        id: 'xss',
        version: 1,
        title: { en: ATTACK },
        questions: [
          { kind: 'rating', id: 'a', label: { en: ATTACK }, lowLabel: { en: ATTACK }, hint: { en: ATTACK } },
          { kind: 'comment', id: 'c', label: { en: ATTACK } },
        ],
      };
      const el = await fixture<FeedbackLoop>(html`<feedback-loop lang="en" .survey=${survey} .messages=${{ submit: ATTACK }} .transport=${fakeTransport().transport}></feedback-loop>`);
      const h = new LoopHarness(el);
      expect(h.root.querySelector('h2')!.textContent).to.equal(ATTACK);
      expect(h.question('a').querySelector('legend')!.textContent).to.equal(ATTACK);
      expect(h.question('a').querySelector('.hint')!.textContent).to.equal(ATTACK);
      expect(h.submitButton.textContent!.trim()).to.equal(ATTACK);
      expect(h.root.querySelectorAll('img, script')).to.have.length(0);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });
  });
});
