import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { allEvents } from './all-events';
import { defineEvent, type EventDefinition } from './define-event';
import { EventCatalog } from './event-catalog';
import { ContractViolation } from './validation-error';

const orderId = '0d9c8b7a-6f5e-4d3c-8b2a-1a0f9e8d7c6b';
const assignmentId = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b';

/**
 * One recorded example of every version an upcaster reads, as producers wrote it then. An
 * upcaster added without an example here fails the first test: its result must be shown valid.
 */
const olderExamples: Record<string, unknown> = {
  'OrderAssigned v1': { orderId, assignmentId, workerId: 'w-demo-145', workerName: 'w-demo-145' },
  'TechnicianAssigned v1': {
    orderId,
    assignmentId,
    workerId: 'w-demo-145',
    workerName: 'w-demo-145',
    how: 'manual',
    reason: 'customer asked for her',
  },
  'DispatchDecided v1': {
    orderId,
    decisionId: randomUUID(),
    policy: 'weighted-v3',
    ranked: [
      { workerId: 'w-demo-145', workerName: 'w-demo-145', offerId: randomUUID(), score: 0.82 },
      { workerId: 'w-demo-007', workerName: 'w-demo-007', offerId: randomUUID(), score: 0.61 },
    ],
    ruledOut: [{ workerId: 'w-demo-201', rules: ['on_leave', 'too_far'] }],
    moreRuledOut: 0,
  },
};

const envelope = (type: string, schemaVersion: number, data: unknown) => ({
  eventId: randomUUID(),
  type,
  schemaVersion,
  streamId: `stream-${orderId}`,
  streamPosition: 3,
  occurredAt: '2026-05-01T10:00:00.000Z',
  recordedAt: '2026-05-01T10:00:00.010Z',
  correlationId: 'c-1',
  causationId: null,
  actor: { kind: 'system' as const, id: 'dispatch' },
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

describe('every upcaster of the platform', () => {
  const upcasters = allEvents.filter((d) => d.upcastFrom);
  const catalog = new EventCatalog(allEvents);

  it('has a recorded example of the version it reads', () => {
    const missing = upcasters
      .map((d) => `${d.type} v${d.upcastFrom!.version}`)
      .filter((older) => !(older in olderExamples));
    expect(missing).toEqual([]);
  });

  it.each(upcasters.map((d) => [`${d.type} v${d.upcastFrom!.version} → v${d.version}`, d] as const))(
    '%s gives data its own schema accepts, from an example the older schema accepts',
    (_, definition) => {
      const older = allEvents.find(
        (d) => d.type === definition.type && d.version === definition.upcastFrom!.version,
      )!;
      const example = olderExamples[`${older.type} v${older.version}`];
      expect(older.schema.safeParse(example).error).toBeUndefined();

      const upcast = definition.upcastFrom!.upcast(example);
      expect(definition.schema.safeParse(upcast).error).toBeUndefined();
    },
  );

  it.each(Object.keys(olderExamples))(
    'reads %s as the latest version, without the fields it dropped',
    (older) => {
      const [type, version] = older.split(' v') as [string, string];
      const read = catalog.read(envelope(type, Number(version), olderExamples[older]));
      expect(read?.schemaVersion).toBe(catalog.latest(type)!.version);
      expect(catalog.latest(type)!.schema.safeParse(read?.data).error).toBeUndefined();
      expect(JSON.stringify(read?.data)).not.toContain('workerName');
    },
  );
});

describe('reading an older event', () => {
  const topic = 'proof.events';
  const v1 = defineEvent({
    type: 'JobNoted',
    version: 1,
    topic,
    description: 'v1',
    schema: z.object({ note: z.string() }),
  });
  const v2 = defineEvent({
    type: 'JobNoted',
    version: 2,
    topic,
    description: 'v2',
    schema: z.object({ note: z.string(), by: z.string().min(1) }),
    upcastFrom: { version: 1, upcast: (older) => ({ ...(older as { note: string }), by: 'unknown (v1)' }) },
  });
  const v3 = defineEvent({
    type: 'JobNoted',
    version: 3,
    topic,
    description: 'v3',
    schema: z.object({ text: z.string(), by: z.string().min(1) }),
    upcastFrom: {
      version: 2,
      upcast: (older) => {
        const { note, by } = older as { note: string; by: string };
        return { text: note, by };
      },
    },
  });

  it('brings it up one version at a time to the latest, whatever order the versions are listed in', () => {
    const read = new EventCatalog([v3, v1, v2]).read(envelope('JobNoted', 1, { note: 'gate code 1234' }));
    expect(read).toMatchObject({ schemaVersion: 3, data: { text: 'gate code 1234', by: 'unknown (v1)' } });
    expect(new EventCatalog([v3, v1, v2]).latest('JobNoted')).toBe(v3);
  });

  it('reads the latest version as it is, and refuses a version nobody defined', () => {
    const catalog = new EventCatalog([v1, v2, v3]);
    expect(catalog.read(envelope('JobNoted', 3, { text: 't', by: 'b' }))?.data).toEqual({
      text: 't',
      by: 'b',
    });
    expect(violation(() => catalog.read(envelope('JobNoted', 4, { text: 't', by: 'b' }))).problems).toEqual([
      { field: 'schemaVersion', reason: 'unknown version of this event' },
    ]);
  });

  it('refuses an upcast result that its new schema does not accept, naming the version and the field', () => {
    const careless = defineEvent({ ...v2, upcastFrom: { version: 1, upcast: (older) => older as never } });
    const error = violation(() =>
      new EventCatalog([v1, careless]).read(envelope('JobNoted', 1, { note: 'n' })),
    );
    expect(error.message).toContain('event JobNoted v1 upcast to v2');
    expect(error.problems.map((p) => p.field)).toEqual(['data.by']);
  });

  it('refuses an older event that was not valid in its own version, before upcasting it', () => {
    const error = violation(() => new EventCatalog([v1, v2]).read(envelope('JobNoted', 1, { note: 5 })));
    expect(error.message).toContain('event JobNoted v1');
    expect(error.message).not.toContain('upcast');
    expect(error.problems.map((p) => p.field)).toEqual(['data.note']);
  });

  it('refuses when no upcaster leads on from a version', () => {
    const unlinked = defineEvent({ ...v2, upcastFrom: undefined });
    const error = violation(() =>
      new EventCatalog([v1, unlinked, v3]).read(envelope('JobNoted', 1, { note: 'n' })),
    );
    expect(error.problems).toEqual([{ field: 'schemaVersion', reason: 'no upcaster from v1 towards v3' }]);
  });
});

describe('defining events', () => {
  const base = { type: 'JobNoted', version: 1, description: 'd', schema: z.object({}) };

  it('keys an event by its stream id and accepts a "<context>.events" topic', () => {
    expect(defineEvent({ ...base, topic: 'field-ops.events' })).toMatchObject({
      key: 'streamId',
      topic: 'field-ops.events',
    });
  });

  it.each([
    'orders',
    'Orders.events',
    'orders.events.dlq',
    'orders.events-x',
    '1orders.events',
    'x.orders.events',
  ])('refuses the topic %s, saying what it must look like', (topic) => {
    expect(() => defineEvent({ ...base, topic })).toThrow(
      `event JobNoted: topic "${topic}" must look like "<context>.events"`,
    );
  });

  it('refuses a catalogue holding one version twice', () => {
    const definition: EventDefinition = defineEvent({ ...base, topic: 'proof.events' });
    expect(() => new EventCatalog([definition, { ...definition }])).toThrow(
      'event JobNoted v1 is defined twice',
    );
  });
});
