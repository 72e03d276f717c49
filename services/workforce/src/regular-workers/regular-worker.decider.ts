import type { EventData, RegularWorkerCleared, RegularWorkerNamed } from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';

export type RegularWorkerEvent =
  | { type: 'RegularWorkerNamed'; data: EventData<typeof RegularWorkerNamed> }
  | { type: 'RegularWorkerCleared'; data: EventData<typeof RegularWorkerCleared> };

export type RegularWorkerState = { workerId: string | null };

/**
 * `worker` is what the handler knows of the named worker now: whether they are active and
 * eligible for the item, and their station (the group that hears the announcement).
 */
export type RegularWorkerCommand =
  | {
      type: 'NameRegularWorker';
      customerId: string;
      itemCode: string;
      worker: { workerId: string; stationId: string; active: boolean; eligible: boolean };
    }
  | {
      type: 'ClearRegularWorker';
      customerId: string;
      itemCode: string;
      reason: 'customer_asked' | 'worker_left';
      /** Clears only if this worker is still the regular one (a departure must not clear a successor). */
      onlyWorkerId?: string;
    };

function decide(command: RegularWorkerCommand, state: RegularWorkerState): RegularWorkerEvent[] {
  const { customerId, itemCode } = command;
  if (command.type === 'ClearRegularWorker') {
    if (!state.workerId) return [];
    if (command.onlyWorkerId && command.onlyWorkerId !== state.workerId) return [];
    return [
      {
        type: 'RegularWorkerCleared',
        data: { customerId, itemCode, workerId: state.workerId, reason: command.reason },
      },
    ];
  }
  const { worker } = command;
  if (state.workerId === worker.workerId) return [];
  if (!worker.active)
    throw new DomainError('WORKER_NOT_ACTIVE', `worker ${worker.workerId} is not active`, {
      field: 'workerId',
    });
  if (!worker.eligible) {
    throw new DomainError(
      'WORKER_NOT_ELIGIBLE',
      `worker ${worker.workerId} is not eligible for ${itemCode}, so dispatch could not give them the job`,
      { field: 'workerId' },
    );
  }
  return [
    {
      type: 'RegularWorkerNamed',
      data: { customerId, itemCode, workerId: worker.workerId, stationId: worker.stationId },
    },
  ];
}

function evolve(_state: RegularWorkerState, event: RegularWorkerEvent): RegularWorkerState {
  return { workerId: event.type === 'RegularWorkerNamed' ? event.data.workerId : null };
}

export const regularWorkerDecider: Decider<RegularWorkerCommand, RegularWorkerState, RegularWorkerEvent> = {
  initialState: { workerId: null },
  decide,
  evolve,
};
export const regularWorkerStream = (customerId: string, itemCode: string) =>
  `regular-worker-${customerId}-${itemCode}`;
