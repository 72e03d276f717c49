import { deciderSpec } from '../../src/testing/decider-spec';
import { tallyDecider, type TallyEvent } from './tally.decider';

const spec = deciderSpec(tallyDecider);
const tallyId = '6c1b3a2e-5d0f-4e8a-9b7c-1d2e3f4a5b6c';
const opened: TallyEvent = { type: 'TallyOpened', data: { tallyId, name: 'jobs', ceiling: 10 } };
const counted = (amount: number): TallyEvent => ({
  type: 'TallyIncremented',
  data: { tallyId, amount, reason: 'job done' },
});

describe('tally decider', () => {
  it('opens a tally that does not exist yet', () =>
    spec.given([]).when({ type: 'OpenTally', tallyId, name: 'jobs', ceiling: 10 }).then([opened]));

  it('refuses to open a tally twice', () =>
    spec
      .given([opened])
      .when({ type: 'OpenTally', tallyId, name: 'again', ceiling: 5 })
      .thenFails('TALLY_EXISTS', /already exists \(open\)/));

  it('counts up an open tally', () =>
    spec
      .given([opened])
      .when({ type: 'IncrementTally', tallyId, amount: 3, reason: 'job done' })
      .then([counted(3)]));

  it('refuses a count that would pass the ceiling, naming both numbers', () =>
    spec
      .given([opened, counted(8)])
      .when({ type: 'IncrementTally', tallyId, amount: 3, reason: 'job done' })
      .thenFails('TALLY_CEILING', 'adding 3 to 8 would pass the ceiling 10'));

  it('refuses to count a tally that was never opened or is closed', () => {
    spec
      .given([])
      .when({ type: 'IncrementTally', tallyId, amount: 1, reason: 'x' })
      .thenFails('TALLY_NOT_OPEN', /is none/);
    spec
      .given([opened, { type: 'TallyClosed', data: { tallyId, total: 0 } }])
      .when({ type: 'IncrementTally', tallyId, amount: 1, reason: 'x' })
      .thenFails('TALLY_NOT_OPEN', /is closed/);
  });

  it('closes with the total, and closing again changes nothing', () => {
    spec
      .given([opened, counted(2), counted(5)])
      .when({ type: 'CloseTally', tallyId })
      .then([{ type: 'TallyClosed', data: { tallyId, total: 7 } }]);
    spec
      .given([opened, { type: 'TallyClosed', data: { tallyId, total: 0 } }])
      .when({ type: 'CloseTally', tallyId })
      .then([]);
  });
});
