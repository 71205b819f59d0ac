// Answers for the collector's report tests: small hand-made records, and generated data (seeded,
// so a failure can be replayed) for holding the SQL to summarize().
import { startOfDay, PRESETS, presetPeriod } from '../../src/report/period.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredResponse } from '../../src/collector/store.js';
import { addDays } from '../../src/schema/day.js';
import { CHANNELS, type Channel, type FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';

/** A record of `surveyId` version 1 from the web, unless `changes` say otherwise. */
export function record(surveyId: string, submittedAt: string, answers: Record<string, unknown>, changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    surveyId,
    surveyVersion: 1,
    channel: 'web',
    locale: 'nl',
    answers: answers as FeedbackRecord['answers'],
    submittedAt,
    ...changes,
  };
}

/** Every stored answer of a survey, read back a page at a time as GET /api/responses does. */
export async function readAll(store: SqlStore, surveyId: string): Promise<StoredResponse[]> {
  const all: StoredResponse[] = [];
  for (let after: { submittedAt: Date; id: string } | undefined; ; ) {
    const page = await store.listResponses({ surveyId, limit: 1000, ...(after ? { after } : {}) });
    all.push(...page);
    if (page.length < 1000) return all;
    const last = page.at(-1)!;
    after = { submittedAt: new Date(last.submittedAt), id: last.id };
  }
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const chance = (random: Random, p: number) => random() < p;

const label = (nl: string) => ({ nl });

/**
 * Three versions of "gen" in which question "b" changes kind (rating → NPS → comment) and "d"
 * arrives in version 2, plus a second survey whose answers must never be counted with them.
 */
export const GENERATED_SURVEYS: Survey[] = [
  {
    id: 'gen',
    version: 1,
    questions: [
      { kind: 'rating', id: 'a', label: label('A') },
      { kind: 'rating', id: 'b', label: label('B') },
      { kind: 'nps', id: 'n', label: label('N') },
      { kind: 'comment', id: 'c', label: label('C') },
    ],
  },
  {
    id: 'gen',
    version: 2,
    questions: [
      { kind: 'rating', id: 'a', label: label('A') },
      { kind: 'nps', id: 'b', label: label('B') },
      { kind: 'nps', id: 'n', label: label('N') },
      { kind: 'rating', id: 'd', label: label('D') },
      { kind: 'comment', id: 'c', label: label('C') },
    ],
  },
  {
    id: 'gen',
    version: 3,
    title: label('Gegenereerd'),
    questions: [
      { kind: 'rating', id: 'a', label: label('A') },
      { kind: 'rating', id: 'd', label: label('D') },
      { kind: 'nps', id: 'n', label: label('N') },
      { kind: 'comment', id: 'b', label: label('B') },
      { kind: 'comment', id: 'c', label: label('C') },
    ],
  },
  { id: 'gen-other', version: 1, questions: [{ kind: 'rating', id: 'a', label: label('A') }, { kind: 'nps', id: 'n', label: label('N') }] },
];

/** Time zones with an odd offset or a daylight-saving change, as report queries may use them. */
export const TIME_ZONES = ['UTC', 'Europe/Brussels', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];

const FIRST_DAY = '2023-01-01';
const DAYS = 760;
const START = Date.parse(`${FIRST_DAY}T00:00:00Z`);

// Clock changes of Brussels and New York in the generated years.
const DST_CHANGES = ['2023-03-26T01:00:00Z', '2023-10-29T01:00:00Z', '2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z',
  '2023-03-12T07:00:00Z', '2023-11-05T06:00:00Z', '2024-03-10T07:00:00Z', '2024-11-03T06:00:00Z'].map(Date.parse);

/** A time near an edge: a month's first instant in some zone, or a clock change, give or take a little. */
function edgeTime(random: Random): number {
  const shift = pick(random, [0, 0, -1, 1, -60_000, 1_800_000, -1_800_000]);
  if (chance(random, 0.3)) return pick(random, DST_CHANGES) + shift;
  const month = presetPeriod('month', addDays(FIRST_DAY, Math.floor(random() * DAYS))).from;
  return startOfDay(month, pick(random, TIME_ZONES)).getTime() + shift;
}

/** Values no version allows, stored as if written to the database by hand. */
const ODD_VALUES: unknown[] = [0, 6, 4.5, -1, 11, 2.5, '4', 'vier', '', true, null, [4], { v: 4 }];

function scaleValue(random: Random, kind: 'rating' | 'nps'): unknown {
  if (chance(random, 0.08)) return pick(random, ODD_VALUES);
  return kind === 'rating' ? 1 + Math.floor(random() * 5) : Math.floor(random() * 11);
}

function answersFor(random: Random, survey: Survey): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of survey.questions) {
    if (chance(random, 0.12)) continue; // skipped
    if (question.kind === 'rating' || question.kind === 'nps') answers[question.id] = scaleValue(random, question.kind);
    if (question.kind === 'comment' && chance(random, 0.4)) answers[question.id] = pick(random, ['Vlot geholpen', 'Te lang gewacht', '100% tevreden', 'snel_en_goed', '  ']);
  }
  // Now and then an answer to a question of another version (the database takes what it is given).
  if (chance(random, 0.03)) answers[pick(random, ['b', 'd'])] = scaleValue(random, 'rating');
  return answers;
}

function contextFor(random: Random): Record<string, string> | undefined {
  if (chance(random, 0.15)) return undefined;
  const context: Record<string, string> = {};
  if (chance(random, 0.85)) context.office = pick(random, ['Gent', 'Brugge', 'Antwerpen', 'gent', '']);
  if (chance(random, 0.5)) context.team = pick(random, ['A', 'B']);
  // A key named like an Object method: an answer without it must not read Object.prototype's.
  if (chance(random, 0.2)) context['constructor'] = pick(random, ['x', 'y']);
  return context;
}

/** `count` answers over two years and a month, a third of them at period or clock-change edges. */
export function generateRecords(random: Random, count: number): FeedbackRecord[] {
  const versions = GENERATED_SURVEYS;
  return Array.from({ length: count }, () => {
    const survey = chance(random, 0.1) ? versions[3]! : versions[pick(random, [0, 1, 2, 2])]!;
    const time = chance(random, 0.35) ? edgeTime(random) : START + Math.floor(random() * DAYS * 86_400_000);
    const context = contextFor(random);
    return record(survey.id, new Date(time).toISOString(), answersFor(random, survey), {
      surveyVersion: survey.version,
      channel: pick(random, CHANNELS),
      ...(context ? { context } : {}),
    });
  });
}

/** A report query as a user might ask it: presets or custom days, filters, breakdowns, zones. */
export function randomQuery(random: Random): ReportQuery {
  const day = addDays(FIRST_DAY, Math.floor(random() * (DAYS + 30)) - 15);
  const period = chance(random, 0.6) ? presetPeriod(pick(random, PRESETS), day) : { from: day, to: addDays(day, Math.floor(random() * 400)) };
  const channels = chance(random, 0.5) ? [] : [...new Set([pick(random, CHANNELS), pick(random, CHANNELS)])].slice(0, 1 + Math.floor(random() * 2));
  const context: Record<string, string> = {};
  if (chance(random, 0.35)) context.office = pick(random, ['Gent', 'Brugge', '']);
  if (chance(random, 0.15)) context.team = pick(random, ['A', 'B']);
  if (chance(random, 0.05)) context['constructor'] = 'x';
  const breakdownKind = random();
  const breakdown: ReportQuery['breakdown'] =
    breakdownKind < 0.3 ? null : breakdownKind < 0.65 ? { by: 'channel' } : { by: 'context', key: pick(random, ['office', 'office', 'team', 'staff', 'constructor']) };
  return {
    surveyId: chance(random, 0.1) ? 'gen-other' : 'gen',
    period,
    compare: chance(random, 0.7),
    channels: channels as Channel[],
    context,
    breakdown,
    minCount: 1 + Math.floor(random() * 8),
    timeZone: pick(random, TIME_ZONES),
  };
}
