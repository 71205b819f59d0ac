// Page script of demo/kiosk.html: one tablet, many respondents in a row, often offline.
// The offline switch breaks the collector (demo/dev-outage.ts) so answers queue on the tablet;
// "Next respondent" stands in for the kiosk mode that a later issue adds to the element.
import '../src/define.js';
import type { FeedbackLoop } from '../src/index.js';
import { readOutage, setOutage } from './outage-client.js';

const box = document.querySelector<HTMLElement>('#survey-box')!;
const title = document.querySelector<HTMLElement>('#kiosk-title')!;
const offline = document.querySelector<HTMLInputElement>('#offline')!;
const pending = document.querySelector<HTMLOutputElement>('#pending')!;
const status = document.querySelector<HTMLOutputElement>('#status')!;

/** The element on screen now: "Next respondent" replaces it. */
const current = (): FeedbackLoop => box.querySelector('feedback-loop')!;

/** `status` and `pending` are getters, not events: read them once the element has rendered. */
async function refresh(): Promise<void> {
  const survey = current();
  await survey.updateComplete;
  pending.value = String(survey.pending);
  status.value = survey.status;
}

/** Sends what waits now (the element also retries by itself, with backoff) and shows the count. */
async function sendNow(): Promise<void> {
  await current().outbox.flush();
  await refresh();
}

// The element's events bubble, so one listener on the box hears every element put in it.
for (const type of ['feedback-submit', 'feedback-queued', 'feedback-sent', 'feedback-error'] as const) {
  box.addEventListener(type, () => void refresh());
}

offline.addEventListener('change', async () => {
  await setOutage(offline.checked);
  // Back online: send at once, as the browser's `online` event would on a real tablet.
  if (!offline.checked) await sendNow();
});

document.querySelector('#next')!.addEventListener('click', () => {
  const previous = current();
  // A shallow clone is a new element with the same attributes (endpoint, channel, office, team)
  // and none of the previous respondent's answers.
  const fresh = previous.cloneNode(false) as FeedbackLoop;
  previous.remove();
  box.append(fresh);
  title.focus(); // a screen reader user hears that the page starts over
  void fresh.updateComplete.then(sendNow);
});

void readOutage().then(on => (offline.checked = on));
void current().updateComplete.then(sendNow);
