import type { EventEnvelope } from '@platform/contracts';
import { tallyBoard, type TallyRow } from './tally-board.projection';

describe('the tally board', () => {
  const tallyId = '4b0d7c3e-5f7a-4e43-9a53-2f1f3c1d9e10';
  let position = 0;
  const event = (type: string, data: object, occurredAt: string): EventEnvelope => ({
    eventId: `e-${position}`,
    type,
    schemaVersion: 1,
    streamId: `tally-${tallyId}`,
    streamPosition: position++,
    occurredAt,
    recordedAt: occurredAt,
    correlationId: 'c-1',
    causationId: null,
    actor: { kind: 'system', id: 'proof' },
    data: { tallyId, ...data },
  });
  const board = (events: EventEnvelope[], from: TallyRow | null = null) =>
    events.reduce<TallyRow | null>((row, e) => tallyBoard.evolve(row, e, tallyId), from);

  it('is keyed by the tally, not its stream', async () => {
    const opened = event('TallyOpened', { name: 'repair visits', ceiling: 9 }, '2026-11-23T09:00:00.000Z');
    expect(await tallyBoard.ids!(opened, async () => [])).toEqual([tallyId]);
  });

  it('counts a tally up from its opening and shows it closed', () => {
    expect(
      board([
        event('TallyOpened', { name: 'repair visits', ceiling: 9 }, '2026-11-23T09:00:00.000Z'),
        event('TallyIncremented', { amount: 2, reason: 'job done' }, '2026-11-23T09:01:00.000Z'),
        event('TallyIncremented', { amount: 3, reason: 'job done' }, '2026-11-23T09:02:00.000Z'),
        event('TallyClosed', { total: 5 }, '2026-11-23T09:03:00.000Z'),
      ]),
    ).toEqual({
      tallyId,
      name: 'repair visits',
      total: 5,
      increments: 2,
      status: 'closed',
      lastEventAt: '2026-11-23T09:03:00.000Z',
    });
  });

  it('counts a count whose opening it has not seen (the eventing benchmark appends bare counts)', () => {
    expect(
      board([event('TallyIncremented', { amount: 4, reason: 'bench' }, '2026-11-23T09:00:00.000Z')]),
    ).toMatchObject({
      tallyId,
      total: 4,
      increments: 1,
    });
  });

  it('writes nothing for a close of a tally it has never seen', () => {
    expect(board([event('TallyClosed', { total: 0 }, '2026-11-23T09:00:00.000Z')])).toBeNull();
  });
});
