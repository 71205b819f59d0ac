// The export routes' own URL parameters, `lang=` and `delimiter=`, read apart from the report's
// (`parseReportQuery` refuses parameters it does not know), and the download's file name.
import * as z from 'zod/mini';
import type { Report } from '../report/report-schema.js';
import { LocaleSchema } from '../schema/survey.js';
import { formatIssues, toIssues } from '../schema/validate.js';
import type { CsvDelimiter } from './export-csv.js';
import { EXPORT_LOCALES, type ExportLocale } from './export-labels.js';

const DELIMITERS: Record<string, CsvDelimiter> = { semicolon: ';', ';': ';', comma: ',', ',': ',' };

/** The built-in language a tag falls back to, such as `fr` for `fr-BE`. */
const languageOf = (tag: string) => tag.split('-')[0]!.toLowerCase();

const ExportParamsSchema = z.object({
  // A language tag as a record's `locale` (at most 35 characters), of a language the export has.
  lang: z.optional(
    z.pipe(
      LocaleSchema,
      z.string().check(z.refine(tag => (EXPORT_LOCALES as readonly string[]).includes(languageOf(tag)), `Use one of ${EXPORT_LOCALES.join(', ')}`)),
    ),
  ),
  delimiter: z.optional(z.string().check(z.refine(value => Object.hasOwn(DELIMITERS, value), 'Use semicolon or comma'))),
});

export interface ExportOptions {
  locale: ExportLocale;
  delimiter: CsvDelimiter;
}

export type ParsedExportParams = { ok: true; options: ExportOptions; report: URLSearchParams } | { ok: false; message: string };

/**
 * Reads `lang=nl|fr|de|en` (a region such as `nl-BE` is fine; default `nl`) and
 * `delimiter=semicolon|comma` (default semicolon) and returns the other parameters as `report`,
 * for `parseReportQuery`.
 */
export function parseExportParams(params: URLSearchParams): ParsedExportParams {
  const own: Record<string, string> = {};
  const report = new URLSearchParams();
  for (const [name, value] of params) {
    if (name !== 'lang' && name !== 'delimiter') report.append(name, value);
    else if (Object.hasOwn(own, name)) return { ok: false, message: `${name}: given twice` };
    else own[name] = value;
  }
  const parsed = z.safeParse(ExportParamsSchema, own);
  if (!parsed.success) return { ok: false, message: formatIssues(toIssues(parsed.error.issues)) };
  const { lang, delimiter } = parsed.data;
  const locale = (lang ? languageOf(lang) : 'nl') as ExportLocale;
  return { ok: true, options: { locale, delimiter: delimiter ? DELIMITERS[delimiter]! : ';' }, report };
}

/** `feedback-<survey>-<from>_<to>.xlsx`: ASCII only, safe in a Content-Disposition header. */
export function exportFileName(report: Report, extension: 'xlsx' | 'csv'): string {
  return `feedback-${report.surveyId}-${report.period.from}_${report.period.to}.${extension}`;
}
