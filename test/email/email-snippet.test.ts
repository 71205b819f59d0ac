import { expect, fixture } from '@open-wc/testing';
import '../../src/i18n/locales/register-ar.js';
import {
  InvitationsError,
  readEmailLink,
  registerInvitations,
  renderEmailSnippet,
  renderEmailText,
  type EmailSnippetOptions,
  type RegisterInvitationsOptions,
  type Survey,
} from '../../src/email.js';

const LANDING = 'https://feedback.example.org/email.html?campaign=march#survey';
const TOKEN = 'inv_3f1c2a9e8b7d';

function survey(): Survey {
  return {
    id: 'email-answer',
    version: 2,
    questions: [
      { kind: 'comment', id: 'better', label: { nl: 'Wat kan beter?', en: 'What could be better?' } },
      { kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord', en: 'Speed of the answer' } },
      { kind: 'nps', id: 'recommend', label: { nl: 'Zou u ons aanraden?', en: 'Would you recommend us?' } },
    ],
  };
}

function options(changes: Partial<EmailSnippetOptions> = {}): EmailSnippetOptions {
  return { survey: survey(), locale: 'nl', landingUrl: LANDING, token: TOKEN, ...changes };
}

/** The snippet as a mail client shows it: in a page, with no styles of its own. */
async function render(changes: Partial<EmailSnippetOptions> = {}): Promise<HTMLElement> {
  return fixture<HTMLElement>(`<div style="width: 600px">${renderEmailSnippet(options(changes))}</div>`);
}

const links = (container: Element) => [...container.querySelectorAll('a')];
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim();

describe('renderEmailSnippet()', () => {
  it('renders the first rating question with five links and is accessible', async () => {
    const container = await render();
    expect(container.textContent).to.contain('Snelheid van het antwoord');
    expect(container.textContent).not.to.contain('Wat kan beter?');
    expect(links(container).map(text)).to.deep.equal(['1', '2', '3', '4', '5']);
    await expect(container).to.be.accessible();
  });

  it('links every value to the landing page, read back by readEmailLink()', async () => {
    const container = await render();
    for (const [index, link] of links(container).entries()) {
      const url = new URL(link.href);
      expect(url.origin + url.pathname).to.equal('https://feedback.example.org/email.html');
      expect(url.searchParams.get('campaign')).to.equal('march');
      expect(url.hash).to.equal('#survey');
      expect(readEmailLink(url.search)).to.deep.equal({ questionId: 'speed', value: index + 1, token: TOKEN });
    }
  });

  it('leaves the token out when there is none', async () => {
    const container = await render({ token: undefined });
    expect(readEmailLink(new URL(links(container)[0]!.href).search)).to.deep.equal({ questionId: 'speed', value: 1 });
  });

  it('drops an email link\'s parameters left in the landing URL (one copied from a test click), so no recipient gets another\'s token', async () => {
    const copied = 'https://feedback.example.org/email.html?campaign=march&fl-question=speed&fl-value=4&fl-token=tok_from_a_test_click';
    const container = await render({ landingUrl: copied, token: undefined });
    for (const link of links(container)) {
      const url = new URL(link.href);
      expect(url.searchParams.get('campaign')).to.equal('march');
      expect(url.searchParams.getAll('fl-token')).to.deep.equal([]);
    }
    const own = new URL(links(await render({ landingUrl: copied }))[1]!.href);
    expect(own.searchParams.getAll('fl-token')).to.deep.equal([TOKEN]);
    expect(own.searchParams.getAll('fl-value')).to.deep.equal(['2']);
  });

  it('asks the question given by questionId: NPS from 0 to 10', async () => {
    const container = await render({ questionId: 'recommend', locale: 'en' });
    expect(container.textContent).to.contain('Would you recommend us?');
    expect(links(container).map(link => readEmailLink(new URL(link.href).search).value)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(links(container).map(link => link.getAttribute('aria-label'))).to.include.members([
      '0 of 10, Not at all likely',
      '5 of 10',
      '10 of 10, Extremely likely',
    ]);
    await expect(container).to.be.accessible();
  });

  describe('languages', () => {
    it('speaks Dutch: labels, link names and the note about confirming', async () => {
      const container = await render({ locale: 'nl-BE' });
      const names = links(container).map(link => link.getAttribute('aria-label'));
      expect(names).to.deep.equal(['1 van 5, Heel ontevreden', '2 van 5', '3 van 5', '4 van 5', '5 van 5, Heel tevreden']);
      expect(links(container).map(link => link.title)).to.deep.equal(names);
      expect(container.textContent).to.contain('Heel ontevreden').and.contain('Heel tevreden');
      expect(container.textContent).to.contain('Uw antwoord telt pas als u het verstuurt op de pagina die dan opent.');
      expect(container.querySelector('table')!.lang).to.equal('nl-BE');
    });

    it('speaks English', async () => {
      const container = await render({ locale: 'en' });
      expect(container.textContent).to.contain('Speed of the answer').and.contain('Very dissatisfied');
      expect(links(container)[3]!.getAttribute('aria-label')).to.equal('4 of 5');
      expect(container.textContent).to.contain('Your answer only counts once you send it from the page that opens.');
    });

    it('says the answer counts once sent, in French and German too, and in English for other languages', async () => {
      expect((await render({ locale: 'fr' })).textContent).to.contain('Votre réponse n’est enregistrée que lorsque vous l’envoyez');
      expect((await render({ locale: 'de' })).textContent).to.contain('Ihre Antwort wird erst gespeichert, wenn Sie sie auf der Seite, die sich dann öffnet, absenden.');
      const turkish = await render({ locale: 'tr' });
      expect(turkish.textContent).to.contain('Your answer only counts once you send it');
      expect(links(turkish)[1]!.getAttribute('aria-label')).to.equal('2 of 5');
    });

    it('uses the texts a sender passes for their language', async () => {
      const container = await render({
        locale: 'tr',
        texts: { choice: (value, max, end) => `${value}/${max}${end ? ` ${end}` : ''}`, confirmNote: 'Sayfada onaylayın.' },
      });
      expect(links(container)[2]!.getAttribute('aria-label')).to.equal('3/5');
      expect(container.textContent).to.contain('Sayfada onaylayın.');
    });

    it('uses the question’s own end labels', async () => {
      const custom = survey();
      custom.questions[1] = { ...custom.questions[1]!, kind: 'rating', lowLabel: { nl: 'Traag' }, highLabel: { nl: 'Snel' } };
      const container = await render({ survey: custom });
      expect(links(container)[0]!.getAttribute('aria-label')).to.equal('1 van 5, Traag');
      expect(links(container)[4]!.getAttribute('aria-label')).to.equal('5 van 5, Snel');
    });

    it('marks a question label in another language than the email’s with that language', async () => {
      const french = await render({ locale: 'fr' });
      const label = french.querySelector('td span[lang]');
      expect(label?.getAttribute('lang')).to.equal('en');
      expect(label?.textContent).to.equal('Speed of the answer');
      expect(renderEmailText(options({ locale: 'fr' })).split('\n')[0]).to.equal('Speed of the answer');
      expect((await render({ locale: 'nl' })).querySelector('span[lang]')).to.equal(null);
      await expect(french).to.be.accessible();
    });

    it('marks end labels and the note in another language than the email’s with theirs', async () => {
      const custom = survey();
      custom.questions[1] = { ...custom.questions[1]!, kind: 'rating', lowLabel: { nl: 'Traag' }, highLabel: { nl: 'Snel', fr: 'Rapide' } };
      const french = await render({ survey: custom, locale: 'fr' });
      const marked = (container: Element) => [...container.querySelectorAll('span[lang]')].map(span => `${span.getAttribute('lang')}:${span.textContent}`);
      expect(marked(french)).to.deep.equal(['en:Speed of the answer', 'nl:Traag']);
      await expect(french).to.be.accessible();

      // Turkish is not built in: without the sender's texts, the end labels and the note are English.
      const turkish = await render({ locale: 'tr' });
      expect(marked(turkish)).to.deep.equal([
        'en:Speed of the answer',
        'en:Very dissatisfied',
        'en:Very satisfied',
        'en:Your answer only counts once you send it from the page that opens.',
      ]);
      const own = await render({ locale: 'tr', texts: { confirmNote: 'Sayfada onaylayın.' } });
      expect(marked(own), 'the sender’s own note is in the email’s language').to.deep.equal(marked(turkish).slice(0, 3));
      expect(own.textContent).to.contain('Sayfada onaylayın.');
      expect(marked(await render({ locale: 'nl-BE' }))).to.deep.equal([]);
    });

    it('lays the scale out right to left in Arabic, and is accessible', async () => {
      const container = await render({ locale: 'ar' });
      const root = container.querySelector('table')!;
      expect(root.dir).to.equal('rtl');
      expect(root.lang).to.equal('ar');
      const [first, , , , last] = links(container).map(link => link.getBoundingClientRect());
      expect(first!.left).to.be.greaterThan(last!.left);
      expect(links(container)[0]!.getAttribute('aria-label')).to.equal('1 من 5، غير راضٍ إطلاقًا');
      await expect(container).to.be.accessible();
    });
  });

  describe('in a mail client', () => {
    it('uses tables, inline styles and links only: no scripts, styles, classes, images or forms', async () => {
      const html = renderEmailSnippet(options());
      const doc = new DOMParser().parseFromString(html, 'text/html');
      expect(doc.querySelectorAll('script, style, link, img, form, input, button, iframe, svg')).to.have.length(0);
      expect(doc.querySelectorAll('[class], [id]')).to.have.length(0);
      const attributes = [...doc.body.querySelectorAll('*')].flatMap(el => [...el.attributes].map(a => a.name));
      expect(attributes.filter(name => name.startsWith('on'))).to.deep.equal([]);
      const tables = [...doc.querySelectorAll('table')];
      expect(tables.length).to.be.greaterThan(0);
      for (const table of tables) expect(table.getAttribute('role')).to.equal('presentation');
      expect(doc.body.firstElementChild!.tagName).to.equal('TABLE');
    });

    it('gives every link a tap target of at least 44 × 44 px through its padding', async () => {
      const container = await render({ questionId: 'recommend' });
      for (const link of links(container)) {
        const box = link.getBoundingClientRect();
        expect(box.width, text(link)).to.be.at.least(44);
        expect(box.height, text(link)).to.be.at.least(44);
        expect(link.style.paddingTop).to.equal('12px');
        expect(link.style.paddingBottom).to.equal('12px');
        expect(link.style.minWidth).to.equal('44px');
      }
    });

    it('wraps the 0–10 scale on a phone instead of overflowing, keeping the tap targets', async () => {
      const html = renderEmailSnippet(options({ questionId: 'recommend' }));
      const container = await fixture<HTMLElement>(`<div style="width: 320px">${html}</div>`);
      expect(container.scrollWidth).to.be.at.most(320);
      for (const link of links(container)) expect(link.getBoundingClientRect().width).to.be.at.least(44);
    });

    it('stays readable in an email with a dark theme (its own dark-mode CSS, or Apple Mail with color-scheme): a light card of its own', async () => {
      for (const locale of ['nl', 'ar']) {
        const container = await fixture<HTMLElement>(
          `<div style="width: 600px; background-color: #121212; color: #e5e7eb">${renderEmailSnippet(options({ locale }))}</div>`,
        );
        await expect(container, locale).to.be.accessible();
      }
    });

    it('keeps the values apart where a mail client drops the styles (or reads the text alone): "0 1 … 10", not "012345678910"', async () => {
      const bare = renderEmailSnippet(options({ questionId: 'recommend' })).replace(/ style="[^"]*"/g, '');
      const container = await fixture<HTMLElement>(`<div style="width: 600px">${bare}</div>`);
      const row = links(container)[0]!.parentElement!;
      expect(row.innerText.trim()).to.equal('0 1 2 3 4 5 6 7 8 9 10');
    });

    it('still shows the 0–10 scale on one row in a 600 px email, with room between the links', async () => {
      const container = await render({ questionId: 'recommend' });
      const boxes = links(container).map(link => link.getBoundingClientRect());
      expect(new Set(boxes.map(box => Math.round(box.top))).size).to.equal(1);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left - boxes[i - 1]!.right).to.be.at.least(3);
    });
  });

  describe('escaping', () => {
    const hostile = '<script>alert("x")</script> "quoted" & \'single\'';

    function hostileSurvey(): Survey {
      return {
        id: 'email-answer',
        version: 1,
        questions: [{ kind: 'rating', id: 'speed', label: { nl: hostile }, lowLabel: { nl: `Low ${hostile}` }, highLabel: { nl: 'A & B' } }],
      };
    }

    it('shows labels from survey JSON as text, never as markup', async () => {
      const html = renderEmailSnippet(options({ survey: hostileSurvey() }));
      expect(html).not.to.contain('<script');
      expect(html).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
      const container = await fixture<HTMLElement>(`<div>${html}</div>`);
      expect(container.querySelectorAll('script')).to.have.length(0);
      expect(container.textContent).to.contain(hostile).and.contain('A & B');
      expect(links(container)[0]!.getAttribute('aria-label')).to.equal(`1 van 5, Low ${hostile}`);
      expect(links(container)[4]!.title).to.equal('5 van 5, A & B');
    });

    it('escapes the links: each query parameter arrives intact', async () => {
      const container = await render({ landingUrl: 'https://example.org/a?x=1&y="2"' });
      const url = new URL(links(container)[1]!.href);
      expect(url.searchParams.get('x')).to.equal('1');
      expect(url.searchParams.get('y')).to.equal('"2"');
      expect(readEmailLink(url.searchParams).value).to.equal(2);
    });
  });

  describe('refusing what would make a broken email', () => {
    it('throws a TypeError listing the problems of an invalid survey', () => {
      const invalid = { ...survey(), questions: [] } as Survey;
      expect(() => renderEmailSnippet(options({ survey: invalid }))).to.throw(TypeError, /Invalid survey:\nquestions: Too small/);
      const unknownKind = { ...survey(), version: 0 } as Survey;
      expect(() => renderEmailSnippet(options({ survey: unknownKind }))).to.throw(TypeError, /version/);
    });

    it('throws a TypeError for a landing URL that is not absolute http(s)', () => {
      for (const landingUrl of ['/email.html', 'email.html', 'ftp://example.org/x', 'javascript:alert(1)', 'mailto:a@example.org']) {
        expect(() => renderEmailSnippet(options({ landingUrl })), landingUrl).to.throw(TypeError, /landingUrl must be an absolute http\(s\) URL/);
      }
      expect(() => renderEmailSnippet(options({ landingUrl: new URL('http://localhost:8787/email.html') }))).not.to.throw();
    });

    it('throws a TypeError for a landing URL with a user name or password, without repeating the password', () => {
      for (const landingUrl of ['https://survey:s3cret-pw@feedback.example.org/email.html', new URL('https://survey:s3cret-pw@feedback.example.org/'), 'https://s3cret-pw@feedback.example.org/']) {
        let caught: unknown;
        try {
          renderEmailSnippet(options({ landingUrl }));
        } catch (error) {
          caught = error;
        }
        expect(caught, String(landingUrl)).to.be.instanceOf(TypeError);
        expect((caught as TypeError).message).to.match(/landingUrl must not contain a user name or password/);
        expect((caught as TypeError).message).not.to.contain('s3cret-pw');
      }
      expect(() => renderEmailText(options({ landingUrl: 'https://survey:s3cret-pw@feedback.example.org/' }))).to.throw(TypeError, /user name or password/);
    });

    it('leaves a password out of the message for any other refused landing URL', () => {
      expect(() => renderEmailSnippet(options({ landingUrl: 'ftp://survey:s3cret-pw@example.org/x' }))).to.throw(TypeError).that.satisfies(
        (error: TypeError) => !error.message.includes('s3cret-pw'),
      );
    });

    it('throws a TypeError for a question that is not a rating or NPS question', () => {
      expect(() => renderEmailSnippet(options({ questionId: 'better' }))).to.throw(TypeError, /no rating or NPS question "better"/);
      expect(() => renderEmailSnippet(options({ questionId: 'missing' }))).to.throw(TypeError, /no rating or NPS question "missing"/);
      const commentOnly = { ...survey(), questions: [survey().questions[0]!] };
      expect(() => renderEmailSnippet(options({ survey: commentOnly }))).to.throw(TypeError, /no rating or NPS question to ask/);
    });

    it('throws a TypeError for a malformed token or locale', () => {
      expect(() => renderEmailSnippet(options({ token: 'short' }))).to.throw(TypeError, /Invalid token/);
      expect(() => renderEmailSnippet(options({ token: 'has space in it' }))).to.throw(TypeError, /Invalid token/);
      expect(() => renderEmailSnippet(options({ locale: 'not a locale' }))).to.throw(TypeError, /Invalid locale/);
    });
  });
});

describe('renderEmailText()', () => {
  it('lists the question, one link a line, and the note, with the same links as the HTML', async () => {
    const plain = renderEmailText(options());
    const lines = plain.trim().split('\n');
    expect(lines[0]).to.equal('Snelheid van het antwoord');
    const linkLines = lines.filter(line => line.includes('https://'));
    expect(linkLines).to.have.length(5);
    expect(linkLines[0]).to.match(/^1 van 5, Heel ontevreden: https:\/\//);
    expect(linkLines[2]).to.match(/^3 van 5: https:\/\//);
    const container = await render();
    expect(linkLines.map(line => line.slice(line.indexOf('https://')))).to.deep.equal(links(container).map(link => link.href));
    expect(lines.at(-1)).to.contain('Uw antwoord telt pas als u het verstuurt');
    const french = renderEmailText(options({ locale: 'fr' })).split('\n').filter(line => line.includes('https://'));
    expect(french[2]).to.match(/^3 sur 5\u00a0: https:\/\//);
  });

  it('keeps labels as they are written: plain text needs no escaping', () => {
    const custom = survey();
    custom.questions[1] = { kind: 'rating', id: 'speed', label: { nl: 'Snel & "vriendelijk"?' } };
    expect(renderEmailText(options({ survey: custom })).split('\n')[0]).to.equal('Snel & "vriendelijk"?');
  });

  it('throws like renderEmailSnippet()', () => {
    expect(() => renderEmailText(options({ landingUrl: 'email.html' }))).to.throw(TypeError);
  });
});

interface Sent {
  url: string;
  method?: string;
  headers: Headers;
  body: unknown;
}

/** A collector that answers `status` with `body`, recording each request. */
function fakeCollector(status: number, body: unknown) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({ url: String(input), method: init.method, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

const MAILING = '0b6c1f52-4a0e-4d2b-9a43-7c2f1d9e8a10';

function registration(collector: ReturnType<typeof fakeCollector>, changes: Partial<RegisterInvitationsOptions> = {}): RegisterInvitationsOptions {
  return {
    collectorUrl: 'https://feedback.example.org/',
    reportToken: 'c2VjcmV0LXJlcG9ydC10b2tlbg==',
    id: MAILING,
    surveyId: 'email-answer',
    surveyVersion: 2,
    day: '2024-03-14',
    count: 1250,
    fetch: collector.fetch,
    ...changes,
  };
}

describe('registerInvitations()', () => {
  it('posts the count to the collector with the report token, and reports it registered', async () => {
    const collector = fakeCollector(201, { registered: true });
    expect(await registerInvitations(registration(collector))).to.deep.equal({ registered: true });
    expect(collector.sent).to.have.length(1);
    const [request] = collector.sent;
    expect(request!.url).to.equal('https://feedback.example.org/api/invitations');
    expect(request!.method).to.equal('POST');
    expect(request!.headers.get('authorization')).to.equal('Bearer c2VjcmV0LXJlcG9ydC10b2tlbg==');
    expect(request!.headers.get('content-type')).to.equal('application/json');
    expect(request!.body).to.deep.equal({
      id: MAILING,
      surveyId: 'email-answer',
      surveyVersion: 2,
      channel: 'email',
      day: '2024-03-14',
      count: 1250,
    });
  });

  it('registers callers offered the survey by phone on the phone channel, for its response rate', async () => {
    const collector = fakeCollector(201, { registered: true });
    await registerInvitations(registration(collector, { channel: 'phone', count: 83_754 }));
    expect(collector.sent[0]!.body).to.include({ channel: 'phone', count: 83_754 });
  });

  it('keeps a query string of collectorUrl after the path, for a proxy that routes by it', async () => {
    for (const collectorUrl of ['https://proxy.example.org/feedback?tenant=3', 'https://proxy.example.org/feedback/?tenant=3#top']) {
      const collector = fakeCollector(201, { registered: true });
      await registerInvitations(registration(collector, { collectorUrl }));
      expect(collector.sent[0]!.url, collectorUrl).to.equal('https://proxy.example.org/feedback/api/invitations?tenant=3');
    }
  });

  it('reports a replay of the same id as not registered again', async () => {
    const collector = fakeCollector(200, { registered: false });
    expect(await registerInvitations(registration(collector))).to.deep.equal({ registered: false });
  });

  it('sends only what is given, with a fresh UUID when no id is given', async () => {
    const collector = fakeCollector(201, { registered: true });
    const minimal = registration(collector, { id: undefined, surveyVersion: undefined, day: undefined, count: 1 });
    await registerInvitations(minimal);
    await registerInvitations(minimal);
    const [first, second] = collector.sent.map(request => request.body as Record<string, unknown>);
    expect(Object.keys(first!).sort()).to.deep.equal(['channel', 'count', 'id', 'surveyId']);
    expect(first!.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second!.id).not.to.equal(first!.id);
  });

  describe('when the collector says no', () => {
    const cases = [
      [401, { error: 'That report token is not valid.' }, 'That report token is not valid.'],
      [409, { error: 'Invitations "0b6c…" were registered with other numbers.' }, 'were registered with other numbers'],
      [422, { error: 'No survey "email-answer".' }, 'No survey "email-answer".'],
      [502, 'Bad Gateway from the proxy', 'Bad Gateway from the proxy'],
    ] as const;

    for (const [status, body, message] of cases) {
      it(`throws an InvitationsError with status ${status} and the collector's message`, async () => {
        const collector = fakeCollector(status, body);
        let caught: unknown;
        try {
          await registerInvitations(registration(collector));
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(InvitationsError).and.instanceOf(Error);
        expect((caught as InvitationsError).status).to.equal(status);
        expect((caught as InvitationsError).message).to.contain(String(status)).and.contain(message);
      });
    }
  });

  it('throws an InvitationsError when the answer is not the collector\'s: a website that answers 200 with its home page', async () => {
    const website = fakeCollector(200, '<!doctype html><title>Welkom</title>');
    let caught: unknown;
    try {
      await registerInvitations(registration(website, { collectorUrl: 'https://www.example.org' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(InvitationsError);
    expect((caught as InvitationsError).status).to.equal(200);
    expect((caught as InvitationsError).message).to.contain('collectorUrl');
  });

  it('throws an InvitationsError, not a TypeError, when the answer is the JSON null', async () => {
    let caught: unknown;
    try {
      await registerInvitations(registration(fakeCollector(200, null)));
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(InvitationsError);
  });

  describe('refusing bad options before sending', () => {
    const bad: Array<[string, Partial<RegisterInvitationsOptions>, RegExp]> = [
      ['a count of 0', { count: 0 }, /count/],
      ['a count above 10,000,000', { count: 10_000_001 }, /count/],
      ['a fractional count', { count: 2.5 }, /count/],
      ['a day that is no date', { day: '2024-13-01' }, /day/],
      ['a day written another way', { day: '14/03/2024' }, /day/],
      ['a relative collector URL', { collectorUrl: '/feedback' }, /collectorUrl/],
      ['a collector URL with a user name and password', { collectorUrl: 'https://admin:s3cret-pw@feedback.example.org' }, /collectorUrl: Leave the user name and password out/],
      ['an id that is not a UUID', { id: 'mailing 1' }, /id/],
      ['a channel that is none of the survey channels', { channel: 'fax' as never }, /channel/],
      ['the web channel, whose base is the survey shown', { channel: 'web' as never }, /channel/],
      ['a malformed survey id', { surveyId: '1 survey' }, /surveyId/],
      ['a report token with a line break', { reportToken: 'abc\r\nX-Evil: 1' }, /reportToken/],
    ];

    for (const [what, changes, pattern] of bad) {
      it(`refuses ${what} with a TypeError`, async () => {
        const collector = fakeCollector(201, { registered: true });
        let caught: unknown;
        try {
          await registerInvitations(registration(collector, changes));
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(TypeError);
        expect((caught as TypeError).message).to.match(pattern).and.not.contain('s3cret-pw');
        expect(collector.sent).to.have.length(0);
      });
    }
  });
});
