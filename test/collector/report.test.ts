// GET /api/report over small hand-made answer sets: every expected figure is worked out in the
// comment above it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { createHandler, type CollectorOptions, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { parseReportQuery } from '../../src/report/report-query.js';
import { ReportSchema, type NpsResult, type RatingResult, type Report } from '../../src/report/report-schema.js';
import { summarize } from '../../src/report/summarize.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { api, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';
import { record } from '../helpers/report-data.js';

/** "Today": in the first half of 2023, so a report without a period covers H1 2023 against H2 2022. */
const NOW = new Date('2023-05-01T10:00:00Z');

const SPEED_AND_NPS: Survey['questions'] = [
  { kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } },
  { kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' } },
  { kind: 'comment', id: 'remark', label: { nl: 'Opmerking' } },
];

/** An answer to store: when, its answers, and other fields of the record. */
type Entry = [submittedAt: string, answers: Record<string, unknown>, changes?: Partial<FeedbackRecord>];

const rating = (report: Report, i = 0) => report.total.results[i] as RatingResult;
const nps = (report: Report, i = 0) => report.total.results[i] as NpsResult;
const day = (n: number) => `2023-03-${String(n).padStart(2, '0')}T10:00:00.000Z`;

for (const kind of STORE_KINDS) {
  describe(`GET /api/report on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;
    let count = 0;
    const handler = (options: Partial<CollectorOptions> = {}) =>
      createHandler({ store, surveys: [], reportToken: TOKEN, rateLimit: 0, clock: () => NOW, reportMinCount: 1, reportTimeZone: 'UTC', ...options });

    before(async () => {
      store = await kind.open();
      handle = handler();
    });
    after(() => store.close());

    /** A survey of its own per test, registered as another instance would have. */
    async function survey(questions: Survey['questions']): Promise<string> {
      const id = `hand-${++count}`;
      await store.registerSurveys([{ id, version: 1, title: { nl: 'Loket' }, questions }]);
      return id;
    }

    async function given(surveyId: string, list: Entry[]) {
      const { inserted } = await store.insertResponses(list.map(([at, answers, changes]) => record(surveyId, at, answers, changes)));
      assert.equal(inserted.size, list.length);
    }

    async function call(query: string, token: string | null = TOKEN, on = handle): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await on(api('GET', `/api/report${query}`, undefined, token));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    async function report(query: string, on = handle): Promise<Report> {
      const { status, body } = await call(query, TOKEN, on);
      assert.equal(status, 200, JSON.stringify(body));
      const checked = z.safeParse(ReportSchema, body);
      assert.ok(checked.success, 'the report validates against ReportSchema');
      return body as unknown as Report;
    }

    it('never goes below the collector\'s minimum count (REPORT_MIN_COUNT), whatever min= asks', async () => {
      const id = await survey(SPEED_AND_NPS);
      await given(id, [[day(1), { speed: 5 }], [day(2), { speed: 4 }], [day(3), { speed: 1 }]]);
      const strict = handler({ reportMinCount: 5 });
      const lowered = await report(`?survey=${id}&min=1`, strict);
      assert.equal(lowered.minCount, 5);
      assert.deepEqual(rating(lowered).current, { n: 3, hidden: true, counts: null, percent: null, mean: null });
      assert.equal((await report(`?survey=${id}&min=10`, strict)).minCount, 10);
      assert.equal((await report(`?survey=${id}`, handler({ reportMinCount: undefined }))).minCount, 5, 'the default floor is 5');
    });

    it('computes the agencies\' table by hand, with the previous half-year and its changes', async () => {
      const id = await survey(SPEED_AND_NPS);
      // H1 2023, 7 answers. speed 5 5 4 3 2 1 4: satisfied 4, neutral 1, dissatisfied 2, sum 24.
      //   4/7 = 57.142… (floor 5714, remainder 2/7), 1/7 = 14.285… (1428, 4/7), 2/7 = 28.571… (2857, 1/7):
      //   9999, the hundredth left goes to the largest remainder (neutral) → 57.14 / 14.29 / 28.57;
      //   mean 24/7 = 3.428… → 3.43.
      // nps 10 9 8 7 6 0 10: promoters 3, passives 2, detractors 2 → 3/7 = 42.857… (4285, rem 5/7),
      //   2/7 = 28.571… (2857, 1/7) twice → 42.86 / 28.57 / 28.57; score (3 − 2)/7 = 14.285… → 14.29.
      const speeds = [5, 5, 4, 3, 2, 1, 4];
      const scores = [10, 9, 8, 7, 6, 0, 10];
      await given(id, speeds.map((speed, i) => [day(i + 1), { speed, nps: scores[i], remark: 'Vlot' }]));
      // H2 2022, 5 answers. speed 5 5 4 2 1: 3/0/2 → 60 / 0 / 40, mean 17/5 = 3.40.
      //   nps 10 10 3 3 3: 2/0/3 → 40 / 0 / 60, score −20.
      await given(id, [[`2022-07-01T00:00:00Z`, { speed: 5, nps: 10 }], ['2022-08-01T00:00:00Z', { speed: 5, nps: 10 }],
        ['2022-09-01T00:00:00Z', { speed: 4, nps: 3 }], ['2022-10-01T00:00:00Z', { speed: 2, nps: 3 }], ['2022-12-31T23:59:59.999Z', { speed: 1, nps: 3 }]]);
      // Outside both half-years: not counted.
      await given(id, [['2023-07-01T00:00:00Z', { speed: 1, nps: 0 }], ['2022-06-30T23:59:59.999Z', { speed: 1, nps: 0 }]]);

      const result = await report(`?survey=${id}`);

      assert.deepEqual(result.period, { preset: 'half-year', from: '2023-01-01', to: '2023-06-30' });
      assert.deepEqual(result.previous, { preset: 'half-year', from: '2022-07-01', to: '2022-12-31' });
      assert.deepEqual(result.questions.map(q => [q.id, q.kind]), [['speed', 'rating'], ['nps', 'nps']]);
      assert.equal(result.total.answers, 7);
      assert.equal(result.total.previousAnswers, 5);
      assert.deepEqual(rating(result), {
        questionId: 'speed',
        kind: 'rating',
        current: { n: 7, hidden: false, counts: { satisfied: 4, neutral: 1, dissatisfied: 2 }, percent: { satisfied: 57.14, neutral: 14.29, dissatisfied: 28.57 }, mean: 3.43 },
        previous: { n: 5, hidden: false, counts: { satisfied: 3, neutral: 0, dissatisfied: 2 }, percent: { satisfied: 60, neutral: 0, dissatisfied: 40 }, mean: 3.4 },
        // 57.14 − 60 = −2.86 fewer satisfied (worse); 28.57 − 40 = −11.43 fewer dissatisfied (better); 3.43 − 3.40 = +0.03.
        change: { satisfied: { value: -2.86, direction: 'worse' }, dissatisfied: { value: -11.43, direction: 'better' }, mean: { value: 0.03, direction: 'better' } },
      });
      assert.deepEqual(nps(result, 1), {
        questionId: 'nps',
        kind: 'nps',
        current: { n: 7, hidden: false, counts: { promoters: 3, passives: 2, detractors: 2 }, percent: { promoters: 42.86, passives: 28.57, detractors: 28.57 }, score: 14.29 },
        previous: { n: 5, hidden: false, counts: { promoters: 2, passives: 0, detractors: 3 }, percent: { promoters: 40, passives: 0, detractors: 60 }, score: -20 },
        // 42.86 − 40 = +2.86; 28.57 − 60 = −31.43; 14.29 − (−20) = +34.29: all better.
        change: { promoters: { value: 2.86, direction: 'better' }, detractors: { value: -31.43, direction: 'better' }, score: { value: 34.29, direction: 'better' } },
      });
      assert.equal(result.total.responseRate, null);
    });

    it('gives thirds that add up to 100 and rounds a mean of x.xx5 up', async () => {
      const id = await survey([{ kind: 'rating', id: 'thirds', label: { nl: 'Derden' } }, { kind: 'rating', id: 'half', label: { nl: 'Half' } }]);
      // thirds 5 3 1: 1/3 each, floors 3333 × 3 = 9999, equal remainders → the first group: 33.34 / 33.33 / 33.33; mean 9/3 = 3.00.
      // half 5 5 5 4 4 3 2 1: 5/1/2 of 8 → 62.50 / 12.50 / 25.00; mean 29/8 = 3.625 → 3.63 (half up).
      const halves = [5, 5, 5, 4, 4, 3, 2, 1];
      const thirds = [5, 3, 1];
      await given(id, halves.map((half, i) => [day(i + 1), i < 3 ? { thirds: thirds[i], half } : { half }]));

      const result = await report(`?survey=${id}&compare=false&min=1`);

      assert.deepEqual(rating(result, 0).current, { n: 3, hidden: false, counts: { satisfied: 1, neutral: 1, dissatisfied: 1 }, percent: { satisfied: 33.34, neutral: 33.33, dissatisfied: 33.33 }, mean: 3 });
      assert.deepEqual(rating(result, 1).current, { n: 8, hidden: false, counts: { satisfied: 5, neutral: 1, dissatisfied: 2 }, percent: { satisfied: 62.5, neutral: 12.5, dissatisfied: 25 }, mean: 3.63 });
      assert.equal(rating(result).previous, null);
      assert.equal(rating(result).change, null);
      assert.equal(result.total.previousAnswers, null);
    });

    it('reports a survey with only an NPS question, rounding a negative score of x.xx5 away from zero', async () => {
      const id = await survey([{ kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' } }]);
      // 32 answers: 1 promoter, 27 passives, 4 detractors. Score (1 − 4)/32 × 100 = −9.375 → −9.38.
      // Percentages: 1/32 = 3.125 (floor 312, remainder 16/32), 27/32 = 84.375 (8437, 16/32), 4/32 = 12.5 (1250, 0):
      //   9999, and of the two equal remainders the earlier group (promoters) gets the hundredth → 3.13 / 84.37 / 12.50.
      const values = [10, ...Array<number>(27).fill(7).map((v, i) => v + (i % 2)), 0, 3, 6, 6];
      await given(id, values.map((nps, i) => [day(1 + (i % 28)), { nps }]));

      const result = await report(`?survey=${id}&compare=false`);

      assert.deepEqual(result.questions.map(q => q.kind), ['nps']);
      assert.deepEqual(nps(result).current, { n: 32, hidden: false, counts: { promoters: 1, passives: 27, detractors: 4 }, percent: { promoters: 3.13, passives: 84.37, detractors: 12.5 }, score: -9.38 });
    });

    it('says whether any version of the survey has a comment question (hasComments), so the report can leave the comments out', async () => {
      const without = await survey([{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } }]);
      await given(without, [[day(1), { speed: 5 }]]);
      const result = await report(`?survey=${without}`);
      // Before, nothing in the report told a survey without comment questions from one whose respondents wrote none.
      assert.equal(result.hasComments, false);
      assert.equal((await report(`?survey=${await survey(SPEED_AND_NPS)}`)).hasComments, true);
      // Only an older version has one: its comments are still in the cut, so they are listed.
      const older = await survey(SPEED_AND_NPS);
      await store.registerSurveys([{ id: older, version: 2, title: { nl: 'Loket' }, questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } }] }]);
      assert.equal((await report(`?survey=${older}`)).hasComments, true);
      // summarize() says the same.
      const query = parseReportQuery(new URLSearchParams(`survey=${without}&tz=UTC`), NOW);
      assert.ok(query.ok);
      const surveys: Survey[] = [{ id: without, version: 1, questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } }] }];
      assert.equal(summarize({ surveys, responses: [] }, { ...query.query, surveyId: without }).hasComments, false);
    });

    it('gives n 0 and no figures when the period has no answers', async () => {
      const id = await survey(SPEED_AND_NPS);
      await given(id, [['2021-03-01T10:00:00Z', { speed: 5, nps: 10 }]]);

      const result = await report(`?survey=${id}&breakdown=channel`);

      assert.equal(result.total.answers, 0);
      assert.equal(result.total.previousAnswers, 0);
      assert.deepEqual(rating(result).current, { n: 0, hidden: false, counts: null, percent: null, mean: null });
      assert.deepEqual(rating(result).previous, { n: 0, hidden: false, counts: null, percent: null, mean: null });
      assert.equal(rating(result).change, null);
      assert.deepEqual(nps(result, 1).current, { n: 0, hidden: false, counts: null, percent: null, score: null });
      assert.deepEqual(result.groups, []);
    });

    it('gives 0 / 100 / 0 and a mean of 3 when every answer is neutral', async () => {
      const id = await survey(SPEED_AND_NPS);
      await given(id, [1, 2, 3, 4, 5].map(i => [day(i), { speed: 3 }]));

      const result = await report(`?survey=${id}`);

      assert.deepEqual(rating(result).current, { n: 5, hidden: false, counts: { satisfied: 0, neutral: 5, dissatisfied: 0 }, percent: { satisfied: 0, neutral: 100, dissatisfied: 0 }, mean: 3 });
      // No one answered the NPS question: nothing to hide, nothing to show.
      assert.deepEqual(nps(result, 1).current, { n: 0, hidden: false, counts: null, percent: null, score: null });
    });

    it('hides the figures of a question with fewer answers than the minimum, but tells n', async () => {
      const id = await survey(SPEED_AND_NPS);
      // speed 5 4 2 1: 2/0/2 → 50 / 0 / 50, mean 12/4 = 3.00; n 4 is below the default minimum of 5.
      await given(id, [5, 4, 2, 1].map((speed, i) => [day(i + 1), { speed }]));

      const hidden = await report(`?survey=${id}`);
      const shown = await report(`?survey=${id}&min=4`);

      assert.equal(hidden.minCount, 5);
      assert.deepEqual(rating(hidden).current, { n: 4, hidden: true, counts: null, percent: null, mean: null });
      assert.equal(shown.minCount, 4);
      assert.deepEqual(rating(shown).current, { n: 4, hidden: false, counts: { satisfied: 2, neutral: 0, dissatisfied: 2 }, percent: { satisfied: 50, neutral: 0, dissatisfied: 50 }, mean: 3 });
    });

    it('hides filtered figures when the answers the filter leaves out are too few to show: the whole minus them would give those away', async () => {
      const id = await survey(SPEED_AND_NPS);
      // Office B: 3 answers of 1, too few to show; office A: 10 answers of 5.
      await given(id, [
        ...[1, 2, 3].map((i): Entry => [day(i), { speed: 1 }, { context: { office: 'B' } }]),
        ...Array.from({ length: 10 }, (_, i): Entry => [day(i + 4), { speed: 5 }, { context: { office: 'A' } }]),
      ]);

      const whole = await report(`?survey=${id}&min=5&compare=false`);
      const officeA = await report(`?survey=${id}&context.office=A&min=5&compare=false`);
      const officeAByChannel = await report(`?survey=${id}&context.office=A&breakdown=channel&min=5&compare=false`);

      assert.equal(rating(whole).current.n, 13);
      assert.equal(rating(whole).current.hidden, false);
      // Shown, office A's 10 answers of 5 and the whole's 13 would give office B's away: 3 answers of 1.
      assert.deepEqual(rating(officeA).current, { n: 10, hidden: true, counts: null, percent: null, mean: null });
      assert.deepEqual(
        officeAByChannel.groups.map(g => [g.key, (g.results[0] as RatingResult).current.hidden]),
        [['web', true]],
        'nor through the groups of a breakdown, which add up to it',
      );
    });

    it('shows no more through context filters than a breakdown would: no subtraction of several reports gives a small group away', async () => {
      const id = await survey(SPEED_AND_NPS);
      // Office A: team X 3 answers of 1 (too few), team Y 10 of 5; office B: team Z 10 of 4.
      await given(id, [
        ...[1, 2, 3].map((i): Entry => [day(i), { speed: 1 }, { context: { office: 'A', team: 'X' } }]),
        ...Array.from({ length: 10 }, (_, i): Entry => [day(i + 4), { speed: 5 }, { context: { office: 'A', team: 'Y' } }]),
        ...Array.from({ length: 10 }, (_, i): Entry => [day(i + 4), { speed: 4 }, { context: { office: 'B', team: 'Z' } }]),
      ]);
      const shown = async (query: string) => !rating(await report(`?survey=${id}&min=5&compare=false${query}`)).current.hidden;
      const byTeam = await report(`?survey=${id}&min=5&compare=false&breakdown=team`);
      const teamShown = byTeam.groups.filter(g => !(g.results[0] as RatingResult).current.hidden).map(g => g.key);

      // The breakdown hides X (3) and, to keep it hidden, the smaller of the rest (Y, before Z).
      assert.deepEqual(teamShown, ['Z']);
      // Each team filter shows what the breakdown shows, no more: whole − Y − Z is not to be had.
      assert.deepEqual([await shown('&context.team=X'), await shown('&context.team=Y'), await shown('&context.team=Z')], [false, false, true]);
      // Within office A, X is too few: office A − (office A and team Y) must not give it either.
      assert.equal(await shown('&context.office=A&context.team=Y'), false);
      assert.equal(await shown('&context.office=A'), true, 'office A as a whole (13) gives nothing away');
    });

    describe('small channels', () => {
      /** 700 email answers of 4, 2000 phone answers of 5 and 3 web answers of 1, all at office Gent, team A. */
      async function channels(): Promise<string> {
        const id = await survey(SPEED_AND_NPS);
        const at = (channel: FeedbackRecord['channel'], speed: number) => (i: number): Entry => [day(1 + (i % 28)), { speed }, { channel, context: { office: 'Gent', team: 'A' } }];
        await given(id, [
          ...Array.from({ length: 700 }, (_, i) => at('email', 4)(i)),
          ...Array.from({ length: 2000 }, (_, i) => at('phone', 5)(i)),
          ...[0, 1, 2].map(at('web', 1)),
        ]);
        return id;
      }
      const hidden = (report: Report) => report.groups.map(g => [g.key, (g.results[0] as RatingResult).current.hidden]);
      const HIDDEN_THREE = { n: 3, hidden: true, counts: null, percent: null, mean: null };

      it('700 email, 2000 phone, 3 web: email and phone show their figures, web shows n only (breakdown=channel)', async () => {
        const id = await channels();
        const byChannel = await report(`?survey=${id}&breakdown=channel&min=5&compare=false`);
        const speed = (key: string) => (byChannel.groups.find(g => g.key === key)!.results[0] as RatingResult).current;
        assert.deepEqual([speed('email').n, speed('email').hidden, speed('email').mean], [700, false, 4]);
        assert.deepEqual([speed('phone').n, speed('phone').hidden, speed('phone').mean], [2000, false, 5]);
        assert.deepEqual(speed('web'), HIDDEN_THREE);
        // Under a context filter the full rule: Gent's 3 web answers are people its staff served, so
        // email, the smallest shown, is hidden too (Gent minus phone and email would be the web three).
        const gent = await report(`?survey=${id}&context.office=Gent&breakdown=channel&min=5&compare=false`);
        assert.deepEqual(hidden(gent), [['email', true], ['phone', false], ['web', true]]);
      });

      it('700 email, 2000 phone, 3 web: channel=email shows its figures, channel=web n only', async () => {
        const id = await channels();
        const email = rating(await report(`?survey=${id}&channel=email&min=5&compare=false`)).current;
        assert.deepEqual([email.n, email.hidden, email.mean], [700, false, 4]);
        // Under a context filter a channel filter shows no more than that breakdown: email is hidden there.
        assert.equal(rating(await report(`?survey=${id}&channel=email&context.office=Gent&min=5&compare=false`)).current.hidden, true);
        assert.deepEqual(rating(await report(`?survey=${id}&channel=web&min=5&compare=false`)).current, HIDDEN_THREE);
      });

      it("never gives away one staff member's single email answer: 30 phone and 1 email of staff S", async () => {
        const id = await survey(SPEED_AND_NPS);
        await given(id, [
          ...Array.from({ length: 700 }, (_, i): Entry => [day(1 + (i % 28)), { speed: 4 }, { channel: 'email', context: { staff: 'T' } }]),
          ...Array.from({ length: 30 }, (_, i): Entry => [day(1 + (i % 28)), { speed: 5 }, { channel: 'phone', context: { staff: 'S' } }]),
          [day(3), { speed: 1 }, { channel: 'email', context: { staff: 'S' } }],
        ]);
        const s = await report(`?survey=${id}&context.staff=S&breakdown=channel&min=5&compare=false`);
        assert.equal((s.total.results[0] as RatingResult).current.n, 31);
        assert.deepEqual(hidden(s), [['email', true], ['phone', true]]);
        assert.equal(rating(await report(`?survey=${id}&context.staff=S&channel=phone&min=5&compare=false`)).current.hidden, true);
      });

      it('keeps hiding a big team to protect a small one under a channel filter', async () => {
        const id = await channels();
        // Team B: 3 email answers of 1. Email minus team A (700) would give them away: team A is hidden too.
        await given(id, [0, 1, 2].map((i): Entry => [day(i + 1), { speed: 1 }, { channel: 'email', context: { office: 'Gent', team: 'B' } }]));
        const emailByTeam = await report(`?survey=${id}&channel=email&breakdown=team&min=5&compare=false`);
        assert.deepEqual(hidden(emailByTeam), [['A', true], ['B', true]]);
        assert.equal(rating(await report(`?survey=${id}&channel=email&context.team=A&min=5&compare=false`)).current.hidden, true);
        // Email itself shows: 703 answers, whoever gave them.
        assert.equal(rating(await report(`?survey=${id}&channel=email&min=5&compare=false`)).current.hidden, false);
      });
    });

    it('counts an answer of 23:30 UTC on New Year\'s Eve in the new year in Brussels, and in the old one in UTC', async () => {
      const id = await survey(SPEED_AND_NPS);
      // 2022-12-31T23:30Z is 00:30 on 1 January 2023 in Brussels (UTC+1).
      await given(id, [['2022-12-31T23:30:00Z', { speed: 4 }]]);

      const brussels = await report(`?survey=${id}&period=half-year&date=2023-01-01&tz=Europe/Brussels`);
      const utc = await report(`?survey=${id}&period=half-year&date=2023-01-01&tz=UTC`);
      const byDefault = await report(`?survey=${id}&period=half-year&date=2023-01-01`, handler({ reportTimeZone: undefined }));
      const setToUtc = await report(`?survey=${id}&period=half-year&date=2023-01-01`, handler({ reportTimeZone: 'UTC' }));

      assert.deepEqual([brussels.total.answers, brussels.total.previousAnswers, brussels.timeZone], [1, 0, 'Europe/Brussels']);
      assert.deepEqual([utc.total.answers, utc.total.previousAnswers, utc.timeZone], [0, 1, 'UTC']);
      // Without REPORT_TIME_ZONE: Brussels, where the agencies are.
      assert.deepEqual([byDefault.total.answers, byDefault.timeZone], [1, 'Europe/Brussels']);
      assert.deepEqual([setToUtc.total.answers, setToUtc.timeZone], [0, 'UTC']);
    });

    it('gives what summarize() gives for the same parameters without tz=: both count Brussels days by default', async () => {
      const questions = SPEED_AND_NPS;
      const id = await survey(questions);
      // 00:30 on 1 January 2023 in Brussels, still 2022 in UTC: the answer that tells the zones apart.
      const answers = [record(id, '2022-12-31T23:30:00Z', { speed: 2 }), ...[5, 5, 4, 4].map(speed => record(id, day(speed), { speed }))];
      await store.insertResponses(answers);
      const params = `survey=${id}&period=half-year&date=2023-03-01&min=1`;

      const collector = await report(`?${params}`, handler({ reportTimeZone: undefined, reportMinCount: 1 }));
      const parsed = parseReportQuery(new URLSearchParams(params), NOW);
      assert.ok(parsed.ok);
      const pure = summarize({ surveys: [{ id, version: 1, title: { nl: 'Loket' }, questions }], responses: answers }, { ...parsed.query, surveyId: id });

      assert.deepEqual([pure.timeZone, pure.total.answers, rating(pure).current.mean], ['Europe/Brussels', 5, 4]);
      assert.deepEqual(pure.total, collector.total);
    });

    it('filters on context and breaks down by office, with "" for answers without one', async () => {
      const id = await survey(SPEED_AND_NPS);
      await given(id, [
        [day(1), { speed: 5 }, { context: { office: 'Gent' } }],
        [day(2), { speed: 4 }, { context: { office: 'Gent', team: 'A' } }],
        [day(3), { speed: 1 }, { context: { office: 'Gent' }, channel: 'email' }],
        [day(4), { speed: 2 }, { context: { office: 'Brugge', team: 'A' } }],
        [day(5), { speed: 3 }, { context: { team: 'A' } }],
        [day(6), { speed: 3 }],
      ]);

      const offices = await report(`?survey=${id}&breakdown=office&min=1&compare=false`);
      const gent = await report(`?survey=${id}&context.office=Gent&channel=web&min=1&compare=false`);
      const teamA = await report(`?survey=${id}&context.team=A&breakdown=office&min=1&compare=false`);

      // '' (no office): 3, 3 → mean 3; Brugge: 2; Gent: 5, 4, 1 → 10/3 = 3.33.
      assert.deepEqual(offices.groups.map(g => [g.key, g.answers, (g.results[0] as RatingResult).current.mean]), [['', 2, 3], ['Brugge', 1, 2], ['Gent', 3, 3.33]]);
      assert.equal(offices.total.answers, 6);
      // Gent on the web: 5 and 4 → mean 4.50, both satisfied.
      assert.deepEqual(gent.filters, { channels: ['web'], context: { office: 'Gent' } });
      assert.deepEqual(rating(gent).current.counts, { satisfied: 2, neutral: 0, dissatisfied: 0 });
      assert.equal(rating(gent).current.mean, 4.5);
      // Team A: Gent (4), Brugge (2), no office (3).
      assert.deepEqual(teamA.groups.map(g => [g.key, g.answers]), [['', 1], ['Brugge', 1], ['Gent', 1]]);
    });

    it('compares a response rate only with the previous period\'s on the same base', async () => {
      const id = await survey(SPEED_AND_NPS);
      // Before: 3 email answers and 4 landing-page views, no invitations counted yet. Now: 12
      // answers of 100 invitations (and views, which invitations outrank).
      await given(id, [
        ...[1, 2, 3].map((i): Entry => [`2022-09-0${i}T10:00:00Z`, { speed: 4 }, { channel: 'email' }]),
        ...Array.from({ length: 12 }, (_, i): Entry => [day(i + 1), { speed: 5 }, { channel: 'email' }]),
      ]);
      const shown = (n: number, date: string) => Array.from({ length: n }, () => ({ id: crypto.randomUUID(), surveyId: id, surveyVersion: 1, channel: 'email' as const, day: date }));
      await store.insertShown([...shown(4, '2022-09-01'), ...shown(30, '2023-03-01')]);
      await store.registerInvitations({ id: crypto.randomUUID(), surveyId: id, channel: 'email', day: '2023-03-01', count: 100 });

      const email = await report(`?survey=${id}&channel=email`);

      assert.deepEqual(email.total.responseRate, { answers: 12, shown: 30, invited: 100, percent: 12 });
      // Not 3 of 4 views = 75 % beside 12 % of invitations: it had no invitations to compare with.
      assert.equal(email.total.previousResponseRate, null);
      // And none beside no current rate at all (no counts this half-year): nothing to compare.
      const later = await report(`?survey=${id}&channel=email&date=2023-09-01`);
      assert.equal(later.total.responseRate, null);
      assert.equal(later.total.previousResponseRate, null);
    });

    it('gives response rates per channel from shown counts and invitations', async () => {
      const id = await survey(SPEED_AND_NPS);
      await given(id, [
        ...[1, 2, 3].map((i): Entry => [day(i), { speed: 4 }, { channel: 'web' }]),
        ...[1, 2, 3, 4, 5].map((i): Entry => [day(i), { speed: 5 }, { channel: 'email' }]),
        [day(6), { speed: 5 }, { channel: 'kiosk' }],
        ['2022-09-01T10:00:00Z', { speed: 5 }, { channel: 'web' }],
      ]);
      const shown = (n: number, date: string) => Array.from({ length: n }, () => ({ id: crypto.randomUUID(), surveyId: id, surveyVersion: 1, channel: 'web' as const, day: date }));
      await store.insertShown([...shown(6, '2023-02-01'), ...shown(4, '2023-06-30'), ...shown(4, '2022-09-01'), ...shown(50, '2023-07-01')]);
      await store.registerInvitations({ id: crypto.randomUUID(), surveyId: id, channel: 'email', day: '2023-01-01', count: 20 });

      const result = await report(`?survey=${id}&breakdown=channel`);
      const web = await report(`?survey=${id}&channel=web`);

      const rate = (key: string) => result.groups.find(g => g.key === key)!;
      // web: 3 answers of 10 shown = 30.00 %; before: 1 of 4 = 25.00 %. email: 5 of 20 invited = 25.00 %. kiosk: nothing counted.
      assert.deepEqual(rate('web').responseRate, { answers: 3, shown: 10, invited: 0, percent: 30 });
      assert.deepEqual(rate('web').previousResponseRate, { answers: 1, shown: 4, invited: 0, percent: 25 });
      assert.deepEqual(rate('email').responseRate, { answers: 5, shown: 0, invited: 20, percent: 25 });
      assert.equal(rate('kiosk').responseRate, null);
      assert.equal(result.total.responseRate, null);
      assert.deepEqual(web.total.responseRate, { answers: 3, shown: 10, invited: 0, percent: 30 });
    });

    it('gives the phone channel a response rate from the callers an operator system offered the survey', async () => {
      const id = await survey(SPEED_AND_NPS);
      await given(id, [1, 2, 3, 4].map((i): Entry => [day(i), { speed: 4 }, { channel: 'phone' }]));
      await store.registerInvitations({ id: crypto.randomUUID(), surveyId: id, channel: 'phone', day: '2023-02-01', count: 200 });

      const result = await report(`?survey=${id}&breakdown=channel`);

      // 4 of 200 offered = 2.00 %, as the seed's phone survey reports its share of callers.
      assert.deepEqual(result.groups.find(g => g.key === 'phone')!.responseRate, { answers: 4, shown: 0, invited: 200, percent: 2 });
    });

    describe('requests', () => {
      it('asks for the report token', async () => {
        const id = await survey(SPEED_AND_NPS);
        const without = await call(`?survey=${id}`, null);
        const wrong = await call(`?survey=${id}`, 'not-the-report-token-at-all');

        assert.equal(without.status, 401);
        assert.match(String(without.body.error), /Authorization: Bearer/);
        assert.equal(wrong.status, 401);
      });

      it('answers 400 with the reason for bad parameters', async () => {
        const id = await survey(SPEED_AND_NPS);
        const cases = [`?survey=${id}&period=decade`, `?survey=${id}&from=2023-02-01`, `?survey=${id}&min=0`, `?survey=${id}&tz=Mars/Olympus`, `?survey=${id}&colour=red`, `?survey=${id}&context.office=a&context.office=b`];

        for (const query of cases) {
          const { status, body } = await call(query);
          assert.equal(status, 400, query);
          assert.equal(typeof body.error, 'string');
        }
        assert.match(String((await call(`?survey=${id}&tz=Mars/Olympus`)).body.error), /IANA time zone/);
        // The filter is named, not the database's "cannot use a value" (PostgreSQL refuses a NUL in jsonb).
        assert.equal((await call(`?survey=${id}&context.office=a%00b`)).body.error, 'context.office: without NUL characters');
      });

      it('refuses __proto__ and constructor as unknown parameters, in the report, the comments and the exports', async () => {
        const id = await survey(SPEED_AND_NPS);
        const get = async (path: string) => {
          const response = await handle(api('GET', path));
          return { status: response.status, error: ((await response.json()) as { error?: string }).error };
        };

        for (const path of ['/api/report', '/api/comments', '/api/export.csv']) {
          assert.deepEqual(await get(`${path}?survey=${id}&__proto__=1`), { status: 400, error: 'Unknown key(s) "__proto__"' }, path);
          assert.deepEqual(await get(`${path}?survey=${id}&__proto__=1&__proto__=2`), { status: 400, error: '__proto__: given twice' }, path);
          assert.deepEqual(await get(`${path}?survey=${id}&constructor=1`), { status: 400, error: 'Unknown key(s) "constructor"' }, path);
        }
        // A context key named like an Object member is still a filter like any other.
        assert.equal((await call(`?survey=${id}&context.constructor=x`)).status, 200);
      });

      it('repeats at most 64 characters of a parameter name in its messages', async () => {
        const id = await survey(SPEED_AND_NPS);
        const long = 'k'.repeat(20_000);
        const cut = (name: string) => `${name.slice(0, 64)}…`;
        const error = async (path: string) => String((await handle(api('GET', path)).then(r => r.json()) as { error: string }).error);

        for (const path of ['/api/report', '/api/comments', '/api/export.csv']) {
          assert.equal(await error(`${path}?survey=${id}&${long}=1`), `Unknown key(s) "${cut(long)}"`, path);
          assert.equal(await error(`${path}?survey=${id}&context.${long}=1`), `${cut(`context.${long}`)}: use a context key such as "office"`, path);
          assert.equal(await error(`${path}?survey=${id}&${long}=1&${long}=2`), `Unknown key(s) "${cut(long)}"`, path);
        }
        // A context key of the longest length still filters, named in full.
        const key = `k${'e'.repeat(31)}`;
        assert.equal((await call(`?survey=${id}&context.${key}=x`)).status, 200);
        assert.equal((await call(`?survey=${id}&context.${key}=${'x'.repeat(201)}`)).body.error, `context.${key}: at most 200 characters`);
      });

      it('answers 404 for an unknown survey, and 400 naming the surveys when several are known and none is given', async () => {
        await survey(SPEED_AND_NPS);
        const unknown = await call('?survey=nobody');
        const none = await call('');

        assert.equal(unknown.status, 404);
        assert.match(String(unknown.body.error), /No survey "nobody"/);
        assert.equal(none.status, 400);
        assert.match(String(none.body.error), /survey=.*hand-1, hand-/);
      });

      it('takes the only survey the collector knows when none is given', async () => {
        const alone = await kind.open();
        try {
          const only: Survey = { id: 'only-one', version: 1, questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } }] };
          await alone.registerSurveys([only]);
          await alone.insertResponses([record('only-one', day(1), { speed: 4 })]);
          const result = await report('?compare=false&min=1', createHandler({ store: alone, surveys: [only], reportToken: TOKEN, clock: () => NOW, reportMinCount: 1 }));

          assert.equal(result.surveyId, 'only-one');
          assert.equal(rating(result).current.mean, 4);
        } finally {
          await alone.close();
        }
      });

      it('answers 405 to other methods', async () => {
        const response = await handle(api('POST', '/api/report', {}));

        assert.equal(response.status, 405);
        assert.match(((await response.json()) as { error: string }).error, /Use GET/);
      });
    });
  });
}
