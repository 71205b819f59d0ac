import type { PGlite, Transaction } from '@electric-sql/pglite';
import { SqlStore } from './sql-store.js';
import type { Sql } from './store.js';

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Pick<Transaction, 'query' | 'exec'>;

function wrap(db: PgliteLike, transaction: Sql['transaction'], close: () => Promise<void>): Sql {
  const sql: Sql = {
    query: async <Row>(text: string, params?: unknown[]) => (await db.query<Row>(text, params)).rows,
    exec: async text => {
      await db.exec(text);
    },
    transaction,
    session: work => work(sql), // PGlite has one connection
    close,
  };
  return sql;
}

function toSql(db: PGlite): Sql {
  const transaction: Sql['transaction'] = work =>
    db.transaction(tx => work(wrap(tx, () => Promise.reject(new Error('Nested transactions are not supported')), async () => {})));
  return wrap(db, transaction, () => db.close());
}

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, kept in `dataDir` (in memory when
 * `dataDir` is undefined). One process at a time may open a data directory.
 * @param invitationKey - INVITATION_KEY, if given (else the database keeps a generated one)
 */
export async function openPgliteStore(dataDir?: string, invitationKey?: string): Promise<SqlStore> {
  const { PGlite } = await import('@electric-sql/pglite').catch(() => {
    throw new Error('The embedded database needs @electric-sql/pglite: npm install @electric-sql/pglite');
  });
  const db = await PGlite.create(dataDir);
  try {
    return await new SqlStore('pglite', toSql(db)).open(invitationKey);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
