/** SQLSTATE classes 22 (data exception) and 23 (integrity): this input can never be stored. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

const ATTEMPTS = 5;

/**
 * Runs one statement, again when a deadlock or serialization failure rolled it back: then it is
 * safe to repeat. Two unique indexes (id, invitation) can make concurrent batches lock in turn.
 */
export async function retried<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

const FIRST = Date.UTC(1970, 0, 1);
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The years PostgreSQL and JavaScript agree on (1970–9999), as for `submittedAt`. */
export const inRange = (date: Date) => date.getTime() >= FIRST && date.getTime() <= LAST;

/**
 * A bound of a time range as a query parameter, kept within the years answers can have
 * (1970–9999): the end of a period on 9999-12-31 is in the year 10000, which JavaScript writes
 * as "+010000-…" and the database cannot read.
 */
export const sqlTime = (date: Date) => new Date(Math.min(Math.max(date.getTime(), FIRST), LAST)).toISOString();

/** A timestamp as the API gives it: UTC with milliseconds. */
export const iso = (value: Date | string) => new Date(value).toISOString();
