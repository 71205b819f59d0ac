import type { ItemResult } from '../schema/ack.js';
import type { Change, Entry } from './outbox-store.js';
import type { Decision } from './policy.js';
import { readItem, toDeadLetter, WAIT_KEY, type DeadLetter, type QueuedItem, type Wait } from './stored-item.js';

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
}

export interface Claim {
  items: QueuedItem[];
  dead: DeadLetter[];
  /** Set when the whole queue must wait (Retry-After or a pause shared by every tab). */
  wait?: Wait;
  /** Earliest end of a lease held by another tab (which may have died): look again then. */
  leaseEnds?: number;
}

function isLeased(item: QueuedItem, ctx: ClaimContext): boolean {
  if (ctx.inFlight?.has(item.record.id)) return true;
  // This tab's own lease (taken at commit) does not keep this tab from sending.
  if (item.leaseOwner === ctx.owner) return false;
  const until = item.leaseUntil ?? 0;
  // A lease further away than one lease length comes from a clock jump: treat it as expired.
  return until > ctx.now && until - ctx.now <= ctx.leaseMs;
}

/** Picks the oldest unleased items and leases them; unreadable values become dead letters. */
export function planClaim([queued = [], meta = []]: Entry[][], ctx: ClaimContext): Change<Claim> {
  const wait = meta.find(([key]) => key === WAIT_KEY)?.[1] as Wait | undefined;
  if (wait && wait.until > ctx.now) {
    if (wait.until - ctx.now <= ctx.maxWaitMs) return { result: { items: [], dead: [], wait } };
    const clamped = { ...wait, until: ctx.now + ctx.maxWaitMs };
    return { put: [[WAIT_KEY, clamped]], result: { items: [], dead: [], wait: clamped } };
  }
  const items: QueuedItem[] = [];
  const dead: DeadLetter[] = [];
  const deadKeys: string[] = [];
  let leaseEnds: number | undefined;
  for (const [key, raw] of queued) {
    if (items.length >= ctx.limit) break;
    const read = readItem(key, raw);
    if (read.kind === 'newer') continue;
    if (read.kind === 'corrupt') {
      dead.push(toDeadLetter(key, raw, { reason: read.reason, endpoint: ctx.endpoint, now: ctx.now }));
      deadKeys.push(key);
    } else if (read.item.endpoint !== ctx.endpoint) {
      continue; // captured for another endpoint: never re-routed silently (S39)
    } else if (isLeased(read.item, ctx)) {
      if (read.item.leaseOwner !== ctx.owner) leaseEnds = Math.min(leaseEnds ?? Infinity, read.item.leaseUntil!);
    } else {
      items.push({ ...read.item, leaseOwner: ctx.owner, leaseUntil: ctx.now + ctx.leaseMs });
    }
  }
  return {
    put: [...items.map((item): Entry => [item.key, item]), ...dead.map((d): Entry => [d.key, d])],
    delete: deadKeys,
    result: { items, dead, ...(leaseEnds === undefined ? {} : { leaseEnds }) },
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
}

export interface SettleContext {
  now: number;
  owner: string;
  endpoint: string;
  /** Count this as a failed attempt on the released items. */
  countAttempt: boolean;
  failure?: string;
  /** Dead-letter a lone item the endpoint refused (split of a single item). */
  deadReason?: { reason: string; status?: number };
}

function isDelivered(result: ItemResult | undefined): boolean {
  return result?.status === 'accepted' || result?.status === 'duplicate' || result?.status === 'already-received';
}

/**
 * The sent items whose stored copy a settle must read: all but the acknowledged ones, which are
 * only deleted. Skipping those reads saves a flush about a quarter of its IndexedDB time.
 */
export function settleReads(sent: QueuedItem[], outcome: Outcome): string[] {
  const results = outcome.kind === 'acknowledged' ? outcome.results : undefined;
  return sent.filter(item => !isDelivered(results?.get(item.record.id))).map(item => item.key);
}

/**
 * Removes what was acknowledged, dead-letters what was refused, hands the rest back.
 * `current`: the stored values of the keys `settleReads` named, as read in the same transaction.
 */
export function planSettle(current: ReadonlyMap<string, unknown>, sent: QueuedItem[], outcome: Outcome, ctx: SettleContext): Change<Settled> {
  const settled: Settled = { delivered: [], alreadyReceived: [], dead: [], released: 0 };
  const put: Entry[] = [];
  const remove: string[] = [];
  for (const item of sent) {
    const stored = current.get(item.key);
    const read = stored === undefined ? undefined : readItem(item.key, stored);
    const mine = read?.kind === 'item' && read.item.leaseOwner === ctx.owner ? read.item : undefined;
    const result = outcome.kind === 'acknowledged' ? outcome.results.get(item.record.id) : undefined;
    if (isDelivered(result)) {
      settled.delivered.push(item.record.id);
      if (result!.status === 'already-received') settled.alreadyReceived.push(item.record.id);
      remove.push(item.key);
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
      // Not acknowledged: back in the queue for a later attempt, with the same bytes.
      const { leaseOwner: _o, leaseUntil: _u, ...rest } = mine;
      const attempts = rest.attempts + (ctx.countAttempt ? 1 : 0);
      put.push([item.key, { ...rest, attempts, ...(ctx.failure ? { lastFailure: ctx.failure } : {}) }]);
      settled.released++;
    }
  }
  return { put, delete: remove, result: settled };
}
