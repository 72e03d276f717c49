import { Pool, type PoolClient } from 'pg';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `work` in one transaction holding an advisory lock on `key`: processes doing the same
 * read-then-write on the same key take turns.
 */
export async function underLock(
  pool: Pool,
  key: string,
  work: (client: PoolClient) => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs DDL for one service schema while holding a lock on it, because concurrent
 * `CREATE ... IF NOT EXISTS` from several processes can still collide in the catalogue.
 */
export function withSchemaLock(
  pool: Pool,
  schema: string,
  ddl: (client: PoolClient) => Promise<void>,
): Promise<void> {
  return underLock(pool, `schema:${schema}`, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await ddl(client);
  });
}

/**
 * The tables a slice keeps for itself, created on first use under the schema lock. A failure is
 * not remembered: the next call tries again (the database may have been briefly away).
 */
export function tablesOnce(pool: Pool, schema: string, ddl: string): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () =>
    (ready ??= withSchemaLock(pool, schema, async (client) => {
      await client.query(ddl);
    }).catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
}
