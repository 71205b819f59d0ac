import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';

/**
 * What an endpoint says about one record of a batch. `already-received`: the endpoint holds an
 * answer for this record's invitation token already; the record is settled and not stored.
 */
export const ITEM_STATUSES = ['accepted', 'duplicate', 'already-received', 'rejected'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The longest `reason` an acknowledgement carries; a longer one is cut there. */
export const REASON_MAX_LENGTH = 2000;

export const ItemResultSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    status: z.enum(ITEM_STATUSES),
    /** Why a record was rejected, in words a developer can act on. */
    reason: z.optional(z.string().check(z.maxLength(REASON_MAX_LENGTH))),
  }),
);

/**
 * The per-item acknowledgement an endpoint may answer with: `{"results":[{id,status,reason?}]}`.
 * Records it does not mention are not acknowledged and are sent again later.
 */
export const AckSchema = lazySchema(() => z.object({ results: z.array(ItemResultSchema) }));

export type ItemResult = z.infer<typeof ItemResultSchema>;
export type Ack = z.infer<typeof AckSchema>;
