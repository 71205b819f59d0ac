export interface RateLimitOptions {
  /** Requests a client may make per minute, and in one burst. */
  perMinute: number;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
  /** Buckets kept at most; the longest idle are forgotten first. */
  maxClients?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client key (PostHog's and Segment's choice): a burst of `perMinute`, refilled
 * evenly. Kept in memory, so each collector instance limits on its own.
 */
export function createRateLimiter({ perMinute, now = () => performance.now(), maxClients = 10_000 }: RateLimitOptions) {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  return function take(client: string): RateDecision {
    const time = now();
    const previous = buckets.get(client);
    const tokens = previous ? Math.min(perMinute, previous.tokens + (time - previous.at) * refillPerMs) : perMinute;
    buckets.delete(client); // re-inserted last: the Map's order is least recently seen first
    if (tokens < 1) {
      buckets.set(client, { tokens, at: time });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };
    }
    buckets.set(client, { tokens: tokens - 1, at: time });
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    return { ok: true };
  };
}
