// `npm run seed-demo -- --url …`: the demo data through a running collector's HTTP API, for when
// `npm start` holds the PGlite folder. Answers and shown items go as the widget sends them
// (POST /api/responses, which is rate-limited per client: a 429 waits as long as it says);
// invitation counts as a sender registers them (POST /api/invitations, with the report token).
import { SHOWN_DAYS } from '../src/collector/shown.js';
import { addDays, utcDay } from '../src/schema/day.js';
import type { DemoData } from './demo-data.js';
import { newTally, type SeedResult } from './seed-store.js';

const BATCH = 500;
const INVITATION_SENDERS = 8;

/** A problem with the collector at the address, as opposed to a bug here: shown without a stack. */
export class SeedApiError extends Error {
  override name = 'SeedApiError';
}

interface ItemResult {
  id: string;
  status: 'accepted' | 'duplicate' | 'already-received' | 'rejected';
  reason?: string;
}

interface PostReply {
  error?: string;
  results?: ItemResult[];
  shown?: { accepted: number; duplicate: number; rejected: { id: string; reason: string }[] };
}

/** POSTs one body; on 429 waits the `retry-after` seconds and sends it again. */
async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<{ status: number; reply: PostReply }> {
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (response.status === 429) {
      await new Promise(done => setTimeout(done, Number(response.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    const text = await response.text();
    const reply = (text ? JSON.parse(text) : {}) as PostReply;
    if (response.status >= 500 || ![200, 201, 409, 422].includes(response.status)) throw new SeedApiError(`POST ${url}: HTTP ${response.status} ${reply.error ?? text.slice(0, 300)}`);
    return { status: response.status, reply };
  }
}

async function sendRecords(base: string, data: DemoData, result: SeedResult): Promise<void> {
  for (let i = 0; i < data.records.length; i += BATCH) {
    const { reply } = await post(`${base}/api/responses`, { records: data.records.slice(i, i + BATCH) });
    for (const item of reply.results ?? []) {
      if (item.status === 'accepted') result.answers.inserted++;
      else if (item.status === 'rejected') result.answers.refused.push(`${item.id}: ${item.reason}`);
      else result.answers.existing++;
    }
  }
}

async function sendShown(base: string, shown: DemoData['shown'], result: SeedResult): Promise<void> {
  for (let i = 0; i < shown.length; i += BATCH) {
    const { reply } = await post(`${base}/api/responses`, { shown: shown.slice(i, i + BATCH) });
    result.shown.inserted += reply.shown?.accepted ?? 0;
    result.shown.existing += reply.shown?.duplicate ?? 0;
    result.shown.refused.push(...(reply.shown?.rejected ?? []).map(r => `${r.id}: ${r.reason}`));
  }
}

async function sendInvitations(base: string, token: string, data: DemoData, result: SeedResult): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < data.invitations.length) {
      const batch = data.invitations[next++]!;
      const { status, reply } = await post(`${base}/api/invitations`, batch, { authorization: `Bearer ${token}` });
      if (status === 201) result.invitations.inserted++;
      else if (status === 200) result.invitations.existing++;
      else result.invitations.refused.push(`${batch.id}: ${reply.error}`);
    }
  };
  await Promise.all(Array.from({ length: INVITATION_SENDERS }, sender));
}

/** The surveys the collector serves, as `id@version`; also proves the address and the token work. */
async function collectorSurveys(base: string, token: string): Promise<Set<string>> {
  const health = await fetch(`${base}/api/health`).catch(error => {
    throw new SeedApiError(`No collector answers at ${base}: ${(error as Error).message}. Is npm start running?`);
  });
  if (!health.ok) throw new SeedApiError(`GET ${base}/api/health: HTTP ${health.status}`);
  const counts = await fetch(`${base}/api/counts?from=2000-01-01&to=2000-01-01`, { headers: { authorization: `Bearer ${token}` } });
  if (counts.status === 401) throw new SeedApiError('The collector does not take that report token.');
  return new Set(((await health.json()) as { surveys: string[] }).surveys);
}

/** Sends the data set to the collector at `base`; shown items older than the API takes are left out. */
export async function seedThroughApi(base: string, token: string, data: DemoData, today = utcDay(new Date())) {
  const known = await collectorSurveys(base, token);
  const keep = (item: { surveyId: string; surveyVersion?: number }) => known.has(`${item.surveyId}@${item.surveyVersion}`);
  const first = addDays(today, 1 - SHOWN_DAYS.past);
  const shown = data.shown.filter(item => item.day >= first && keep(item));
  const result: SeedResult = { answers: newTally(), shown: newTally(), invitations: newTally() };
  await sendRecords(base, { ...data, records: data.records.filter(keep) }, result);
  await sendShown(base, shown, result);
  await sendInvitations(base, token, { ...data, invitations: data.invitations.filter(keep) }, result);
  return { result, known, shownLeftOut: data.shown.length - shown.length };
}
