import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import {
  scheduleDecider,
  scheduleStream,
  type ScheduleCommand,
  type ScheduleEvent,
} from './schedule.decider';

const spec = deciderSpec(scheduleDecider);
const catalog = new EventCatalog(allEvents);
const workerId = 'w-sh-0417';
const day = '2026-12-01';
const orderA = '3f0c8a52-1d7e-4b6a-9c3f-5e2d1a0b9c01';
const orderB = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02';
const first = '5b1c2d3e-0000-4000-8000-000000000001';
const second = '5b1c2d3e-0000-4000-8000-000000000002';
const orderC = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c03';
const at = (clock: string) => `${day}T${clock}:00+08:00`;
// Xuhui and Pudong's far side: about 25 km apart, an hour at the branch's 25 km/h.
const XUHUI = { lat: 31.1886, lng: 121.4365 };
const PUDONG_EAST = { lat: 31.19, lng: 121.69 };
const speed = 25;
type Place = typeof XUHUI;
const slot = (
  orderId: string,
  from: string,
  to: string,
  reservationId: string,
  location: Place | null,
  travel: number | null,
) => ({
  workerId,
  orderId,
  reservationId,
  day,
  start: at(from),
  end: at(to),
  location: location ?? undefined,
  travelSpeedKmh: travel ?? undefined,
});
const reserve = (
  orderId: string,
  from: string,
  to: string,
  reservationId = first,
  location = XUHUI,
  travel: number | null = speed,
): ScheduleCommand => ({
  type: 'ReserveSlot',
  ...slot(orderId, from, to, reservationId, location, travel),
  location,
});
const reserved = (
  orderId: string,
  from: string,
  to: string,
  reservationId = first,
  location: Place | null = XUHUI,
  travel: number | null = location && speed,
): ScheduleEvent => ({
  type: 'SlotReserved',
  data: slot(orderId, from, to, reservationId, location, travel),
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

  it('refuses a job the worker could not drive to from the job before it, or on to the job after it', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:45', '15:00', first, PUDONG_EAST))
      .thenFails(
        'SLOT_TAKEN',
        `worker ${workerId} cannot get from order ${orderA} in time: 30 min for 24.1 km, needs 58`,
      );
    spec
      .given([reserved(orderA, '14:00', '16:00')])
      .when(reserve(orderB, '10:00', '13:30', first, PUDONG_EAST))
      .thenFails(
        'SLOT_TAKEN',
        `worker ${workerId} cannot get to order ${orderA} in time: 30 min for 24.1 km, needs 58`,
      );
  });

  it('judges the drive against the nearest held stretches only, and lets a far job in when the gap holds the drive', () =>
    spec
      .given([reserved(orderA, '08:00', '10:00', first, PUDONG_EAST), reserved(orderC, '10:30', '12:00')])
      // From orderC next door (orderA, far away, ended earlier and is not where the worker comes from).
      .when(reserve(orderB, '12:00', '14:00'))
      .then([reserved(orderB, '12:00', '14:00')]));

  it('keeps to the overlap rule alone beside a stretch reserved before travel was guarded (no place on it)', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15', first, null)])
      .when(reserve(orderB, '12:15', '15:00', first, PUDONG_EAST))
      .then([reserved(orderB, '12:15', '15:00', first, PUDONG_EAST)]);
    // The job right before is that old stretch: a far job earlier in the day is not where the worker comes from.
    spec
      .given([
        reserved(orderC, '07:00', '09:00', first, PUDONG_EAST),
        reserved(orderA, '09:00', '12:15', first, null),
      ])
      .when(reserve(orderB, '12:30', '15:00'))
      .then([reserved(orderB, '12:30', '15:00')]);
  });

  it("lets a dispatcher's assignment knowingly leave less time for the drive, but never overlap", () => {
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:45', '15:00', first, PUDONG_EAST, null))
      .then([reserved(orderB, '12:45', '15:00', first, PUDONG_EAST, null)]);
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:00', '15:00', first, XUHUI, null))
      .thenFails('SLOT_TAKEN');
  });

  it('refuses a job once the day holds the cap, and takes the one that reaches it', () => {
    type Reserve = Extract<ScheduleCommand, { type: 'ReserveSlot' }>;
    const capped = (orderId: string, from: string, to: string, reservationId = first): Reserve => ({
      ...(reserve(orderId, from, to, reservationId) as Reserve),
      dailyJobCap: 2,
    });
    spec
      .given([reserved(orderA, '08:00', '10:00'), reserved(orderC, '10:30', '12:00')])
      .when(capped(orderB, '13:00', '15:00'))
      .thenFails(
        'DAILY_CAP_REACHED',
        `worker ${workerId} already holds 2 jobs on ${day} (CST); the daily cap is 2`,
      );
    spec
      .given([reserved(orderA, '08:00', '10:00')])
      .when(capped(orderB, '13:00', '15:00'))
      .then([reserved(orderB, '13:00', '15:00')]);
    // Freed time does not count, and an order's own hold (its offer's) is taken over, not counted.
    spec
      .given([reserved(orderA, '08:00', '10:00'), reserved(orderC, '10:30', '12:00'), released(orderC)])
      .when(capped(orderB, '13:00', '15:00'))
      .then([reserved(orderB, '13:00', '15:00')]);
    spec
      .given([reserved(orderA, '08:00', '10:00'), reserved(orderB, '13:00', '15:00', first)])
      .when(capped(orderB, '13:00', '15:00', second))
      .then([released(orderB, first), reserved(orderB, '13:00', '15:00', second)]);
    // A dispatcher's assignment carries no cap: they may knowingly give a third job.
    spec
      .given([reserved(orderA, '08:00', '10:00'), reserved(orderC, '10:30', '12:00')])
      .when(reserve(orderB, '13:00', '15:00', first, XUHUI, null))
      .then([reserved(orderB, '13:00', '15:00', first, XUHUI, null)]);
  });

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

  it('refuses a slot of no length, naming the end', () =>
    spec
      .given([])
      .when(reserve(orderA, '12:00', '12:00'))
      .thenFails('INVALID_SLOT', 'a slot must end after it starts', { field: 'end' }));

  it('lets a job end exactly when a held one starts, and refuses it a minute later', () => {
    spec
      .given([reserved(orderA, '12:15', '15:00')])
      .when(reserve(orderB, '10:00', '12:15'))
      .then([reserved(orderB, '10:00', '12:15')]);
    spec
      .given([reserved(orderA, '12:15', '15:00')])
      .when(reserve(orderB, '10:00', '12:16'))
      .thenFails('SLOT_TAKEN');
  });

  it('tells the dispatcher which order holds the time (the clash) or is being placed (drive, cap)', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:00', '15:00'))
      .thenFails('SLOT_TAKEN', orderA, { orderId: orderA });
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderB, '12:45', '15:00', first, PUDONG_EAST))
      .thenFails('SLOT_TAKEN', 'cannot get from', { orderId: orderB });
    spec
      .given([reserved(orderA, '08:00', '10:00')])
      .when({ ...(reserve(orderB, '13:00', '15:00') as object), dailyJobCap: 1 } as ScheduleCommand)
      .thenFails('DAILY_CAP_REACHED', 'already holds 1 jobs', { orderId: orderB, held: 1, cap: 1 });
  });

  it('needs the drive even when a far job ends exactly as this one starts, or starts exactly as it ends', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15', first, PUDONG_EAST)])
      .when(reserve(orderB, '12:15', '15:00'))
      .thenFails('SLOT_TAKEN', `cannot get from order ${orderA} in time: 0 min for 24.1 km, needs 58`);
    spec
      .given([reserved(orderA, '15:00', '17:00', first, PUDONG_EAST)])
      .when(reserve(orderB, '12:15', '15:00'))
      .thenFails('SLOT_TAKEN', `cannot get to order ${orderA} in time: 0 min for 24.1 km, needs 58`);
  });

  it('comes from the latest job before and goes on to the earliest job after, whatever order they were held in', () => {
    // Far jobs 30 min away in time, near ones touching: only the near ones are where the worker comes from and goes to.
    spec
      .given([reserved(orderA, '09:00', '11:00', first, PUDONG_EAST), reserved(orderC, '11:00', '11:30')])
      .when(reserve(orderB, '11:30', '13:00'))
      .then([reserved(orderB, '11:30', '13:00')]);
    spec
      .given([reserved(orderA, '11:30', '13:00', first, PUDONG_EAST), reserved(orderC, '11:00', '11:30')])
      .when(reserve(orderB, '10:00', '11:00'))
      .then([reserved(orderB, '10:00', '11:00')]);
  });

  it('moves an order without measuring the drive from its own old place, and moves it when only start or end changes', () => {
    spec
      .given([reserved(orderA, '08:30', '12:15', first, PUDONG_EAST)])
      .when(reserve(orderA, '12:30', '15:00'))
      .then([released(orderA), reserved(orderA, '12:30', '15:00')]);
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderA, '09:00', '12:15'))
      .then([released(orderA), reserved(orderA, '09:00', '12:15')]);
    spec
      .given([reserved(orderA, '08:30', '12:15')])
      .when(reserve(orderA, '08:30', '12:00'))
      .then([released(orderA), reserved(orderA, '08:30', '12:00')]);
  });

  it('keeps one stream per worker and day, so that every hold on that day meets every other', () => {
    expect(scheduleStream(workerId, day)).toBe(`schedule-${workerId}-${day}`);
    expect(scheduleStream(workerId, '2026-12-02')).not.toBe(scheduleStream(workerId, day));
  });

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
