import { DomainError, fold, type Decider } from '@platform/eventing/decider';
import { decidedOnce } from './decided-once';

type State = { status: 'none' } | { status: 'open'; name: string };
type Command = { type: 'Open'; name: string };
type Event = { type: 'Opened'; data: { name: string } };

/** A decider that counts its decisions. */
function counting() {
  const calls: State[] = [];
  const decider: Decider<Command, State, Event> = {
    initialState: { status: 'none' },
    decide: (command, state) => {
      calls.push(state);
      if (state.status !== 'none') throw new DomainError('EXISTS', `${state.name} is open`);
      return [{ type: 'Opened', data: { name: command.name } }];
    },
    evolve: (_state, event) => ({ status: 'open', name: event.data.name }),
  };
  return { decider, calls };
}

describe('a command decided once, before anything is written', () => {
  it('is appended as decided: on an empty stream the runner gets the same events without a second decision', () => {
    const { decider, calls } = counting();
    const command: Command = { type: 'Open', name: 'a' };
    const decided = decidedOnce(decider, command);
    const onEmptyStream = fold(decided.decider, []);

    expect(decided.decider.decide(command, onEmptyStream)).toBe(decided.events);
    expect(decided.events).toEqual([{ type: 'Opened', data: { name: 'a' } }]);
    expect(calls).toHaveLength(1);
  });

  it('throws the refusal at once, before the runner is involved', () => {
    const { decider } = counting();
    const refusing = { ...decider, initialState: { status: 'open', name: 'x' } as State };
    expect(() => decidedOnce(refusing, { type: 'Open', name: 'a' })).toThrow('x is open');
  });

  it('is decided on afresh when the stream was created meanwhile, and refused as the decider refuses', () => {
    const { decider, calls } = counting();
    const command: Command = { type: 'Open', name: 'a' };
    const decided = decidedOnce(decider, command);
    const meanwhile = fold(decided.decider, [{ type: 'Opened', data: { name: 'b' } }]);

    expect(() => decided.decider.decide(command, meanwhile)).toThrow('b is open');
    expect(calls).toEqual([{ status: 'none' }, { status: 'open', name: 'b' }]);
  });

  it('decides another command on its own', () => {
    const { decider, calls } = counting();
    const decided = decidedOnce(decider, { type: 'Open', name: 'a' });
    expect(decided.decider.decide({ type: 'Open', name: 'c' }, decider.initialState)).toEqual([
      { type: 'Opened', data: { name: 'c' } },
    ]);
    expect(calls).toHaveLength(2);
  });
});
