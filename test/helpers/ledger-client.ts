import { expect, waitUntil } from '@open-wc/testing';

// Talks to test/helpers/ledger-endpoint.mjs on the test server: a collector that deduplicates by
// id and keeps a ledger of every request, and answers as a per-key script says.

/** One step of a ledger script; see ledger-endpoint.mjs for what each does. */
export type LedgerStep =
  | { delayMs: number }
  | { reset: true }
  | { storeThenReset: true }
  | { rejectIds: string[] }
  | { html: true }
  | { redirect: true }
  | { truncate: true }
  | { status: number; headers?: Record<string, string>; body?: unknown; contentType?: string; store?: boolean };

export interface LedgerRequest {
  ids: string[];
  /** Path and query, as requested. */
  url: string;
  body: string;
  /** Length of the body in bytes, as received. */
  bytes: number;
  headers: Record<string, string>;
  contentType: string;
  cookie: string;
  at: number;
  /** Which script step answered it ('default' when none). */
  answer: string;
}

export interface Ledger {
  requests: LedgerRequest[];
  /** id → deliveries the collector stored (at most 1: it deduplicates). */
  accepted: Record<string, number>;
  /** id → requests that carried it. */
  received: Record<string, number>;
  /** Ids in flight right now, summed over requests. */
  inFlight: number;
  maxConcurrentPerId: number;
  concurrentViolations: Array<{ id: string; at: number }>;
  stepsLeft: number;
  /** Anonymous shown counts the element sent (`{"shown":[…]}` bodies), in arrival order. */
  shown: Array<{ id: string; surveyId: string; surveyVersion: number; channel: string; day: string }>;
}

/** A fresh ledger key: unique per test, so concurrent runs and tests never share a ledger. */
export function ledgerKey(label = 'e2e'): string {
  return `${label}-${crypto.randomUUID()}`;
}

/** The collector URL for `key`, relative to the test page. */
export function ledgerUrl(key: string): string {
  return `/api/ledger/${key}`;
}

/** Replaces the script of `key`: each collector request consumes one step. `[]` = normal again. */
export async function script(key: string, steps: LedgerStep[]): Promise<void> {
  const response = await fetch(`${ledgerUrl(key)}/script`, { method: 'POST', body: JSON.stringify(steps) });
  if (!response.ok) throw new Error(`ledger script for ${key} refused: ${response.status}`);
}

/** `n` copies of a step. */
export function times(n: number, step: LedgerStep): LedgerStep[] {
  return Array.from({ length: n }, () => step);
}

export async function read(key: string): Promise<Ledger> {
  const response = await fetch(ledgerUrl(key), { cache: 'no-store' });
  return (await response.json()) as Ledger;
}

/** Waits (bounded) until the collector has `predicate` true, and returns that ledger. */
export async function waitForLedger(key: string, predicate: (ledger: Ledger) => boolean, message = 'ledger condition', timeout = 3000): Promise<Ledger> {
  let last: Ledger | undefined;
  await waitUntil(
    async () => {
      last = await read(key);
      return predicate(last);
    },
    message,
    { timeout, interval: 25 },
  );
  return last!;
}

/** Waits until no request of `key` is still being answered (e.g. a slow one from a closed tab). */
export function settled(key: string, timeout?: number): Promise<Ledger> {
  return waitForLedger(key, ledger => ledger.inFlight === 0, 'the collector to finish its requests', timeout);
}

/**
 * The ledger invariant: each of `ids` was stored exactly once, nothing else was stored, and no id
 * was ever in flight twice at the same time.
 */
export async function expectExactlyOnce(key: string, ids: readonly string[]): Promise<Ledger> {
  const ledger = await read(key);
  expect(ledger.accepted, 'every id stored exactly once, and nothing else').to.deep.equal(Object.fromEntries(ids.map(id => [id, 1])));
  expectNoConcurrency(ledger);
  return ledger;
}

export function expectNoConcurrency(ledger: Ledger): void {
  expect(ledger.concurrentViolations, 'no id in flight twice at once').to.deep.equal([]);
  expect(ledger.maxConcurrentPerId).to.be.at.most(1);
}

/** Every request that carried `id`, in arrival order. */
export function requestsWith(ledger: Ledger, id: string): LedgerRequest[] {
  return ledger.requests.filter(request => request.ids.includes(id));
}
