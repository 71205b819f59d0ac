import * as z from 'zod/mini';
import { lazySchema } from '../schema/lazy-schema.js';
import { FeedbackRecordSchema, type FeedbackRecord } from '../schema/record.js';

/** Format of what the outbox writes; bump it with a migration in `MIGRATIONS`. */
export const FORMAT_VERSION = 1;

/** Key prefixes: queued items sort by commit time, dead letters by id, metadata apart. */
export const PREFIX = { queued: 'q:', dead: 'd:', meta: 'm:' } as const;
export const WAIT_KEY = `${PREFIX.meta}wait`;

/** An answer waiting for its endpoint's acknowledgement. */
export const QueuedItemSchema = lazySchema(() =>
  z.object({
    v: z.literal(FORMAT_VERSION),
    key: z.string(),
    /** The endpoint the answer was captured for; it is never sent anywhere else (S39). */
    endpoint: z.string(),
    record: FeedbackRecordSchema,
    /** Device time of the commit (ms); only for ordering and display, never for expiry. */
    queuedAt: z.number(),
    attempts: z.int(),
    lastFailure: z.optional(z.string()),
    leaseOwner: z.optional(z.string()),
    leaseUntil: z.optional(z.number()),
  }),
);
export type QueuedItem = z.infer<typeof QueuedItemSchema>;

/** Key prefix of the lease records a claim writes (one per claimed batch). */
export const LEASE_PREFIX = `${PREFIX.meta}lease:`;

/**
 * A claimed batch belongs to `owner` until `until`: one record per batch instead of a rewrite of
 * every item (a claim of 100 answers writes ~5 kB in ~3 ms instead of 100 values in ~12 ms).
 */
export const LeaseSchema = lazySchema(() =>
  z.object({
    /** FORMAT_VERSION when written here; a newer widget's lease is still read for its ids and end. */
    v: z.number(),
    owner: z.string(),
    until: z.number(),
    keys: z.array(z.string()),
  }),
);
export type Lease = z.infer<typeof LeaseSchema>;

export function leaseKey(owner: string, batch: number): string {
  return `${LEASE_PREFIX}${owner}:${batch}`;
}

/** An answer the endpoint refused, or a stored value that could not be read. Kept until discarded. */
export interface DeadLetter {
  v: typeof FORMAT_VERSION;
  key: string;
  id: string;
  endpoint: string;
  /** The answer, when it could be read. */
  record?: FeedbackRecord;
  /** The stored value as found, when it could not be read as an answer. */
  raw?: unknown;
  reason: string;
  status?: number;
  attempts: number;
  deadAt: number;
}

/**
 * Reads a stored dead letter, never throwing on garbage (S32): one whose id, endpoint, time or
 * answer cannot be read (a damaged value, another format) is listed with the value as found, so
 * it can be exported and discarded, never sent.
 */
export function readDeadLetter(key: string, value: unknown): DeadLetter {
  const letter = value as Partial<DeadLetter> | null;
  const readable =
    typeof letter?.id === 'string' &&
    typeof letter.endpoint === 'string' &&
    typeof letter.deadAt === 'number' &&
    (letter.record === undefined || z.safeParse(FeedbackRecordSchema, letter.record).success);
  if (readable) return { ...(letter as DeadLetter), key };
  return { v: FORMAT_VERSION, key, id: key.slice(PREFIX.dead.length), endpoint: '', raw: value, reason: 'unreadable dead letter', attempts: 0, deadAt: 0 };
}

/** Queue-wide wait shared by every tab: `Retry-After`, backoff, or a pause. */
export interface Wait {
  until: number;
  kind: 'retry-after' | 'paused';
  reason: string;
}

export function queuedKey(queuedAt: number, id: string): string {
  return `${PREFIX.queued}${String(Math.max(0, Math.floor(queuedAt))).padStart(15, '0')}:${id}`;
}

/** The answer id a queued or dead-letter key ends with. */
export function idOfKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

export function deadKey(id: string): string {
  return `${PREFIX.dead}${id}`;
}

/** A new queued item; `lease` lets the committing tab keep it to itself for a while. */
export function newItem(
  record: FeedbackRecord,
  endpoint: string,
  now: number,
  lease?: { owner: string; until: number },
): QueuedItem {
  const item: QueuedItem = { v: FORMAT_VERSION, key: queuedKey(now, record.id), endpoint, record, queuedAt: now, attempts: 0 };
  return lease ? { ...item, leaseOwner: lease.owner, leaseUntil: lease.until } : item;
}

/** The item without the lease taken at commit: any tab may claim it now. */
export function unleased(item: QueuedItem): QueuedItem {
  const { leaseOwner: _o, leaseUntil: _u, ...rest } = item;
  return rest;
}

/** Older formats, upgraded on read. v1 is the first format, so there is nothing to upgrade yet. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

export type ReadItem =
  | { kind: 'item'; item: QueuedItem }
  /** Written by a newer widget: left alone for it to send. */
  | { kind: 'newer' }
  | { kind: 'corrupt'; reason: string };

/** Reads a stored value: migrates older formats, never throws on garbage (S32). */
export function readItem(key: string, raw: unknown): ReadItem {
  if (typeof raw !== 'object' || raw === null) return { kind: 'corrupt', reason: 'not an object' };
  let value = raw as Record<string, unknown>;
  const version = value.v;
  if (typeof version !== 'number') return { kind: 'corrupt', reason: 'no format version' };
  if (version > FORMAT_VERSION) return { kind: 'newer' };
  for (let v = version; v < FORMAT_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) return { kind: 'corrupt', reason: `format version ${version} cannot be upgraded` };
    value = migrate(value);
  }
  const parsed = z.safeParse(QueuedItemSchema, value);
  if (!parsed.success) return { kind: 'corrupt', reason: `unreadable answer: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  if (parsed.data.key !== key) return { kind: 'corrupt', reason: 'stored under another key' };
  return { kind: 'item', item: parsed.data };
}

/** Builds the dead letter for a queued value, keeping whatever could be read. */
export function toDeadLetter(
  key: string,
  raw: unknown,
  fault: { reason: string; status?: number; endpoint: string; now: number },
): DeadLetter {
  const read = readItem(key, raw);
  const item = read.kind === 'item' ? read.item : undefined;
  const guessedId = (raw as { record?: { id?: unknown } } | null)?.record?.id;
  const id = item?.record.id ?? (typeof guessedId === 'string' ? guessedId : key.slice(PREFIX.queued.length));
  return {
    v: FORMAT_VERSION,
    // An unreadable value keeps its queued key in its own: two may claim one id (or a refused
    // answer's), and under one key the last would replace the others.
    key: item ? deadKey(id) : `${deadKey(id)}|${key}`,
    id,
    endpoint: item?.endpoint ?? fault.endpoint,
    ...(item ? { record: item.record } : { raw }),
    reason: fault.reason,
    ...(fault.status ? { status: fault.status } : {}),
    attempts: item?.attempts ?? 0,
    deadAt: fault.now,
  };
}
