import { expect } from '@open-wc/testing';
import { createFetchTransport, type Transport } from '../../src/queue/transport.js';
import type { FeedbackRecord } from '../../src/schema/record.js';

// A client-side ledger oracle (RELIABILITY "How to test it" §5): a scripted collector behind a
// fake `fetch`, reached through the real fetch transport, so classification (409, HTML, Retry-After)
// is the production code's. It deduplicates by id forever, as the contract asks of a collector.

/**
 * How the collector answers one request.
 * - `accept`: 200 with an empty body (acknowledges the whole batch); stores every id.
 * - `results`: 200 `{"results":[…]}`, `accepted` for new ids and `duplicate` for known ones.
 * - `{reject}`: per-item results rejecting `reject` (default: the request's first id), with `reason`.
 * - `{status}`: that status and nothing stored; `retryAfter` becomes a `Retry-After` header.
 * - `html`: 200 text/html (captive portal); nothing stored.
 * - `network`: fetch rejects; nothing stored.
 * - `lost`: the collector stores the records, then the response is lost (fetch rejects).
 */
export type Reply =
  | 'accept'
  | 'results'
  | 'html'
  | 'network'
  | 'lost'
  | { reject?: string; reason?: string }
  | { status: number; retryAfter?: string };

export interface LedgerRequest {
  /** The endpoint as requested, without the query the transport adds. */
  url: string;
  ids: string[];
  /** The request body exactly as sent. */
  body: string;
  /** The `attempt` query parameter: the outbox's attempt number for this batch. */
  attempt: number;
  reply: string;
  /** The status answered, or 0 when the request failed at the network level. */
  status: number;
  /** Whether the request asked to outlive the page (fetch's `keepalive`). */
  keepalive: boolean;
}

export const LEDGER_ENDPOINT = '/api/test/ledger';

/** A valid record with a fresh id. */
export function newRecord(changes: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    surveyId: 'service-quality',
    surveyVersion: 1,
    channel: 'web',
    locale: 'nl',
    answers: { reliability: 4 },
    submittedAt: '2024-03-14T09:30:00.000Z',
    ...changes,
  };
}

function label(reply: Reply): string {
  if (typeof reply === 'string') return reply;
  if ('status' in reply) return `${reply.status}${reply.retryAfter ? ` retry-after ${reply.retryAfter}` : ''}`;
  return `reject ${reply.reject ?? 'first'}`;
}

/** One macrotask turn through a MessageChannel: unlike setTimeout, not throttled in background tabs. */
function nextTask(): Promise<void> {
  return new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function whenAborted(signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise(resolve => signal?.addEventListener('abort', () => resolve(), { once: true }));
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export class Ledger {
  /** Every request, in arrival order. */
  readonly requests: LedgerRequest[] = [];
  /** Every id of every request, repeats included. */
  readonly received: string[] = [];
  /** Ids the collector stored, each once (it deduplicates), in the order it first stored them. */
  readonly accepted: string[] = [];
  /** Ids that arrived while a request carrying the same id was still open. */
  readonly doubleFlights: string[] = [];
  /** The most requests that were open at one time. */
  maxConcurrent = 0;
  /** The reply when the script is empty. */
  fallback: Reply = 'accept';
  /** 409 answers a single already-stored record instead of a plain 200 (S9). */
  conflictOnDuplicate = false;
  /** Macrotask turns each request stays open, so concurrent flushes can overlap (no timers). */
  latency = 0;

  private readonly script: Reply[] = [];
  private readonly stored = new Set<string>();
  private readonly refused = new Map<string, number>();
  private largest = Infinity;
  private largestStatus = 413;
  private readonly inFlight = new Map<string, number>();
  private open = 0;
  private gate?: Promise<void>;
  private waiters: Array<() => void> = [];

  /** Scripts the next replies, in order (after any already scripted). */
  next(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  clearScript(): void {
    this.script.length = 0;
  }

  /** Any batch holding `id` (while not yet stored) is answered `status` as a whole (400, 413, 422). */
  refuse(id: string, status = 400): void {
    if (!this.stored.has(id)) this.refused.set(id, status);
  }

  /** Batches of more than `n` records are answered `status` (413 by default). */
  refuseLargerThan(n: number, status = 413): void {
    this.largest = n;
    this.largestStatus = status;
  }

  /** Holds every request that arrives from now on until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = undefined;
      release();
    };
  }

  /** Resolves once `n` requests have arrived in total; rejects if they have not within `timeoutMs`. */
  arrivals(n: number, timeoutMs = 3000): Promise<void> {
    if (this.requests.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter(w => w !== waiter);
        reject(new Error(`expected ${n} requests, got ${this.requests.length}`));
      }, timeoutMs);
      const waiter = () => {
        if (this.requests.length < n) return;
        this.waiters = this.waiters.filter(w => w !== waiter);
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(waiter);
    });
  }

  /** How often the collector received `id`, repeats included. */
  receivedCount(id: string): number {
    return this.received.filter(r => r === id).length;
  }

  /** A `fetch` that only ever reaches this ledger. */
  readonly fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> =>
    this.handle(String(input instanceof Request ? input.url : input), init);

  /** The production fetch transport, for `endpoint`, talking to this ledger. */
  transportFor(endpoint: string = LEDGER_ENDPOINT): Transport {
    return createFetchTransport(endpoint, { fetch: this.fetch });
  }

  readonly transport: Transport = this.transportFor();

  /**
   * The delivery contract: every committed id was stored exactly once (after dedup) or sits in
   * `dead` with a reason, never both; nothing that was not committed arrived; no id was ever in
   * flight twice at once. `maybe` lists ids that may or may not arrive (answers never shown as
   * saved, lost with their process), which must still not be both delivered and dead.
   */
  check(
    committed: readonly string[],
    dead: ReadonlyArray<{ id: string; reason: string }>,
    { maybe = [] }: { maybe?: readonly string[] } = {},
  ): void {
    const known = new Set([...committed, ...maybe]);
    const accepted = new Map<string, number>();
    for (const id of this.accepted) accepted.set(id, (accepted.get(id) ?? 0) + 1);
    const deadIds = new Set(dead.map(letter => letter.id));
    expect(this.doubleFlights, 'ids in flight twice at once').to.deep.equal([]);
    expect([...new Set(this.received.filter(id => !known.has(id)))], 'ids that arrived but were never committed').to.deep.equal([]);
    expect(dead.filter(letter => !known.has(letter.id)).map(l => l.id), 'dead letters that were never committed').to.deep.equal([]);
    expect(dead.filter(letter => !letter.reason).map(l => l.id), 'dead letters without a reason').to.deep.equal([]);
    const problems: string[] = [];
    for (const id of known) {
      const times = accepted.get(id) ?? 0;
      if (times > 0 && deadIds.has(id)) problems.push(`${id}: delivered and dead-lettered`);
      else if (times > 1) problems.push(`${id}: stored ${times} times`);
      else if (times === 0 && !deadIds.has(id) && committed.includes(id)) problems.push(`${id}: lost`);
    }
    expect(problems, 'committed answers not delivered exactly once nor dead-lettered').to.deep.equal([]);
  }

  private async handle(target: string, init: RequestInit): Promise<Response> {
    const [url = '', query] = target.split('?');
    const body = String(init.body);
    const { records } = JSON.parse(body) as { records: FeedbackRecord[] };
    const ids = records.map(record => record.id);
    const reply = this.script.shift() ?? this.fallback;
    const attempt = Number(new URLSearchParams(query).get('attempt') ?? 0);
    const request: LedgerRequest = { url, ids, body, attempt, reply: label(reply), status: 0, keepalive: init.keepalive === true };
    this.requests.push(request);
    this.received.push(...ids);
    this.enter(ids);
    try {
      // A held request ends when the client aborts it (its timeout): it is no longer in flight.
      const aborted = whenAborted(init.signal);
      while (this.gate && !init.signal?.aborted) await Promise.race([this.gate, aborted]);
      for (let turn = 0; turn < this.latency && !init.signal?.aborted; turn++) await nextTask();
      if (init.signal?.aborted) throw new DOMException('The client aborted the request', 'AbortError');
      const response = this.respond(reply, ids);
      request.status = response.status;
      return response;
    } finally {
      this.leave(ids);
    }
  }

  private enter(ids: string[]): void {
    this.open++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.open);
    for (const id of ids) {
      const count = this.inFlight.get(id) ?? 0;
      if (count > 0) this.doubleFlights.push(id);
      this.inFlight.set(id, count + 1);
    }
    for (const waiter of [...this.waiters]) waiter();
  }

  private leave(ids: string[]): void {
    this.open--;
    for (const id of ids) {
      const count = this.inFlight.get(id)! - 1;
      if (count > 0) this.inFlight.set(id, count);
      else this.inFlight.delete(id);
    }
  }

  private store(ids: string[]): void {
    for (const id of ids) {
      if (this.stored.has(id)) continue;
      this.stored.add(id);
      this.accepted.push(id);
    }
  }

  /** The status a collector refuses this batch with, if it does. */
  private refusal(ids: string[]): number | undefined {
    if (ids.length > this.largest) return this.largestStatus;
    for (const id of ids) {
      const status = this.refused.get(id);
      if (status !== undefined && !this.stored.has(id)) return status;
    }
    return undefined;
  }

  private respond(reply: Reply, ids: string[]): Response {
    if (reply === 'network') throw new TypeError('Failed to fetch');
    if (reply === 'html') return new Response('<!doctype html><title>Wi-Fi login</title>', { headers: { 'content-type': 'text/html' } });
    if (typeof reply === 'object' && 'status' in reply) {
      const headers: HeadersInit = reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter };
      return new Response('refused', { status: reply.status, headers });
    }
    const refusal = this.refusal(ids);
    if (reply === 'lost') {
      if (refusal === undefined) this.store(ids);
      throw new TypeError('Failed to fetch');
    }
    if (refusal !== undefined) return new Response('invalid', { status: refusal });
    if (reply === 'accept') {
      if (this.conflictOnDuplicate && ids.length === 1 && this.stored.has(ids[0]!)) return new Response('known', { status: 409 });
      this.store(ids);
      return new Response('', { status: 200 });
    }
    const rejected = reply === 'results' ? undefined : (reply.reject ?? ids[0]);
    const results = ids.map(id => {
      if (this.stored.has(id)) return { id, status: 'duplicate' };
      if (id === rejected) return { id, status: 'rejected', reason: (reply as { reason?: string }).reason ?? 'invalid answer' };
      this.store([id]);
      return { id, status: 'accepted' };
    });
    return json({ results });
  }
}
