import { mintId } from '../schema/mint-id.js';
import { isQuotaError } from './idb.js';
import { write, type OutboxStore } from './outbox-store.js';

/** A commit that takes longer is not trusted; the answer goes to memory instead (S30). */
export const COMMIT_TIMEOUT_MS = 3000;

/** A test write and delete: throws while the store is still full (or broken). */
export async function provesWritable(store: OutboxStore): Promise<void> {
  const key = `m:probe:${mintId()}`;
  await write(store, 'probe', { put: [[key, { at: Date.now() }]] });
  await write(store, 'probe', { delete: [key] });
}

/** A quota error, and a test write fails too: one refused write alone does not make a disk full. */
export function confirmsFull(store: OutboxStore, error: unknown): Promise<boolean> {
  if (!isQuotaError(error)) return Promise.resolve(false);
  return provesWritable(store).then(() => false, isQuotaError);
}

export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message ? `${error.name}: ${error.message}` : error.name; // Chromium's QuotaExceededError has none
}

export function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new DOMException('storage did not answer', 'TimeoutError')), ms)),
  ]);
}
