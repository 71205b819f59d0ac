// Writing the demo data set into a collector store, for `npm run seed-demo` and its test.
import { surveyKey } from '../src/collector/record-check.js';
import type { CollectorStore } from '../src/collector/store.js';
import type { DemoData } from './demo-data.js';

const BATCH = 500;
const SHOWN_BATCH = 5000;

export interface Tally {
  inserted: number;
  /** Stored by an earlier run. */
  existing: number;
  refused: string[];
}

export interface SeedResult {
  answers: Tally;
  shown: Tally;
  invitations: Tally;
}

export const newTally = (): Tally => ({ inserted: 0, existing: 0, refused: [] });

/** Writes the data set into a store whose surveys are registered; what is stored already stays as it is. */
export async function seedStore(store: CollectorStore, data: DemoData): Promise<SeedResult> {
  const result: SeedResult = { answers: newTally(), shown: newTally(), invitations: newTally() };
  for (let i = 0; i < data.records.length; i += BATCH) {
    const batch = data.records.slice(i, i + BATCH);
    const report = await store.insertResponses(batch);
    result.answers.inserted += report.inserted.size;
    result.answers.existing += batch.length - report.inserted.size - report.refused.length;
    result.answers.refused.push(...report.refused.map(r => `${r.id}: ${r.reason}`));
  }
  for (let i = 0; i < data.shown.length; i += SHOWN_BATCH) {
    const batch = data.shown.slice(i, i + SHOWN_BATCH);
    const inserted = (await store.insertShown(batch)).size;
    result.shown.inserted += inserted;
    result.shown.existing += batch.length - inserted;
  }
  for (const batch of data.invitations) {
    if ((await store.registerInvitations(batch)).registered) result.invitations.inserted++;
    else result.invitations.existing++;
  }
  return result;
}

/** Only what the collector's surveys can take (SURVEYS may point elsewhere than demo/surveys). */
export function forSurveys(data: DemoData, known: ReadonlySet<string>): DemoData {
  const keep = (item: { surveyId: string; surveyVersion?: number }) => known.has(surveyKey(item.surveyId, item.surveyVersion ?? 0));
  return { ...data, records: data.records.filter(keep), shown: data.shown.filter(keep), invitations: data.invitations.filter(keep) };
}
