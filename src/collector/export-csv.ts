// `GET /api/export.csv`: the raw answers (the columns of the workbook's "Antwoorden" sheet) in the
// dialect Excel opens right in Belgium and the Netherlands: UTF-8 with a BOM, `;` between fields,
// CRLF line ends, RFC 4180 quoting, and no cell that Excel would run as a formula.
import { formatWallClock } from './export-time.js';
import { contextKeysOf, exportTable, passes, type ExportCell, type ExportInput } from './export-table.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
/** `;` is the list separator of Dutch, Belgian, French and German Excel, which split a CSV on it. */
export const CSV_DELIMITERS = [';', ','] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface CsvOptions {
  delimiter?: CsvDelimiter;
}

const BOM = '\uFEFF';
const CHUNK_CHARS = 64 * 1024;

/**
 * One field: a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so a
 * spreadsheet shows it as text instead of running it (OWASP "CSV injection"); a field with the
 * delimiter, a quote or a line break is quoted, quotes doubled (RFC 4180).
 */
export function csvField(cell: ExportCell, delimiter: CsvDelimiter = ';'): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (cell instanceof Date) return formatWallClock(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: readonly ExportCell[], delimiter: CsvDelimiter) => `${cells.map(cell => csvField(cell, delimiter)).join(delimiter)}\r\n`;

/**
 * The CSV as text chunks of about 64 KiB: the BOM and header first, then one line per answer.
 * Reads `input.responses()` once, or twice when `input.contextKeys` is not given.
 */
export async function* csvChunks(input: ExportInput, options: CsvOptions = {}): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ';';
  const pass = passes(input);
  const table = exportTable(input, await contextKeysOf(input, pass));
  let chunk = BOM + csvLine(table.answerHeader, delimiter);
  for await (const response of pass()) {
    chunk += csvLine(table.answerRow(response), delimiter);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * The CSV as a UTF-8 web stream, for `new Response(writeCsv(input))`. It reads on demand, so a
 * slow download slows the database reads; cancelling it ends them.
 */
export function writeCsv(input: ExportInput, options: CsvOptions = {}): ReadableStream<Uint8Array> {
  const chunks = csvChunks(input, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
