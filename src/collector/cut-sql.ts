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
  SELECT count(*)::integer AS running FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND datname = current_database() AND xact_start < $1`;

/** How often and how long to wait for those transactions (the collector's statements end within its 15 s timeout). */
const POLL_MS = 20;
const MAX_WAIT_MS = 30_000;

/**
 * The cut-off on `received_at` for an export starting now: every answer received before it is
 * visible once this resolves, and every answer received later is at or after it.
 */
export async function receivedCut(sql: Pick<Sql, 'query'>): Promise<Date> {
  const [row] = await sql.query<{ now: Date | string }>(NOW);
  const cut = new Date(row!.now);
  const until = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const [{ running } = { running: 0 }] = await sql.query<{ running: number }>(RUNNING, [cut.toISOString()]);
    // Past the wait, a transaction left open by hand must not hold up every export.
    if (running === 0 || Date.now() > until) return cut;
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}
