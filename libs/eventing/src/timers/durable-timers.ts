import type { Pool } from 'pg';
import { quoteIdent, withSchemaLock } from '../postgres/postgres';
import { Pause } from '../util/pause';

export interface Timer {
  /** Chosen by the caller so that scheduling the same timer twice keeps one (e.g. `offer-timeout:<offerId>`). */
  id: string;
  kind: string;
  dueAt: Date;
  payload: unknown;
  attempts: number;
}

/**
 * `signal` aborts when the process stops and the handler has not finished within the grace
 * period, or when its lease was lost to another scheduler: pass it on to a slow call (an HTTP
 * delivery), so that stopping is not held up by it and a lapsed holder gives way.
 */
export type TimerHandler = (timer: Timer, context: { signal: AbortSignal }) => Promise<void>;

/** How long `stop()` lets the handler in hand finish before aborting it. */
const STOP_GRACE_MS = 2000;

type RunOptions = { pollMs: number; leaseMs: number; log: (message: string) => void };

/** One lease on one timer: `token` fences every write its holder makes to the timer's row. */
type Lease = { timer: Timer; token: string };

/**
 * Timers kept in the service's PostgreSQL schema. A due timer is leased, handled, then marked
 * fired; a process dying mid-handler lets the lease lapse and the timer fires again: at least
 * once, so handlers must be idempotent. Several processes may run timers: SKIP LOCKED shares them,
 * one timer per lease, renewed while its handler runs. Each lease carries a fresh token and the
 * holder writes only while the row still has it, so a holder whose lease lapsed (a stall longer
 * than the lease) cannot extend, fire or back off the timer another scheduler has since leased.
 */
export class DurableTimers {
  private running = false;
  private loop?: Promise<void>;
  private readonly pause = new Pause();
  private stopping = new AbortController();

  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async create(pool: Pool, schema: string): Promise<DurableTimers> {
    const table = `${quoteIdent(schema)}.timers`;
    await withSchemaLock(pool, schema, async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        id text PRIMARY KEY,
        kind text NOT NULL,
        due_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'fired', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        leased_until timestamptz,
        last_error text,
        fired_at timestamptz
      );
      ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS lease_token uuid;
      CREATE INDEX IF NOT EXISTS timers_due ON ${table} (due_at) WHERE status = 'scheduled';`);
    });
    return new DurableTimers(pool, table);
  }

  /** Schedules a timer; returns false if one with this id already exists (it is left as it is). */
  async schedule(timer: { id: string; kind: string; dueAt: Date; payload: unknown }): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.table} (id, kind, due_at, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [timer.id, timer.kind, timer.dueAt, JSON.stringify(timer.payload)],
    );
    return rowCount === 1;
  }

  async cancel(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET status = 'cancelled' WHERE id = $1 AND status = 'scheduled'`,
      [id],
    );
    return rowCount === 1;
  }

  async status(
    id: string,
  ): Promise<{ status: string; attempts: number; lastError: string | null } | undefined> {
    const { rows } = await this.pool.query(
      `SELECT status, attempts, last_error FROM ${this.table} WHERE id = $1`,
      [id],
    );
    return rows[0] && { status: rows[0].status, attempts: rows[0].attempts, lastError: rows[0].last_error };
  }

  start(
    handlers: Record<string, TimerHandler>,
    options: { pollMs?: number; leaseMs?: number; log?: (message: string) => void } = {},
  ): void {
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run(handlers, {
      pollMs: 200,
      leaseMs: 30000,
      log: (message) => console.warn(message),
      ...options,
    });
  }

  /**
   * Takes no further timer and lets the handler in hand finish, aborting it after a grace period;
   * an aborted timer fires again (here or in another instance) once its lease lapses.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.pause.interrupt();
    const grace = setTimeout(
      () => this.stopping.abort(new Error('the timer scheduler is stopping')),
      STOP_GRACE_MS,
    );
    try {
      await this.loop;
    } finally {
      clearTimeout(grace);
    }
  }

  private async run(handlers: Record<string, TimerHandler>, options: RunOptions) {
    while (this.running) {
      let lease: Lease | undefined;
      try {
        lease = await this.leaseNext(options.leaseMs);
      } catch (error) {
        // One failed poll (a connection dropped or timing out under load, the database restarting)
        // must not end the loop: timers would stop firing until a restart, and the rejection would
        // surface nowhere but as an unhandled one. Look again a little later.
        options.log(`durable timers ${this.table}: poll failed, retrying: ${String(error)}`);
        await this.pause.for(Math.max(options.pollMs, 1000));
        continue;
      }
      if (lease) await this.fire(lease, handlers[lease.timer.kind], options);
      else await this.pause.for(options.pollMs);
    }
  }

  /**
   * Leases one due timer, the one about to run: a lease taken for timers still waiting behind a
   * slow one would lapse before they run, and another instance would run them too.
   */
  private async leaseNext(leaseMs: number): Promise<Lease | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE ${this.table} t SET leased_until = now() + $1 * interval '1 millisecond', attempts = t.attempts + 1,
         lease_token = gen_random_uuid()
       WHERE t.id = (SELECT id FROM ${this.table}
                     WHERE status = 'scheduled' AND due_at <= now() AND (leased_until IS NULL OR leased_until < now())
                     ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, due_at, payload, attempts, lease_token`,
      [leaseMs],
    );
    const row = rows[0];
    return (
      row && {
        timer: {
          id: row.id,
          kind: row.kind,
          dueAt: row.due_at,
          payload: row.payload,
          attempts: row.attempts,
        },
        token: row.lease_token,
      }
    );
  }

  private async fire(lease: Lease, handler: TimerHandler | undefined, options: RunOptions): Promise<void> {
    const { timer, token } = lease;
    try {
      if (!handler) throw new Error(`no handler for timers of kind "${timer.kind}"`);
      await this.renewingLease(lease, options, (signal) => handler(timer, { signal }));
      const { rowCount } = await this.pool.query(
        `UPDATE ${this.table} SET status = 'fired', fired_at = now(), last_error = NULL
         WHERE id = $1 AND lease_token = $2`,
        [timer.id, token],
      );
      if (rowCount === 0) options.log(`durable timers ${this.table}: ${lostLease(timer)}; not marked fired`);
    } catch (error) {
      // Back off exponentially (capped at 10 minutes) before the next attempt.
      const backoffMs = Math.min(1000 * 2 ** (timer.attempts - 1), 600000);
      await this.pool
        .query(
          `UPDATE ${this.table} SET leased_until = now() + $3 * interval '1 millisecond', last_error = $4
           WHERE id = $1 AND lease_token = $2`,
          [timer.id, token, backoffMs, error instanceof Error ? error.message : String(error)],
        )
        // Unrecorded, the attempt still ends when its lease does: the timer fires again then.
        .catch((recording: unknown) =>
          options.log(
            `durable timers ${this.table}: ${timer.id} failed and was not recorded: ${String(recording)}`,
          ),
        );
    }
  }

  /**
   * Renews the timer's lease while `work` runs, however long it takes (a chat bot answering
   * slowly): the lease lapses only when this process stops renewing it (it died, or stalled for
   * longer than the lease). A renewal that finds the lease taken aborts `work`'s signal.
   */
  private async renewingLease(
    { timer, token }: Lease,
    options: RunOptions,
    work: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const lost = new AbortController();
    let renewing: Promise<unknown> = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = this.pool
        .query(
          `UPDATE ${this.table} SET leased_until = now() + $3 * interval '1 millisecond'
           WHERE id = $1 AND lease_token = $2`,
          [timer.id, token, options.leaseMs],
        )
        .then(({ rowCount }) => {
          if (rowCount !== 0 || lost.signal.aborted) return;
          options.log(`durable timers ${this.table}: ${lostLease(timer)}; its handler is aborted`);
          lost.abort(new Error(lostLease(timer)));
        })
        .catch((error: unknown) =>
          options.log(`durable timers ${this.table}: lease of ${timer.id} not renewed: ${String(error)}`),
        );
    }, options.leaseMs / 3);
    try {
      await work(AbortSignal.any([this.stopping.signal, lost.signal]));
    } finally {
      clearInterval(renewal);
      // A renewal still on its way would overwrite the backoff recorded next.
      await renewing;
    }
  }
}

const lostLease = (timer: Timer) =>
  `the lease on timer ${timer.id} lapsed and was taken by another scheduler`;
