import { DomainError, fold, type Decider, type DomainEvent } from '../decider/decider';

/**
 * Given / when / then for deciders:
 *   spec(tally).given([opened]).when(increment).then([incremented])
 *   spec(tally).given([]).when(increment).thenFails('TALLY_NOT_OPEN')
 *   spec(schedule).given([]).when(reserve).thenFails('INVALID_SLOT', 'must end after it starts', { field: 'end' })
 */
export function deciderSpec<C, S, E extends DomainEvent>(decider: Decider<C, S, E>) {
  return {
    given(history: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, history));
          return {
            then(expected: E[]): void {
              expect(run()).toEqual(expected);
            },
            /** `details` reach the client as the error's extensions (the field to correct, the order in the way). */
            thenFails(code: string, message?: string | RegExp, details?: Record<string, unknown>): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              if (message !== undefined) expect((thrown as DomainError).message).toMatch(message);
              if (details !== undefined) expect((thrown as DomainError).details).toEqual(details);
            },
          };
        },
      };
    },
  };
}
