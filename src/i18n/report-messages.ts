// The strings of <feedback-report>, in a table of their own so the survey's locale files (and
// the survey bundle) do not grow. Resolution is the survey's: region, then language, then English.
import type { Preset } from '../report/period.js';
import { languageTag } from './language-tag.js';
import { de } from './report-locales/de.js';
import { en } from './report-locales/en.js';
import { fr } from './report-locales/fr.js';
import { nl } from './report-locales/nl.js';

/** A number for a message: `n` chooses the plural, `text` is what is shown (Intl-formatted, "1.262"). */
export interface Count {
  n: number;
  text: string;
}

/** Every string the report element shows. Parameterised strings are functions, so plurals live in code. */
export interface ReportMessages {
  /** Language tag, e.g. `nl`. */
  $code: string;
  $dir: 'ltr' | 'rtl';
  /** Heading when the survey has no title. */
  title: string;
  /** Name of the control group. */
  controls: string;
  periodKind: string;
  preset: (preset: Preset) => string;
  custom: string;
  period: string;
  /** A calendar quarter or half-year: `number` counts from 1 within `year`. */
  periodNumber: (preset: 'quarter' | 'half-year', number: number, year: number) => string;
  /** A label's colon and space before its value: French puts a no-break space before it. */
  colon: string;
  /** After a period that has not ended: its figures hold the answers up to and including `through` (a date). */
  periodRunning: (through: string) => string;
  from: string;
  to: string;
  customInvalid: string;
  channel: string;
  allChannels: string;
  channelName: (channel: string) => string;
  breakdown: string;
  noBreakdown: string;
  /** `channel` or a context key such as `office`. */
  breakdownBy: (key: string) => string;
  /** A context key as a label, e.g. `Kantoor` for `office`. */
  contextName: (key: string) => string;
  /** A breakdown value that answers did not have, e.g. answers without an office. */
  noValue: string;
  answers: (count: Count) => string;
  previousAnswers: (count: Count) => string;
  /** Caption of a table: the cut (all answers, a channel, an office) and the period. */
  caption: (what: string, cut: string, period: string, previous: string | undefined) => string;
  allAnswers: string;
  satisfaction: string;
  question: string;
  satisfied: string;
  neutral: string;
  dissatisfied: string;
  score: string;
  count: string;
  previousScore: string;
  change: string;
  nps: string;
  promoters: string;
  passives: string;
  detractors: string;
  npsScore: string;
  /**
   * Heading of the improvement points, saying the rule: the rating questions with the lowest score
   * out of 5 (of the total this period, as the summary above it), lowest first.
   */
  improvementPoints: string;
  direction: (direction: 'better' | 'worse' | 'same') => string;
  /** A cut below the minimum count: counts only. */
  tooFew: (minCount: number) => string;
  noAnswersShort: string;
  tooFewShort: string;
  /** A cut with enough answers, hidden because the other cuts would give a small one away. */
  protectsSmaller: string;
  noComparison: string;
  responseRate: string;
  /** "11,33% (143 antwoorden op 1.262 uitnodigingen; vorige periode: 10,75%)". */
  rate: (percent: string, answers: Count, shown: Count, invited: Count, previous: string | undefined) => string;
  empty: string;
  loading: string;
  loaded: (answers: Count) => string;
  noToken: string;
  errorUnauthorized: string;
  /** The report's answer is not a report. */
  errorInvalid: string;
  /** The answer of the comments or the call-back requests cannot be read: not the report's. */
  errorAnswer: string;
  /** An error status of the report's own request. */
  errorHttp: (status: number) => string;
  /** An error status of the comments, call-back requests or an export: not the report's. */
  errorStatus: (status: number) => string;
  errorNetwork: string;
  errorEndpoint: string;
  retry: string;
  comments: string;
  commentsSearch: string;
  commentsNone: string;
  commentsShown: (count: Count, more: boolean) => string;
  commentsMore: string;
  commentsFailed: string;
  contacts: string;
  contactsNote: string;
  contactsNone: string;
  /** Before the reason, when the call-back requests could not be loaded. */
  contactsFailed: string;
  contactEmail: string;
  contactPhone: string;
  contactHandled: string;
  /** Announced once a contact request is marked handled. */
  contactDone: string;
  /** Before the reason, when marking a request handled failed: it stays on the list. */
  contactNotSaved: string;
  exportTitle: string;
  exportXlsx: string;
  exportCsv: string;
  exporting: string;
  exportFailed: string;
  /** `export.xlsx` answered 501: the collector has no exceljs, the CSV export still works. */
  exportNoXlsx: string;
}

export type ReportMessageOverrides = Partial<ReportMessages>;

/** Dutch: the agencies' staff read the report in it; used when the page sets no language at all. */
export const DEFAULT_REPORT_LOCALE = 'nl';
const FALLBACK = 'en';
const locales = new Map<string, ReportMessages>([nl, fr, de, en].map(m => [m.$code, m]));

/**
 * Adds or replaces a report locale (another language than the four built in). A text it lacks (one
 * added in a later version, from plain JavaScript), or gives as a string where a function is
 * expected (a translation file read from JSON), comes from the locale it falls back to: the one it
 * replaces, its language, else English. Never a crash.
 */
export function registerReportLocale(messages: ReportMessages): void {
  const code = String(messages?.$code ?? '').trim();
  languageTag(code, 'registerReportLocale');
  locales.set(code.toLowerCase(), withReportOverrides(resolveReportMessages(code), { ...messages, $code: code }));
}

/** Region, then language, then English; no language at all gives Dutch. */
export function resolveReportMessages(lang: string | undefined): ReportMessages {
  const wanted = (lang ?? DEFAULT_REPORT_LOCALE).trim().toLowerCase();
  return locales.get(wanted) ?? locales.get(wanted.split('-')[0] ?? '') ?? locales.get(FALLBACK)!;
}

/** A locale with single-string overrides; an override of the wrong type is ignored. */
export function withReportOverrides(messages: ReportMessages, overrides?: ReportMessageOverrides): ReportMessages {
  if (!overrides) return messages;
  const valid = Object.entries(overrides).filter(([key, value]) => typeof value === typeof messages[key as keyof ReportMessages]);
  return { ...messages, ...Object.fromEntries(valid) };
}
