import { randomUUID } from 'node:crypto';
import {
  DuplicateEvent,
  START,
  WrongExpectedVersion,
  comparePositions,
  type EventStore,
  type NewEvent,
} from '../event-store/event-store';

export const newEvent = (type = 'TallyOpened', data: unknown = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { kind: 'system', id: 'contract-suite' },
});

export interface EventStoreContractOptions {
  /**
   * Whether the store refuses an event id that any stream already holds (DuplicateEvent). False for
   * EventStoreDB, whose idempotence is per stream: the suite then checks that behaviour instead.
   */
  detectsDuplicateEventIdsAcrossStreams?: boolean;
}

/**
 * The behaviour every EventStore adapter must show; run against each real server.
 * `open` gives a store on a fresh, empty log.
 */
export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  describeFn: jest.Describe = describe,
  { detectsDuplicateEventIdsAcrossStreams = true }: EventStoreContractOptions = {},
): void {
  describeFn(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });
    const stream = () => `tally-${randomUUID()}`;

    it('appends to a new stream with expected "no_stream" and reads the events back in order', async () => {
      const id = stream();
      const events = [newEvent('TallyOpened', { a: 1 }), newEvent('TallyIncremented', { a: 2 })];
      const result = await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
      expect(result.nextExpectedVersion).toBe(1);
      const read = await store.readStream(id);
      expect(read.map((e) => [e.eventId, e.type, e.streamPosition, e.data])).toEqual([
        [events[0]!.eventId, 'TallyOpened', 0, { a: 1 }],
        [events[1]!.eventId, 'TallyIncremented', 1, { a: 2 }],
      ]);
      expect(read[0]).toMatchObject({
        streamId: id,
        correlationId: events[0]!.correlationId,
        causationId: null,
        actor: { kind: 'system', id: 'contract-suite' },
      });
      expect(Date.parse(read[0]!.recordedAt)).not.toBeNaN();
    });

    it('rejects "no_stream" when the stream exists, naming the actual version', async () => {
      const id = stream();
      await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
      const attempt = store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(attempt).rejects.toMatchObject({ actual: 0 });
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('appends at an exact expected version and rejects a stale one without writing anything', async () => {
      const id = stream();
      await store.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
      await store.appendToStream(id, [newEvent()], { expectedVersion: 1 });
      await expect(
        store.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: 1 }),
      ).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 7 })).rejects.toBeInstanceOf(
        WrongExpectedVersion,
      );
      expect((await store.readStream(id)).map((e) => e.streamPosition)).toEqual([0, 1, 2]);
    });

    it('appends with "any" whatever the stream holds', async () => {
      const id = stream();
      await store.appendToStream(id, [newEvent()], { expectedVersion: 'any' });
      const result = await store.appendToStream(id, [newEvent()], { expectedVersion: 'any' });
      expect(result.nextExpectedVersion).toBe(1);
    });

    it('reads a missing stream as empty and reads from a stream position', async () => {
      expect(await store.readStream(stream())).toEqual([]);
      const id = stream();
      await store.appendToStream(id, [newEvent(), newEvent(), newEvent()], { expectedVersion: 'no_stream' });
      expect((await store.readStream(id, { fromPosition: 1 })).map((e) => e.streamPosition)).toEqual([1, 2]);
    });

    it('gives exactly one success and one conflict to two concurrent writers of one stream', async () => {
      const id = stream();
      await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.appendToStream(id, [newEvent()], { expectedVersion: 0 }),
        store.appendToStream(id, [newEvent()], { expectedVersion: 0 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(WrongExpectedVersion);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    if (detectsDuplicateEventIdsAcrossStreams) {
      it('refuses an event id it already holds, so a repeated command changes nothing', async () => {
        const id = stream();
        const event = newEvent();
        await store.appendToStream(id, [event], { expectedVersion: 'no_stream' });
        await expect(
          store.appendToStream(stream(), [event], { expectedVersion: 'any' }),
        ).rejects.toBeInstanceOf(DuplicateEvent);
      });
    } else {
      it('acknowledges a repeated append to the same stream at the same expected version without writing it again', async () => {
        const id = stream();
        const event = newEvent();
        await store.appendToStream(id, [event], { expectedVersion: 'no_stream' });
        await store.appendToStream(id, [event], { expectedVersion: 'no_stream' });
        expect((await store.readStream(id)).map((e) => e.eventId)).toEqual([event.eventId]);
      });

      it('does not check event ids across streams: the same event id appended to another stream is accepted', async () => {
        const event = newEvent();
        await store.appendToStream(stream(), [event], { expectedVersion: 'no_stream' });
        await expect(
          store.appendToStream(stream(), [event], { expectedVersion: 'any' }),
        ).resolves.toBeDefined();
      });
    }

    it('reads the global log in commit order from a position, in pages', async () => {
      const before = await lastPosition(store);
      const ids = [stream(), stream()];
      const written: string[] = [];
      for (let i = 0; i < 5; i++) {
        const event = newEvent();
        written.push(event.eventId);
        await store.appendToStream(ids[i % 2]!, [event], { expectedVersion: 'any' });
      }
      const firstPage = await store.readAll({ after: before, limit: 3 });
      const secondPage = await store.readAll({
        after: firstPage[firstPage.length - 1]!.position,
        limit: 100,
      });
      const seen = [...firstPage, ...secondPage].map((e) => e.eventId).filter((id) => written.includes(id));
      expect(seen).toEqual(written);
      const positions = [...firstPage, ...secondPage].map((e) => e.position);
      for (let i = 1; i < positions.length; i++)
        expect(comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
    });
  });
}

async function lastPosition(store: EventStore) {
  let after = START;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    if (page.length === 0) return after;
    after = page[page.length - 1]!.position;
  }
}
