// Numbers, dates and period names in the reader's language, with Intl. Pure.
import type { Count, ReportMessages } from '../../i18n/report-messages.js';
import type { Period } from '../../report/period.js';

export interface ReportFormat {
  /** 63.6 → "63,60%" (nl). */
  percent(value: number): string;
  /** A score out of 5 or an NPS: 3.6 → "3,60". */
  figure(value: number): string;
  /** A change, always signed: 0.25 → "+0,25", 0 → "0,00". */
  change(value: number): string;
  count(value: number): string;
  /** A count for a message: the number and its text. */
  amount(value: number): Count;
  /** An ISO instant as a date and time in `timeZone`. */
  dateTime(iso: string, timeZone: string): string;
  /** "1e halfjaar 2026", "maart 2026", "2026", or a range of days. */
  period(period: Period): string;
  /** A day (YYYY-MM-DD): "15 jan 2026". */
  day(day: string): string;
  /** A respondent's language by name, "fr-BE" → "Frans"; undefined for a tag Intl cannot name. */
  language(tag: string): string | undefined;
}

const UTC_DAY = (day: string) => new Date(`${day}T00:00:00Z`);

/** "1e halfjaar 2026", "maart 2026", "2026", or a range of days, with the formats of `reportFormat`. */
function periodName({ preset, from, to }: Period, m: ReportMessages, month: Intl.DateTimeFormat, days: Intl.DateTimeFormat): string {
  const year = Number(from.slice(0, 4));
  const number = Math.floor((Number(from.slice(5, 7)) - 1) / (preset === 'quarter' ? 3 : 6)) + 1;
  if (preset === 'month') return month.format(UTC_DAY(from));
  if (preset === 'quarter' || preset === 'half-year') return m.periodNumber(preset, number, year);
  if (preset === 'year') return String(year);
  return days.formatRange(UTC_DAY(from), UTC_DAY(to));
}

/** Formatters for `locale` (an Intl locale list: the page's tag first, the messages' language next). */
export function reportFormat(locale: string[], m: ReportMessages): ReportFormat {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const figure = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const change = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const languages = new Intl.DisplayNames(locale, { type: 'language', fallback: 'none' });
  return {
    // The report's percentages have 2 decimals; dividing first keeps Intl's own percent sign and spacing.
    percent: value => percent.format(value / 100),
    figure: value => figure.format(value),
    change: value => change.format(value),
    count: value => count.format(value),
    amount: value => ({ n: value, text: count.format(value) }),
    dateTime: (iso, timeZone) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)),
    period: period => periodName(period, m, month, days),
    day: day => days.format(UTC_DAY(day)),
    // The language alone: whoever calls back needs French, not Belgian French.
    language: tag => {
      try {
        return languages.of(tag.split('-')[0]!);
      } catch {
        return undefined; // not a language tag
      }
    },
  };
}
