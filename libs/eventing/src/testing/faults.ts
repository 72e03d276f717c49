import type { Pool } from 'pg';
import { eventually } from './servers';

/**
 * Fails one query of the code under test the way a dropped connection (or one timing out under
 * load) fails it: the next query whose text matches `like` is made to wait behind a lock on
 * `table`, then its session is ended. Resolves once it was, with the lock released again.
 */
export async function dropSessionOfQuery(pool: Pool, table: string, like: string): Promise<void> {
  const locker = await pool.connect();
  try {
    const { rows } = await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    // Asked on another session: within a transaction pg_stat_activity is read once.
    const pid = await eventually(`a query like ${like} to wait for the lock on ${table}`, async () => {
      const waiting = await pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1 AND pid <> $2`,
        [like, rows[0]!.pid],
      );
      return waiting.rows[0]?.pid;
    });
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await locker.query('ROLLBACK');
    locker.release();
  }
}
