// The answers an export reads, from the collector's store: the report's cut (survey, channels,
// context) in its current period, page by page, oldest first, so no pass holds them all. With the
// export's `receivedBefore` every page and every pass keep to the answers its summary counted: an
// answer stored meanwhile (on a page already passed or not) waits for the next export.
import { periodBounds } from '../report/period.js';
import type { ReportQuery } from '../report/report-query.js';
import type { ExportResponse, ResponseSource } from './export-table.js';
import type { CollectorStore, StoredResponse } from './store.js';

export const EXPORT_PAGE_SIZE = 1000;

export interface StoreSourceOptions {
  pageSize?: number;
  /** Only answers stored before it: the export's cut (`store.receivedCut()`). */
  receivedBefore?: Date;
}

/** A ResponseSource over `store.listResponses`; each call opens a new pass from the start. */
export function storeResponses(store: Pick<CollectorStore, 'listResponses'>, query: ReportQuery, options: StoreSourceOptions = {}): ResponseSource {
  const { pageSize = EXPORT_PAGE_SIZE, receivedBefore } = options;
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
        ...(receivedBefore ? { receivedBefore } : {}),
        ...(after ? { after } : {}),
      });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = { submittedAt: new Date(last.submittedAt), id: last.id };
    }
  };
}
