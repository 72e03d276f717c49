import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createPool, quoteIdent } from '../postgres/postgres';
import { eventStoreContract, newEvent } from '../testing/event-store-contract';
import { serverUrls, uniqueName } from '../testing/servers';
import { START, type LogPosition, type RecordedEvent } from './event-store';
import { PostgresEventStore } from './postgres-event-store';

let pool: Pool;
beforeAll(() => {
  pool = createPool(serverUrls().pgUrl, 20);
});
afterAll(async () => {
  await pool.end();
});

eventStoreContract('PostgreSQL', () => PostgresEventStore.create(pool, uniqueName('es')));

describe('PostgreSQL global log under concurrent transactions', () => {
  let schema: string;
  let store: PostgresEventStore;
  beforeEach(async () => {
    schema = uniqueName('es_order');
    store = await PostgresEventStore.create(pool, schema);
  });

  /** Opens a transaction that has inserted one event but not committed yet. */
  async function openTransaction(streamId: string) {
    const client = await pool.connect();
    await client.query('BEGIN');
    const event = newEvent();
    return {
      client,
      eventId: event.eventId,
      takeTransactionId: () => client.query('SELECT pg_current_xact_id()'),
      insert: () =>
        client.query(
          `INSERT INTO ${quoteIdent(schema)}.events (stream_id, stream_position, event_id, type, schema_version, data, occurred_at, correlation_id, actor)
           VALUES ($1, 0, $2, 'TallyOpened', 1, '{}', now(), 'c', '{"kind":"system","id":"t"}')`,
          [streamId, event.eventId],
        ),
      commit: async () => {
        await client.query('COMMIT');
        client.release();
      },
    };
  }

  async function naiveReadAfter(sequence: bigint): Promise<{ event_id: string; global_position: string }[]> {
    const { rows } = await pool.query(
      `SELECT event_id, global_position FROM ${quoteIdent(schema)}.events WHERE global_position > $1 ORDER BY global_position`,
      [sequence.toString()],
    );
    return rows;
  }

  it('never lets a reader pass an event that a slower transaction commits with a lower sequence number', async () => {
    const slow = await openTransaction(`tally-${randomUUID()}`);
    const fast = await openTransaction(`tally-${randomUUID()}`);
    await slow.takeTransactionId();
    await fast.takeTransactionId();
    await fast.insert(); // takes the lower sequence number
    await slow.insert();
    await slow.commit();

    const firstRead = await store.readAll({ after: START, limit: 100 });
    const naiveFirst = await naiveReadAfter(0n);
    await fast.commit();
    const after: LogPosition = firstRead.at(-1)?.position ?? START;
    const secondRead = await store.readAll({ after, limit: 100 });
    const naiveSecond = await naiveReadAfter(BigInt(naiveFirst.at(-1)!.global_position));

    expect([...firstRead, ...secondRead].map((e) => e.eventId).sort()).toEqual(
      [fast.eventId, slow.eventId].sort(),
    );
    // A reader ordering by sequence number alone loses the fast transaction's event: the hazard being guarded.
    expect([...naiveFirst, ...naiveSecond].map((r) => r.event_id)).toEqual([slow.eventId]);
  });

  it('hides every event while an older transaction is still open', async () => {
    const slow = await openTransaction(`tally-${randomUUID()}`);
    await slow.insert();
    const committed = newEvent();
    await store.appendToStream(`tally-${randomUUID()}`, [committed], { expectedVersion: 'no_stream' });
    expect(await store.readAll({ after: START, limit: 100 })).toEqual([]);
    await slow.commit();
    expect((await store.readAll({ after: START, limit: 100 })).map((e) => e.eventId)).toEqual([
      slow.eventId,
      committed.eventId,
    ]);
  });

  it('delivers every event exactly once to a tailing reader while 8 writers commit with random delays', async () => {
    const written = new Set<string>();
    const seen: RecordedEvent[] = [];
    let writing = true;
    const tail = (async () => {
      let after = START;
      for (;;) {
        const done = !writing;
        const page = await store.readAll({ after, limit: 50 });
        seen.push(...page);
        if (page.length > 0) after = page.at(-1)!.position;
        else if (done) return;
        else await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let i = 0; i < 25; i++) {
          const tx = await openTransaction(`tally-${writer}-${i}-${randomUUID()}`);
          await tx.takeTransactionId();
          await tx.client.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
          await tx.insert();
          await tx.client.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
          await tx.commit();
          written.add(tx.eventId);
        }
      }),
    );
    writing = false;
    await tail;
    const ids = seen.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...written].sort());
  });
});
