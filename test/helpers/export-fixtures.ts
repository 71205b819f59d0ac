// A small hand-made data set for the export tests: two half-years, three channels, figures worked
// out by hand in test/collector/export.test.ts.
import type { RateCounts } from '../../src/report/assemble-report.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import { surveyCatalog, type SurveyCatalog } from '../../src/report/report-questions.js';
import type { Report } from '../../src/report/report-schema.js';
import { summarize } from '../../src/report/summarize.js';
import type { StoredResponse } from '../../src/collector/store.js';
import type { Survey } from '../../src/schema/survey.js';

export const SURVEY: Survey = {
  id: 'loket',
  version: 1,
  title: { nl: 'Tevredenheid klantendienst', en: 'Customer service satisfaction' },
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord', en: 'Speed of the answer' } },
    { kind: 'rating', id: 'clarity', label: { nl: 'Duidelijkheid van de informatie' } },
    { kind: 'nps', id: 'nps', label: { nl: 'Zou u ons aanbevelen?', en: 'Would you recommend us?' } },
    { kind: 'comment', id: 'remark', label: { nl: 'Opmerking', en: 'Remark' } },
    { kind: 'comment', id: 'improve', label: { nl: 'Wat kunnen we beter doen?' } },
  ],
};

/** First half of 2023 in Brussels, against the second half of 2022, per channel. */
export const QUERY: ReportQuery = {
  surveyId: 'loket',
  period: { preset: 'half-year', from: '2023-01-01', to: '2023-06-30' },
  compare: true,
  channels: [],
  context: {},
  breakdown: { by: 'channel' },
  minCount: 3,
  timeZone: 'Europe/Brussels',
};

/** 20 invitations sent by email in the current half-year: a 20 % response rate for 4 answers. */
export const COUNTS: RateCounts = {
  shown: [],
  invitations: [{ surveyId: 'loket', channel: 'email', day: '2023-02-01', count: 20 }],
};

export const SECRET_TOKEN = 'invitation-token-never-exported';

let serial = 0;
function response(submittedAt: string, channel: StoredResponse['channel'], answers: StoredResponse['answers'], changes: Partial<StoredResponse> & { invitation?: string } = {}): StoredResponse {
  const id = `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`;
  const receivedAt = new Date(Date.parse(submittedAt) + 1000).toISOString();
  return { id, surveyId: 'loket', surveyVersion: 1, channel, locale: 'nl', submittedAt, receivedAt, context: {}, answers, ...changes };
}

/** The current half-year, oldest first, as the export routes pass them. */
export const CURRENT: StoredResponse[] = [
  // 00:30 on 1 January in Brussels: the current half-year, though still 2022 in UTC.
  response('2022-12-31T23:30:00.000Z', 'email', { speed: 5, clarity: 4, nps: 10, remark: 'Très bien géré, ça va! "Top"; merci' }, { context: { office: 'Gent', team: 'A' } }),
  response('2023-02-14T09:15:00.000Z', 'email', { speed: 4, clarity: 3, nps: 9, remark: '   ' }, { locale: 'fr-BE', context: { office: 'Brugge' }, invitation: SECRET_TOKEN }),
  // 01:30 CET, half an hour before the clocks go forward.
  response('2023-03-26T00:30:00.000Z', 'email', { speed: 2, clarity: 5, nps: 6, remark: '=1+1', improve: '-korter wachten' }, { context: { office: 'Gent', staff: 'Zoë' } }),
  // 03:30 CEST, an hour later in UTC.
  response('2023-03-26T01:30:00.000Z', 'phone', { speed: 5, nps: 10, improve: 'Schöne Grüße, über alles zufrieden' }, { locale: 'de', context: { office: 'Gent' } }),
  response('2023-05-10T12:00:00.000Z', 'email', { speed: 3, nps: 8, remark: 'شكرا جزيلا' }, { locale: 'ar', context: { office: 'Antwerpen', team: 'B' } }),
  // The last second of the half-year in Brussels.
  response('2023-06-30T21:59:59.000Z', 'phone', {
    speed: 1,
    nps: 3,
    remark: 'Lijn 1\nLijn 2 <script>alert(1)</script>',
    improve: '=HYPERLINK("http://evil.example","klik")',
  }),
];

/** The second half of 2022. */
export const PREVIOUS: StoredResponse[] = [
  response('2022-07-05T08:00:00.000Z', 'email', { speed: 4, clarity: 4, nps: 10 }),
  response('2022-08-01T09:00:00.000Z', 'web', { speed: 5, nps: 9 }),
  response('2022-09-12T10:00:00.000Z', 'email', { speed: 4, clarity: 2, nps: 7 }),
  response('2022-10-01T09:00:00.000Z', 'web', { speed: 5, nps: 9 }),
  response('2022-11-03T15:00:00.000Z', 'email', { speed: 2, clarity: 3, nps: 5 }),
  // 23:59:59 on 31 December in Brussels: still the previous half-year.
  response('2022-12-31T22:59:59.000Z', 'web', { speed: 5, nps: 9 }),
];

export const CATALOG: SurveyCatalog = surveyCatalog([SURVEY], 'loket')!;

export function report(query: Partial<ReportQuery> = {}): Report {
  return summarize({ surveys: [SURVEY], responses: [...PREVIOUS, ...CURRENT], counts: COUNTS }, { ...QUERY, ...query });
}

/** A source that counts how often it is opened, and how many answers were read. */
export function countingSource(responses: readonly StoredResponse[]): { open: () => AsyncIterable<StoredResponse>; opened: number; read: number; closed: number } {
  const source = {
    opened: 0,
    read: 0,
    closed: 0,
    open: () => {
      source.opened++;
      return (async function* () {
        try {
          for (const item of responses) {
            source.read++;
            yield item;
          }
        } finally {
          source.closed++;
        }
      })();
    },
  };
  return source;
}
