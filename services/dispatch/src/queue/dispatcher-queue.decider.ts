import type { EventData, QueueItemRaised, QueueItemResolved } from '@platform/contracts';
import type { Decider } from '@platform/eventing/decider';

export type QueueEvent =
  | { type: 'QueueItemRaised'; data: EventData<typeof QueueItemRaised> }
  | { type: 'QueueItemResolved'; data: EventData<typeof QueueItemResolved> };

export type QueueCommand =
  | ({ type: 'RaiseQueueItem' } & EventData<typeof QueueItemRaised>)
  | ({ type: 'ResolveQueueItem' } & EventData<typeof QueueItemResolved>);

/** The items of one order's part of the dispatcher's queue, raised and resolved. */
export type QueueState = { raised: readonly string[]; resolved: readonly string[] };

/**
 * One order's part of the dispatcher's queue (stream `dispatcher-queue-<orderId>`): an item is
 * raised once per id (a reaction's retry raises nothing new) and resolved once. Whether an item of
 * the same kind is open and takes the new details instead is the queue read model's to show.
 */
function decide(command: QueueCommand, state: QueueState): QueueEvent[] {
  switch (command.type) {
    case 'RaiseQueueItem': {
      if (state.raised.includes(command.itemId)) return [];
      const { orderId, itemId, branchId, kind, details } = command;
      return [{ type: 'QueueItemRaised', data: { orderId, itemId, branchId, kind, details } }];
    }
    case 'ResolveQueueItem': {
      if (state.resolved.includes(command.itemId)) return [];
      const { orderId, itemId, resolution } = command;
      return [{ type: 'QueueItemResolved', data: { orderId, itemId, resolution } }];
    }
  }
}

function evolve(state: QueueState, event: QueueEvent): QueueState {
  switch (event.type) {
    case 'QueueItemRaised':
      return { ...state, raised: [...state.raised, event.data.itemId] };
    case 'QueueItemResolved':
      return { ...state, resolved: [...state.resolved, event.data.itemId] };
  }
}

export const queueDecider: Decider<QueueCommand, QueueState, QueueEvent> = {
  initialState: { raised: [], resolved: [] },
  decide,
  evolve,
};
export const queueStream = (orderId: string) => `dispatcher-queue-${orderId}`;
