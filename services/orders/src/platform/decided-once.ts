import type { Decider, DomainEvent } from '@platform/eventing/decider';

/**
 * Decides a command that creates a stream before anything is written, so that a refusal leaves
 * nothing behind (a contact, say), and returns the events with a decider that appends them as
 * decided: on the state they were decided on (no stream yet) it answers with them, without
 * deciding again; only a stream created meanwhile is decided on afresh (it refuses, e.g. "exists").
 * Throws the decider's refusal.
 */
export function decidedOnce<C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  command: C,
): { events: E[]; decider: Decider<C, S, E> } {
  const events = decider.decide(command, decider.initialState);
  return {
    events,
    decider: {
      ...decider,
      // An empty stream folds to initialState itself, so identity says "the state it was decided on".
      decide: (next, state) =>
        next === command && state === decider.initialState ? events : decider.decide(next, state),
    },
  };
}
