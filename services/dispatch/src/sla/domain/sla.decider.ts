import type { EventData, SlaBreached } from '@platform/contracts';
import type { Decider } from '@platform/eventing/decider';

export type SlaKind = 'accept' | 'arrive' | 'finish';
export type SlaEvent = { type: 'SlaBreached'; data: EventData<typeof SlaBreached> };
/** Breaches already recorded for the order, by kind and due time. */
export type SlaState = { breached: string[] };
export type SlaCommand = {
  type: 'RecordSlaBreach';
  orderId: string;
  kind: SlaKind;
  dueAt: string;
  workerId: string | null;
};

const key = (kind: SlaKind, dueAt: string) => `${kind}@${dueAt}`;

/**
 * An order's service-level breaches (stream `sla-<orderId>`): each target (kind and due time) is
 * breached at most once, however often its timer fires. A rescheduled order has new due times,
 * so it can breach again.
 */
export const slaDecider: Decider<SlaCommand, SlaState, SlaEvent> = {
  initialState: { breached: [] },
  decide: ({ orderId, kind, dueAt, workerId }, state) =>
    state.breached.includes(key(kind, dueAt))
      ? []
      : [{ type: 'SlaBreached', data: { orderId, kind, dueAt, workerId } }],
  evolve: (state, { data }) => ({ breached: [...state.breached, key(data.kind, data.dueAt)] }),
};
export const slaStream = (orderId: string) => `sla-${orderId}`;
