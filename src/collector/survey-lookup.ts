import type { Survey } from '../schema/survey.js';
import { readStoredSurvey } from './stored-survey.js';
import { indexSurveys, surveyKey, type SurveyIndex } from './record-check.js';
import type { CollectorStore } from './store.js';

/**
 * The surveys answers may name: this instance's own, plus every survey another instance (or an
 * earlier configuration) registered in the database. So during a rolling deploy an older instance
 * takes answers to a survey version a newer one added, and answers to a version dropped from the
 * configuration while kiosks still held them are still taken.
 */
export class SurveyLookup {
  private readonly index: Map<string, Survey>;
  private reading: Promise<void> | undefined;
  /** The read after the one under way, shared by the misses that came meanwhile. */
  private queued: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<CollectorStore, 'surveys'>,
    own: readonly Survey[],
  ) {
    this.index = new Map(indexSurveys(own));
  }

  /**
   * The index, re-read from the database first when a record names a survey it lacks: a miss ends
   * in a dead letter, so it is never decided on a stale list.
   */
  async covering(records: readonly unknown[]): Promise<SurveyIndex> {
    const missing = records.some(record => {
      const { surveyId, surveyVersion } = (record ?? {}) as { surveyId?: unknown; surveyVersion?: unknown };
      return typeof surveyId === 'string' && Number.isInteger(surveyVersion) && !this.index.has(surveyKey(surveyId, surveyVersion as number));
    });
    if (missing) await this.reread();
    return this.index;
  }

  /** Whether a survey with this id (and this version, when given) is known, after a re-read on a miss. */
  async knows(id: string, version?: number): Promise<boolean> {
    const known = () => [...this.index.values()].some(s => s.id === id && (version === undefined || s.version === version));
    if (known()) return true;
    await this.reread();
    return known();
  }

  /**
   * Concurrent misses share one read. A read under way may have looked before the survey of a
   * later miss was registered, so that miss waits for the next read (shared too), as the sweep of
   * erased contacts does.
   */
  private reread(): Promise<void> {
    if (this.reading) {
      return (this.queued ??= this.reading.catch(() => {}).then(() => {
        this.queued = undefined;
        return this.reread();
      }));
    }
    return (this.reading = this.read().finally(() => (this.reading = undefined)));
  }

  private async read(): Promise<void> {
    for (const stored of await this.store.surveys()) {
      const checked = readStoredSurvey(stored);
      if (!checked.ok) continue; // a damaged row names no survey anyone can answer
      const key = surveyKey(checked.value.id, checked.value.version);
      if (!this.index.has(key)) this.index.set(key, checked.value);
    }
  }
}
