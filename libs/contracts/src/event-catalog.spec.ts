import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from './define-event';
import { EventCatalog } from './event-catalog';
import { ContractViolation } from './validation-error';

// Events of the spec's own, not the platform's: a count is opened and counted up; the second
// version of Counted adds a reason, upcast from the first.
const topic = 'spec.events';
const CountOpened = defineEvent({
  type: 'CountOpened',
  version: 1,
  topic,
  description: 'A count was opened.',
  schema: z.object({ countId: z.uuid(), name: z.string().min(1), ceiling: z.number().int().positive() }),
});
const CountedV1 = defineEvent({
  type: 'Counted',
  version: 1,
  topic,
  description: 'A count went up (v1).',
  schema: z.object({ countId: z.uuid(), amount: z.number().int().positive() }),
});
const Counted = defineEvent({
  type: 'Counted',
  version: 2,
  topic,
  description: 'A count went up, with the reason given.',
  schema: z.object({ countId: z.uuid(), amount: z.number().int().positive(), reason: z.string().min(1) }),
  upcastFrom: {
    version: 1,
    upcast: (older) => ({ ...(older as { countId: string; amount: number }), reason: 'not recorded (v1)' }),
  },
});
const countEvents = [CountOpened, CountedV1, Counted];

const catalog = new EventCatalog(countEvents);
const countId = randomUUID();
const envelope = (type: string, schemaVersion: number, data: unknown) => ({
  eventId: randomUUID(),
  type,
  schemaVersion,
  streamId: `count-${countId}`,
  streamPosition: 1,
  occurredAt: '2026-11-23T09:00:00.000Z',
  recordedAt: '2026-11-23T09:00:00.010Z',
  correlationId: 'c-1',
  causationId: null,
  actor: { kind: 'user' as const, id: 'u1', role: 'dispatcher' },
  data,
});

function violation(fn: () => unknown): ContractViolation {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractViolation) return error;
    throw error;
  }
  throw new Error('expected a ContractViolation');
}

describe('event catalogue', () => {
  it('accepts a valid event at the latest version for writing', () => {
    const event = envelope('Counted', 2, { countId, amount: 3, reason: 'job done' });
    expect(catalog.validateForWrite(event)).toEqual(event);
  });

  it('names every bad field of the data when writing', () => {
    const error = violation(() =>
      catalog.validateForWrite(envelope('Counted', 2, { countId: 'nope', amount: -1 })),
    );
    expect(error.problems.map((p) => p.field).sort()).toEqual(['data.amount', 'data.countId', 'data.reason']);
    expect(error.message).toContain('data.amount');
  });

  it('refuses to write an old version of an event', () => {
    const error = violation(() => catalog.validateForWrite(envelope('Counted', 1, { countId, amount: 1 })));
    expect(error.problems).toEqual([
      { field: 'schemaVersion', reason: expect.stringContaining('latest version v2') },
    ]);
  });

  it('refuses an unknown type and a malformed envelope when writing', () => {
    expect(violation(() => catalog.validateForWrite(envelope('CountLost', 1, {}))).problems[0]?.field).toBe(
      'type',
    );
    const bad = { ...envelope('CountOpened', 1, { countId, name: 'x', ceiling: 1 }), eventId: 'not-a-uuid' };
    expect(violation(() => catalog.validateForWrite(bad)).problems[0]?.field).toBe('eventId');
  });

  it('upcasts a v1 event to the latest version when reading', () => {
    const read = catalog.read(envelope('Counted', 1, { countId, amount: 2 }));
    expect(read?.schemaVersion).toBe(Counted.version);
    expect(read?.data).toEqual({ countId, amount: 2, reason: 'not recorded (v1)' });
  });

  it('skips event types it does not know when reading, but rejects bad data of known ones', () => {
    expect(catalog.read(envelope('SomethingElseHappened', 1, { any: 'thing' }))).toBeUndefined();
    expect(
      violation(() => catalog.read(envelope('CountOpened', 1, { countId }))).problems.map((p) => p.field),
    ).toEqual(['data.name', 'data.ceiling']);
  });

  it('lists every version it knows, and knows a type by name', () => {
    expect(catalog.definitions()).toHaveLength(countEvents.length);
    expect(catalog.definitions()).toEqual(expect.arrayContaining(countEvents));
    expect(catalog.knows('Counted')).toBe(true);
    expect(catalog.knows('CountLost')).toBe(false);
  });

  it('says what is wrong with an event that has no type or an unknown one', () => {
    const untyped = violation(() =>
      catalog.validateForWrite({ ...envelope('CountOpened', 1, {}), type: undefined as unknown as string }),
    );
    expect(untyped.message).toContain('event (no type)');
    expect(untyped.problems[0]?.field).toBe('type');
    expect(violation(() => catalog.validateForWrite(envelope('CountLost', 1, {}))).problems).toEqual([
      { field: 'type', reason: 'unknown event type' },
    ]);
  });

  it('refuses to read a malformed envelope, naming the field', () => {
    const error = violation(() => catalog.read({ ...envelope('CountOpened', 1, {}), streamPosition: -1 }));
    expect(error.message).toContain('event envelope');
    expect(error.problems.map((p) => p.field)).toEqual(['streamPosition']);
  });

  it('rejects a catalogue whose upcaster starts from a version that does not exist', () => {
    expect(() => new EventCatalog([Counted])).toThrow('upcasts from v1, which is not defined');
  });
});
