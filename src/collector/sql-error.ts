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

/** A timestamp as the API gives it: UTC with milliseconds. */
export const iso = (value: Date | string) => new Date(value).toISOString();
