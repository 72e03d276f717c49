import type { EventData, SlotReleased, SlotReserved } from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';
import { travelMinutes } from '../matching';
import { capReached, overlaps } from '../matching/domain/rule-checks';
import { haversineKm } from '@platform/domain-kit';

export type ScheduleEvent =
  | { type: 'SlotReserved'; data: EventData<typeof SlotReserved> }
  | { type: 'SlotReleased'; data: EventData<typeof SlotReleased> };

type Place = { lat: number; lng: number };
type Slot = { orderId: string; reservationId: string; start: string; end: string; location?: Place };
/** One worker's held time on one day (China Standard Time). */
export type ScheduleState = { slots: Slot[] };

export type ScheduleCommand =
  | {
      type: 'ReserveSlot';
      workerId: string;
      orderId: string;
      /** What holds the time: an open offer (its offer id) or an assignment (an accepted offer's or a dispatcher's). */
      reservationId: string;
      day: string;
      /** The job's span and the buffer after it. */
      start: string;
      end: string;
      /** Where the job is: the next reservations of the day leave the drive to and from it. */
      location: Place;
      /**
       * The branch's travel speed: this reservation must leave the drive from the held job before it
       * and to the one after. Absent for a dispatcher's assignment, who may knowingly leave less.
       */
      travelSpeedKmh?: number;
      /**
       * The branch's daily job cap: refused when the day already holds that many other jobs (offered
       * or assigned). Absent for a dispatcher's assignment, who may knowingly exceed it.
       */
      dailyJobCap?: number;
    }
  /** Frees the time only if it is still held for this reservation: a late release frees nothing newer. */
  | { type: 'ReleaseSlot'; workerId: string; orderId: string; reservationId: string; day: string };

const overlap = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  overlaps(Date.parse(a.start), Date.parse(a.end), Date.parse(b.start), Date.parse(b.end));

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/**
 * Why the worker could not drive between the job and the held stretch just before or after it, if
 * so. Offers decided at the same moment on different partitions each saw a free day; only this
 * stream sees both. A stretch already ends with the buffer, so the gap has to hold the drive.
 */
function tooFarApart(job: Extract<ScheduleCommand, { type: 'ReserveSlot' }>, slots: Slot[]): string | null {
  const speed = job.travelSpeedKmh;
  if (speed === undefined) return null;
  const others = slots.filter((s) => s.orderId !== job.orderId);
  const before = others
    .filter((s) => Date.parse(s.end) <= Date.parse(job.start))
    .sort((a, b) => Date.parse(b.end) - Date.parse(a.end))[0];
  const after = others
    .filter((s) => Date.parse(s.start) >= Date.parse(job.end))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
  for (const [way, other] of [
    ['from', before],
    ['to', after],
  ] as const) {
    // A stretch reserved before places were kept: the overlap rule alone, as then.
    if (!other?.location) continue;
    const [from, to] = way === 'from' ? [other, job] : [job, other];
    const km = haversineKm(other.location, job.location);
    const needed = travelMinutes(km, speed);
    const gap = minutesBetween(from.end, to.start);
    if (gap < needed)
      return `cannot get ${way} order ${other.orderId} in time: ${Math.floor(gap)} min for ${km.toFixed(1)} km, needs ${Math.ceil(needed)}`;
  }
  return null;
}

/**
 * The guard against double-booking: every hold on a worker's day (an open offer's, an assignment's)
 * goes through this one stream, and appends are optimistic, so of two orders racing for the same
 * time exactly one wins and the other is decided again on the winner's slot (and refused), and so is
 * one the worker could not drive to from the job before it, or on to the job after it, and one past
 * the daily cap. Reserving again what is already held for the same reservation changes nothing, so
 * a retry is always safe; an assignment reserving time its order's offer holds takes it over.
 */
function decide(command: ScheduleCommand, state: ScheduleState): ScheduleEvent[] {
  const { workerId, orderId, reservationId, day } = command;
  const own = state.slots.find((s) => s.orderId === orderId);
  if (command.type === 'ReleaseSlot')
    return own && own.reservationId === reservationId
      ? [{ type: 'SlotReleased', data: { workerId, orderId, reservationId, day } }]
      : [];
  if (Date.parse(command.end) <= Date.parse(command.start))
    throw new DomainError('INVALID_SLOT', 'a slot must end after it starts', { field: 'end' });
  if (own && own.reservationId === reservationId && own.start === command.start && own.end === command.end)
    return [];
  const clash = state.slots.find((s) => s.orderId !== orderId && overlap(s, command));
  if (clash) {
    throw new DomainError(
      'SLOT_TAKEN',
      `worker ${workerId} is held for order ${clash.orderId} from ${clash.start} to ${clash.end}`,
      { orderId: clash.orderId },
    );
  }
  const unreachable = tooFarApart(command, state.slots);
  if (unreachable) throw new DomainError('SLOT_TAKEN', `worker ${workerId} ${unreachable}`, { orderId });
  const held = state.slots.filter((s) => s.orderId !== orderId).length;
  if (command.dailyJobCap !== undefined && capReached(held, command.dailyJobCap))
    throw new DomainError(
      'DAILY_CAP_REACHED',
      `worker ${workerId} already holds ${held} jobs on ${day} (CST); the daily cap is ${command.dailyJobCap}`,
      { orderId, held, cap: command.dailyJobCap },
    );
  const reserve: ScheduleEvent = {
    type: 'SlotReserved',
    data: {
      workerId,
      orderId,
      reservationId,
      day,
      start: command.start,
      end: command.end,
      location: command.location,
      travelSpeedKmh: command.travelSpeedKmh,
    },
  };
  return own
    ? [
        {
          type: 'SlotReleased',
          data: { workerId, orderId, reservationId: own.reservationId, day },
        },
        reserve,
      ]
    : [reserve];
}

function evolve(state: ScheduleState, event: ScheduleEvent): ScheduleState {
  const others = state.slots.filter((s) => s.orderId !== event.data.orderId);
  if (event.type === 'SlotReleased') return { slots: others };
  const { orderId, reservationId, start, end, location } = event.data;
  return { slots: [...others, { orderId, reservationId, start, end, location }] };
}

export const scheduleDecider: Decider<ScheduleCommand, ScheduleState, ScheduleEvent> = {
  initialState: { slots: [] },
  decide,
  evolve,
};
export const scheduleStream = (workerId: string, day: string) => `schedule-${workerId}-${day}`;
