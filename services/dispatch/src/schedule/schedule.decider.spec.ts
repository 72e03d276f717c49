import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import { scheduleDecider, type ScheduleCommand, type ScheduleEvent } from './schedule.decider';

const spec = deciderSpec(scheduleDecider);
const catalog = new EventCatalog(allEvents);
const workerId = 'w-sh-0417';
const day = '2026-12-01';
const orderA = '3f0c8a52-1d7e-4b6a-9c3f-5e2d1a0b9c01';
const orderB = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02';
const first = '5b1c2d3e-0000-4000-8000-000000000001';
const second = '5b1c2d3e-0000-4000-8000-000000000002';
const at = (clock: string) => `${day}T${clock}:00+08:00`;
const reserve = (orderId: string, from: string, to: string, reservationId = first): ScheduleCommand => ({
  type: 'ReserveSlot',
  workerId,
  orderId,
  reservationId,
  day,
  start: at(from),
  end: at(to),
});
const reserved = (orderId: string, from: string, to: string, reservationId = first): ScheduleEvent => ({
  type: 'SlotReserved',
  data: { workerId, orderId, reservationId, day, start: at(from), end: at(to) },
});
const released = (orderId: string, reservationId = first): ScheduleEvent => ({
  type: 'SlotReleased',
  data: { workerId, orderId, reservationId, day },
});
const release = (orderId: string, reservationId = first): ScheduleCommand => ({
  type: 'ReleaseSlot',
  workerId,
  orderId,
  reservationId,
  day,
});

describe("a worker's day: no double-booking", () => {
  it('holds a free stretch of the day for an order', () =>
    spec
      .given([])
      .when(reserve(orderA, '08:30', '12:15'))
      .then([reserved(orderA, '08:30', '12:15')]));

  it('refuses a second order that overlaps, naming the order that holds the time', () =>
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:00', '15:00'))
      .thenFails(
        'SLOT_TAKEN',
        `worker ${workerId} is held for order ${orderA} from ${at('08:30')} to ${at('12:15')}`,
      ));

  it('lets back-to-back orders share the boundary minute', () =>
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:15', '15:00'))
      .then([reserved(orderB, '12:15', '15:00')]));

  it('treats the same reservation again as done, and moves an order to new times', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderA, '08:30', '12:15'))
      .then([]);
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderA, '13:00', '16:00'))
      .then([released(orderA), reserved(orderA, '13:00', '16:00')]);
  });

  it('frees the time when released, and releasing twice changes nothing', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(release(orderA))
      .then([released(orderA)]);
    spec
      .given([reserved(orderA, '08:30', '12:15'), released(orderA)])
      .when(reserve(orderB, '09:00', '11:00'))
      .then([reserved(orderB, '09:00', '11:00')]);
    spec
      .given([reserved(orderA, '08:30', '12:15'), released(orderA)])
      .when(release(orderA))
      .then([]);
  });

  it('frees nothing when a late release names an earlier reservation of the same order', () => {
    // Reassigned away and back: the time is now held for the second assignment.
    spec
      .given([reserved(orderA, '08:30', '12:15', first)])
      .when(reserve(orderA, '08:30', '12:15', second))
      .then([released(orderA, first), reserved(orderA, '08:30', '12:15', second)]);
    spec
      .given([
        reserved(orderA, '08:30', '12:15', first),
        released(orderA, first),
        reserved(orderA, '08:30', '12:15', second),
      ])
      .when(release(orderA, first))
      .then([]);
  });

  it('refuses a slot that ends before it starts', () =>
    spec
      .given([])
      .when(reserve(orderA, '12:00', '11:00'))
      .thenFails('INVALID_SLOT'));

  it('emits events that pass their contracts', () => {
    for (const event of [reserved(orderA, '08:30', '12:15'), released(orderA)]) {
      expect(() =>
        catalog.validateForWrite({
          eventId: '0b7f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4',
          type: event.type,
          schemaVersion: 1,
          streamId: `schedule-${workerId}-${day}`,
          streamPosition: 0,
          occurredAt: at('08:00'),
          recordedAt: at('08:00'),
          correlationId: 'c',
          causationId: null,
          actor: { kind: 'system', id: 'dispatch' },
          data: event.data,
        }),
      ).not.toThrow();
    }
  });
});
