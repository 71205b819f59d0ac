// `feedback-loop/migrate`: moves the answers this browser queued for an old endpoint to a new one,
// once and on purpose (S39). Never loaded by the elements: an item is never re-routed silently.
import * as z from 'zod/mini';
import { withFlushLock } from './queue/flush-lock.js';
import { listQueues, openIdbStore, StorageFullError } from './queue/idb.js';
import { moveQueue, planMove, readQueue } from './queue/move-queue.js';
import type { OutboxStore } from './queue/outbox-store.js';
import { checkEndpoint } from './schema/endpoint.js';
import { IdSchema } from './schema/survey.js';
import { formatIssues, toIssues } from './schema/validate.js';

export interface MigrateOptions {
  /** The old endpoint, as the element's `endpoint` attribute gave it (relative to the page). */
  from: string;
  /** The new endpoint, likewise. */
  to: string;
  /** Only this survey's queues (every version); unset: every survey's. */
  surveyId?: string;
  /** Where the line saying what moved goes; default `console.info`. */
  log?: (line: string) => void;
  /** Web Locks to hold each queue's flush lock with (default `navigator.locks`); null: none. */
  locks?: LockManager | null;
}

export interface Migration {
  /** Queued answers moved. */
  moved: number;
  /** Dead letters moved: still dead letters, now of `to` (retry or discard them there). */
  deadLetters: number;
  /** Left where they were: on their way (a live lease, run again later), unreadable, or for another endpoint. */
  left: number;
  /** Each queue moved: old name → new name (`<endpoint>|<survey id>@<version>`). */
  queues: Array<{ from: string; to: string; moved: number; deadLetters: number; left: number }>;
}

function optionsSchema(base: string) {
  const endpoint = z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const checked = checkEndpoint(raw, base);
      if (checked.ok) return checked.url.href;
      ctx.issues.push({ code: 'custom', input: raw, message: `Refused endpoint (${checked.problem}): use https, a relative URL, or http on localhost` });
      return z.NEVER;
    }),
  );
  return z
    .object({ from: endpoint, to: endpoint, surveyId: z.optional(IdSchema) })
    .check(z.refine(o => o.from !== o.to, { message: 'from and to are the same endpoint', path: ['to'] }));
}

/** The queue's store; a full one still reads and deletes, which is all a move asks of it (S28). */
function open(queue: string): Promise<OutboxStore> {
  return openIdbStore(queue).catch(error => (error instanceof StorageFullError ? error.store : Promise.reject(error)));
}

/**
 * Moves the answers and dead letters queued in this browser for `from` to the queue of `to` for
 * the same survey and version, stamped with `to`. Safe beside elements sending from either
 * queue, and after a run cut short; a second run moves nothing. Throws a TypeError on bad options.
 */
export async function migrateQueuedAnswers(options: MigrateOptions): Promise<Migration> {
  const parsed = z.safeParse(optionsSchema(document.baseURI), options);
  if (!parsed.success) {
    const issues = toIssues(parsed.error.issues);
    throw new TypeError(`migrateQueuedAnswers(): invalid options:\n${formatIssues(issues)}`, { cause: issues });
  }
  const { from, to, surveyId } = parsed.data;
  const prefix = `${from}|`;
  const result: Migration = { moved: 0, deadLetters: 0, left: 0, queues: [] };
  const stored = await listQueues();
  for (const queue of stored) {
    const survey = queue.slice(prefix.length);
    if (!queue.startsWith(prefix) || (surveyId !== undefined && !survey.startsWith(`${surveyId}@`))) continue;
    const target = `${to}|${survey}`;
    // The flush lock of the old queue: no tab sends from it meanwhile, nor runs this a second time.
    await withFlushLock(
      queue,
      async () => {
        const source = await open(queue);
        let destination: OutboxStore | undefined;
        try {
          const plan = planMove(await readQueue(source), { from, to, now: Date.now() });
          // Nothing to copy, and no target that could hold a record of a run cut short: no new database.
          const skip = plan.copy.length === 0 && !stored.includes(target);
          if (!skip) destination = await open(target);
          const { queued, dead } = destination ? await moveQueue(source, destination, queue, plan) : { queued: 0, dead: 0 };
          result.moved += queued;
          result.deadLetters += dead;
          result.left += plan.left;
          if (queued + dead + plan.left > 0) result.queues.push({ from: queue, to: target, moved: queued, deadLetters: dead, left: plan.left });
        } finally {
          source.close();
          destination?.close();
        }
      },
      options.locks,
    );
  }
  const log = options.log ?? console.info;
  log(`feedback-loop: moved ${result.moved} queued answers and ${result.deadLetters} dead letters from ${from} to ${to} (${result.queues.length} queues, ${result.left} left)`);
  return result;
}
