import type { Pool, PoolClient, QueryConfig } from 'pg';
import { SqlStore } from './sql-store.js';
import type { Sql } from './store.js';

/**
 * Migrations may rewrite every answer (migration 4 reads a million in about a minute): they get no
 * read timeout. pg takes 0 for "the pool's", so this is the longest a timer can wait (24.8 days).
 */
const NO_READ_TIMEOUT = { query_timeout: 2_147_483_647 };

const execConfig = (text: string) => ({ text, ...NO_READ_TIMEOUT }) as QueryConfig;

function clientSql(client: PoolClient): Sql {
  const sql: Sql = {
    query: async <Row>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as Row[],
    exec: async text => {
      await client.query(execConfig(text));
    },
    transaction: () => Promise.reject(new Error('Nested transactions are not supported')),
    session: work => work(sql),
    close: async () => {},
  };
  return sql;
}

/**
 * Runs `work` on a client of its own. A checked-out client is not watched by the pool: a lost
 * connection would crash the process, so it is caught here; a broken connection is closed on
 * release, not handed out again. `broken` marks it so.
 */
async function withClient<T>(pool: Pool, work: (client: PoolClient, broken: (error: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => (lost ??= error);
  client.on('error', onError);
  try {
    return await work(client, onError);
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

function toSql(pool: Pool): Sql {
  return {
    query: async <Row>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as Row[],
    exec: async text => {
      await pool.query(execConfig(text));
    },
    transaction: work =>
      withClient(pool, async (client, broken) => {
        await client.query('BEGIN');
        try {
          const result = await work(clientSql(client));
          // A failed statement aborts the transaction, and its COMMIT answers ROLLBACK without an
          // error: `work` that caught the failure must not look committed (PGlite throws here too).
          if ((await client.query('COMMIT')).command === 'ROLLBACK') {
            throw Object.assign(new Error('The transaction was rolled back: a statement in it failed'), { code: '25P02' });
          }
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(broken);
          throw error;
        }
      }),
    session: work => withClient(pool, client => work(clientSql(client))),
    close: () => pool.end(),
  };
}

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** Connections per collector instance (default 10). */
  maxConnections?: number;
  /** Schema for the collector's tables (default: the connection's search_path, usually `public`). */
  schema?: string;
  /**
   * Milliseconds a query may run before the server cancels it (default 15,000; 0: no limit); the
   * driver gives up waiting 5 s later. Migrations at start have no limit.
   */
  statementTimeout?: number;
  /** INVITATION_KEY: the key invitation tokens are hashed with; without it the database keeps a generated one. */
  invitationKey?: string;
  /** Setup problems worth an operator's look, such as a role that may not sweep erased contact details (default console.warn). */
  log?: (line: string) => void;
}

/** A PostgreSQL server: for production, and for several collector instances behind a load balancer. */
export async function openPostgresStore(options: PostgresOptions): Promise<SqlStore> {
  const { default: pg } = await import('pg').catch(() => {
    throw new Error('DATABASE_URL needs the PostgreSQL driver: npm install pg');
  });
  const limit = options.statementTimeout ?? 15_000;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    // A hung server must not hang the request: the sender gets a 503 and tries again.
    // pg leaves out a statement_timeout of 0, so "no limit" must leave out the read timeout too.
    ...(limit > 0 ? { statement_timeout: limit, query_timeout: limit + 5_000 } : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection that the server drops must not crash the process; the pool replaces it.
  pool.on('error', error => console.error('PostgreSQL connection lost:', error.message));
  try {
    return await new SqlStore('postgres', toSql(pool), options.log).open(options.invitationKey);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
