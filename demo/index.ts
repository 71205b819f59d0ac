// Page script of demo/index.html: defines <feedback-loop>, then runs the demo controls: the
// language switcher, the outage switch and the event log. A package user writes `import 'feedback-loop/define.js'`.
// The element's first render waits for a microtask, so the listeners below still hear its
// setup errors.
import '../src/define.js';
import type { FeedbackLoop } from '../src/index.js';
import { readOutage, setOutage } from './outage-client.js';

const LOGGED_EVENTS = ['feedback-shown', 'feedback-change', 'feedback-submit', 'feedback-queued', 'feedback-sent', 'feedback-dismiss', 'feedback-error'] as const;
const MAX_LOG_ITEMS = 50;

const survey = document.querySelector<FeedbackLoop>('feedback-loop')!;
const log = document.querySelector<HTMLOListElement>('#event-log')!;
const langButtons = [...document.querySelectorAll<HTMLButtonElement>('button[data-lang]')];
const outage = document.querySelector<HTMLInputElement>('#outage')!;
const pending = document.querySelector<HTMLOutputElement>('#pending')!;

/** Detail as readable JSON; Error objects and other causes become their message. */
function describe(detail: unknown): string {
  return JSON.stringify(
    detail,
    (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value),
    2,
  );
}

/** Typing in the comment fires feedback-change per keystroke: keep one line per question. */
function sameQuestion(item: Element | null, event: Event & { detail?: unknown }): boolean {
  if (event.type !== 'feedback-change' || !(item instanceof HTMLElement)) return false;
  return item.dataset.change === (event.detail as { questionId: string }).questionId;
}

function logEvent(event: Event & { detail?: unknown }): void {
  if (sameQuestion(log.firstElementChild, event)) log.firstElementChild!.remove();
  const item = document.createElement('li');
  if (event.type === 'feedback-change') item.dataset.change = (event.detail as { questionId: string }).questionId;
  const time = document.createElement('span');
  time.textContent = `${new Date().toLocaleTimeString('nl-BE')} `;
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = event.type;
  const detail = document.createElement('pre');
  detail.textContent = describe(event.detail);
  item.append(time, name, detail);
  log.prepend(item);
  while (log.children.length > MAX_LOG_ITEMS) log.lastElementChild?.remove();
}

for (const type of LOGGED_EVENTS) survey.addEventListener(type, logEvent);

// "Not now" hides the survey: focus goes on to what follows it, not back to the top (WCAG 2.4.3).
const afterSurvey = document.querySelector<HTMLElement>('#controls-title')!;
survey.addEventListener('feedback-dismiss', () => {
  afterSurvey.tabIndex = -1;
  afterSurvey.focus();
});

async function setLanguage(lang: string): Promise<void> {
  // Arabic is not built in: registering it is an opt-in import, loaded here only when asked for.
  if (lang === 'ar') await import('../src/i18n/locales/register-ar.js');
  survey.setAttribute('lang', lang);
  for (const button of langButtons) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
}

for (const button of langButtons) {
  button.addEventListener('click', () => void setLanguage(button.dataset.lang!));
}

function showPending(): void {
  pending.value = String(survey.pending);
}

// The outage switch breaks the development endpoint on the server, as a dropped Wi-Fi would;
// the element keeps its endpoint, so its queue stays the same.
outage.addEventListener('change', async () => {
  await setOutage(outage.checked);
  if (!outage.checked) await survey.outbox.flush(); // like the browser's `online` event
  showPending();
});
void readOutage().then(on => (outage.checked = on));
// `pending` has no event of its own: after the first send attempt it counts earlier visits' answers too.
void survey.updateComplete.then(() => survey.outbox.flush()).then(showPending);

for (const type of ['feedback-queued', 'feedback-sent', 'feedback-error'] as const) {
  survey.addEventListener(type, showPending);
}

document.querySelector('#flush')!.addEventListener('click', () => void survey.outbox.flush().then(showPending));
document.querySelector('#dead-letters')!.addEventListener('click', async () => {
  const item = document.createElement('li');
  item.textContent = `dead letters: ${await survey.outbox.exportDeadLetters()}`;
  log.prepend(item);
});

// The half-year rule keeps the survey away after an answer or "Not now": this demo button forgets
// that (a localStorage entry with a date, no cookie) and shows the survey again.
document.querySelector('#forget')!.addEventListener('click', () => {
  localStorage.removeItem('feedback-loop:asked:service-quality');
  survey.open();
  location.reload();
});
