import { randomUUID } from 'node:crypto';
import { ContractViolation, EventCatalog } from '@platform/contracts';
import { tallyEvents } from '../../proof/tally/tally-events';
import { tallyDecider, type TallyCommand } from '../../proof/tally/tally.decider';
import {
  DuplicateEvent,
  WrongExpectedVersion,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '../event-store/event-store';
import { handleCommand, type CommandMetadata } from './command-handler';
import { DomainError, type Decider } from './decider';

/**
 * The handler's own logic (retry on conflict, recognising a repeated command) over a store that
 * keeps the EventStore contract in memory; the real stores are held to that contract by
 * event-store-contract.ts. `beforeAppend` lets a test play a second writer between read and append.
 */
class StreamsInMemory implements EventStore {
  readonly streams = new Map<string, RecordedEvent[]>();
  reads = 0;
  beforeAppend: (() => void) | undefined;

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.reads++;
    return [...(this.streams.get(streamId) ?? [])];
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ) {
    this.beforeAppend?.();
    const stream = this.streams.get(streamId) ?? [];
    for (const event of events)
      if ([...this.streams.values()].some((s) => s.some((e) => e.eventId === event.eventId)))
        throw new DuplicateEvent(event.eventId);
    const actual = stream.length === 0 ? 'no_stream' : stream.length - 1;
    if (expectedVersion !== 'any' && expectedVersion !== actual)
      throw new WrongExpectedVersion(streamId, expectedVersion, actual);
    const recorded = events.map((event, index): RecordedEvent => {
      const streamPosition = stream.length + index;
      return {
        ...event,
        streamId,
        streamPosition,
        recordedAt: event.occurredAt,
        position: { commit: 1n, prepare: BigInt(streamPosition) },
      };
    });
    this.streams.set(streamId, [...stream, ...recorded]);
    return { nextExpectedVersion: stream.length + events.length - 1, position: recorded.at(-1)!.position };
  }

  async readAll(): Promise<RecordedEvent[]> {
    throw new Error('not used by the command handler');
  }

  async close(): Promise<void> {}
}

const catalog = new EventCatalog(tallyEvents);
const tallyId = '6f1c3c1e-1f0a-4d5e-9b7a-2c1d0e9f8a7b';
const streamId = `tally-${tallyId}`;
const meta = (commandId: string): CommandMetadata => ({
  commandId,
  correlationId: `corr-${commandId}`,
  causationId: null,
  actor: { kind: 'user', id: 'dispatcher-1', role: 'dispatcher' },
  at: new Date('2026-05-01T10:00:00.000Z'),
});
const open: TallyCommand = { type: 'OpenTally', tallyId, name: 'jobs done', ceiling: 5 };
const add = (amount: number): TallyCommand => ({
  type: 'IncrementTally',
  tallyId,
  amount,
  reason: 'job done',
});

function setUp(options: { maxAttempts?: number } = {}) {
  const store = new StreamsInMemory();
  const handle = (command: TallyCommand, commandId: string) =>
    handleCommand({ store, catalog, decider: tallyDecider, ...options }, streamId, command, meta(commandId));
  const stored = () => (store.streams.get(streamId) ?? []).map((e) => [e.type, e.data]);
  return { store, handle, stored };
}

describe('handling a command', () => {
  it('appends what the decider decides, at the latest version, with the command metadata', async () => {
    const { store, handle } = setUp();

    const outcome = await handle(open, 'cmd-open');

    expect(outcome).toEqual({ status: 'appended', events: [expect.any(Object)], nextExpectedVersion: 0 });
    expect(store.streams.get(streamId)).toEqual([
      expect.objectContaining({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'TallyOpened',
        schemaVersion: 1,
        data: { tallyId, name: 'jobs done', ceiling: 5 },
        occurredAt: '2026-05-01T10:00:00.000Z',
        correlationId: 'corr-cmd-open',
        causationId: null,
        actor: { kind: 'user', id: 'dispatcher-1', role: 'dispatcher' },
        streamPosition: 0,
      }),
    ]);
    await handle(add(2), 'cmd-add');
    const outcome3 = await handle(add(1), 'cmd-add-again');
    expect(outcome3).toMatchObject({ status: 'appended', nextExpectedVersion: 2 });
  });

  it('decides on the state the stream holds: a count past the ceiling is refused and nothing is written', async () => {
    const { handle, stored } = setUp();
    await handle(open, 'cmd-open');
    await handle(add(4), 'cmd-add-4');

    await expect(handle(add(2), 'cmd-add-2')).rejects.toMatchObject({ code: 'TALLY_CEILING' });
    expect(stored()).toHaveLength(2);
  });

  it('appends the events of one decision together, in order', async () => {
    const store = new StreamsInMemory();
    const counted = { type: 'TallyIncremented', data: { tallyId, amount: 1, reason: 'r' } };
    const twice: Decider<null, null, typeof counted> = {
      initialState: null,
      decide: () => [counted, counted],
      evolve: () => null,
    };
    await expect(
      handleCommand({ store, catalog, decider: twice }, streamId, null, meta('cmd-twice')),
    ).resolves.toMatchObject({ status: 'appended', nextExpectedVersion: 1 });
    expect(store.streams.get(streamId)!.map((e) => e.streamPosition)).toEqual([0, 1]);
  });

  it('refuses with a DomainError that names itself, its code and what the client can act on', async () => {
    const { handle } = setUp();
    const refused = handle(add(1), 'cmd-add');
    await expect(refused).rejects.toMatchObject({
      name: 'DomainError',
      code: 'TALLY_NOT_OPEN',
      details: {},
      message: `tally ${tallyId} is none, not open`,
    });
  });

  it('changes nothing when the decider decides nothing', async () => {
    const { handle, stored } = setUp();
    await handle(open, 'cmd-open');
    await handle({ type: 'CloseTally', tallyId }, 'cmd-close');

    await expect(handle({ type: 'CloseTally', tallyId }, 'cmd-close-again')).resolves.toEqual({
      status: 'unchanged',
      reason: 'no events',
    });
    expect(stored()).toHaveLength(2);
  });
});

describe('a command repeated with the same id (a client retry, a redelivered message)', () => {
  it('is recognised as already handled instead of being decided again and refused', async () => {
    const { handle, stored } = setUp();
    await handle(open, 'cmd-open');

    // Decided again, "open" would fail with TALLY_EXISTS: the caller would report an error for a
    // command that in fact succeeded.
    await expect(handle(open, 'cmd-open')).resolves.toEqual({
      status: 'unchanged',
      reason: 'already handled',
    });
    expect(stored()).toEqual([['TallyOpened', { tallyId, name: 'jobs done', ceiling: 5 }]]);
  });

  it('is not counted twice when it is still allowed, however often it comes', async () => {
    const { handle, stored } = setUp();
    await handle(open, 'cmd-open');
    for (let i = 0; i < 3; i++) await handle(add(1), 'cmd-add-once');

    expect(stored()).toEqual([
      ['TallyOpened', expect.anything()],
      ['TallyIncremented', { tallyId, amount: 1, reason: 'job done' }],
    ]);
  });

  it('is already handled when its twin wins the race between our read and our append', async () => {
    const { store, handle, stored } = setUp();
    await handle(open, 'cmd-open');
    const twin = setUp();
    twin.store.streams.set(streamId, [...store.streams.get(streamId)!]);
    await twin.handle(add(1), 'cmd-add');
    store.beforeAppend = () => {
      store.streams.set(streamId, twin.store.streams.get(streamId)!);
      store.beforeAppend = undefined;
    };

    await expect(handle(add(1), 'cmd-add')).resolves.toEqual({
      status: 'unchanged',
      reason: 'already handled',
    });
    expect(stored()).toHaveLength(2);
  });

  it('is told apart from a different command: other ids give other events', async () => {
    const { store, handle } = setUp();
    await handle(open, 'cmd-open');
    await handle(add(1), 'cmd-a');
    await handle(add(1), 'cmd-b');

    const ids = store.streams.get(streamId)!.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('another writer got there first', () => {
  /** Appends `amount` as someone else, once, just before our next append. */
  function interleave(store: StreamsInMemory, amount: number) {
    store.beforeAppend = () => {
      store.beforeAppend = undefined;
      const stream = store.streams.get(streamId)!;
      store.streams.set(streamId, [
        ...stream,
        {
          ...stream[0]!,
          eventId: randomUUID(),
          type: 'TallyIncremented',
          schemaVersion: 2,
          data: { tallyId, amount, reason: 'other writer' },
          streamPosition: stream.length,
        },
      ]);
    };
  }

  it('decides again on the new state and appends after it', async () => {
    const { store, handle, stored } = setUp();
    await handle(open, 'cmd-open');
    interleave(store, 2);

    await expect(handle(add(3), 'cmd-add-3')).resolves.toMatchObject({
      status: 'appended',
      nextExpectedVersion: 2,
    });
    expect(stored().map(([, data]) => (data as { amount?: number }).amount)).toEqual([undefined, 2, 3]);
  });

  it('refuses on the new state when the other write leaves no room', async () => {
    const { store, handle, stored } = setUp();
    await handle(open, 'cmd-open');
    interleave(store, 3);

    await expect(handle(add(3), 'cmd-add-3')).rejects.toThrow(DomainError);
    expect(stored()).toHaveLength(2);
  });

  it('gives up after maxAttempts conflicts (5 by default), passing the conflict on', async () => {
    // Each conflict counts 1 more; the ceiling of 5 leaves room for our count on every attempt.
    for (const maxAttempts of [undefined, 2]) {
      const { store, handle } = setUp({ maxAttempts });
      await handle(open, 'cmd-open');
      store.reads = 0;
      const conflictEveryTime = () => {
        interleave(store, 1);
        store.beforeAppend!();
        store.beforeAppend = conflictEveryTime;
      };
      store.beforeAppend = conflictEveryTime;

      await expect(handle(add(1), 'cmd-add')).rejects.toThrow(WrongExpectedVersion);
      expect(store.reads).toBe(maxAttempts ?? 5);
    }
  });
});

describe('what a decider emits is checked against the contracts before anything is written', () => {
  type Emitting = Decider<{ emit: { type: string; data: unknown }[] }, null, { type: string; data: unknown }>;
  const emitting: Emitting = {
    initialState: null,
    decide: (command) => command.emit,
    evolve: (state) => state,
  };
  const run = (store: StreamsInMemory, emit: { type: string; data: unknown }[]) =>
    handleCommand({ store, catalog, decider: emitting }, streamId, { emit }, meta('cmd-emit'));

  it('refuses an event type the catalogue does not know, writing nothing', async () => {
    const store = new StreamsInMemory();
    await expect(
      run(store, [
        { type: 'TallyOpened', data: { tallyId, name: 'n', ceiling: 1 } },
        { type: 'TallyLost', data: {} },
      ]),
    ).rejects.toThrow('decider emitted TallyLost, which is not in the event catalogue');
    expect(store.streams.size).toBe(0);
  });

  it('refuses data that breaks the schema, naming the field, writing nothing', async () => {
    const store = new StreamsInMemory();
    const refused = run(store, [{ type: 'TallyOpened', data: { tallyId, name: '', ceiling: 1 } }]);
    await expect(refused).rejects.toThrow(ContractViolation);
    await expect(refused).rejects.toThrow('data.name');
    expect(store.streams.size).toBe(0);
  });

  it('stores the data as the schema reads it: fields outside the contract are not written', async () => {
    const store = new StreamsInMemory();
    await run(store, [
      { type: 'TallyOpened', data: { tallyId, name: 'n', ceiling: 1, phone: '13800000000' } },
    ]);
    expect(store.streams.get(streamId)![0]!.data).toEqual({ tallyId, name: 'n', ceiling: 1 });
  });
});
