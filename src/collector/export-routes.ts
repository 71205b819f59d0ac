// `GET /api/export.xlsx` and `GET /api/export.csv`: the report's cut as files, streamed, so a
// million answers never sit in memory at once.
import type { Context, Handler } from 'hono';
import { CSV_CONTENT_TYPE, writeCsv } from './export-csv.js';
import { exportFileName, parseExportParams } from './export-options.js';
import { storeResponses } from './export-source.js';
import type { ExportInput } from './export-table.js';
import { excelJsAvailable, workbookStream, XLSX_CONTENT_TYPE } from './export-xlsx.js';
import type { ReadEnv } from './read-auth.js';
import { collectorReport } from './report-service.js';
import { resolveQuery, type ReportRouteOptions } from './report-routes.js';
import { problem } from './response-routes.js';
import { surveyCatalog } from '../report/report-questions.js';

type Prepared = { ok: true; input: ExportInput; delimiter: ';' | ',' } | { ok: false; response: Response };

/** The export's input for a request: the report (per channel unless another breakdown is asked) and its answers. */
async function prepare(c: Context<ReadEnv>, options: ReportRouteOptions): Promise<Prepared> {
  const own = parseExportParams(new URL(c.req.url).searchParams);
  if (!own.ok) return { ok: false, response: problem(c, 400, own.message) };
  const resolved = await resolveQuery(own.report, options, c.var.scope);
  if (!resolved.ok) return { ok: false, response: problem(c, resolved.status, resolved.message) };
  // The seed's tables are per channel: that is the summary sheet's default layout.
  const query = { ...resolved.query, breakdown: resolved.query.breakdown ?? { by: 'channel' as const } };
  // One cut for the whole file, taken first and by the database's clock, which stamps received_at:
  // the summary and every pass over the rows count the same answers, however busy the collector.
  const receivedBefore = await options.store.receivedCut();
  const result = await collectorReport(options.store, resolved.surveys, query, receivedBefore);
  if (!result.ok) return { ok: false, response: problem(c, 404, result.message) };
  const input: ExportInput = {
    report: result.report,
    catalog: surveyCatalog(resolved.surveys, query.surveyId)!,
    responses: storeResponses(options.store, query, { receivedBefore }),
    locale: own.options.locale,
    // The cut; answers are read up to just before it (received_at < cut).
    asOf: receivedBefore,
    // The clock that picked the period decides whether it is still running.
    now: options.clock(),
  };
  return { ok: true, input, delimiter: own.options.delimiter };
}

function download(body: ReadableStream<Uint8Array>, type: string, name: string): Response {
  return new Response(body, {
    headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}

/** The summary like the seed's tables, every answer, and the comments, as an Excel workbook. */
export function getExportXlsx(options: ReportRouteOptions): Handler<ReadEnv> {
  return async c => {
    if (!(await excelJsAvailable())) return problem(c, 501, 'The Excel export needs the optional dependency exceljs on the server: npm install exceljs');
    const prepared = await prepare(c, options);
    if (!prepared.ok) return prepared.response;
    return download(workbookStream(prepared.input), XLSX_CONTENT_TYPE, exportFileName(prepared.input.report, 'xlsx'));
  };
}

/** Every answer of the cut as CSV: UTF-8 with a BOM, semicolons unless `delimiter=comma`. */
export function getExportCsv(options: ReportRouteOptions): Handler<ReadEnv> {
  return async c => {
    const prepared = await prepare(c, options);
    if (!prepared.ok) return prepared.response;
    return download(writeCsv(prepared.input, { delimiter: prepared.delimiter }), CSV_CONTENT_TYPE, exportFileName(prepared.input.report, 'csv'));
  };
}
