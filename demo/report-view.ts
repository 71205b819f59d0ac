// Templates of demo/report.html. Everything from the server goes through lit's `html`, which
// escapes text and attribute values, so a comment such as "<img onerror=…>" stays text.
import { html, nothing } from 'lit';
import { countBySurveyAndChannel, MAX_PAGES, PAGE_SIZE, type StoredResponse } from './report-data.js';

const LATEST = 50;

/** Short Dutch names for the question ids of the built-in survey and demo/surveys/email-answer.json. */
const QUESTION_NAMES: Record<string, string> = {
  reliability: 'Betrouwbaarheid',
  credibility: 'Geloofwaardigheid',
  tangibles: 'Verschijningsvormen',
  empathy: 'Empathie',
  responsiveness: 'Reactievermogen',
  nps: 'Aanbeveling (0–10)',
  speed: 'Snelheid',
  professionalism: 'Professionaliteit',
  clarity: 'Duidelijkheid',
  attention: 'Aandacht',
};

const CHANNEL_NAMES: Record<string, string> = {
  web: 'Website',
  email: 'E-mail',
  kiosk: 'Kiosk',
  phone: 'Telefoon',
  other: 'Ander kanaal',
};

const number = new Intl.NumberFormat('nl-BE');
const dateTime = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'short', timeStyle: 'short' });

const channelName = (channel: string) => CHANNEL_NAMES[channel] ?? channel;

/** An empty cell: a dash on screen, a word for screen readers. */
const NONE = html`<span aria-hidden="true">–</span><span class="visually-hidden">geen</span>`;

function when(iso: string) {
  const date = new Date(iso);
  return html`<time datetime=${iso}>${Number.isNaN(date.getTime()) ? iso : dateTime.format(date)}</time>`;
}

function renderCounts(responses: readonly StoredResponse[]) {
  return html`
    <section aria-labelledby="counts-title">
      <h2 id="counts-title">Antwoorden per vragenlijst en kanaal</h2>
      <table class="report-table">
        <caption>Aantal opgeslagen antwoorden per vragenlijst en kanaal</caption>
        <thead>
          <tr><th scope="col">Vragenlijst</th><th scope="col">Kanaal</th><th scope="col" class="num">Antwoorden</th></tr>
        </thead>
        <tbody>
          ${countBySurveyAndChannel(responses).map(
            row => html`<tr><th scope="row">${row.surveyId}</th><td>${channelName(row.channel)}</td><td class="num">${number.format(row.count)}</td></tr>`,
          )}
        </tbody>
        <tfoot>
          <tr><th scope="row" colspan="2">Totaal</th><td class="num">${number.format(responses.length)}</td></tr>
        </tfoot>
      </table>
    </section>
  `;
}

function renderAnswers(answers: StoredResponse['answers']) {
  // In survey order where the id is known: the stored JSON does not keep the question order.
  const order = Object.keys(QUESTION_NAMES);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const scores = Object.entries(answers)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort(([a], [b]) => rank(a) - rank(b));
  return html`<ul class="scores">
    ${scores.map(([id, value]) => html`<li>${QUESTION_NAMES[id] ?? id}: <strong>${value}</strong></li>`)}
  </ul>`;
}

function renderComment(answers: StoredResponse['answers']) {
  const comments = Object.values(answers).filter((value): value is string => typeof value === 'string');
  return comments.length ? comments.map(comment => html`<p class="comment">${comment}</p>`) : NONE;
}

function renderLatest(responses: readonly StoredResponse[]) {
  // The collector answers oldest first: the newest are at the end.
  const latest = responses.slice(-LATEST).reverse();
  return html`
    <section aria-labelledby="latest-title">
      <h2 id="latest-title">Laatste antwoorden</h2>
      <!-- Focusable, so keyboard users can scroll the table sideways on a narrow or zoomed screen. -->
      <div class="table-scroll" role="region" aria-labelledby="latest-caption" tabindex="0">
        <table class="report-table">
          <caption id="latest-caption">De laatste ${latest.length} antwoorden, nieuwste eerst</caption>
          <thead>
            <tr>
              <th scope="col">Tijdstip</th><th scope="col">Vragenlijst</th><th scope="col">Kanaal</th>
              <th scope="col">Kantoor</th><th scope="col">Team</th><th scope="col">Scores</th><th scope="col">Opmerking</th>
            </tr>
          </thead>
          <tbody>
            ${latest.map(
              r => html`<tr>
                <th scope="row">${when(r.submittedAt)}</th>
                <td>${r.surveyId}</td>
                <td>${channelName(r.channel)}</td>
                <td>${r.context.office ?? NONE}</td>
                <td>${r.context.team ?? NONE}</td>
                <td>${renderAnswers(r.answers)}</td>
                <td>${renderComment(r.answers)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>
  `;
}

/** The results: both tables, or the empty state. */
export function renderResults(responses: readonly StoredResponse[], complete: boolean) {
  if (responses.length === 0) {
    return html`<p class="empty">Er zijn nog geen antwoorden opgeslagen. Vul een vragenlijst in op een van de andere demopagina’s.</p>`;
  }
  return html`
    ${complete
      ? nothing
      : html`<p class="warning">Alleen de eerste ${number.format(MAX_PAGES * PAGE_SIZE)} antwoorden zijn geteld; de laatste antwoorden ontbreken dus.</p>`}
    ${renderCounts(responses)} ${renderLatest(responses)}
  `;
}
