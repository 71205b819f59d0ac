// The demo data set of `npm run seed-demo`: answers to the two surveys `npm start` serves (the
// built-in service-quality@1 on web, email and kiosk; demo/surveys/email-answer@2 after an email
// answer), with shown counts and invitation counts for response rates. Pure and deterministic:
// each day is drawn from its own seeded generator, so a day always gets the same answers with the
// same ids, whatever `until` or `years` is. Re-seeding later adds the new days and nothing twice.
import type { Channel, Contact, FeedbackRecord } from '../src/schema/record.js';
import type { InvitationBatch, ShownItem } from '../src/collector/store.js';
import { addDays } from '../src/schema/day.js';
import { COMMENTS, NAMES, type DemoLocale, type Theme } from './demo-comments.js';

export const DEMO_SEED = 'feedback-loop demo';
export const OFFICES = ['Gent', 'Brugge', 'Antwerpen', 'Leuven', 'Hasselt'] as const;
export const TEAMS = ['Onthaal', 'Vergunningen', 'Premies'] as const;
export const SERVICE = { id: 'service-quality', version: 1 } as const;
export const EMAIL_ANSWER = { id: 'email-answer', version: 2 } as const;

export interface DemoOptions {
  /** The last day, `YYYY-MM-DD`. */
  until: string;
  /** How far back from `until` (default 2). */
  years?: number;
  seed?: string;
  /** Answers after this instant are left out (the rest of today). */
  now?: Date;
  /** Call-back requests only in this many last days: older ones the collector would have deleted (default 90). */
  contactDays?: number;
}

export interface DemoData {
  from: string;
  until: string;
  records: FeedbackRecord[];
  shown: ShownItem[];
  invitations: InvitationBatch[];
}

// --- A small seeded generator: the cyrb128 string hash seeds sfc32 (after bryc/code PRNGs.md). ---

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

function cyrb128(text: string): [number, number, number, number] {
  let [h1, h2, h3, h4] = [1779033703, 3144134277, 1013904242, 2773480762];
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A generator seeded by `text`: the same text gives the same sequence on every machine. */
export function seededRandom(text: string): Random {
  let [a, b, c, d] = cyrb128(text);
  const word = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) word(); // the first outputs still show the seed
  return { next: () => word() / 4294967296 };
}

/** `digits` hexadecimal digits, eight per draw. */
function hex(random: Random, digits: number): string {
  let text = '';
  while (text.length < digits) text += Math.floor(random.next() * 4294967296).toString(16).padStart(8, '0');
  return text.slice(0, digits);
}

/** A version 4 UUID made of the generator's bits, so ids repeat when the data do. */
export function randomUuid(random: Random): string {
  const bits = hex(random, 32);
  const variant = (8 + (parseInt(bits[16]!, 16) & 3)).toString(16);
  return `${bits.slice(0, 8)}-${bits.slice(8, 12)}-4${bits.slice(13, 16)}-${variant}${bits.slice(17, 20)}-${bits.slice(20)}`;
}

const uniform = (random: Random, min: number, max: number) => min + (max - min) * random.next();
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!;

/** Standard normal (Box–Muller). */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** Events in a day with mean `mean` (Knuth: fine for the small means here). */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}

function weighted<T extends string>(random: Random, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let left = random.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of entries) if ((left -= weight) < 0) return item;
  return entries.at(-1)![0];
}

// --- When people answer: weekdays, office closures, seasons. ---

/** Belgian public holidays on a fixed date: the offices (and their kiosks) are closed. */
const HOLIDAYS = ['01-01', '05-01', '07-21', '08-15', '11-01', '11-11', '12-25'];
/** Fewer visitors in the summer holidays and December, more in spring (tax returns, premiums). */
const SEASON = [1, 1.05, 1.15, 1.15, 1.1, 1, 0.65, 0.6, 1.05, 1.1, 1.05, 0.8];

const isOpen = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay() % 6 !== 0 && !HOLIDAYS.includes(day.slice(5));
const month = (day: string) => Number(day.slice(5, 7));

/** Expected answers per survey and channel on `day`. */
function dayMeans(day: string) {
  const open = isOpen(day);
  const season = SEASON[month(day) - 1]!;
  return {
    web: (open ? 3.4 : 1.3) * season,
    email: (open ? 1.7 : 0.2) * season,
    kiosk: (open ? 2.7 : 0) * season,
    emailAnswer: (open ? 1.4 : 0.1) * season,
  };
}

/** Local hours answers come in at, one entry per share: evenings on the web, office hours at the kiosk. */
const HOURS: Record<'web' | 'email' | 'kiosk', readonly number[]> = {
  web: [7, 8, 9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 13, 13, 14, 14, 15, 16, 17, 19, 20, 20, 21, 22],
  email: [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21],
  kiosk: [9, 9, 10, 10, 10, 11, 11, 11, 12, 13, 14, 14, 15, 15, 16],
};

/** The last Sunday of a month (1-based), `YYYY-MM-DD`. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  return addDays(last.toISOString().slice(0, 10), -last.getUTCDay());
}

/**
 * Brussels' offset from UTC in hours after 3 h on `day`: summer time from the last Sunday of
 * March to the last Sunday of October (EU rule). Our own, because Intl takes most of the run time.
 */
function brusselsOffset(day: string): number {
  const year = Number(day.slice(0, 4));
  return day >= lastSunday(year, 3) && day < lastSunday(year, 10) ? 2 : 1;
}

/** An instant on `day` at a Brussels time drawn for the channel. */
function submittedAt(random: Random, day: string, channel: keyof typeof HOURS): string {
  const minutes = pick(random, HOURS[channel]) * 60 + Math.floor(random.next() * 60);
  const seconds = minutes * 60 + Math.floor(random.next() * 60) - brusselsOffset(day) * 3600;
  return new Date(Date.parse(`${day}T00:00:00Z`) + seconds * 1000).toISOString();
}

// --- What people answer. ---

type Dimension = 'reliability' | 'credibility' | 'tangibles' | 'empathy' | 'responsiveness';
type EmailQuestion = 'speed' | 'professionalism' | 'clarity' | 'attention';

/** Mean scores out of 5 before the offsets: responsiveness is the weak point, empathy the strong one. */
const SERVICE_MEANS: Record<Dimension, number> = { reliability: 4.0, credibility: 4.2, tangibles: 3.9, empathy: 4.35, responsiveness: 3.5 };
const EMAIL_MEANS: Record<EmailQuestion, number> = { speed: 3.4, professionalism: 4.25, clarity: 4.0, attention: 4.1 };
const CHANNEL_OFFSET = { web: 0, email: -0.1, kiosk: 0.25 };
const OFFICE_OFFSET: Record<(typeof OFFICES)[number], number> = { Gent: 0, Brugge: 0.05, Antwerpen: -0.2, Leuven: 0.15, Hasselt: 0.05 };
const OFFICE_WEIGHTS: Record<(typeof OFFICES)[number], number> = { Gent: 30, Brugge: 15, Antwerpen: 25, Leuven: 17, Hasselt: 13 };
const LOCALE_WEIGHTS: Record<DemoLocale, number> = { nl: 85, fr: 10, en: 5 };

/** Spring backlog: from January to June email answers come late, and respondents notice. */
function emailBacklog(day: string, question: string): number {
  if (month(day) > 6) return 0;
  return question === 'responsiveness' || question === 'speed' ? -0.6 : -0.25;
}

/** A slow four-year swing (low in early 2025, high in early 2027), so two years show a trend besides the seasons. */
function trend(day: string): number {
  const years = (Date.parse(day) - Date.parse('2025-01-01')) / (365.25 * 86_400_000);
  return -0.15 * Math.cos((2 * Math.PI * years) / 4);
}

interface Respondent {
  channel: 'web' | 'email' | 'kiosk';
  office: (typeof OFFICES)[number];
  /** How this person feels overall, standard normal: it moves all their scores together. */
  mood: number;
}

function ratings<Q extends string>(random: Random, day: string, who: Respondent, means: Record<Q, number>): Record<Q, number> {
  const shift = CHANNEL_OFFSET[who.channel] + OFFICE_OFFSET[who.office] + trend(day) + 0.75 * who.mood;
  const result = {} as Record<Q, number>;
  for (const [question, mean] of Object.entries(means) as [Q, number][]) {
    const backlog = who.channel === 'email' ? emailBacklog(day, question) : 0;
    result[question] = Math.min(5, Math.max(1, Math.round(mean + shift + backlog + 0.6 * normal(random))));
  }
  return result;
}

/** NPS follows the ratings (and the mood behind them), with its own noise. */
function nps(random: Random, scores: readonly number[], mood: number): number {
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  return Math.min(10, Math.max(0, Math.round(8 + 2.4 * (mean - 4) + 0.6 * mood + 1.2 * normal(random))));
}

const WEAK_THEME: Record<Dimension, (channel: Respondent['channel']) => Theme> = {
  responsiveness: channel => (channel === 'email' ? 'email-slow' : 'waiting'),
  reliability: () => 'mistake',
  tangibles: channel => (channel === 'web' ? 'website' : 'building'),
  empathy: () => 'unfriendly',
  credibility: () => 'contradict',
};

/** About one in five writes something; unhappy people more often, about their weakest score. */
function comment(random: Random, scores: Record<Dimension, number>, who: Respondent, locale: DemoLocale): string | undefined {
  const values = Object.values(scores);
  const lowest = Math.min(...values);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  if (random.next() >= (lowest <= 2 ? 0.4 : mean >= 4.4 ? 0.16 : 0.1)) return undefined;
  const weakest = (Object.keys(scores) as Dimension[]).find(d => scores[d] === lowest)!;
  const theme: Theme =
    lowest <= 2 ? WEAK_THEME[weakest](who.channel)
    : mean >= 4 && random.next() < 0.8 ? 'praise'
    : pick(random, ['waiting', 'hours', 'website', 'building'] as const);
  return pick(random, COMMENTS[theme][locale])(Math.floor(random.next() * 20));
}

// --- Records. ---

function respondent(random: Random, channel: Respondent['channel']): Respondent & { locale: DemoLocale } {
  return { channel, office: weighted(random, OFFICE_WEIGHTS), mood: normal(random), locale: weighted(random, LOCALE_WEIGHTS) };
}

const token = (random: Random) => `demo_${hex(random, 24)}`;

function serviceRecord(random: Random, day: string, channel: Respondent['channel']): FeedbackRecord {
  const id = randomUuid(random);
  const who = respondent(random, channel);
  const scores = ratings(random, day, who, SERVICE_MEANS);
  const text = comment(random, scores, who, who.locale);
  return {
    id,
    surveyId: SERVICE.id,
    surveyVersion: SERVICE.version,
    channel,
    locale: who.locale,
    answers: { ...scores, nps: nps(random, Object.values(scores), who.mood), ...(text ? { comment: text } : {}) },
    submittedAt: submittedAt(random, day, channel),
    // The web page names its office; a kiosk tablet and an email answer also know their team.
    context: channel === 'web' ? { office: who.office } : { office: who.office, team: pick(random, TEAMS) },
    ...(channel === 'email' ? { invitation: token(random) } : {}),
  };
}

/** A made-up person on example.org or a 0470 number (a range for fiction), or both. */
function contact(random: Random): Contact {
  const [first, last] = pick(random, NAMES);
  const email = `${first}.${last}`.toLowerCase().replace(/ /g, '') + '@example.org';
  const digits = () => String(Math.floor(random.next() * 100)).padStart(2, '0');
  const phone = `${random.next() < 0.5 ? '+32 470' : '0470'} ${digits()} ${digits()} ${digits()}`;
  const how = random.next();
  return how < 0.6 ? { consent: true, email } : how < 0.8 ? { consent: true, phone } : { consent: true, email, phone };
}

function emailAnswerRecord(random: Random, day: string): FeedbackRecord {
  const id = randomUuid(random);
  const who = respondent(random, 'email');
  const scores = ratings(random, day, who, EMAIL_MEANS);
  const unhappy = Math.min(...Object.values(scores)) <= 2;
  const callBack = random.next() < (unhappy ? 0.3 : 0.04);
  return {
    id,
    surveyId: EMAIL_ANSWER.id,
    surveyVersion: EMAIL_ANSWER.version,
    channel: 'email',
    locale: who.locale,
    answers: scores,
    submittedAt: submittedAt(random, day, 'email'),
    context: { office: who.office, team: pick(random, TEAMS) },
    invitation: token(random),
    ...(callBack ? { contact: contact(random) } : {}),
  };
}

/** One browser per shown item; about one in ten answers, so shown is 8–12 × the expected answers. */
function shownItems(random: Random, day: string, expected: number): ShownItem[] {
  const count = Math.round(expected * uniform(random, 8, 12));
  return Array.from({ length: count }, () => ({ id: randomUuid(random), surveyId: SERVICE.id, surveyVersion: SERVICE.version, channel: 'web' as Channel, day }));
}

/** The invitations a sender registers on a working day: about ten per answer expected (seed 004: ~10 % respond). */
function invitationBatch(random: Random, day: string, survey: { id: string; version: number }, expected: number): InvitationBatch[] {
  const count = Math.round(expected * uniform(random, 9, 11));
  const id = randomUuid(random);
  return isOpen(day) && count > 0 ? [{ id, surveyId: survey.id, surveyVersion: survey.version, channel: 'email', day, count }] : [];
}

/** Everything of one day, from that day's own generator. */
export function demoDay(day: string, seed = DEMO_SEED): Omit<DemoData, 'from' | 'until'> {
  const random = seededRandom(`${seed}:${day}`);
  const means = dayMeans(day);
  const records: FeedbackRecord[] = [];
  for (const channel of ['web', 'email', 'kiosk'] as const) {
    const count = poisson(random, means[channel]);
    for (let i = 0; i < count; i++) records.push(serviceRecord(random, day, channel));
  }
  const emailAnswers = poisson(random, means.emailAnswer);
  for (let i = 0; i < emailAnswers; i++) records.push(emailAnswerRecord(random, day));
  const shown = shownItems(random, day, means.web);
  const invitations = [...invitationBatch(random, day, SERVICE, means.email), ...invitationBatch(random, day, EMAIL_ANSWER, means.emailAnswer)];
  records.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  return { records, shown, invitations };
}

/** The first day of `years` years that end on `until` (after 29 February: 1 March). */
export function demoFrom(until: string, years: number): string {
  const [year, month, day] = until.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year - years, month, 0)).getUTCDate();
  return addDays(new Date(Date.UTC(year - years, month - 1, Math.min(day, lastDay))).toISOString().slice(0, 10), 1);
}

/** The demo data from `years` before `until` to `until`. */
export function demoData({ until, years = 2, seed = DEMO_SEED, now, contactDays = 90 }: DemoOptions): DemoData {
  const from = demoFrom(until, years);
  const firstContactDay = addDays(until, 1 - contactDays);
  const data: DemoData = { from, until, records: [], shown: [], invitations: [] };
  for (let day = from; day <= until; day = addDays(day, 1)) {
    const part = demoDay(day, seed);
    for (const record of part.records) {
      if (now && Date.parse(record.submittedAt) > now.getTime()) continue;
      if (record.contact && day < firstContactDay) delete record.contact;
      data.records.push(record);
    }
    data.shown.push(...part.shown);
    data.invitations.push(...part.invitations);
  }
  return data;
}
