import type { SendResult } from './transport.js';

/** Delivery timings; every wait is capped so a kiosk notices a returning network quickly. */
export const RETRY = {
  /** First backoff after a failure. */
  baseMs: 1000,
  /** Longest backoff between attempts (RELIABILITY S14). */
  maxBackoffMs: 5 * 60_000,
  /** ± share of random jitter, so a fleet of kiosks does not stampede a recovering endpoint. */
  jitter: 0.2,
  /** Longest `Retry-After` honoured (S3). */
  maxRetryAfterMs: 60 * 60_000,
  /** Consecutive server errors after which the queue is "stalled" and tried hourly (S15). */
  stallAfter: 20,
  stalledMs: 60 * 60_000,
  /** How long a paused queue (401/403/404/405/410/415, redirect) waits before trying once more. */
  pausedMs: 60 * 60_000,
} as const;

/** What the outbox does after one request. */
export type Decision =
  /** Transient: keep everything, wait, try again. */
  | { kind: 'retry'; waitMs?: number; serverError: boolean; reason: string }
  /** The endpoint itself is wrong or refuses us: keep everything, stop until config changes. */
  | { kind: 'pause'; reason: string; status?: number }
  /** The endpoint refused this batch as such: send smaller batches; a single item is dead. */
  | { kind: 'split'; reason: string; status: number };

// 405 and 415 say the URL takes no JSON POST (a static page, a mistyped path): no answer of
// ours would ever get through, so none must become a dead letter for it (S8).
const PAUSE_STATUSES = new Set([401, 403, 404, 405, 410, 415]);

/** Classifies a failed send by RELIABILITY.md's contract. */
export function decide(result: Exclude<SendResult, { ok: true }>): Decision {
  const { status } = result;
  const described = status ? `${result.reason} ${status}` : result.reason;
  if (result.reason === 'redirect') return { kind: 'pause', reason: 'the endpoint redirects', status };
  if (status !== undefined && PAUSE_STATUSES.has(status)) return { kind: 'pause', reason: described, status };
  if (result.reason === 'http' && status !== undefined && !result.retryable) {
    return { kind: 'split', reason: described, status };
  }
  // A custom transport's wait is capped like a header's.
  const waitMs = result.retryAfterMs === undefined ? undefined : Math.min(result.retryAfterMs, RETRY.maxRetryAfterMs);
  return { kind: 'retry', waitMs, serverError: (status ?? 0) >= 500, reason: described };
}

/**
 * Backoff after `failures` consecutive failures: 1 s, 2 s, 4 s … capped at 5 min, ±20 % jitter.
 * @param random - a number in [0, 1), injectable for tests
 */
export function backoffMs(failures: number, random: number = Math.random()): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const plain = Math.min(RETRY.baseMs * 2 ** exponent, RETRY.maxBackoffMs);
  const jittered = plain * (1 - RETRY.jitter + 2 * RETRY.jitter * random);
  return Math.round(Math.min(jittered, RETRY.maxBackoffMs));
}

/**
 * Reads `Retry-After` (seconds or an HTTP date) as a wait in ms, capped at an hour. A garbage,
 * negative or past value gives undefined, so normal backoff applies.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
    ms = at - nowMs;
  }
  if (!(ms > 0)) return undefined;
  return Math.min(ms, RETRY.maxRetryAfterMs);
}
