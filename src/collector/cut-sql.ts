// An export's cut: the database's clock when it starts. Its summary and every page of its rows
// keep to the answers received before it, so one file is one snapshot, however busy the collector
// is while the file streams, without holding a transaction (and, on PGlite, the only connection)
// for the whole download.
import type { Sql } from './store.js';

/** Milliseconds, as JavaScript carries times: the same instant in every query of the export. */
const NOW = `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`;

// An answer's received_at is its transaction's start, a little before that transaction commits.
// Client transactions that began before the cut and still run may hold answers from before it,
// not yet visible: the cut is only read from once they have ended. A role without
// pg_read_all_stats does not see other roles' sessions; the collector's own are its role's.
const RUNNING = `
  SELECT pid, xact_start FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND datname = current_database() AND xact_start < $1
  ORDER BY xact_start`;

/** How often to look for those transactions (the collector's statements end within its 15 s timeout). */
const POLL_MS = 20;

export interface CutOptions {
  /** Where an export that gave up waiting says so: the operator has a transaction to end. */
  log?: (line: string) => void;
  /** How long to wait for those transactions; 30 s by default. */
  maxWaitMs?: number;
}

/**
 * The cut-off on `received_at` for an export starting now: every answer received before it is
 * visible once this resolves, and every answer received later is at or after it.
 */
export async function receivedCut(sql: Pick<Sql, 'query'>, { log = console.warn, maxWaitMs = 30_000 }: CutOptions = {}): Promise<Date> {
  const [row] = await sql.query<{ now: Date | string }>(NOW);
  const cut = new Date(row!.now);
  const until = Date.now() + maxWaitMs;
  for (;;) {
    const running = await sql.query<{ pid: number; xact_start: Date | string }>(RUNNING, [cut.toISOString()]);
    if (running.length === 0) return cut;
    // Past the wait, a transaction left open by hand must not hold up every export; but unseen,
    // it would make every export wait this long, and its answers may be missing from the file.
    if (Date.now() > until) {
      const open = running.map(r => `${r.pid} (since ${new Date(r.xact_start).toISOString()})`).join(', ');
      log(
        `export: waited ${maxWaitMs / 1000} s for ${running.length} database transaction(s) begun before its cut and still open, ` +
          `then went on without them; answers they store later are not in this file. Process id(s): ${open}. ` +
          'End a transaction left open by hand (COMMIT or ROLLBACK, or SELECT pg_terminate_backend(pid)); until then every export waits this long.',
      );
      return cut;
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}
