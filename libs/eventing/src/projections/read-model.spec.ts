import type { EventEnvelope } from '@platform/contracts';
import { idsOf, nextWrite, type ReadModel } from './read-model';

interface Tally {
  total: number;
}

const tallies: ReadModel<Tally> = {
  name: 'tallies',
  store: 'postgres',
  handles: ['TallyOpened', 'TallyIncremented', 'TallyClosed'],
  evolve: (tally, event) => {
    if (event.type === 'TallyOpened') return { total: 0 };
    if (event.type === 'TallyClosed') return null;
    return tally && { total: tally.total + (event.data as { amount: number }).amount };
  },
};

const event = (type: string, streamId: string, streamPosition: number, data: object = {}): EventEnvelope => ({
  eventId: `${streamId}-${streamPosition}`,
  type,
  schemaVersion: 1,
  streamId,
  streamPosition,
  occurredAt: '2026-12-07T05:00:00.000Z',
  recordedAt: '2026-12-07T05:00:00.000Z',
  correlationId: 'c',
  causationId: null,
  actor: { kind: 'system', id: 'spec' },
  data,
});

describe('the write an event makes to one document', () => {
  it('creates a document that does not exist, expecting it still not to', () => {
    expect(nextWrite(tallies, null, event('TallyOpened', 'tally-1', 0), 'tally-1')).toEqual({
      write: true,
      expectedVersion: null,
      next: { document: { total: 0 }, applied: { 'tally-1': 0 }, version: 1 },
    });
  });

  it('evolves a document and records the position beside those of other streams', () => {
    const stored = { document: { total: 3 }, applied: { 'tally-1': 1, 'bonus-9': 4 }, version: 5 };
    expect(
      nextWrite(tallies, stored, event('TallyIncremented', 'tally-1', 2, { amount: 4 }), 'tally-1'),
    ).toEqual({
      write: true,
      expectedVersion: 5,
      next: { document: { total: 7 }, applied: { 'tally-1': 2, 'bonus-9': 4 }, version: 6 },
    });
  });

  it('skips an event at or before the position applied from its stream', () => {
    const stored = { document: { total: 3 }, applied: { 'tally-1': 2 }, version: 3 };
    for (const position of [0, 2])
      expect(
        nextWrite(tallies, stored, event('TallyIncremented', 'tally-1', position, { amount: 4 }), 'tally-1'),
      ).toEqual({
        write: false,
        reason: 'applied before',
      });
  });

  it('applies an event from another stream whatever position this document has from its own', () => {
    const stored = { document: { total: 3 }, applied: { 'tally-1': 9 }, version: 3 };
    const step = nextWrite(
      tallies,
      stored,
      event('TallyIncremented', 'bonus-1', 0, { amount: 1 }),
      'tally-1',
    );
    expect(step).toMatchObject({ write: true, next: { document: { total: 4 } } });
  });

  it('keeps a deleted document as a tombstone that remembers what it applied', () => {
    const stored = { document: { total: 3 }, applied: { 'tally-1': 1 }, version: 2 };
    expect(nextWrite(tallies, stored, event('TallyClosed', 'tally-1', 2), 'tally-1')).toEqual({
      write: true,
      expectedVersion: 2,
      next: { document: null, applied: { 'tally-1': 2 }, version: 3 },
    });
    const tombstone = { document: null, applied: { 'tally-1': 2 }, version: 3 };
    expect(nextWrite(tallies, tombstone, event('TallyOpened', 'tally-1', 0), 'tally-1')).toEqual({
      write: false,
      reason: 'applied before',
    });
  });

  it('writes nothing when an event deletes a document that never existed', () => {
    expect(nextWrite(tallies, null, event('TallyClosed', 'tally-1', 0), 'tally-1')).toEqual({
      write: false,
      reason: 'nothing to delete',
    });
  });

  it('hands evolve the document id, and by default changes the document named by the stream', async () => {
    const seen: string[] = [];
    const model: ReadModel<Tally> = { ...tallies, evolve: (_, __, id) => (seen.push(id), { total: 1 }) };
    nextWrite(model, null, event('TallyOpened', 'tally-1', 0), 'board-7');
    expect(seen).toEqual(['board-7']);
    const find = () => Promise.resolve(['never asked']);
    expect(await idsOf(tallies, event('TallyOpened', 'tally-1', 0), find)).toEqual(['tally-1']);
    const fanOut: ReadModel<Tally> = { ...tallies, ids: (_, lookup) => lookup({ owner: 'w-1' }) };
    expect(await idsOf(fanOut, event('TallyOpened', 'tally-1', 0), find)).toEqual(['never asked']);
  });
});
