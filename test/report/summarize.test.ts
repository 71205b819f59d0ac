import { expect } from '@open-wc/testing';
import { presetPeriod } from '../../src/report/period.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import type { NpsResult, RatingResult } from '../../src/report/report-schema.js';
import { ReportSchema } from '../../src/report/report-schema.js';
import { summarize, type SummarizableResponse } from '../../src/report/summarize.js';
import type { Survey } from '../../src/schema/survey.js';
import * as z from 'zod/mini';

const SURVEY: Survey = {
  id: 'loket',
  version: 2,
  title: { nl: 'Loket' },
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord' } },
    { kind: 'rating', id: 'clarity', label: { nl: 'Duidelijkheid van de informatie' } },
    { kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' } },
    { kind: 'comment', id: 'remark', label: { nl: 'Opmerking' } },
  ],
};
// Version 1 asked "clarity" as a 0–10 question: those answers are not ratings and are not counted.
const SURVEY_V1: Survey = { ...SURVEY, version: 1, questions: [{ kind: 'nps', id: 'clarity', label: { nl: 'Duidelijk?' } }] };

const query = (changes: Partial<ReportQuery> = {}): ReportQuery => ({
  surveyId: 'loket',
  period: presetPeriod('half-year', '2023-01-01'),
  compare: true,
  channels: [],
  context: {},
  breakdown: null,
  minCount: 5,
  timeZone: 'UTC',
  ...changes,
});

function answer(submittedAt: string, answers: SummarizableResponse['answers'], changes: Partial<SummarizableResponse> = {}): SummarizableResponse {
  return { surveyId: 'loket', surveyVersion: 2, channel: 'email', submittedAt, answers, ...changes };
}

// H1 2023, 7 answers. speed 5 4 4 3 2 1 5: satisfied 4, neutral 1, dissatisfied 2, sum 24.
//   4/7 = 57.142… (floor 5714, remainder 2/7), 1/7 = 14.285… (1428, 4/7), 2/7 = 28.571… (2857, 1/7):
//   9999, one hundredth left for the largest remainder (neutral) → 57.14 / 14.29 / 28.57; mean 24/7 = 3.428… → 3.43.
// clarity: 6 answers, all 3 (one respondent skipped it) → 0 / 100 / 0, mean 3.00.
// nps 10 9 8 7 6 0 10: promoters 3, passives 2, detractors 2 → 42.857… (4285, rem 5/7), 28.571… (2857, 1/7) twice:
//   the hundredth left goes to promoters → 42.86 / 28.57 / 28.57; score (3 − 2) / 7 = 14.285… → 14.29.
const CURRENT = [
  answer('2023-01-02T08:00:00Z', { speed: 5, clarity: 3, nps: 10, remark: 'Vlot' }),
  answer('2023-02-02T08:00:00Z', { speed: 4, clarity: 3, nps: 9 }),
  answer('2023-03-02T08:00:00Z', { speed: 4, clarity: 3, nps: 8 }),
  answer('2023-04-02T08:00:00Z', { speed: 3, clarity: 3, nps: 7 }),
  answer('2023-05-02T08:00:00Z', { speed: 2, clarity: 3, nps: 6 }),
  answer('2023-06-02T08:00:00Z', { speed: 1, clarity: 3, nps: 0 }),
  answer('2023-06-30T23:59:59Z', { speed: 5, nps: 10 }),
];
// H2 2022, 5 answers. speed 5 5 4 2 1: 3 / 0 / 2 → 60 / 0 / 40, mean 17/5 = 3.40. No clarity.
// nps 10 10 3 3 3: 2 / 0 / 3 → 40 / 0 / 60, score −20.
const PREVIOUS = [
  answer('2022-07-01T00:00:00Z', { speed: 5, nps: 10 }),
  answer('2022-08-01T00:00:00Z', { speed: 5, nps: 10 }),
  answer('2022-09-01T00:00:00Z', { speed: 4, nps: 3 }),
  answer('2022-10-01T00:00:00Z', { speed: 2, nps: 3 }),
  answer('2022-12-31T23:59:59Z', { speed: 1, nps: 3 }),
];
// Outside both periods, another survey, an old version's 0–10 "clarity", values out of the scale.
const NOISE = [
  answer('2023-07-01T00:00:00Z', { speed: 1, nps: 0 }),
  answer('2022-06-30T23:59:59Z', { speed: 1, nps: 0 }),
  answer('2023-01-05T00:00:00Z', { speed: 1, nps: 0 }, { surveyId: 'other' }),
];
const ODD = [
  answer('2023-01-06T00:00:00Z', { clarity: 9 }, { surveyVersion: 1 }),
  answer('2023-01-07T00:00:00Z', { speed: 7, clarity: 2.5, nps: 11, remark: 'x' }),
];

const rating = (result: unknown) => result as RatingResult;
const nps = (result: unknown) => result as NpsResult;

describe('summarize()', () => {
  it('computes the agencies\' table by hand-checked figures, with the previous half-year and its changes', () => {
    const report = summarize({ surveys: [SURVEY, SURVEY_V1], responses: [...CURRENT, ...PREVIOUS, ...NOISE] }, query());
    expect(z.safeParse(ReportSchema, report).success).to.equal(true);
    expect(report.period).to.deep.equal({ preset: 'half-year', from: '2023-01-01', to: '2023-06-30' });
    expect(report.previous).to.deep.equal({ preset: 'half-year', from: '2022-07-01', to: '2022-12-31' });
    expect(report.questions.map(q => `${q.id}:${q.kind}`)).to.deep.equal(['speed:rating', 'clarity:rating', 'nps:nps']);
    expect([report.total.answers, report.total.previousAnswers]).to.deep.equal([7, 5]);
    const [speed, clarity, score] = report.total.results;
    expect(rating(speed).current).to.deep.equal({
      n: 7,
      hidden: false,
      counts: { satisfied: 4, neutral: 1, dissatisfied: 2 },
      percent: { satisfied: 57.14, neutral: 14.29, dissatisfied: 28.57 },
      mean: 3.43,
    });
    expect(rating(speed).previous).to.deep.equal({
      n: 5,
      hidden: false,
      counts: { satisfied: 3, neutral: 0, dissatisfied: 2 },
      percent: { satisfied: 60, neutral: 0, dissatisfied: 40 },
      mean: 3.4,
    });
    expect(rating(speed).change).to.deep.equal({
      satisfied: { value: -2.86, direction: 'worse' },
      dissatisfied: { value: -11.43, direction: 'better' },
      mean: { value: 0.03, direction: 'better' },
    });
    expect(rating(clarity).current.percent).to.deep.equal({ satisfied: 0, neutral: 100, dissatisfied: 0 });
    expect([rating(clarity).current.n, rating(clarity).current.mean]).to.deep.equal([6, 3]);
    expect(rating(clarity).previous).to.deep.equal({ n: 0, hidden: false, counts: null, percent: null, mean: null });
    expect(rating(clarity).change).to.equal(null);
    expect(nps(score).current).to.deep.equal({
      n: 7,
      hidden: false,
      counts: { promoters: 3, passives: 2, detractors: 2 },
      percent: { promoters: 42.86, passives: 28.57, detractors: 28.57 },
      score: 14.29,
    });
    expect(nps(score).previous?.score).to.equal(-20);
    expect(nps(score).change).to.deep.equal({
      promoters: { value: 2.86, direction: 'better' },
      detractors: { value: -31.43, direction: 'better' },
      score: { value: 34.29, direction: 'better' },
    });
  });

  it('gives the figures of the brief\'s table (seed 004, e-mail H1 2023) from answers that add up to them', () => {
    // Speed: 728 answers, 1×120 2×69 3×76 4×151 5×312: satisfied 463 = 63.598… → 63.60, neutral 76 =
    // 10.439… → 10.44, dissatisfied 189 = 25.961… → 25.96; mean 2650 / 728 = 3.640… → 3.64.
    const speeds = [...Array(120).fill(1), ...Array(69).fill(2), ...Array(76).fill(3), ...Array(151).fill(4), ...Array(312).fill(5)];
    // NPS: 61 answers each half-year. H1: 30 promoters, 15 passives, 16 detractors → 14 / 61 = 22.95;
    // H2 2022: 33, 14, 14 → 19 / 61 = 31.15; the change −5 / 61 = −8.20, worse.
    const scores = (promoters: number, passives: number, detractors: number) => [...Array(promoters).fill(10), ...Array(passives).fill(8), ...Array(detractors).fill(3)];
    const now = scores(30, 15, 16);
    const responses = [
      ...speeds.map((speed, i) => answer('2023-03-01T08:00:00Z', i < now.length ? { speed, nps: now[i] } : { speed })),
      ...scores(33, 14, 14).map(nps => answer('2022-10-01T08:00:00Z', { nps })),
    ];

    const [speed, , score] = summarize({ surveys: [SURVEY], responses }, query()).total.results;

    expect(rating(speed).current.percent).to.deep.equal({ satisfied: 63.6, neutral: 10.44, dissatisfied: 25.96 });
    expect(rating(speed).current.mean).to.equal(3.64);
    expect([nps(score).current.score, nps(score).previous?.score]).to.deep.equal([22.95, 31.15]);
    expect(nps(score).change?.score).to.deep.equal({ value: -8.2, direction: 'worse' });
  });

  // Now speed 5 5 3 3 3 1: 2 / 3 / 1 of 6 → 33.33 / 50.00 / 16.67, mean 20/6 = 3.333… (shown 3.33).
  const SIX_NOW = [5, 5, 3, 3, 3, 1].map((speed, i) => answer(`2023-03-0${i + 1}T08:00:00Z`, { speed }));

  it('takes a change from the exact shares and means: a share that stayed the same is no change, although it shows as 33.34 and 33.33', () => {
    // Before 4 4 4 3 3 3 2 2 2: 3 / 3 / 3 of 9 → 33.34 / 33.33 / 33.33, mean 3.00.
    const before = [4, 4, 4, 3, 3, 3, 2, 2, 2].map((speed, i) => answer(`2022-09-0${i + 1}T08:00:00Z`, { speed }));
    const [speed] = summarize({ surveys: [SURVEY], responses: [...SIX_NOW, ...before] }, query()).total.results;
    expect([rating(speed).current.percent?.satisfied, rating(speed).previous?.percent?.satisfied]).to.deep.equal([33.33, 33.34]);
    expect(rating(speed).change).to.deep.equal({
      satisfied: { value: 0, direction: 'same' },
      // 1/6 − 1/3 = −16.666…: −16.67, where the shown 16.67 − 33.33 would give −16.66.
      dissatisfied: { value: -16.67, direction: 'better' },
      mean: { value: 0.33, direction: 'better' },
    });
  });

  it('takes a change of the mean from the exact means: 3.333… against 3.3375 is no change, although they show as 3.33 and 3.34', () => {
    // 27 fours and 53 threes: 267 / 80 = 3.3375.
    const before = Array.from({ length: 80 }, (_, i) => answer(`2022-09-01T08:${String(i % 60).padStart(2, '0')}:0${Math.floor(i / 60)}Z`, { speed: i < 27 ? 4 : 3 }));
    const [speed] = summarize({ surveys: [SURVEY], responses: [...SIX_NOW, ...before] }, query()).total.results;
    expect([rating(speed).current.mean, rating(speed).previous?.mean]).to.deep.equal([3.33, 3.34]);
    expect(rating(speed).change?.mean).to.deep.equal({ value: 0, direction: 'same' });
  });

  it('counts a respondent, but not an answer outside its scale or from a version where the question had another kind', () => {
    const report = summarize({ surveys: [SURVEY, SURVEY_V1], responses: [...CURRENT, ...ODD] }, query({ compare: false }));
    expect(report.total.answers).to.equal(9);
    expect(report.total.results.map(r => r.current.n)).to.deep.equal([7, 6, 7]);
    expect(report.total.previousAnswers).to.equal(null);
    expect(report.previous).to.equal(null);
    expect(report.total.results.every(r => r.previous === null && r.change === null)).to.equal(true);
  });

  it('has counts of zero and no figures without answers', () => {
    const report = summarize({ surveys: [SURVEY], responses: [] }, query({ breakdown: { by: 'channel' } }));
    expect(report.total.answers).to.equal(0);
    expect(report.groups).to.deep.equal([]);
    for (const result of report.total.results) {
      expect(result.current.n).to.equal(0);
      expect(result.current.percent).to.equal(null);
      expect(result.change).to.equal(null);
    }
  });

  it('shows n but hides the figures of a cut below the minimum count', () => {
    const report = summarize({ surveys: [SURVEY], responses: [...CURRENT, ...PREVIOUS] }, query({ minCount: 7 }));
    const [speed, clarity] = report.total.results.map(rating);
    expect(speed!.current.hidden).to.equal(false);
    expect(speed!.previous).to.deep.equal({ n: 5, hidden: true, counts: null, percent: null, mean: null });
    expect(speed!.change).to.equal(null);
    expect(clarity!.current).to.deep.equal({ n: 6, hidden: true, counts: null, percent: null, mean: null });
    const all = summarize({ surveys: [SURVEY], responses: [...CURRENT, ...PREVIOUS] }, query({ minCount: 1 }));
    expect(all.total.results.every(r => !r.current.hidden && r.current.percent !== null)).to.equal(true);
  });

  it('also hides the smallest cuts of a breakdown that would give a hidden one away by subtraction', () => {
    const at = (office: string, speed: number) => answer('2023-03-01T10:00:00Z', { speed }, { context: { office } });
    const gent = Array.from({ length: 20 }, () => at('Gent', 5));
    const brugge = [1, 1, 2].map(speed => at('Brugge', speed));
    const antwerpen = [4, 4, 4, 4, 4, 4].map(speed => at('Antwerpen', speed));
    const byOffice = (responses: SummarizableResponse[]) =>
      summarize({ surveys: [SURVEY], responses }, query({ breakdown: { by: 'context', key: 'office' }, compare: false }));
    const speedOf = (report: ReturnType<typeof byOffice>, key: string) => rating(report.groups.find(g => g.key === key)!.results[0]).current;

    // Gent (20) and Brugge (3): the total (23) minus Gent would be Brugge, so Gent is hidden too.
    const two = byOffice([...gent, ...brugge]);
    expect(rating(two.total.results[0]).current.percent).to.not.equal(null);
    expect(speedOf(two, 'Brugge')).to.deep.equal({ n: 3, hidden: true, counts: null, percent: null, mean: null });
    expect(speedOf(two, 'Gent')).to.deep.equal({ n: 20, hidden: true, counts: null, percent: null, mean: null });
    // With Antwerpen (6) as well, hiding the smallest shown cut is enough: Brugge + Antwerpen = 9 ≥ 5.
    const three = byOffice([...gent, ...brugge, ...antwerpen]);
    expect([speedOf(three, 'Antwerpen').hidden, speedOf(three, 'Brugge').hidden, speedOf(three, 'Gent').hidden]).to.deep.equal([true, true, false]);
    expect(speedOf(three, 'Gent').mean).to.equal(5);
    // Nothing small, nothing hidden.
    const big = byOffice([...gent, ...antwerpen]);
    expect(big.groups.map(g => g.results[0]!.current.hidden)).to.deep.equal([false, false]);
  });

  describe('small channels', () => {
    // H1 2023: 700 email answers of 4, 2000 phone answers of 5, 3 web answers of 1 (a pilot), all at office Gent.
    const at = (channel: string, speed: number, context: Record<string, string> = { office: 'Gent' }) =>
      answer('2023-03-01T10:00:00Z', { speed }, { channel, context });
    const CHANNELS = [
      ...Array.from({ length: 700 }, () => at('email', 4)),
      ...Array.from({ length: 2000 }, () => at('phone', 5)),
      ...[1, 1, 1].map(speed => at('web', speed)),
    ];
    const run = (changes: Partial<ReportQuery>, responses = CHANNELS) =>
      summarize({ surveys: [SURVEY], responses }, query({ compare: false, ...changes }));
    const speedOf = (report: ReturnType<typeof run>, key: string) => rating(report.groups.find(g => g.key === key)!.results[0]).current;
    const HIDDEN_THREE = { n: 3, hidden: true, counts: null, percent: null, mean: null };

    it('700 email, 2000 phone, 3 web: email and phone show their figures, web shows n only (breakdown=channel)', () => {
      const report = run({ breakdown: { by: 'channel' } });
      expect(speedOf(report, 'email')).to.deep.include({ n: 700, hidden: false, mean: 4 });
      expect(speedOf(report, 'phone')).to.deep.include({ n: 2000, hidden: false, mean: 5 });
      expect(speedOf(report, 'web')).to.deep.equal(HIDDEN_THREE);
      // Within office Gent the full rule: its 3 web answers are people Gent's staff served, and
      // Gent's total minus its phone and email would give them away. Email, the smallest shown, goes too.
      const gent = run({ breakdown: { by: 'channel' }, context: { office: 'Gent' } });
      expect(gent.groups.map(g => [g.key, g.results[0]!.current.hidden])).to.deep.equal([['email', true], ['phone', false], ['web', true]]);
    });

    it('700 email, 2000 phone, 3 web: channel=email shows its figures, channel=web n only', () => {
      expect(rating(run({ channels: ['email'] }).total.results[0]).current).to.deep.include({ n: 700, hidden: false, mean: 4 });
      // Under a context filter, a channel filter shows no more than that breakdown would: email is hidden there.
      expect(rating(run({ channels: ['email'], context: { office: 'Gent' } }).total.results[0]).current.hidden).to.equal(true);
      expect(rating(run({ channels: ['web'] }).total.results[0]).current).to.deep.equal(HIDDEN_THREE);
    });

    it("never gives away one staff member's single email answer by subtraction: 30 phone and 1 email of staff S", () => {
      // Staff T has 700 email answers, so email is no channel of S's own.
      const staff = [
        ...Array.from({ length: 700 }, () => at('email', 4, { staff: 'T' })),
        ...Array.from({ length: 30 }, () => at('phone', 5, { staff: 'S' })),
        at('email', 1, { staff: 'S' }),
      ];
      const s = run({ breakdown: { by: 'channel' }, context: { staff: 'S' } }, staff);
      // S's total (31) shows; phone shown beside it would give the email answer away (31 − 30).
      expect(rating(s.total.results[0]).current).to.deep.include({ n: 31, hidden: false });
      expect(s.groups.map(g => [g.key, g.results[0]!.current.hidden])).to.deep.equal([['email', true], ['phone', true]]);
      expect(rating(run({ channels: ['phone'], context: { staff: 'S' } }, staff).total.results[0]).current.hidden).to.equal(true);
    });

    it('keeps hiding a big team to protect a small one, in a team breakdown or filter under a channel filter', () => {
      // Email: team A 700 answers, team B 3 (of 1). Team A minus its email would be nothing, but the
      // email total minus team A would be team B: team A is hidden too, as without a channel filter.
      const teams = [
        ...Array.from({ length: 700 }, () => at('email', 4, { team: 'A' })),
        ...[1, 1, 1].map(speed => at('email', speed, { team: 'B' })),
        ...Array.from({ length: 20 }, () => at('phone', 5, { team: 'B' })),
      ];
      const byTeam = run({ breakdown: { by: 'context', key: 'team' }, channels: ['email'] }, teams);
      expect(speedOf(byTeam, 'B')).to.deep.equal(HIDDEN_THREE);
      expect(speedOf(byTeam, 'A')).to.deep.equal({ n: 700, hidden: true, counts: null, percent: null, mean: null });
      expect(rating(run({ channels: ['email'], context: { team: 'A' } }, teams).total.results[0]).current.hidden).to.equal(true);
      // Without the channel filter team B holds 23 answers: nothing small, nothing hidden.
      const all = run({ breakdown: { by: 'context', key: 'team' } }, teams);
      expect(all.groups.map(g => g.results[0]!.current.hidden)).to.deep.equal([false, false]);
      expect(rating(run({ context: { team: 'A' } }, teams).total.results[0]).current.hidden).to.equal(false);
    });
  });

  it('reports an NPS-only survey', () => {
    const only: Survey = { id: 'nps-only', version: 1, questions: [{ kind: 'nps', id: 'recommend', label: { en: 'Recommend?' } }] };
    const responses = [9, 10, 7, 6, 5].map(value => answer('2023-03-01T10:00:00Z', { recommend: value }, { surveyId: 'nps-only', surveyVersion: 1 }));
    const report = summarize({ surveys: [only], responses }, query({ surveyId: 'nps-only' }));
    // 2 promoters, 1 passive, 2 detractors of 5: 40 / 20 / 40, score 0.
    expect(report.total.results).to.have.length(1);
    expect(nps(report.total.results[0]).current).to.deep.equal({
      n: 5,
      hidden: false,
      counts: { promoters: 2, passives: 1, detractors: 2 },
      percent: { promoters: 40, passives: 20, detractors: 40 },
      score: 0,
    });
  });

  it('breaks down by a context key, with "" for answers without it, and filters on channel and context', () => {
    const responses: SummarizableResponse[] = [
      ...CURRENT.map((a, i) => ({ ...a, context: (i < 5 ? { office: i % 2 ? 'Gent' : 'Brugge' } : {}) as Record<string, string> })),
      answer('2023-03-03T08:00:00Z', { speed: 1 }, { channel: 'kiosk', context: { office: 'Gent' } }),
    ];
    const report = summarize({ surveys: [SURVEY], responses }, query({ breakdown: { by: 'context', key: 'office' } }));
    expect(report.groups.map(g => [g.key, g.answers])).to.deep.equal([['', 2], ['Brugge', 3], ['Gent', 3]]);
    expect(report.total.answers).to.equal(8);
    const gent = summarize({ surveys: [SURVEY], responses }, query({ channels: ['email'], context: { office: 'Gent' } }));
    expect(gent.total.answers).to.equal(2);
  });

  it('breaks down and filters by a context key named like an Object method, counting each answer once', () => {
    const responses: SummarizableResponse[] = CURRENT.map((a, i) => ({ ...a, context: (i < 2 ? { constructor: 'balie' } : {}) as Record<string, string> }));
    const report = summarize({ surveys: [SURVEY], responses }, query({ breakdown: { by: 'context', key: 'constructor' } }));
    expect(report.total.answers).to.equal(CURRENT.length);
    expect(report.groups.map(g => [g.key, g.answers])).to.deep.equal([['', CURRENT.length - 2], ['balie', 2]]);
    const filtered = summarize({ surveys: [SURVEY], responses }, query({ context: { toString: 'x' } }));
    expect(filtered.total.answers).to.equal(0);
  });

  it('gives a response rate per channel from shown and invitation counts', () => {
    const responses = [...CURRENT, answer('2023-02-01T10:00:00Z', { speed: 4 }, { channel: 'web' })];
    const counts = {
      invitations: [
        { surveyId: 'loket', channel: 'email' as const, day: '2023-01-01', count: 50 },
        { surveyId: 'loket', channel: 'email' as const, day: '2023-06-30', count: 20 },
        { surveyId: 'loket', channel: 'email' as const, day: '2023-07-01', count: 999 },
      ],
      shown: [
        { surveyId: 'loket', channel: 'web' as const, day: '2023-03-01', count: 3 },
        { surveyId: 'other', channel: 'web' as const, day: '2023-03-01', count: 100 },
      ],
    };
    const report = summarize({ surveys: [SURVEY], responses, counts }, query({ breakdown: { by: 'channel' } }));
    const [email, web] = report.groups;
    // 7 answers of 70 invitations = 10 %; 1 of 3 shown = 33.333… → 33.33 %.
    expect(email!.responseRate).to.deep.equal({ answers: 7, shown: 0, invited: 70, percent: 10 });
    expect(web!.responseRate).to.deep.equal({ answers: 1, shown: 3, invited: 0, percent: 33.33 });
    expect(report.total.responseRate).to.equal(null);
    const onlyEmail = summarize({ surveys: [SURVEY], responses, counts }, query({ channels: ['email'] }));
    expect(onlyEmail.total.responseRate?.percent).to.equal(10);
    // The email landing page also counts itself as shown: with invitations, they alone are the base.
    const opened = { ...counts, shown: [...counts.shown, { surveyId: 'loket', channel: 'email' as const, day: '2023-02-01', count: 40 }] };
    const both = summarize({ surveys: [SURVEY], responses, counts: opened }, query({ channels: ['email'] }));
    expect(both.total.responseRate).to.deep.equal({ answers: 7, shown: 40, invited: 70, percent: 10 });
  });

  it('counts an answer in the half-year of its local day in the report\'s time zone', () => {
    const late = [answer('2022-12-31T23:30:00Z', { speed: 5 })];
    const brussels = summarize({ surveys: [SURVEY], responses: late }, query({ timeZone: 'Europe/Brussels' }));
    const utc = summarize({ surveys: [SURVEY], responses: late }, query());
    expect([brussels.total.answers, brussels.total.previousAnswers]).to.deep.equal([1, 0]);
    expect([utc.total.answers, utc.total.previousAnswers]).to.deep.equal([0, 1]);
  });

  it('counts an answer in the first of two local midnights in the day it is in, where the clocks go back from 01:00', () => {
    // Amman, 29 October 2021: 01:00 (UTC+3) went back to 00:00 (UTC+2). 21:30 UTC is 00:30 on the
    // 29th the first time round, so it belongs to a range that starts that day, not to the one before.
    const early = [answer('2021-10-28T21:30:00Z', { speed: 5 })];
    const report = summarize({ surveys: [SURVEY], responses: early }, query({ timeZone: 'Asia/Amman', period: { from: '2021-10-29', to: '2021-11-04' } }));
    expect([report.total.answers, report.total.previousAnswers]).to.deep.equal([1, 0]);
  });

  it('refuses a survey it has no definition of', () => {
    expect(() => summarize({ surveys: [SURVEY], responses: [] }, query({ surveyId: 'unknown' }))).to.throw(RangeError, /unknown/);
  });
});
