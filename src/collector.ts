// `feedback-loop/collector`: the reference collector for Node (and any runtime with Request and
// Response). Nothing here enters the browser bundle.
export { readConfig, type CollectorConfig } from './collector/config.js';
export { COLLECTOR_DEFAULTS, createHandler, type CollectorOptions, type FetchHandler } from './collector/handler.js';
export { InvitationKeyError } from './collector/invitation-key.js';
export { migrate, MIGRATIONS, type MigrateOptions, type Migration } from './collector/migrations.js';
export { openPgliteStore } from './collector/pglite-store.js';
export { openPostgresStore, type PostgresOptions } from './collector/postgres-store.js';
export { checkRecord, indexSurveys, type CheckedRecord, type SurveyIndex } from './collector/record-check.js';
export {
  CONTACT_PURGE_INTERVAL_MS,
  loadScopes,
  loadSurveys,
  openCollector,
  startCollector,
  type Collector,
  type OpenOptions,
} from './collector/server.js';
export { parseScopes, type ReportScope } from './collector/report-scope.js';
export { SqlStore } from './collector/sql-store.js';
export {
  SurveyConflictError,
  type CollectorStore,
  type CommentQuery,
  type ContactQuery,
  type CountQuery,
  type Counts,
  type DayCount,
  type InsertReport,
  type InvitationBatch,
  type InvitationResult,
  type ResponseQuery,
  type ShownItem,
  type Sql,
  type StoredComment,
  type StoredContact,
  type StoredResponse,
} from './collector/store.js';
export { collectorReport, type ReportResult } from './collector/report-service.js';
export { CSV_CONTENT_TYPE, writeCsv, type CsvDelimiter } from './collector/export-csv.js';
export { EXPORT_LOCALES, type ExportLocale } from './collector/export-labels.js';
export type { ExportComment, ExportInput, ExportResponse, ResponseSource } from './collector/export-table.js';
export { workbookStream, writeWorkbook, XLSX_CONTENT_TYPE } from './collector/export-xlsx.js';
