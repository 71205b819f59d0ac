import type { Sql } from './store.js';

const FILE_AND_ROLE = `SELECT pg_relation_filenode('feedback_contacts')::text AS file, current_user AS role`;

/**
 * Erased call-back details live on in the old row versions on disk until the contacts table is
 * vacuumed, and PGlite never vacuums by itself. FULL writes the table anew, so no freed space keeps
 * their bytes either. In the background: the erase is committed, and a failed sweep must not fail
 * its request. It waits at most 200 ms for its lock, or writers would queue behind it while a long
 * reader (a backup) holds the table; then the next erase, purge or start tries again.
 */
export class ContactSweep {
  /** True at start too: a sweep may have failed before a restart. */
  private owed = true;
  private running?: Promise<void>;
  private skipLogged = false;

  constructor(
    private readonly sql: Sql,
    private readonly log: (line: string) => void,
  ) {}

  get isOwed(): boolean {
    return this.owed;
  }

  /** Sweeps now, or again once the running sweep ends: this erase may have come after its start. */
  request(): void {
    this.owed = true;
    if (this.running) return;
    this.running = (async () => {
      while (this.owed) {
        this.owed = false;
        try {
          await this.sql.session(sql => this.sweep(sql));
        } catch {
          this.owed = true; // for the next erase, purge or start
          return;
        }
      }
    })().finally(() => (this.running = undefined));
  }

  /** Waits for a running sweep (before the connection closes). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async sweep(sql: Sql): Promise<void> {
    await sql.exec("SET lock_timeout = '200ms'");
    try {
      const [before] = await sql.query<{ file: string; role: string }>(FILE_AND_ROLE);
      await sql.exec('VACUUM FULL feedback_contacts');
      const [after] = await sql.query<{ file: string }>(FILE_AND_ROLE);
      // A role that does not own the table gets only a warning, which no one reads: the same file.
      if (after!.file === before!.file) this.skipped(before!.role);
    } finally {
      await sql.exec('RESET lock_timeout');
    }
  }

  private skipped(role: string): void {
    if (this.skipLogged) return;
    this.skipLogged = true;
    this.log(
      `contact sweep skipped: the database role ${JSON.stringify(role)} does not own feedback_contacts, so PostgreSQL ` +
        'did not run VACUUM FULL, and erased email addresses and phone numbers stay in old row versions on disk. ' +
        `Make it the owner: ALTER TABLE feedback_contacts OWNER TO ${JSON.stringify(role)}`,
    );
  }
}
