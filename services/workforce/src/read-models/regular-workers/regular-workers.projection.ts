import type { EventData, EventEnvelope, RegularWorkerCleared, RegularWorkerNamed } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';

export type RegularWorkerRow = EventData<typeof RegularWorkerNamed>;

/** Each customer's regular worker per service item (one stream, so one document, per customer and item). */
export const regularWorkers: ReadModel<RegularWorkerRow, 'postgres'> = {
  name: 'customer_regular_workers',
  store: 'postgres',
  handles: ['RegularWorkerNamed', 'RegularWorkerCleared'],
  evolve(row: RegularWorkerRow | null, event: EventEnvelope): RegularWorkerRow | null {
    if (event.type === 'RegularWorkerNamed') {
      const { customerId, itemCode, workerId, stationId } = event.data as RegularWorkerRow;
      return { customerId, itemCode, workerId, stationId };
    }
    // Clearing names the worker cleared: a later naming of someone else stays.
    const { workerId } = event.data as EventData<typeof RegularWorkerCleared>;
    return row?.workerId === workerId ? null : row;
  },
  indexes: [{ fields: { customerId: 1 } }, { fields: { workerId: 1 } }],
};
