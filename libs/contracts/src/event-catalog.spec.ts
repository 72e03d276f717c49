import { randomUUID } from 'node:crypto';
import { EventCatalog } from './event-catalog';
import { TallyIncremented, tallyEvents } from './proof/tally-events';
import { ContractViolation } from './validation-error';

const catalog = new EventCatalog(tallyEvents);
const tallyId = randomUUID();
const envelope = (type: string, schemaVersion: number, data: unknown) => ({
  eventId: randomUUID(),
  type,
  schemaVersion,
  streamId: `tally-${tallyId}`,
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
    const event = envelope('TallyIncremented', 2, { tallyId, amount: 3, reason: 'job done' });
    expect(catalog.validateForWrite(event)).toEqual(event);
  });

  it('names every bad field of the data when writing', () => {
    const error = violation(() =>
      catalog.validateForWrite(envelope('TallyIncremented', 2, { tallyId: 'nope', amount: -1 })),
    );
    expect(error.problems.map((p) => p.field).sort()).toEqual(['data.amount', 'data.reason', 'data.tallyId']);
    expect(error.message).toContain('data.amount');
  });

  it('refuses to write an old version of an event', () => {
    const error = violation(() =>
      catalog.validateForWrite(envelope('TallyIncremented', 1, { tallyId, amount: 1 })),
    );
    expect(error.problems).toEqual([
      { field: 'schemaVersion', reason: expect.stringContaining('latest version v2') },
    ]);
  });

  it('refuses an unknown type and a malformed envelope when writing', () => {
    expect(violation(() => catalog.validateForWrite(envelope('TallyLost', 1, {}))).problems[0]?.field).toBe(
      'type',
    );
    const bad = { ...envelope('TallyOpened', 1, { tallyId, name: 'x', ceiling: 1 }), eventId: 'not-a-uuid' };
    expect(violation(() => catalog.validateForWrite(bad)).problems[0]?.field).toBe('eventId');
  });

  it('upcasts a v1 event to the latest version when reading', () => {
    const read = catalog.read(envelope('TallyIncremented', 1, { tallyId, amount: 2 }));
    expect(read?.schemaVersion).toBe(TallyIncremented.version);
    expect(read?.data).toEqual({ tallyId, amount: 2, reason: 'not recorded (v1)' });
  });

  it('skips event types it does not know when reading, but rejects bad data of known ones', () => {
    expect(catalog.read(envelope('SomethingElseHappened', 1, { any: 'thing' }))).toBeUndefined();
    expect(
      violation(() => catalog.read(envelope('TallyOpened', 1, { tallyId }))).problems.map((p) => p.field),
    ).toEqual(['data.name', 'data.ceiling']);
  });

  it('lists every version it knows, and knows a type by name', () => {
    expect(catalog.definitions()).toHaveLength(tallyEvents.length);
    expect(catalog.definitions()).toEqual(expect.arrayContaining(tallyEvents));
    expect(catalog.knows('TallyIncremented')).toBe(true);
    expect(catalog.knows('TallyLost')).toBe(false);
  });

  it('says what is wrong with an event that has no type or an unknown one', () => {
    const untyped = violation(() =>
      catalog.validateForWrite({ ...envelope('TallyOpened', 1, {}), type: undefined as unknown as string }),
    );
    expect(untyped.message).toContain('event (no type)');
    expect(untyped.problems[0]?.field).toBe('type');
    expect(violation(() => catalog.validateForWrite(envelope('TallyLost', 1, {}))).problems).toEqual([
      { field: 'type', reason: 'unknown event type' },
    ]);
  });

  it('refuses to read a malformed envelope, naming the field', () => {
    const error = violation(() => catalog.read({ ...envelope('TallyOpened', 1, {}), streamPosition: -1 }));
    expect(error.message).toContain('event envelope');
    expect(error.problems.map((p) => p.field)).toEqual(['streamPosition']);
  });

  it('rejects a catalogue whose upcaster starts from a version that does not exist', () => {
    expect(() => new EventCatalog([TallyIncremented])).toThrow('upcasts from v1, which is not defined');
  });
});
