// The demo data set of `npm run seed-demo` (scripts/demo-data.ts) and its seeding: valid for the
// collector, repeatable, realistic enough that the report's comparisons mean something, and
// harmless to run twice.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexSurveys, checkRecord } from '../../src/collector/record-check.js';
import { loadSurveys } from '../../src/collector/server.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { addDays } from '../../src/schema/day.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { dayIn, presetPeriod } from '../../src/report/period.js';
import type { ReportQuery } from '../../src/report/report-query.js';
import type { RatingFigures } from '../../src/report/report-schema.js';
import { summarize } from '../../src/report/summarize.js';
import { demoData, demoDay, demoFrom, type DemoData } from '../../scripts/demo-data.js';
import { seedStore } from '../../scripts/seed-store.js';
import { sqlOf, STORE_KINDS } from '../helpers/collector-stores.js';

const ROOT = resolve(import.meta.dirname, '../..');
const UNTIL = '2026-11-23';
const DATA = demoData({ until: UNTIL });
const service = (data: DemoData = DATA) => data.records.filter(r => r.surveyId === 'service-quality');
const brusselsHour = (iso: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: 'numeric', hourCycle: 'h23' }).format(new Date(iso)));
const dayOf = (record: FeedbackRecord) => dayIn(new Date(record.submittedAt), 'Europe/Brussels');
const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

let surveys: Survey[];
before(async () => {
  surveys = await loadSurveys([join(ROOT, 'demo/surveys')]);
});

describe('demoData()', () => {
  it('covers two years up to the given day', () => {
    assert.equal(DATA.from, '2024-11-24');
    assert.equal(DATA.until, UNTIL);
    assert.equal(dayOf(DATA.records[0]!) >= DATA.from, true);
    assert.equal(dayOf(DATA.records.at(-1)!) <= UNTIL, true);
    assert.equal(demoFrom('2028-02-29', 2), '2026-03-01');
  });

  it('gives the same answers, with the same ids, on every run', () => {
    assert.deepEqual(demoData({ until: UNTIL }), DATA);
  });

  it('gives a day the same answers whatever the window, so a later run adds only the new days', () => {
    const later = demoData({ until: addDays(UNTIL, 30), years: 1 });
    const overlap = (data: DemoData) => data.records.filter(r => r.submittedAt >= later.records[0]!.submittedAt && dayOf(r) <= UNTIL).map(r => r.id);
    assert.ok(overlap(DATA).length > 2000);
    assert.deepEqual(overlap(later), overlap(DATA));
    assert.deepEqual(demoDay('2026-03-10').records.map(r => r.id), DATA.records.filter(r => dayOf(r) === '2026-03-10').map(r => r.id));
  });

  it('gives every answer, shown item and invitation batch its own UUID', () => {
    const ids = [...DATA.records, ...DATA.shown, ...DATA.invitations].map(item => item.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes only answers the collector accepts for the surveys npm start serves', () => {
    const index = indexSurveys(surveys);
    const refused = DATA.records.map(record => checkRecord(structuredClone(record), index)).filter(result => !result.ok);
    assert.deepEqual(refused, []);
  });

  it('has a few thousand answers: web most, then kiosk, then email, plus the email-answer survey', () => {
    const count = (surveyId: string, channel: string) => DATA.records.filter(r => r.surveyId === surveyId && r.channel === channel).length;
    assert.ok(DATA.records.length > 3000 && DATA.records.length < 7000, `${DATA.records.length} answers`);
    assert.ok(count('service-quality', 'web') > count('service-quality', 'kiosk'));
    assert.ok(count('service-quality', 'kiosk') > count('service-quality', 'email'));
    assert.ok(count('service-quality', 'email') > 500);
    assert.ok(count('email-answer', 'email') > 500);
    assert.deepEqual(new Set(DATA.records.map(r => r.channel)), new Set(['web', 'email', 'kiosk']));
  });

  it('follows the calendar: kiosks only on working days, office hours, a quiet August', () => {
    const kiosk = DATA.records.filter(r => r.channel === 'kiosk');
    assert.ok(kiosk.every(r => weekday(dayOf(r)) % 6 !== 0 && !dayOf(r).endsWith('-12-25')));
    assert.ok(kiosk.every(r => brusselsHour(r.submittedAt) >= 9 && brusselsHour(r.submittedAt) <= 16));
    assert.ok(DATA.records.every(r => brusselsHour(r.submittedAt) >= 7 && brusselsHour(r.submittedAt) <= 22));
    const inMonth = (month: string) => DATA.records.filter(r => r.submittedAt.slice(5, 7) === month).length;
    assert.ok(inMonth('08') < 0.75 * inMonth('03'), `August ${inMonth('08')}, March ${inMonth('03')}`);
  });

  it('leaves out answers after `now`', () => {
    const now = new Date(`${UNTIL}T11:00:00Z`);
    const today = demoData({ until: UNTIL, years: 1, now }).records.filter(r => dayOf(r) === UNTIL);
    assert.ok(today.length > 0 && today.length < DATA.records.filter(r => dayOf(r) === UNTIL).length);
    assert.ok(today.every(r => Date.parse(r.submittedAt) <= now.getTime()));
  });

  it('sets office on every answer and team on kiosk and email answers', () => {
    const offices = new Set(DATA.records.map(r => r.context?.office));
    assert.deepEqual([...offices].sort(), ['Antwerpen', 'Brugge', 'Gent', 'Hasselt', 'Leuven']);
    assert.ok(DATA.records.every(r => (r.channel === 'web') === (r.context?.team === undefined)));
  });

  it('makes NPS follow the ratings', () => {
    const mean = (r: FeedbackRecord) => ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness'].reduce((s, q) => s + (r.answers[q] as number), 0) / 5;
    const npsOf = (list: FeedbackRecord[]) => list.reduce((s, r) => s + (r.answers.nps as number), 0) / list.length;
    const happy = service().filter(r => mean(r) >= 4.5);
    const unhappy = service().filter(r => mean(r) <= 2.5);
    assert.ok(happy.length > 100 && unhappy.length > 100);
    assert.ok(npsOf(happy) - npsOf(unhappy) > 3, `${npsOf(happy)} against ${npsOf(unhappy)}`);
  });

  it('has comments on about one answer in five, mostly in Dutch, with recurring improvement points', () => {
    const comments = service().filter(r => typeof r.answers.comment === 'string');
    const share = comments.length / service().length;
    assert.ok(share > 0.15 && share < 0.25, `${share}`);
    const dutch = comments.filter(r => r.locale === 'nl').length / comments.length;
    assert.ok(dutch > 0.7 && dutch < 0.95, `${dutch}`);
    assert.ok(comments.some(r => r.locale === 'fr') && comments.some(r => r.locale === 'en'));
    assert.ok(comments.filter(r => /wacht/i.test(r.answers.comment as string)).length > 40);
  });

  it('asks for call-backs only on the email-answer survey, only in the last 90 days, with made-up details', () => {
    const callBacks = DATA.records.filter(r => r.contact);
    assert.ok(callBacks.length >= 3 && callBacks.length <= 40, `${callBacks.length}`);
    for (const record of callBacks) {
      assert.equal(record.surveyId, 'email-answer');
      assert.ok(dayOf(record) > addDays(UNTIL, -90));
      if (record.contact?.email) assert.match(record.contact.email, /@example\.org$/);
      if (record.contact?.phone) assert.match(record.contact.phone, /^(\+32 470|0470) \d\d \d\d \d\d$/);
    }
  });

  it('counts shown surveys on the web and invitations for email at about ten per answer', () => {
    const webAnswers = service().filter(r => r.channel === 'web').length;
    const shownRatio = DATA.shown.length / webAnswers;
    assert.ok(shownRatio > 8 && shownRatio < 12, `${shownRatio}`);
    assert.ok(DATA.shown.every(s => s.channel === 'web' && s.surveyId === 'service-quality'));
    for (const surveyId of ['service-quality', 'email-answer']) {
      const invited = DATA.invitations.filter(b => b.surveyId === surveyId).reduce((sum, b) => sum + b.count, 0);
      const answers = DATA.records.filter(r => r.surveyId === surveyId && r.channel === 'email').length;
      assert.ok(invited / answers > 8 && invited / answers < 12, `${surveyId}: ${invited / answers}`);
    }
  });
});

describe('demo data in the report', () => {
  const query = (date: string): ReportQuery => ({
    surveyId: 'service-quality',
    period: presetPeriod('half-year', date),
    compare: true,
    channels: [],
    context: {},
    breakdown: { by: 'channel' },
    minCount: 5,
    timeZone: 'Europe/Brussels',
  });
  const mean = (report: ReturnType<typeof summarize>, group: string | null, questionId: string, period: 'current' | 'previous' = 'current') => {
    const cut = group === null ? report.total : report.groups.find(g => g.key === group)!;
    const result = cut.results.find(r => r.questionId === questionId)!;
    return (result[period] as RatingFigures).mean!;
  };

  it('shows responsiveness weaker than empathy, and the kiosk better than the web', () => {
    const report = summarize({ surveys, responses: DATA.records }, query('2026-03-01'));
    assert.ok(mean(report, null, 'responsiveness') < mean(report, null, 'empathy') - 0.5);
    assert.ok(mean(report, 'kiosk', 'responsiveness') > mean(report, 'web', 'responsiveness'));
  });

  it('shows email answers dipping in the first half-year and recovering in the second', () => {
    const emailChange = (date: string) => {
      const report = summarize({ surveys, responses: DATA.records }, query(date));
      const result = report.groups.find(g => g.key === 'email')!.results.find(r => r.questionId === 'responsiveness')!;
      return result.kind === 'rating' ? result.change?.mean.direction : undefined;
    };
    assert.equal(emailChange('2026-03-01'), 'worse');
    assert.equal(emailChange('2026-09-01'), 'better');
  });
});

/** The last `days` days of a data set: enough for the seeding tests, quick on PGlite. */
function lastDays(data: DemoData, days: number): DemoData {
  const first = addDays(data.until, 1 - days);
  return {
    ...data,
    from: first,
    records: data.records.filter(r => dayOf(r) >= first),
    shown: data.shown.filter(s => s.day >= first),
    invitations: data.invitations.filter(b => b.day >= first),
  };
}

for (const kind of STORE_KINDS) {
  describe(`seedStore() on ${kind.name}`, () => {
    let store: SqlStore;
    before(async () => {
      store = await kind.open();
      await store.registerSurveys(surveys);
    });
    after(() => store.close());

    const tableCount = async (table: string) => Number((await sqlOf(store).query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

    it('stores each answer, shown item, invitation batch and call-back once, however often it runs', async () => {
      const data = lastDays(DATA, 60);
      const first = await seedStore(store, data);
      assert.deepEqual(first.answers, { inserted: data.records.length, existing: 0, refused: [] });
      assert.deepEqual(first.shown, { inserted: data.shown.length, existing: 0, refused: [] });
      assert.deepEqual(first.invitations, { inserted: data.invitations.length, existing: 0, refused: [] });
      const again = await seedStore(store, data);
      assert.deepEqual(again.answers, { inserted: 0, existing: data.records.length, refused: [] });
      assert.deepEqual(again.shown, { inserted: 0, existing: data.shown.length, refused: [] });
      assert.deepEqual(again.invitations, { inserted: 0, existing: data.invitations.length, refused: [] });
      assert.equal(await tableCount('feedback_responses'), data.records.length);
      assert.equal(await tableCount('feedback_shown'), data.shown.length);
      assert.equal(await tableCount('feedback_invitations'), data.invitations.length);
      assert.equal(await tableCount('feedback_contacts'), data.records.filter(r => r.contact).length);
    });

    it('adds only the new days when run again a week later', async () => {
      const later = lastDays(demoData({ until: addDays(UNTIL, 7) }), 67);
      const result = await seedStore(store, later);
      const newDays = later.records.filter(r => dayOf(r) > UNTIL).length;
      assert.ok(newDays > 0);
      assert.equal(result.answers.inserted, newDays);
      assert.equal(result.answers.existing, later.records.length - newDays);
    });
  });
}

describe('npm run seed-demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seed-demo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const seed = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/seed-demo.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', REPORT_TOKEN: '', PORT: '', SURVEYS: '', DATA_DIR: join(dir, 'data'), ...env },
    });

  it('says so and stops when a running collector holds the database folder', () => {
    const data = join(dir, 'locked');
    rmSync(data, { recursive: true, force: true });
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'collector.lock'), JSON.stringify({ host: hostname(), pid: process.pid, token: 'npm-start' }));
    const run = seed(['--years', '1'], { DATA_DIR: data });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Another collector/);
    assert.match(run.stderr, /npm run seed-demo -- --url http:\/\/localhost:8787 --token/);
    assert.match(run.stderr, /at the address it printed \(the default port is 8787\)/);
    // npm start in this shell runs on its PORT: the hint names that one.
    const other = seed(['--years', '1'], { DATA_DIR: data, PORT: '9123' });
    assert.match(other.stderr, /\(PORT here is 9123\):\n  npm run seed-demo -- --url http:\/\/localhost:9123 --token/);
  });

  it('refuses a day that does not exist, with the usage', () => {
    const run = seed(['--until', '2026-02-30']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /--until: use a real day/);
    assert.match(run.stderr, /Usage: npm run seed-demo/);
  });
});
