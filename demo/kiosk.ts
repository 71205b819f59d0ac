// Page script of demo/kiosk.html: one tablet, many respondents in a row, often offline. The
// element's kiosk mode does the resetting; this script only runs the demo's offline switch (it
// breaks the collector, demo/dev-outage.ts, so answers queue on the tablet) and shows the figures.
import '../src/define.js';
import '../src/kiosk.js';
import type { FeedbackLoop } from '../src/index.js';
import { readOutage, setOutage } from './outage-client.js';

const survey = document.querySelector<FeedbackLoop>('feedback-loop')!;
const offline = document.querySelector<HTMLInputElement>('#offline')!;
const pending = document.querySelector<HTMLOutputElement>('#pending')!;
const status = document.querySelector<HTMLOutputElement>('#status')!;

/** `status` and `pending` are getters, not events: read them once the element has rendered. */
async function refresh(): Promise<void> {
  await survey.updateComplete;
  pending.value = String(survey.pending);
  status.value = survey.status;
}

for (const type of ['feedback-submit', 'feedback-queued', 'feedback-sent', 'feedback-error', 'feedback-reset'] as const) {
  survey.addEventListener(type, () => void refresh());
}

offline.addEventListener('change', async () => {
  await setOutage(offline.checked);
  // Back online: send at once, as the browser's `online` event would on a real tablet.
  if (!offline.checked) await survey.outbox.flush();
  await refresh();
});

void readOutage().then(on => (offline.checked = on));
void refresh();
