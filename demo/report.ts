// Page script of demo/report.html: <feedback-report> against the collector of `npm start`.
// The token is a secret: it stays in sessionStorage (this tab, until it closes), never in a
// cookie or localStorage, leaves the address bar (and so the history) at once, and reaches the
// element as a property, never as an attribute. A package user writes `import 'feedback-loop/report'`.
import '../src/report.js';
import type { FeedbackReport } from '../src/report.js';

const TOKEN_KEY = 'feedback-loop-report-token';
const MAX_LOG_ITEMS = 30;

const report = document.querySelector<FeedbackReport>('feedback-report')!;
const form = document.querySelector<HTMLFormElement>('#token-form')!;
const input = document.querySelector<HTMLInputElement>('#token')!;
const session = document.querySelector<HTMLElement>('#session')!;
const status = document.querySelector<HTMLElement>('#access-status')!;
const survey = document.querySelector<HTMLSelectElement>('#survey')!;
const log = document.querySelector<HTMLOListElement>('#event-log')!;

/** `#token=…` (the link `npm start` prints) moves to sessionStorage; the URL keeps no trace. */
function takeTokenFromHash(): void {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token === null) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  if (token.trim()) sessionStorage.setItem(TOKEN_KEY, token.trim());
}

function showStatus(text: string, problem = false): void {
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

/** Hands the stored token (or none) to the element, which loads or says what is missing. */
function useToken(): void {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  session.hidden = !token;
  report.token = token;
  if (!token) showStatus('Vul het rapporttoken in om de resultaten te zien.');
}

function logEvent(type: string, detail: unknown): void {
  const item = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = `${new Date().toLocaleTimeString('nl-BE')} ${type}`;
  const text = document.createElement('pre');
  text.textContent = JSON.stringify(detail, null, 2);
  item.append(name, text);
  log.prepend(item);
  while (log.children.length > MAX_LOG_ITEMS) log.lastElementChild?.remove();
}

report.addEventListener('feedback-load', event => {
  const { surveyId, period, total, groups } = event.detail.report;
  showStatus('');
  logEvent(event.type, { report: { surveyId, period, answers: total.answers, groups: groups.map(g => g.key) } });
});

report.addEventListener('feedback-error', event => {
  logEvent(event.type, event.detail);
  // A refused token is forgotten, so the next visit asks again instead of failing again.
  if (event.detail.error.code === 'unauthorized') {
    sessionStorage.removeItem(TOKEN_KEY);
    session.hidden = true;
    showStatus('Dit token is niet geldig. Vul het juiste rapporttoken in.', true);
    input.focus();
  }
});

form.addEventListener('submit', event => {
  event.preventDefault();
  const token = input.value.trim();
  if (!token) {
    showStatus('Vul eerst een rapporttoken in.', true);
    return input.focus();
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  input.value = '';
  showStatus('');
  useToken();
});

document.querySelector('#forget')!.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  useToken();
  showStatus('Het token is vergeten.');
  input.focus();
});

survey.addEventListener('change', () => report.setAttribute('survey-id', survey.value));

// A pasted report link in an open tab changes only the hash: no page load.
window.addEventListener('hashchange', () => {
  takeTokenFromHash();
  useToken();
});

takeTokenFromHash();
useToken();
