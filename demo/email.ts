// Page script of demo/email.html: the element, plus a preview of the invitation email made with
// the sender's helper (feedback-loop/email), whose links open this page with a score chosen.
// A package user writes `import 'feedback-loop/define.js'` on the landing page, and
// `import { renderEmailSnippet } from 'feedback-loop/email'` where the emails are made.
import '../src/define.js';
import { renderEmailSnippet } from '../src/email.js';
import { validateSurvey } from '../src/index.js';

const mail = document.querySelector<HTMLElement>('#mail')!;

/** The token a sender would keep per email: random, never the address. */
function newToken(): string {
  return `demo_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** Shows the email for `fromLink` (the token of the link that opened this page), else a new one. */
async function showEmail(fromLink?: string): Promise<void> {
  const checked = validateSurvey(await (await fetch('/api/surveys/email-answer')).json());
  if (!checked.ok) return;
  const landingUrl = new URL('./email.html', location.href).href;
  // The helper escapes every text it puts in; the snippet is made for email clients, shown here as is.
  try {
    mail.innerHTML = renderEmailSnippet({ survey: checked.value, locale: 'nl', landingUrl, token: fromLink ?? newToken() });
  } catch {
    if (fromLink !== undefined) await showEmail(); // a token mangled in the URL: show a fresh email, once
  }
}

document.querySelector('#new-token')!.addEventListener('click', () => void showEmail());
void showEmail(new URLSearchParams(location.search).get('fl-token') ?? undefined);
