import { Injectable, type INestApplication } from '@nestjs/common';
import { DurableTimers, type Timer } from '@platform/eventing';
import { eventually, uniqueName } from '@platform/eventing/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnTimer } from './on-timer';
import { createServiceApp } from './service-app';
import { ServiceModule } from './service.module';
import { STOP_DEADLINE_MS } from './stopping';

const PING_TIMER = 'ping';
const SWEEP_TIMER = 'sweep';

/** A service's timer handlers, as a service declares them: methods of one of its providers. */
@Injectable()
class Bells {
  readonly rung: Timer[] = [];
  sweeps = 0;

  @OnTimer(PING_TIMER)
  async ring(timer: Timer): Promise<void> {
    this.rung.push(timer);
  }

  // Every 100 ms, so that the spec sees it run again after its first run.
  @OnTimer(SWEEP_TIMER, {
    next: (now) => {
      const dueAt = new Date(Math.ceil((now.getTime() + 1) / 100) * 100);
      return { id: `${SWEEP_TIMER}:${dueAt.toISOString()}`, kind: SWEEP_TIMER, dueAt, payload: {} };
    },
  })
  async sweep(): Promise<void> {
    this.sweeps += 1;
  }
}

function tinyService(storage: string, consume = true) {
  const schemaDir = mkdtempSync(join(tmpdir(), 'tiny-service-'));
  writeFileSync(
    join(schemaDir, 'tiny.graphql'),
    'type Query { now: DateTime\n items(page: PageInput): [String!]! }\n',
  );
  return ServiceModule.forRoot({
    service: 'tiny',
    context: 'tiny',
    storage,
    events: [],
    graphql: { typePaths: [join(schemaDir, '*.graphql')] },
    timerPollMs: 20,
    consume,
    providers: [Bells],
  });
}

describe('a service built with ServiceModule', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('starts, answers its probes, fires its @OnTimer handlers against PostgreSQL and stops within seconds', async () => {
    const storage = uniqueName('tiny');
    process.env.KAFKA_TOPIC_PREFIX = `${storage}.`;
    app = await createServiceApp(tinyService(storage));
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const live = await fetch(`${url}/healthz`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });

    await app.get(DurableTimers).schedule({
      id: `${PING_TIMER}:1`,
      kind: PING_TIMER,
      dueAt: new Date(),
      payload: { note: 'first' },
    });
    const bells = app.get(Bells);
    await eventually('the ping timer to reach its @OnTimer handler', async () => bells.rung.length > 0);
    expect(bells.rung.map((t) => [t.id, t.payload])).toEqual([[`${PING_TIMER}:1`, { note: 'first' }]]);
    expect(await app.get(DurableTimers).status(`${PING_TIMER}:1`)).toMatchObject({ status: 'fired' });
    // Scheduled at start, then again by each run.
    await eventually('the recurring sweep to run twice', async () => bells.sweeps >= 2);

    const stopping = Date.now();
    await app.close();
    app = undefined;
    expect(Date.now() - stopping).toBeLessThan(STOP_DEADLINE_MS);
  });

  it('leaves the timers to the processes that do background work (consume: false serves the API only)', async () => {
    const storage = uniqueName('tiny');
    process.env.KAFKA_TOPIC_PREFIX = `${storage}.`;
    app = await createServiceApp(tinyService(storage, false));
    await app.get(DurableTimers).schedule({
      id: `${PING_TIMER}:2`,
      kind: PING_TIMER,
      dueAt: new Date(),
      payload: {},
    });
    // The timer is due at once: an API-only process that polled would take it long before the worker is up.
    const worker = await createServiceApp(tinyService(storage));
    try {
      await eventually('the worker process to fire the timer', async () => worker.get(Bells).rung.length > 0);
      expect(app.get(Bells).rung).toEqual([]);
      expect(app.get(Bells).sweeps).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
