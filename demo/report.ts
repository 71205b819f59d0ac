// Page script of demo/report.html: reads the collector's stored answers with the report token.
// The token is a secret: it stays in sessionStorage (this tab, until it closes), never in a
// cookie or localStorage, and leaves the address bar (and so the history) at once.
import { render } from 'lit';
import { loadResponses } from './report-data.js';
import { renderResults } from './report-view.js';

const TOKEN_KEY = 'feedback-loop-report-token';

const form = document.querySelector<HTMLFormElement>('#token-form')!;
const input = document.querySelector<HTMLInputElement>('#token')!;
const session = document.querySelector<HTMLElement>('#session')!;
const status = document.querySelector<HTMLElement>('#report-status')!;
const results = document.querySelector<HTMLElement>('#report-results')!;
let loading: AbortController | undefined;

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

/** Old results would read as current: only the problem stays on screen. */
function showProblem(text: string): void {
  render(null, results);
  showStatus(text, true);
}

function forgetToken(message: string, problem: boolean): void {
  sessionStorage.removeItem(TOKEN_KEY);
  session.hidden = true;
  render(null, results);
  showStatus(message, problem);
  input.focus();
}

async function load(): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  session.hidden = !token;
  if (!token) return showStatus('Vul het rapporttoken in om de antwoorden te zien.');
  loading?.abort(); // a second click wins; the first answer is dropped
  const controller = (loading = new AbortController());
  showStatus('Antwoorden laden…');
  results.setAttribute('aria-busy', 'true');
  try {
    const result = await loadResponses(token, controller.signal);
    if (result.kind === 'unauthorized') return forgetToken('Dit token is niet geldig. Vul het juiste rapporttoken in.', true);
    if (result.kind === 'error') return showProblem(`De antwoorden konden niet geladen worden: ${result.message}`);
    render(renderResults(result.responses, result.complete), results);
    const time = new Date().toLocaleTimeString('nl-BE', { hour: '2-digit', minute: '2-digit' });
    const count = result.responses.length;
    showStatus(`${count.toLocaleString('nl-BE')} ${count === 1 ? 'antwoord' : 'antwoorden'} geladen om ${time}.`);
  } catch (error) {
    if (controller.signal.aborted) return;
    showProblem(`De collector is niet bereikbaar (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    if (loading === controller) results.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', event => {
  event.preventDefault();
  const token = input.value.trim();
  if (!token) {
    showStatus('Vul eerst een rapporttoken in.', true);
    return input.focus();
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  input.value = '';
  void load();
});

document.querySelector('#reload')!.addEventListener('click', () => void load());
document.querySelector('#forget')!.addEventListener('click', () => {
  loading?.abort();
  forgetToken('Het token is vergeten.', false);
});
// A pasted report link in an open tab changes only the hash: no page load.
window.addEventListener('hashchange', () => {
  takeTokenFromHash();
  void load();
});

takeTokenFromHash();
void load();
