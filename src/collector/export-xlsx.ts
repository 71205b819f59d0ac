// `GET /api/export.xlsx`: the summary, raw answers and comments as one workbook, streamed with
// exceljs' WorkbookWriter so a million answers never sit in memory. exceljs (an optional peer) and
// node:stream are loaded on first use, so importing this file costs nothing where exports are unused.
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { summaryRows, type SummaryRow } from './export-summary.js';
import { commentsOf, contextKeysOf, exportTable, passes, type ExportCell, type ExportInput } from './export-table.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows in an Excel sheet, the header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

export interface WorkbookOptions {
  /** Rows per sheet, the header included; more continue on "Antwoorden (2)" and so on. Default: Excel's limit. */
  rowLimit?: number;
}

/** exceljs is not installed: the collector runs without it, only the Excel export needs it. */
export class MissingExcelJsError extends Error {
  override name = 'MissingExcelJsError';
  constructor() {
    super('The Excel export needs the optional dependency exceljs: npm install exceljs');
  }
}

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;
type Worksheet = ExcelJS.Worksheet;

const PLAIN: Partial<ExcelJS.Style> = {};
const DATE_TIME: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
const WRAP: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
/** Rows written between checks of the output's back-pressure. */
const BREATHE_EVERY = 500;

async function loadExcelJs(): Promise<typeof ExcelJS> {
  try {
    return (await import('exceljs')).default;
  } catch {
    throw new MissingExcelJsError();
  }
}

/** Whether exceljs can be loaded, so a route can answer 501 before it starts a download. */
export async function excelJsAvailable(): Promise<boolean> {
  return loadExcelJs().then(
    () => true,
    () => false,
  );
}

/**
 * Text XML 1.0 can carry: C0 controls and U+FFFE/FFFF go, lone surrogates become U+FFFD, and CRLF
 * becomes LF (an XML reader would do that anyway).
 */
export function xmlSafe(text: string): string {
  if (!/[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Strings go in as inline rich text: exceljs' streaming writer would otherwise write a plain
 * string as `t="str"`, the type of a formula's result. Either way no string becomes a formula.
 */
const cellValue = (cell: ExportCell): ExcelJS.CellValue | undefined =>
  typeof cell !== 'string' ? (cell ?? undefined) : cell === '' ? undefined : { richText: [{ text: xmlSafe(cell) }] };

/**
 * Adds a row; empty cells are not written at all. `styles` (one per column) are shared objects:
 * exceljs recognises a style object it has seen, where it would otherwise work out each cell's
 * style anew (a third of the time of a large sheet).
 */
function addRow(sheet: Worksheet, cells: readonly ExportCell[], styles?: readonly Partial<ExcelJS.Style>[]): ExcelJS.Row {
  const row = sheet.addRow(cells.map(cellValue));
  if (styles) row.eachCell((cell, column) => (cell.style = styles[column - 1] ?? PLAIN));
  return row;
}

const cancelled = () => new Error('The export was cancelled: its output is closed');

/** Resolves when `stream` drains; rejects when `output` closes first. */
function drain(stream: Writable, output: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', settle).off('error', settle).off('close', settle);
      output.off('close', closed);
      if (error) reject(error);
      else if (output.destroyed) reject(cancelled());
      else resolve();
    };
    const closed = () => settle(cancelled());
    stream.on('drain', settle).on('error', settle).on('close', settle);
    output.on('close', closed);
  });
}

/**
 * Whether the stream that takes a sheet's XML on to zlib is full. exceljs (4.4) writes to it
 * without waiting, so a sheet written faster than zlib compresses piles up in memory (800 MB for
 * a million rows); waiting for it keeps memory flat. Internals, checked with care: the sheet's
 * `stream` (a StreamBuf) pipes to a readable-stream 2 PassThrough, whose state says `needDrain`.
 */
function feederOf(sheet: Worksheet | undefined): Writable | undefined {
  const feeder = (sheet as unknown as { stream?: { pipes?: unknown[] } } | undefined)?.stream?.pipes?.[0] as
    | (Writable & { _writableState?: { needDrain?: boolean } })
    | undefined;
  return feeder && !feeder.destroyed && (feeder._writableState?.needDrain ?? feeder.writableNeedDrain) ? feeder : undefined;
}

/** Waits while zlib or the output is behind; stops when the reader has gone away. */
async function breathe(output: Writable, sheet: Worksheet | undefined): Promise<void> {
  if (output.destroyed) throw cancelled();
  const feeder = feederOf(sheet);
  if (feeder) await drain(feeder, output);
  if (output.writableNeedDrain) await drain(output, output);
  else await new Promise(resolve => setImmediate(resolve));
}

const STYLES: Record<NonNullable<SummaryRow['style']>, Partial<ExcelJS.Font>> = {
  title: { bold: true, size: 14 },
  heading: { bold: true, size: 12 },
  subheading: { italic: true },
  header: { bold: true },
};

function writeSummary(workbook: Workbook, input: ExportInput, name: string): void {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = [{ width: 48 }, ...Array.from({ length: 9 }, () => ({ width: 16 }))];
  for (const { cells, style } of summaryRows(input.report, input.locale, input.now ?? input.asOf, input.asOf)) {
    const row = addRow(sheet, cells.map(cell => (cell !== null && typeof cell === 'object' ? cell.value : cell)));
    cells.forEach((cell, i) => {
      if (cell !== null && typeof cell === 'object') row.getCell(i + 1).numFmt = cell.format;
    });
    if (style) row.font = STYLES[style];
    row.commit();
  }
  sheet.commit();
}

interface SeriesSetup {
  workbook: Workbook;
  name: string;
  header: string[];
  /** Width and shared style of each column, in order; the rest get width 16. */
  columns: { width: number; style?: Partial<ExcelJS.Style> }[];
  rowLimit: number;
  output: Writable;
}

/** Writes rows to `name`, continuing on `name (2)`, `name (3)`… when a sheet is full. */
async function writeSeries(rows: AsyncIterable<ExportCell[]>, setup: SeriesSetup): Promise<void> {
  const { workbook, name, header, rowLimit, output } = setup;
  const columns: SeriesSetup['columns'] = [...setup.columns, ...Array.from({ length: header.length - setup.columns.length }, () => ({ width: 16 }))];
  const styles = columns.map(column => column.style ?? PLAIN);
  let sheets = 0;
  let sheet: Worksheet | undefined;
  let used = rowLimit;
  const open = () => {
    sheet?.commit();
    sheet = workbook.addWorksheet(++sheets === 1 ? name : `${name} (${sheets})`, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map(({ width }) => ({ width }));
    const row = addRow(sheet, header);
    row.font = { bold: true };
    row.commit();
    used = 1;
  };
  let written = 0;
  for await (const cells of rows) {
    if (used >= rowLimit) open();
    addRow(sheet!, cells, styles).commit();
    used++;
    if (++written % BREATHE_EVERY === 0) await breathe(output, sheet);
  }
  if (!sheet) open();
  sheet!.commit();
}

/**
 * Writes the workbook to `output`: "Samenvatting" (the report in the seed's layout), "Antwoorden"
 * (one row per answer) and "Opmerkingen" (one row per comment; left out when no version of the survey
 * has a comment question), sheet names in `input.locale`.
 * Opens `input.responses()` up to three times (see ResponseSource). Rejects on a failing source
 * or a closed output; `output` is then left unfinished, never passed off as a whole file.
 */
export async function writeWorkbook(input: ExportInput, output: Writable, options: WorkbookOptions = {}): Promise<void> {
  const Excel = await loadExcelJs();
  const rowLimit = Math.min(Math.max(options.rowLimit ?? EXCEL_MAX_ROWS, 2), EXCEL_MAX_ROWS);
  const pass = passes(input);
  const table = exportTable(input, await contextKeysOf(input, pass));
  const { labels } = table;
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'feedback-loop';
  writeSummary(workbook, input, labels.sheets.summary);
  const context = table.contextKeys.map(() => ({ width: 16 }));
  const answerColumns = [{ width: 38 }, { width: 20, style: DATE_TIME }, { width: 11 }, { width: 14 }, { width: 8 }, { width: 8 }, ...context];
  const common = { workbook, rowLimit, output };
  async function* answers() {
    for await (const response of pass()) yield table.answerRow(response);
  }
  await writeSeries(answers(), { ...common, name: labels.sheets.answers, header: table.answerHeader, columns: answerColumns });
  async function* comments() {
    const source = input.comments?.() ?? commentsOf(pass(), table);
    for await (const comment of source) {
      const row = table.commentRow(comment);
      if (row) yield row;
    }
  }
  const commentColumns = [{ width: 20, style: DATE_TIME }, { width: 11 }, { width: 14 }, { width: 8 }, ...context, { width: 30, style: WRAP }, { width: 80, style: WRAP }, { width: 38 }];
  // No sheet of comments for a survey without a comment question in any version: an empty one
  // would read as "nobody wrote anything" where nobody could (as <feedback-report> leaves them out).
  if (input.catalog.comments.length > 0) {
    await writeSeries(comments(), { ...common, name: labels.sheets.comments, header: table.commentHeader, columns: commentColumns });
  }
  await workbook.commit();
}

/**
 * The workbook as a web stream, for `new Response(workbookStream(input))`. A failure errors the
 * stream, so the download breaks off instead of ending as a whole-looking file; cancelling it
 * stops the passes over the answers.
 */
export function workbookStream(input: ExportInput, options: WorkbookOptions = {}): ReadableStream<Uint8Array> {
  let output: Writable | undefined;
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>({
    async start() {
      const { PassThrough } = await import('node:stream');
      const through = new PassThrough();
      output = through;
      chunks = through[Symbol.asyncIterator]();
      writeWorkbook(input, through, options).catch((error: unknown) => through.destroy(error as Error));
    },
    async pull(controller) {
      const { value, done } = await chunks!.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      output?.destroy();
      await chunks?.return?.();
    },
  });
}
