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

function toSql(pool: Pool): Sql {
  return {
    query: async <Row>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as Row[],
    exec: async text => {
      await pool.query(execConfig(text));
    },
    async transaction(work) {
      const client = await pool.connect();
      // A checked-out client is not watched by the pool: a lost connection would crash the process.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(clientSql(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => (lost ??= rollback));
        throw error;
      } finally {
        client.off('error', onError);
        client.release(lost); // a broken connection is closed, not handed out again
      }
    },
    async session(work) {
      const client = await pool.connect();
      let lost: Error | undefined;
      const onError = (error: Error) => (lost = error);
      client.on('error', onError);
      try {
        return await work(clientSql(client));
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
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
    return await new SqlStore('postgres', toSql(pool)).open();
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
