import type { EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '../../src/projections/read-model';
import type { TallyEvent } from '../tally/tally.decider';

/** Answers "what does each tally stand at": one document per tally. */
export interface TallyRow {
  tallyId: string;
  name: string;
  total: number;
  increments: number;
  status: 'open' | 'closed';
  lastEventAt: string;
}

export const tallyBoard: ReadModel<TallyRow, 'mongo'> = {
  name: 'tally_board',
  store: 'mongo',
  handles: ['TallyOpened', 'TallyIncremented', 'TallyClosed'],
  ids: (event) => [(event.data as { tallyId: string }).tallyId],
  evolve(row, envelope, tallyId) {
    const event = envelope as unknown as TallyEvent & EventEnvelope;
    const lastEventAt = envelope.occurredAt;
    switch (event.type) {
      case 'TallyOpened':
        return { tallyId, name: event.data.name, total: 0, increments: 0, status: 'open', lastEventAt };
      case 'TallyIncremented': {
        // A count is a fact even on a tally whose opening the board has not seen: the eventing
        // benchmark appends bare counts, and each must reach the board as one write.
        const counted = row ?? { tallyId, name: '', total: 0, increments: 0, status: 'open' as const };
        return {
          ...counted,
          total: counted.total + event.data.amount,
          increments: counted.increments + 1,
          lastEventAt,
        };
      }
      case 'TallyClosed':
        return row && { ...row, status: 'closed', lastEventAt };
    }
  },
};
