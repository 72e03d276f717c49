import { EventCatalog } from '@platform/contracts';
import { randomUUID } from 'node:crypto';
import { TallyIncremented, TallyIncrementedV1, tallyEvents } from './tally-events';

describe('the tally events', () => {
  const tallyId = randomUUID();
  const recorded = (schemaVersion: number, data: unknown) => ({
    eventId: randomUUID(),
    type: 'TallyIncremented',
    schemaVersion,
    streamId: `tally-${tallyId}`,
    streamPosition: 1,
    occurredAt: '2026-11-23T09:00:00.000Z',
    recordedAt: '2026-11-23T09:00:00.010Z',
    correlationId: 'c-1',
    causationId: null,
    actor: { kind: 'system' as const, id: 'proof' },
    data,
  });

  it('read a v1 count as the latest version, with its reason "not recorded (v1)"', () => {
    const v1 = { tallyId, amount: 2 };
    expect(TallyIncrementedV1.schema.safeParse(v1).error).toBeUndefined();
    const read = new EventCatalog(tallyEvents).read(recorded(1, v1));
    expect(read).toMatchObject({ schemaVersion: TallyIncremented.version });
    expect(read?.data).toEqual({ tallyId, amount: 2, reason: 'not recorded (v1)' });
    expect(TallyIncremented.schema.safeParse(read?.data).error).toBeUndefined();
  });
});
