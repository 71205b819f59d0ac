// The collector's report: the cut rows from SQL, the shown and invitation counts, and the shared
// assembly, so `GET /api/report` and summarize() differ only in who counts.
import { assembleReport } from '../report/assemble-report.js';
import { filterBreakdowns } from '../report/filter-guard.js';
import { previousPeriod } from '../report/period.js';
import type { ReportQuery } from '../report/report-query.js';
import { surveyCatalog } from '../report/report-questions.js';
import type { Report } from '../report/report-schema.js';
import type { Survey } from '../schema/survey.js';
import type { CollectorStore } from './store.js';

export type ReportResult = { ok: true; report: Report } | { ok: false; error: 'unknown-survey'; message: string };

/**
 * The report of `query` over the stored answers.
 * @param surveys every version of the survey the answers may refer to (own and registered ones)
 * @param receivedBefore only the answers stored before it: an export's cut (`store.receivedCut()`)
 */
export async function collectorReport(
  store: Pick<CollectorStore, 'reportRows' | 'counts'>,
  surveys: readonly Survey[],
  query: ReportQuery,
  receivedBefore?: Date,
): Promise<ReportResult> {
  const catalog = surveyCatalog(surveys, query.surveyId);
  if (!catalog) return { ok: false, error: 'unknown-survey', message: `No survey "${query.surveyId}".` };
  const from = query.compare ? previousPeriod(query.period).from : query.period.from;
  const [rows, counts, filterRows] = await Promise.all([
    store.reportRows(query, catalog.questions, receivedBefore),
    store.counts({ surveyId: query.surveyId, from, to: query.period.to }),
    Promise.all(filterBreakdowns(query).map(breakdown => store.reportRows(breakdown.query, catalog.questions, receivedBefore))),
  ]);
  return { ok: true, report: assembleReport(query, catalog, rows, counts, filterRows) };
}
