import type { Change, Entry, OutboxStore, Scan, StoreOp } from '../../src/queue/outbox-store.js';

// A fault-injecting wrapper around any OutboxStore (RELIABILITY "How to test it" §3, modelled on
// Firestore's failDatabaseTransactions()/recoverDatabase()). Faults are armed per named operation.

/** Every operation the wrapper can fail: the store's named transactions, plus `count`. */
export type FaultOp = StoreOp | 'count';

/** What an armed operation does instead of its work; `hold` does it, but only at `releaseHeld()`. */
export type Fault = 'quota' | 'abort' | 'invalid-state' | 'hang' | 'hold';

const ERROR_NAMES = {
  quota: 'QuotaExceededError',
  abort: 'AbortError',
  'invalid-state': 'InvalidStateError',
} as const;

/** The DOMException IndexedDB itself raises for `fault`. */
export function faultError(fault: Exclude<Fault, 'hang' | 'hold'>): DOMException {
  return new DOMException(`injected ${ERROR_NAMES[fault]}`, ERROR_NAMES[fault]);
}

/** Raised by every operation of a "killed" store. */
export class CrashError extends Error {
  override name = 'CrashError';
  constructor(op: FaultOp) {
    super(`the process was killed before ${op}`);
  }
}

interface Rule {
  op: FaultOp | '*';
  fault: Fault;
  times: number;
}

export interface FaultStore extends OutboxStore {
  readonly inner: OutboxStore;
  /** Every operation asked of the store, in order, including failed ones. */
  readonly log: readonly FaultOp[];
  /** The operation the crash hit first, once it has happened. */
  readonly crashedOn: FaultOp | undefined;
  /** Operations that are hanging right now. */
  readonly hanging: number;
  /** The next `times` calls of `op` (or of any op: '*') fail with `fault` instead of running. */
  fail(op: FaultOp | '*', fault: Fault, times?: number): void;
  /** The next `n` operations run; every one after them throws, as in a killed process. */
  crashAfter(n: number): void;
  /** Every operation from the next `op` on throws. */
  crashAt(op: FaultOp): void;
  /** Clears every armed fault (not a crash that already happened: a killed process stays dead). */
  heal(): void;
  /** Runs the operations a `hold` fault kept back (a slow disk catching up); resolves when they are done. */
  releaseHeld(): Promise<void>;
}

/** Wraps `inner`; until a fault is armed, every call passes straight through. */
export function withFaults(inner: OutboxStore): FaultStore {
  const log: FaultOp[] = [];
  let rules: Rule[] = [];
  let crashCountdown: number | undefined;
  let crashOp: FaultOp | undefined;
  let crashedOn: FaultOp | undefined;
  let hanging = 0;
  const held: Array<() => Promise<unknown>> = [];

  function crashes(op: FaultOp): boolean {
    if (crashedOn) return true;
    if (crashOp === op || crashCountdown === 0) {
      crashedOn = op;
      return true;
    }
    if (crashCountdown !== undefined) crashCountdown--;
    return false;
  }

  /** A rejected, never-settling or held promise when `op` must not simply run; undefined when it may. */
  function intercept<T>(op: FaultOp, run: () => Promise<T>): Promise<T> | undefined {
    log.push(op);
    if (crashes(op)) return Promise.reject(new CrashError(op));
    const rule = rules.find(r => (r.op === op || r.op === '*') && r.times > 0);
    if (!rule) return undefined;
    rule.times--;
    if (rule.fault === 'hold') {
      return new Promise<T>((resolve, reject) => {
        held.push(() => run().then(resolve, reject));
      });
    }
    if (rule.fault === 'hang') {
      hanging++;
      return new Promise<never>(() => {});
    }
    return Promise.reject(faultError(rule.fault));
  }

  return {
    inner,
    get kind() {
      return inner.kind;
    },
    get log() {
      return log;
    },
    get crashedOn() {
      return crashedOn;
    },
    get hanging() {
      return hanging;
    },
    transact<T>(op: StoreOp, scans: Scan[], change: (found: Entry[][]) => Change<T>): Promise<T> {
      const run = () => inner.transact(op, scans, change);
      return intercept(op, run) ?? run();
    },
    count(prefix: string): Promise<number> {
      const run = () => inner.count(prefix);
      return intercept('count', run) ?? run();
    },
    close() {
      inner.close();
    },
    fail(op, fault, times = 1) {
      rules.push({ op, fault, times });
    },
    crashAfter(n) {
      crashCountdown = Math.max(0, Math.floor(n));
    },
    crashAt(op) {
      crashOp = op;
    },
    async releaseHeld() {
      await Promise.allSettled(held.splice(0).map(run => run()));
    },
    heal() {
      rules = [];
      crashCountdown = undefined;
      crashOp = undefined;
    },
  };
}
