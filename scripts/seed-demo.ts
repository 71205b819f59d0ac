// `npm run seed-demo`: fills the collector that `npm start` uses with the demo data set
// (scripts/demo-data.ts): PGlite in DATA_DIR (default .data), or DATABASE_URL. Ids are fixed, so
// running it again adds only what is new (the days since) and never an answer twice.
//
//   npm run seed-demo                         two years up to today
//   npm run seed-demo -- --years 3 --until 2026-06-30
//   npm run seed-demo -- --url http://localhost:8787 --token <report token>   while npm start runs
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { readConfig } from '../src/collector/config.js';
import { surveyKey } from '../src/collector/record-check.js';
import { openCollector } from '../src/collector/server.js';
import { dayIn } from '../src/report/period.js';
import { DaySchema } from '../src/schema/day.js';
import { demoData, EMAIL_ANSWER, type DemoData } from './demo-data.js';
import { SeedApiError, seedThroughApi } from './seed-api.js';
import { forSurveys, seedStore, type SeedResult, type Tally } from './seed-store.js';

const MAX_YEARS = 10;

const USAGE = `Usage: npm run seed-demo -- [--years N] [--until YYYY-MM-DD] [--url http://localhost:8787 --token TOKEN]
  --years   how many years of answers, up to --until (default 2, at most ${MAX_YEARS})
  --until   the last day (default today)
  --url     send through a running collector's API instead of opening its database
  --token   the report token, with --url (or REPORT_TOKEN)
Writes into the database \`npm start\` uses: PGlite in DATA_DIR (default .data), or DATABASE_URL.
Running it again adds nothing twice.`;

interface Options {
  years: number;
  until: string;
  url?: string;
  token?: string;
}

function readOptions(argv: string[], today: string): Options | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { years: { type: 'string' }, until: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return (error as Error).message; // an unknown option, or one without its value
  }
  if (values.help) return USAGE;
  const years = Number(values.years ?? 2);
  if (!Number.isInteger(years) || years < 1 || years > MAX_YEARS) return `--years: use a whole number from 1 to ${MAX_YEARS}`;
  const until = values.until ?? today;
  if (!z.safeParse(DaySchema, until).success) return '--until: use a real day as YYYY-MM-DD';
  if (until > today) return `--until: ${until} is in the future; answers cannot come from there`;
  const token = values.token ?? process.env.REPORT_TOKEN;
  if (values.url && !token) return '--url needs --token <report token> (npm start prints it), or REPORT_TOKEN';
  if (values.url && !/^https?:\/\/[^/\s]+\/?$/.test(values.url)) return '--url: use the collector\'s address, such as http://localhost:8787';
  return { years, until, ...(values.url ? { url: values.url.replace(/\/$/, ''), token } : {}) };
}

const fmt = (n: number) => n.toLocaleString('en-US');

function printResult(result: SeedResult, data: DemoData): void {
  const line = (what: string, tally: Tally) =>
    `  ${what.padEnd(20)} ${fmt(tally.inserted).padStart(7)} new, ${fmt(tally.existing)} stored before${tally.refused.length ? `, ${tally.refused.length} refused` : ''}`;
  console.log(`Demo data ${data.from} … ${data.until}:`);
  console.log(line('answers', result.answers));
  console.log(line('shown (web)', result.shown));
  console.log(line('invitation batches', result.invitations));
  for (const reason of [...result.answers.refused, ...result.shown.refused, ...result.invitations.refused].slice(0, 5)) console.log(`  refused: ${reason}`);
}

async function seedDatabase(options: Options): Promise<number> {
  const settings = readConfig({ ...process.env, SURVEYS: process.env.SURVEYS ?? 'demo/surveys' });
  if (!settings.ok) return fail(`bad collector setting:\n${settings.message}`);
  const { config } = settings;
  let collector;
  try {
    collector = await openCollector(config, () => {});
  } catch (error) {
    const message = (error as Error).message;
    if (!/Another collector/.test(message)) throw error;
    // The lock does not say which port `npm start` listens on: this shell's PORT is a guess, so say so.
    const guess = process.env.PORT ? 'PORT here' : 'the default port';
    return fail(
      `${message}\nStop \`npm start\` first, or seed through it at the address it printed (${guess} is ${config.port}):\n` +
        `  npm run seed-demo -- --url http://localhost:${config.port} --token <the report token it prints>`,
    );
  }
  try {
    const known = new Set(collector.surveys.map(s => surveyKey(s.id, s.version)));
    const data = forSurveys(demoData({ until: options.until, years: options.years, now: new Date(), contactDays: config.contactRetentionDays }), known);
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    console.log(`Seeding ${fmt(data.records.length)} answers into ${where}…`);
    const result = await seedStore(collector.store, data);
    printResult(result, data);
    const token = collector.tokenGenerated ? collector.reportToken : '<REPORT_TOKEN>';
    console.log(`\nRun \`npm start\`, then open http://localhost:${config.port}/report.html#token=${token}`);
    return result.answers.refused.length ? 1 : 0;
  } finally {
    await collector.close();
  }
}

async function seedApi(options: Options & { url: string; token: string }): Promise<number> {
  const data = demoData({ until: options.until, years: options.years, now: new Date() });
  console.log(`Sending ${fmt(data.records.length)} answers to ${options.url}…`);
  const { result, known, shownLeftOut } = await seedThroughApi(options.url, options.token, data);
  printResult(result, data);
  if (!known.has(surveyKey(EMAIL_ANSWER.id, EMAIL_ANSWER.version))) console.log(`  (the collector has no ${EMAIL_ANSWER.id}@${EMAIL_ANSWER.version}: its answers were left out)`);
  if (shownLeftOut) console.log(`  (${fmt(shownLeftOut)} shown items left out: the API takes only the last 400 days, so older web response rates stay empty)`);
  console.log(`\nOpen ${options.url}/report.html with the report token.`);
  return result.answers.refused.length ? 1 : 0;
}

/** Today on this machine's calendar: `--until` today must not count as the future just after midnight. */
const localToday = () => dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);

function fail(message: string): number {
  console.error(`seed-demo: ${message}`);
  return 1;
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), localToday());
  if (options === USAGE) return console.log(USAGE), 0;
  if (typeof options === 'string') return fail(`${options}\n\n${USAGE}`);
  return options.url ? seedApi(options as Options & { url: string; token: string }) : seedDatabase(options);
}

process.exitCode = await main().catch(error => fail(error instanceof SeedApiError ? error.message : ((error as Error).stack ?? String(error))));
