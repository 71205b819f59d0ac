import * as z from 'zod/mini';
import { lazySchema } from '../schema/lazy-schema.js';
import { ItemResultSchema, type ItemResult } from '../schema/ack.js';
import type { Outcome } from './plan.js';
import { decide } from './policy.js';
import type { SendFailure } from './transport.js';

// A custom transport may answer anything: its result is checked here like any other input.
const SuccessSchema = lazySchema(() =>
  z.object({
    ok: z.literal(true),
    ids: z.optional(z.array(z.string())),
    results: z.optional(z.array(ItemResultSchema)),
    status: z.optional(z.int()),
  }),
);
const FailureSchema = lazySchema(() =>
  z.object({
    ok: z.literal(false),
    reason: z.enum(['network', 'timeout', 'http', 'not-acknowledged', 'aborted', 'redirect', 'headers']),
    retryable: z.boolean(),
    status: z.optional(z.int()),
    retryAfterMs: z.optional(z.number().check(z.minimum(0))),
  }),
);

const NOT_ACKNOWLEDGED: SendFailure = { ok: false, reason: 'not-acknowledged', retryable: true };

/** Turns what a transport returned (or threw) into per-item results or one decision. */
export function toOutcome(raw: unknown, ids: readonly string[]): { outcome: Outcome; failure?: SendFailure } {
  const failed = (failure: SendFailure) => ({ outcome: { kind: 'failed', decision: decide(failure) } as const, failure });
  const success = z.safeParse(SuccessSchema, raw);
  if (success.success) {
    const { ids: accepted, results, status } = success.data;
    if (!accepted && !results) return failed(NOT_ACKNOWLEDGED);
    // A UUID is the same in capitals (an endpoint that stores it as a GUID may answer so): the
    // result is filed under the id as sent, or the answer would be sent again for good.
    const wanted = new Map(ids.map(id => [id.toLowerCase(), id]));
    const map = new Map<string, ItemResult>();
    const file = (result: ItemResult) => {
      const id = wanted.get(result.id.toLowerCase());
      if (id !== undefined) map.set(id, { ...result, id });
    };
    for (const id of accepted ?? []) file({ id, status: 'accepted' });
    for (const result of results ?? []) file(result);
    return { outcome: { kind: 'acknowledged', results: map, ...(status ? { status } : {}) } };
  }
  const failure = z.safeParse(FailureSchema, raw);
  return failed(failure.success ? failure.data : NOT_ACKNOWLEDGED);
}
