// No `feedback-loop/locales/ar.js` here: a server that sends Arabic emails may never load the
// survey's Arabic messages, while the email's own Arabic words are built in.
import { expect, fixture } from '@open-wc/testing';
import { emailScale, renderEmailSnippet, type EmailSnippetOptions } from '../../src/email.js';

function options(): EmailSnippetOptions {
  return {
    survey: { id: 'email-answer', version: 2, questions: [{ kind: 'rating', id: 'speed', label: { ar: 'ما مدى رضاك عن سرعة ردنا؟', en: 'Speed of the answer' } }] },
    locale: 'ar',
    landingUrl: 'https://feedback.example.org/email.html',
    token: 'inv_3f1c2a9e8b7d',
  };
}

describe('renderEmailSnippet() in Arabic, without the Arabic locale imported', () => {
  it('lays the email out right to left, as its Arabic words are written', async () => {
    expect(emailScale(options()).dir).to.equal('rtl');
    const container = await fixture<HTMLElement>(`<div style="width: 600px">${renderEmailSnippet(options())}</div>`);
    const root = container.querySelector('table')!;
    expect(root.lang).to.equal('ar');
    expect(root.dir).to.equal('rtl');
    const [first, , , , last] = [...container.querySelectorAll('a')].map(link => link.getBoundingClientRect());
    expect(first!.left, '1 at the start: on the right').to.be.greaterThan(last!.left);
    await expect(container).to.be.accessible();
  });

  it('takes only ltr or rtl as texts.$dir: anything else would go into the HTML as it is', () => {
    const html = renderEmailSnippet({ ...options(), texts: { $dir: 'rtl" onmouseover="alert(1)' as 'rtl' } });
    expect(html).not.to.contain('onmouseover');
    expect(emailScale({ ...options(), texts: { $dir: 'ltr' } }).dir).to.equal('ltr');
  });
});
