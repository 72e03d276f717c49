/**
 * An aggregate or process as two pure functions (see STYLE.md). Domain events here are plain
 * `{ type, data }`; the command handler adds ids, versions and metadata when storing them.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

export interface Decider<TCommand, TState, TEvent extends DomainEvent> {
  initialState: TState;
  /** Returns the events the command causes, or throws a DomainError. */
  decide(command: TCommand, state: TState): TEvent[];
  /** Applies a recorded fact; never throws, never validates. */
  evolve(state: TState, event: TEvent): TState;
}

/** A rejected command: a stable `code` for clients and a message a person can act on. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const fold = <S, E extends DomainEvent>(
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): S => events.reduce(decider.evolve, decider.initialState);
