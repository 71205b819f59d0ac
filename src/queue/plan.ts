import * as z from 'zod/mini';
import type { ItemResult } from '../schema/ack.js';
import type { Change, Entry, Scan } from './outbox-store.js';
import type { Decision } from './policy.js';
import {
  FORMAT_VERSION,
  LEASE_PREFIX,
  LeaseSchema,
  readItem,
  toDeadLetter,
  WAIT_KEY,
  type DeadLetter,
  type Lease,
  type QueuedItem,
  type Wait,
} from './stored-item.js';

// Pure planning of the outbox's two atomic steps: claim a batch, settle its outcome. The stores
// apply the returned writes in one transaction each.

export interface ClaimContext {
  now: number;
  owner: string;
  leaseMs: number;
  limit: number;
  endpoint: string;
  /** Longest a stored wait may still last; anything further away is a clock jump (S34). */
  maxWaitMs: number;
  /** Ids this tab has on their way or not yet settled: never claimed again meanwhile (S11). */
  inFlight?: { has(id: string): boolean };
  /** Key of the lease record this claim writes (unique per batch of this owner). */
  lease: string;
  /**
   * The store is full (quota) and takes no writes, only reads and deletes: claim without a lease
   * record and leave unreadable entries where they are. The flush lock alone keeps other tabs off.
   */
  drainOnly?: boolean;
}

export interface Claim {
  items: QueuedItem[];
  dead: DeadLetter[];
  /** Set when the whole queue must wait (Retry-After or a pause shared by every tab). */
  wait?: Wait;
  /** Earliest end of a lease held by another tab (which may have died): look again then. */
  leaseEnds?: number;
  /** The lease record written for `items`; its settle deletes it. */
  lease?: string;
  /** When that lease ends. */
  leaseUntil?: number;
}

interface LeaseClock {
  now: number;
  leaseMs: number;
}

/** A lease further away than one lease length comes from a clock jump: treated as expired (S34). */
function isLive(until: number, clock: LeaseClock): boolean {
  return until > clock.now && until - clock.now <= clock.leaseMs;
}

export interface Leases {
  /** Item key → end of the live lease another owner holds on it. */
  foreign: Map<string, number>;
  /** Lease records that ran out or cannot be read: deleted by the claim that finds them. */
  stale: string[];
  /** Keys of the live lease records of `owner`. */
  own: Set<string>;
}

/** The lease records among `meta` entries, as seen by `owner`. */
export function readLeases(meta: Entry[], owner: string, clock: LeaseClock): Leases {
  const leases: Leases = { foreign: new Map(), stale: [], own: new Set() };
  for (const [key, raw] of meta) {
    if (!key.startsWith(LEASE_PREFIX)) continue;
    const parsed = z.safeParse(LeaseSchema, raw);
    // A newer widget's lease is honoured while live, but never deleted here: its format is not ours.
    const version = (raw as { v?: unknown } | null)?.v;
    const ours = !(typeof version === 'number' && version > FORMAT_VERSION);
    if (!parsed.success || !isLive(parsed.data.until, clock)) {
      if (ours) leases.stale.push(key);
    } else if (parsed.data.owner === owner) leases.own.add(key);
    else for (const item of parsed.data.keys) leases.foreign.set(item, Math.min(leases.foreign.get(item) ?? Infinity, parsed.data.until));
  }
  return leases;
}

/** End of the live lease another owner holds on `item` (a claim's record or a commit's own), if any. */
export function foreignLeaseEnd(item: QueuedItem, leases: Leases, ctx: { owner: string } & LeaseClock): number | undefined {
  const recorded = leases.foreign.get(item.key);
  if (recorded !== undefined) return recorded;
  // The lease taken at commit sits on the item itself; this tab's own never keeps it from sending.
  if (item.leaseOwner === ctx.owner || item.leaseUntil === undefined) return undefined;
  return isLive(item.leaseUntil, ctx) ? item.leaseUntil : undefined;
}

/**
 * Picks the oldest unleased items and leases them with one lease record; unreadable values become
 * dead letters; lease records that ran out are deleted.
 */
export function planClaim([queued = [], meta = []]: Entry[][], ctx: ClaimContext): Change<Claim> {
  const wait = meta.find(([key]) => key === WAIT_KEY)?.[1] as Wait | undefined;
  if (wait && wait.until > ctx.now) {
    if (wait.until - ctx.now <= ctx.maxWaitMs) return { result: { items: [], dead: [], wait } };
    const clamped = { ...wait, until: ctx.now + ctx.maxWaitMs };
    return { put: ctx.drainOnly ? [] : [[WAIT_KEY, clamped]], result: { items: [], dead: [], wait: clamped } };
  }
  const leases = readLeases(meta, ctx.owner, ctx);
  const items: QueuedItem[] = [];
  const dead: DeadLetter[] = [];
  const deadKeys: string[] = [];
  let leaseEnds: number | undefined;
  for (const [key, raw] of queued) {
    if (items.length >= ctx.limit) break;
    const read = readItem(key, raw);
    if (read.kind === 'newer') continue;
    if (read.kind === 'corrupt') {
      if (ctx.drainOnly) continue; // a dead letter is a write: it waits until the store has room
      dead.push(toDeadLetter(key, raw, { reason: read.reason, endpoint: ctx.endpoint, now: ctx.now }));
      deadKeys.push(key);
      continue;
    }
    if (read.item.endpoint !== ctx.endpoint) continue; // captured for another endpoint: never re-routed silently (S39)
    if (ctx.inFlight?.has(read.item.record.id)) continue;
    const leasedUntil = foreignLeaseEnd(read.item, leases, ctx);
    if (leasedUntil !== undefined) leaseEnds = Math.min(leaseEnds ?? Infinity, leasedUntil);
    else items.push(read.item);
  }
  if (ctx.drainOnly) return { delete: leases.stale, result: { items, dead, ...(leaseEnds === undefined ? {} : { leaseEnds }) } };
  const lease: Lease = { v: FORMAT_VERSION, owner: ctx.owner, until: ctx.now + ctx.leaseMs, keys: items.map(item => item.key) };
  return {
    put: [...(items.length > 0 ? [[ctx.lease, lease] as Entry] : []), ...dead.map((d): Entry => [d.key, d])],
    delete: [...deadKeys, ...leases.stale],
    result: {
      items,
      dead,
      ...(leaseEnds === undefined ? {} : { leaseEnds }),
      ...(items.length > 0 ? { lease: ctx.lease, leaseUntil: lease.until } : {}),
    },
  };
}

/** How one request ended, per item. */
export type Outcome =
  /** `status`: the HTTP status of a 4xx that named its refused records. */
  | { kind: 'acknowledged'; results: Map<string, ItemResult>; status?: number }
  | { kind: 'failed'; decision: Decision };

export interface Settled {
  delivered: string[];
  /** Of `delivered`: settled without being stored, the endpoint holds an answer for the invitation. */
  alreadyReceived: string[];
  dead: DeadLetter[];
  /** Items sent back to the queue unacknowledged. */
  released: number;
  /** Ids refused while the store was full: left queued, as their dead letter is a write (drain-only). */
  kept: string[];
}

export interface SettleContext {
  now: number;
  owner: string;
  endpoint: string;
  leaseMs: number;
  /** The claim's lease record, deleted by this settle; absent for answers sent under their commit lease. */
  lease?: string;
  /** Count this as a failed attempt on the released items. */
  countAttempt: boolean;
  failure?: string;
  /** Dead-letter a lone item the endpoint refused (split of a single item). */
  deadReason?: { reason: string; status?: number };
  /** The store takes no writes (see `ClaimContext`): only acknowledged items are deleted. */
  drainOnly?: boolean;
}

function isDelivered(result: ItemResult | undefined): boolean {
  return result?.status === 'accepted' || result?.status === 'duplicate' || result?.status === 'already-received';
}

/**
 * What a settle must read in its transaction: the sent items that were not acknowledged (those
 * are only deleted; skipping their reads saves a flush about a quarter of its IndexedDB time) and,
 * when there are any, the lease records that say whether they are still this tab's.
 */
export function settleReads(sent: QueuedItem[], outcome: Outcome): Scan[] {
  const results = outcome.kind === 'acknowledged' ? outcome.results : undefined;
  const keys = sent.filter(item => !isDelivered(results?.get(item.record.id))).map(item => item.key);
  return keys.length === 0 ? [] : [...keys.map(key => ({ key })), { prefix: LEASE_PREFIX }];
}

/**
 * Removes what was acknowledged, dead-letters what was refused, hands the rest back and ends the
 * claim's lease. `current`: the stored values `settleReads` named, as read in the same transaction.
 */
export function planSettle(current: ReadonlyMap<string, unknown>, sent: QueuedItem[], outcome: Outcome, ctx: SettleContext): Change<Settled> {
  const settled: Settled = { delivered: [], alreadyReceived: [], dead: [], released: 0, kept: [] };
  const put: Entry[] = [];
  const remove: string[] = ctx.lease ? [ctx.lease] : [];
  const leases = readLeases([...current], ctx.owner, ctx);
  // Still this tab's: its lease record was not ended by a claim that found it run out (that claim
  // may have taken the items), or, sent under the commit lease, no other tab has leased it since.
  const holds = (item: QueuedItem) =>
    foreignLeaseEnd(item, leases, ctx) === undefined && (ctx.lease ? leases.own.has(ctx.lease) : item.leaseOwner === ctx.owner);
  for (const item of sent) {
    const stored = current.get(item.key);
    const read = stored === undefined ? undefined : readItem(item.key, stored);
    const mine = read?.kind === 'item' && holds(read.item) ? read.item : undefined;
    const result = outcome.kind === 'acknowledged' ? outcome.results.get(item.record.id) : undefined;
    if (isDelivered(result)) {
      settled.delivered.push(item.record.id);
      if (result!.status === 'already-received') settled.alreadyReceived.push(item.record.id);
      remove.push(item.key);
    } else if (ctx.drainOnly) {
      if (result?.status === 'rejected' || ctx.deadReason) settled.kept.push(item.record.id);
      else settled.released++;
    } else if (result?.status === 'rejected' || ctx.deadReason) {
      const status = outcome.kind === 'acknowledged' ? outcome.status : undefined;
      const fault = result ? { reason: result.reason ?? 'rejected by the endpoint', ...(status ? { status } : {}) } : ctx.deadReason!;
      // The refused send counts as an attempt.
      const base = mine ?? item;
      const letter = toDeadLetter(item.key, { ...base, attempts: base.attempts + 1 }, { ...fault, endpoint: ctx.endpoint, now: ctx.now });
      settled.dead.push(letter);
      remove.push(item.key);
      put.push([letter.key, letter]);
    } else if (mine) {
      // Not acknowledged: back in the queue for a later attempt, with the same bytes. Rewritten
      // only when something changed (an attempt, a failure, the commit lease to drop).
      const { leaseOwner, leaseUntil: _u, ...rest } = mine;
      const attempts = rest.attempts + (ctx.countAttempt ? 1 : 0);
      if (attempts !== mine.attempts || ctx.failure || leaseOwner !== undefined) {
        put.push([item.key, { ...rest, attempts, ...(ctx.failure ? { lastFailure: ctx.failure } : {}) }]);
      }
      settled.released++;
    }
  }
  return { put, delete: remove, result: settled };
}

/**
 * Extends a claim's lease to `until`, if the lease record is still there: a claim by another tab
 * that found it run out deletes it in the same step as it takes the answers, so a missing record
 * means the batch may be someone else's now and must not be sent.
 */
export function planRenew([found = []]: Entry[][], until: number): Change<boolean> {
  const [entry] = found; // under this tab's own key: only ever written by this tab
  return entry ? { put: [[entry[0], { ...(entry[1] as Lease), until }]], result: true } : { result: false };
}
