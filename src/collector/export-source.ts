// The answers an export reads, from the collector's store: the report's cut (survey, channels,
// context) in its current period, page by page, oldest first, so no pass holds them all.
import { periodBounds } from '../report/period.js';
import type { ReportQuery } from '../report/report-query.js';
import type { ExportResponse, ResponseSource } from './export-table.js';
import type { CollectorStore, StoredResponse } from './store.js';

export const EXPORT_PAGE_SIZE = 1000;

/** A ResponseSource over `store.listResponses`; each call opens a new pass from the start. */
export function storeResponses(store: Pick<CollectorStore, 'listResponses'>, query: ReportQuery, pageSize = EXPORT_PAGE_SIZE): ResponseSource {
  const { start, end } = periodBounds(query.period, query.timeZone);
  return async function* pass(): AsyncGenerator<ExportResponse> {
    let after: { submittedAt: Date; id: string } | undefined;
    for (;;) {
      const page: StoredResponse[] = await store.listResponses({
        surveyId: query.surveyId,
        channels: query.channels,
        context: query.context,
        from: start,
        to: end,
        limit: pageSize,
        ...(after ? { after } : {}),
      });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = { submittedAt: new Date(last.submittedAt), id: last.id };
    }
  };
}
