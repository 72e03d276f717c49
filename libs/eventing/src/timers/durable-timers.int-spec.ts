import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPool, quoteIdent } from '../postgres/postgres';
import { dropSessionOfQuery } from '../testing/faults';
import { eventually, serverUrls, uniqueName } from '../testing/servers';
import { DurableTimers, type Timer } from './durable-timers';

function startTimerProcess(
  schema: string,
  timerId: string,
  dueInMs: number,
  mode: 'normal' | 'hang',
  waitFor: RegExp,
) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '../testing/timer-process.ts'),
      schema,
      timerId,
      String(dueInMs),
      mode,
    ],
    {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return eventually(`timer process to print ${waitFor}`, async () => waitFor.test(output) && child, 30000);
}
const sigkill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('durable timers', () => {
  let pool: Pool;
  let schema: string;
  let timers: DurableTimers;
  const fired: Timer[] = [];
  beforeAll(() => {
    pool = createPool(serverUrls().pgUrl);
  });
  beforeEach(async () => {
    schema = uniqueName('timers');
    timers = await DurableTimers.create(pool, schema);
    fired.length = 0;
  });
  afterEach(async () => {
    await timers.stop();
  });
  afterAll(async () => {
    await pool.end();
  });
  const record = { remind: async (timer: Timer) => void fired.push(timer) };

  it('fires a timer scheduled by a process that was killed before it was due', async () => {
    const child = await startTimerProcess(schema, 'visit-reminder:o1', 1500, 'normal', /ready/);
    await sigkill(child);
    timers.start(record, { pollMs: 50 });
    await eventually('the timer to fire in the restarted scheduler', async () => fired.length === 1);
    expect(fired[0]).toMatchObject({
      id: 'visit-reminder:o1',
      kind: 'remind',
      payload: { note: 'from the first process' },
      attempts: 1,
    });
    expect(fired[0]!.dueAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await timers.status('visit-reminder:o1')).toMatchObject({ status: 'fired' });
  });

  it('fires again when the process handling it died mid-handler (at least once)', async () => {
    const child = await startTimerProcess(schema, 'offer-timeout:o2', 0, 'hang', /handling/);
    await sigkill(child);
    timers.start(record, { pollMs: 50 });
    await eventually('the timer to fire once its lease lapsed', async () => fired.length === 1);
    expect(fired[0]).toMatchObject({ id: 'offer-timeout:o2', attempts: 2 });
  });

  it('keeps one timer when the same id is scheduled twice, and never fires a cancelled one', async () => {
    const dueAt = new Date(Date.now() + 200);
    expect(await timers.schedule({ id: 'dup', kind: 'remind', dueAt, payload: { n: 1 } })).toBe(true);
    expect(await timers.schedule({ id: 'dup', kind: 'remind', dueAt, payload: { n: 2 } })).toBe(false);
    await timers.schedule({ id: 'cancelled', kind: 'remind', dueAt, payload: {} });
    expect(await timers.cancel('cancelled')).toBe(true);
    timers.start(record, { pollMs: 50 });
    await eventually('the remaining timer to fire', async () => fired.length === 1);
    expect(fired.map((t) => [t.id, t.payload])).toEqual([['dup', { n: 1 }]]);
    expect(await timers.status('cancelled')).toMatchObject({ status: 'cancelled' });
  });

  it('retries a failing handler with backoff and records the error', async () => {
    let calls = 0;
    await timers.schedule({ id: 'flaky', kind: 'remind', dueAt: new Date(), payload: {} });
    timers.start(
      {
        remind: async () =>
          void (calls++ === 0
            ? (() => {
                throw new Error('chat webhook answered 503');
              })()
            : undefined),
      },
      { pollMs: 50 },
    );
    await eventually(
      'the first attempt to fail and be recorded',
      async () => (await timers.status('flaky'))?.lastError === 'chat webhook answered 503',
    );
    await eventually(
      'the retry after backoff to succeed',
      async () => (await timers.status('flaky'))?.status === 'fired',
      10000,
    );
    expect(await timers.status('flaky')).toMatchObject({ attempts: 2, lastError: null });
  });

  it('runs each timer once when two schedulers share the table and handlers outlast the lease', async () => {
    const other = await DurableTimers.create(pool, schema);
    const runs: { id: string; by: string }[] = [];
    const slow = (by: string) => ({
      remind: async (timer: Timer) => {
        runs.push({ id: timer.id, by });
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
    });
    const ids = ['t1', 't2', 't3', 't4', 't5', 't6'];
    for (const id of ids) await timers.schedule({ id, kind: 'remind', dueAt: new Date(), payload: {} });
    // A lease of 150 ms against handlers of 400 ms: only renewing it keeps the other scheduler off.
    timers.start(slow('a'), { pollMs: 20, leaseMs: 150 });
    other.start(slow('b'), { pollMs: 20, leaseMs: 150 });
    try {
      await eventually('every timer to be marked fired', async () =>
        (await Promise.all(ids.map((id) => timers.status(id)))).every((t) => t?.status === 'fired'),
      );
    } finally {
      await other.stop();
    }
    expect(runs.map((r) => r.id).sort()).toEqual(ids);
    expect(new Set(runs.map((r) => r.by))).toEqual(new Set(['a', 'b']));
  });

  // A stall longer than the lease (a database or process pause): the stale holder's renewals
  // queue behind the one connection its handler holds, the lease lapses, another scheduler takes
  // it. Whether the stale handler gives way or finishes anyway, its writes must not touch the new lease.
  it.each([
    ['gives way when its signal aborts', true],
    ['finishes anyway', false],
  ])(
    'fences off a holder whose lease lapsed and was taken (its handler %s): it neither renews, fires nor backs off the new lease, and the timer is marked fired once, by the new holder',
    async (_behaviour, givesWay) => {
      const table = `${quoteIdent(schema)}.timers`;
      const stalledPool = createPool(serverUrls().pgUrl, 1);
      const stale = await DurableTimers.create(stalledPool, schema);
      const taker = await DurableTimers.create(pool, schema);
      const warnings: string[] = [];
      const completed: string[] = [];
      let staleAbortedWith: string | undefined;
      let takerSignal: AbortSignal | undefined;
      let endStall!: () => void;
      const stallOver = new Promise<void>((resolve) => (endStall = resolve));
      let finishTaker!: () => void;
      const takerMayFinish = new Promise<void>((resolve) => (finishTaker = resolve));
      await timers.schedule({ id: 'stalled-reminder', kind: 'remind', dueAt: new Date(), payload: {} });
      try {
        stale.start(
          {
            remind: async (_timer, { signal }) => {
              const connection = await stalledPool.connect();
              await stallOver;
              connection.release();
              if (givesWay) {
                await new Promise<void>((_resolve, reject) =>
                  signal.addEventListener('abort', () => {
                    staleAbortedWith = (signal.reason as Error).message;
                    reject(signal.reason);
                  }),
                );
              }
              completed.push('stale');
            },
          },
          { pollMs: 20, leaseMs: 300, log: (message) => void warnings.push(message) },
        );
        await eventually(
          'the stale holder to lease the timer',
          async () => (await timers.status('stalled-reminder'))?.attempts === 1,
        );
        taker.start(
          {
            remind: async (_timer, { signal }) => {
              takerSignal = signal;
              await takerMayFinish;
              completed.push('taker');
            },
          },
          { pollMs: 20, leaseMs: 300 },
        );
        await eventually(
          'the lapsed lease to be taken by the other scheduler',
          async () => takerSignal !== undefined,
        );
        const lease = async () =>
          (
            await pool.query(
              `SELECT lease_token, status, last_error FROM ${table} WHERE id = 'stalled-reminder'`,
            )
          ).rows[0];
        const takersLease = await lease();

        endStall();
        await stale.stop();

        expect(await lease()).toEqual({ ...takersLease, status: 'scheduled', last_error: null });
        if (givesWay)
          expect(staleAbortedWith).toMatch(/lease on timer stalled-reminder lapsed and was taken/);
        expect(warnings).toContainEqual(
          expect.stringContaining(givesWay ? 'its handler is aborted' : 'not marked fired'),
        );
        expect(takerSignal!.aborted).toBe(false);

        finishTaker();
        await eventually(
          'the new holder to mark the timer fired',
          async () => (await timers.status('stalled-reminder'))?.status === 'fired',
        );
        expect(completed).toEqual(givesWay ? ['taker'] : ['stale', 'taker']);
        expect(await timers.status('stalled-reminder')).toMatchObject({ attempts: 2, lastError: null });
      } finally {
        endStall();
        finishTaker();
        await Promise.all([stale.stop(), taker.stop()]);
        await stalledPool.end();
      }
    },
  );

  it('aborts a handler still running after the grace period when stopped, and fires it again later', async () => {
    await timers.schedule({ id: 'slow-delivery', kind: 'remind', dueAt: new Date(), payload: {} });
    let aborted = false;
    timers.start(
      {
        remind: (_timer, { signal }) =>
          new Promise<void>((_resolve, reject) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            }),
          ),
      },
      { pollMs: 20, leaseMs: 300 },
    );
    await eventually(
      'the handler to start',
      async () => (await timers.status('slow-delivery'))?.attempts === 1,
    );
    const stopping = Date.now();
    await timers.stop();
    expect(aborted).toBe(true);
    expect(Date.now() - stopping).toBeLessThan(3000);
    expect(await timers.status('slow-delivery')).toMatchObject({
      status: 'scheduled',
      lastError: 'the timer scheduler is stopping',
    });
    timers.start(record, { pollMs: 20 });
    await eventually('the aborted timer to fire after its backoff', async () => fired.length === 1);
  });

  it('goes on firing after a poll failed (a connection dropped, or timing out under load)', async () => {
    const warnings: string[] = [];
    timers.start(record, { pollMs: 50, log: (message) => void warnings.push(message) });
    const table = `${quoteIdent(schema)}.timers`;
    await dropSessionOfQuery(pool, table, `%${table} t SET leased_until%`);
    await timers.schedule({ id: 'after-the-outage', kind: 'remind', dueAt: new Date(), payload: {} });
    await eventually('the timer to fire once the database answers again', async () => fired.length === 1);
    expect(warnings).toEqual([
      expect.stringContaining('terminating connection due to administrator command'),
    ]);
  });
});
