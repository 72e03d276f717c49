import { DomainError, type Decider } from '../../src/decider/decider';

/** The proof pipeline's aggregate: a named tally counted up to a ceiling, then closed. */
export type TallyState =
  | { status: 'none' }
  | { status: 'open'; tallyId: string; ceiling: number; total: number }
  | { status: 'closed'; tallyId: string; total: number };

export type TallyCommand =
  | { type: 'OpenTally'; tallyId: string; name: string; ceiling: number }
  | { type: 'IncrementTally'; tallyId: string; amount: number; reason: string }
  | { type: 'CloseTally'; tallyId: string };

export type TallyEvent =
  | { type: 'TallyOpened'; data: { tallyId: string; name: string; ceiling: number } }
  | { type: 'TallyIncremented'; data: { tallyId: string; amount: number; reason: string } }
  | { type: 'TallyClosed'; data: { tallyId: string; total: number } };

export const tallyStream = (tallyId: string) => `tally-${tallyId}`;

function open(command: Extract<TallyCommand, { type: 'OpenTally' }>, state: TallyState): TallyEvent[] {
  if (state.status !== 'none')
    throw new DomainError('TALLY_EXISTS', `tally ${command.tallyId} already exists (${state.status})`);
  const { tallyId, name, ceiling } = command;
  return [{ type: 'TallyOpened', data: { tallyId, name, ceiling } }];
}

function increment(
  command: Extract<TallyCommand, { type: 'IncrementTally' }>,
  state: TallyState,
): TallyEvent[] {
  if (state.status !== 'open')
    throw new DomainError('TALLY_NOT_OPEN', `tally ${command.tallyId} is ${state.status}, not open`);
  if (state.total + command.amount > state.ceiling) {
    throw new DomainError(
      'TALLY_CEILING',
      `adding ${command.amount} to ${state.total} would pass the ceiling ${state.ceiling}`,
      {
        total: state.total,
        ceiling: state.ceiling,
      },
    );
  }
  const { tallyId, amount, reason } = command;
  return [{ type: 'TallyIncremented', data: { tallyId, amount, reason } }];
}

function close(command: Extract<TallyCommand, { type: 'CloseTally' }>, state: TallyState): TallyEvent[] {
  if (state.status === 'closed') return [];
  if (state.status !== 'open')
    throw new DomainError('TALLY_NOT_OPEN', `tally ${command.tallyId} does not exist`);
  return [{ type: 'TallyClosed', data: { tallyId: state.tallyId, total: state.total } }];
}

export const tallyDecider: Decider<TallyCommand, TallyState, TallyEvent> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'OpenTally':
        return open(command, state);
      case 'IncrementTally':
        return increment(command, state);
      case 'CloseTally':
        return close(command, state);
      default: {
        const unknown: never = command;
        throw new DomainError('UNKNOWN_COMMAND', `unknown command ${(unknown as { type: string }).type}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'TallyOpened':
        return { status: 'open', tallyId: event.data.tallyId, ceiling: event.data.ceiling, total: 0 };
      case 'TallyIncremented':
        return state.status === 'open' ? { ...state, total: state.total + event.data.amount } : state;
      case 'TallyClosed':
        return { status: 'closed', tallyId: event.data.tallyId, total: event.data.total };
    }
  },
};
