// Real reports for the <feedback-report> tests: summarize() over hand-made answers, so every
// figure a test expects can be worked out by hand from the lists below.
import { presetPeriod } from '../../src/report/period.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import type { Report } from '../../src/report/report-schema.js';
import { summarize, type SummarizableResponse } from '../../src/report/summarize.js';
import type { RateCounts } from '../../src/report/assemble-report.js';
import type { Survey } from '../../src/schema/survey.js';

export const TOKEN = 'report-token-for-tests-0123456789';
/** "Today" for the element: 1 May 2026, in the first half-year of 2026. */
export const NOW = Date.parse('2026-05-01T10:00:00Z');

/** Waits that cross the network to the (busy, in CI) test server get more than open-wc's default second. */
export const NET = { timeout: 10_000 };

export const SURVEY: Survey = {
  id: 'loket',
  version: 1,
  title: { nl: 'Bevraging van het loket', en: 'Counter survey' },
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord', en: 'Speed of the answer' } },
    { kind: 'rating', id: 'clarity', label: { nl: 'Duidelijkheid van de informatie', en: 'Clarity of the information' } },
    { kind: 'nps', id: 'nps', label: { nl: 'Zou u ons aanraden?', en: 'Would you recommend us?' } },
    { kind: 'comment', id: 'comment', label: { nl: 'Wat kan beter?' } },
  ],
};

/** The same survey without its comment question: nobody could write a comment. */
export const SURVEY_WITHOUT_COMMENTS: Survey = { ...SURVEY, questions: SURVEY.questions.filter(q => q.kind !== 'comment') };

type Values = [speed: number, clarity: number, nps: number];

function answers(channel: string, month: string, list: Values[]): SummarizableResponse[] {
  return list.map(([speed, clarity, nps], i) => ({
    surveyId: 'loket',
    surveyVersion: 1,
    channel,
    submittedAt: `${month}-${String(10 + i).padStart(2, '0')}T10:00:00Z`,
    context: { office: i % 2 ? 'Gent' : 'Brugge' },
    answers: { speed, clarity, nps },
  }));
}

/**
 * H1 2026 against H2 2025.
 * Email now (11): speed 5,5,5,4,4,4,4,3,2,1,1 → 7/1/3 = 63,64% 9,09% 27,27%, mean 38/11 = 3,45;
 *   clarity all 4 → 4,00; NPS 10,10,10,9,9,8,7,6,5,3,0 → 5/2/4 = 45,46% 18,18% 36,36%, NPS 9,09.
 * Email before (5): speed 5,4,3,3,2 → mean 3,40 (change +0,05 better); clarity all 4 → 4,00
 *   (same); NPS 10,10,9,9,0 → 60,00 (change −50,91 worse).
 * Phone now (3) and kiosk now (2): below the minimum of 5, so only n is shown; email shows all the
 *   same (a small channel hides no other). Phone and kiosk before: none.
 * All now (16): NPS promoters 6, passives 3, detractors 7 → (6 − 7) / 16 = −6,25; before 60,00.
 */
export const RESPONSES: SummarizableResponse[] = [
  ...answers('email', '2026-03', [
    [5, 4, 10], [5, 4, 10], [5, 4, 10], [4, 4, 9], [4, 4, 9], [4, 4, 8], [4, 4, 7], [3, 4, 6], [2, 4, 5], [1, 4, 3], [1, 4, 0],
  ]),
  ...answers('email', '2025-10', [[5, 4, 10], [4, 4, 10], [3, 4, 9], [3, 4, 9], [2, 4, 0]]),
  ...answers('phone', '2026-02', [[2, 3, 5], [2, 3, 5], [3, 3, 5]]),
  ...answers('kiosk', '2026-04', [[4, 4, 9], [4, 4, 7]]),
];

/** Shown counts: the email survey was shown 100 times in H1 2026, so its response rate is 11,00%. */
export const COUNTS: RateCounts = {
  shown: [{ surveyId: 'loket', channel: 'email', day: '2026-02-01', count: 100 }],
  invitations: [],
};

export function reportQuery(changes: Partial<ReportQuery> = {}): ReportQuery {
  return {
    surveyId: 'loket',
    period: presetPeriod('half-year', '2026-03-14'),
    compare: true,
    channels: [],
    context: {},
    breakdown: { by: 'channel' },
    minCount: 5,
    timeZone: 'Europe/Brussels',
    ...changes,
  };
}

/** The report of RESPONSES, as GET /api/report would answer it. */
export function fixtureReport(changes: Partial<ReportQuery> = {}, survey = SURVEY): Report {
  return summarize({ surveys: [survey], responses: RESPONSES, counts: COUNTS }, reportQuery(changes));
}

export const COMMENT_PAGE = {
  comments: [
    {
      responseId: '0b6f8a52-8a0e-4f57-9a7e-0f0e1d2c3b4a',
      surveyId: 'loket',
      surveyVersion: 1,
      channel: 'email',
      context: { office: 'Gent' },
      submittedAt: '2026-03-14T09:30:00.000Z',
      locale: 'nl-BE',
      questionId: 'comment',
      text: '<img src=x onerror="window.hacked=1"> Te lang gewacht op een antwoord',
    },
  ],
  next: 'cursor-page-2',
};

export const CONTACT = {
  id: '5d2c1e8f-3b4a-4c6d-8e9f-0a1b2c3d4e5f',
  responseId: '5d2c1e8f-3b4a-4c6d-8e9f-0a1b2c3d4e5f',
  surveyId: 'loket',
  surveyVersion: 1,
  channel: 'phone',
  context: { office: 'Brugge' },
  submittedAt: '2026-04-02T08:15:00.000Z',
  locale: 'fr-BE',
  email: 'an.peeters@example.be',
  phone: '+32 9 123 45 67',
  createdAt: '2026-04-02T08:15:01.000Z',
  handled: false,
};

export interface ScriptStep {
  status?: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  hold?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  authorization: string;
  body: string;
  closedEarly: boolean;
}

/** A scripted report API of its own (test/helpers/report-endpoint.mjs). */
export class ReportApi {
  readonly key = `r${crypto.randomUUID().replaceAll('-', '')}`;
  readonly endpoint = `/api/report-test/${this.key}`;

  /** Sets the answers, by "METHOD /api/path". */
  async script(routes: Record<string, ScriptStep[]>): Promise<void> {
    await fetch(`${this.endpoint}/script`, { method: 'POST', body: JSON.stringify(routes) });
  }

  async requests(path?: string): Promise<LoggedRequest[]> {
    const { requests } = (await (await fetch(`${this.endpoint}/log`)).json()) as { requests: LoggedRequest[] };
    return path ? requests.filter(r => r.path === path) : requests;
  }

  /** Answers the held requests: all, or only those to `path`. */
  async release(path?: string): Promise<void> {
    await fetch(`${this.endpoint}/release${path ? `?${new URLSearchParams({ path })}` : ''}`, { method: 'POST' });
  }
}

/** An API answering the fixture report, comments and contacts, unless `routes` says otherwise. */
export async function scriptedApi(routes: Record<string, ScriptStep[]> = {}): Promise<ReportApi> {
  const api = new ReportApi();
  await api.script({
    'GET /api/report': [{ body: fixtureReport() }],
    'GET /api/comments': [{ body: COMMENT_PAGE }],
    'GET /api/contacts': [{ body: { contacts: [CONTACT] } }],
    ...routes,
  });
  return api;
}

/** Reads and drives a <feedback-report> through what it renders. */
export class ReportHarness {
  constructor(readonly el: HTMLElement & { updateComplete: Promise<boolean> }) {}

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  get status(): string {
    return this.root.querySelector('[part="status"]')!.textContent!.trim();
  }

  get results(): HTMLElement {
    return this.root.querySelector('.results')!;
  }

  get error(): HTMLElement | null {
    return this.root.querySelector('[part="error"]');
  }

  get tables(): HTMLTableElement[] {
    return [...this.root.querySelectorAll<HTMLTableElement>('table')];
  }

  /** The table whose caption starts with `caption`. */
  table(caption: string): HTMLTableElement {
    const found = this.tables.find(t => t.caption!.textContent!.trim().startsWith(caption));
    if (!found) throw new Error(`no table "${caption}" among ${this.tables.map(t => t.caption!.textContent).join(' | ')}`);
    return found;
  }

  /** The texts of a table's row whose header starts with `label`, header first, spaces collapsed. */
  row(table: HTMLTableElement, label: string): string[] {
    const row = [...table.tBodies[0]!.rows].find(r => r.cells[0]!.textContent!.trim().startsWith(label));
    if (!row) throw new Error(`no row "${label}"`);
    return [...row.cells].map(c => c.textContent!.replace(/\s+/g, ' ').trim());
  }

  /** Column headers, without the invisible word joiners that keep "(9–10)" on one line. */
  headers(table: HTMLTableElement): string[] {
    return [...table.tHead!.rows[0]!.cells].map(c => c.textContent!.replaceAll('\u2060', '').trim());
  }

  control<T extends HTMLElement = HTMLSelectElement>(id: string): T {
    return this.root.querySelector<T>(`#${id}`)!;
  }

  /** Picks an option the way a person does: the value changes, then `change` fires. */
  async choose(id: string, value: string): Promise<void> {
    const select = this.control(id);
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await this.el.updateComplete;
  }

  optionTexts(id: string): string[] {
    return [...this.control(id).options].map(o => o.textContent!.trim());
  }
}
