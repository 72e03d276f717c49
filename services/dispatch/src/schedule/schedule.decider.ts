import type { EventData, SlotReleased, SlotReserved } from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';

export type ScheduleEvent =
  | { type: 'SlotReserved'; data: EventData<typeof SlotReserved> }
  | { type: 'SlotReleased'; data: EventData<typeof SlotReleased> };

type Slot = { orderId: string; reservationId: string; start: string; end: string };
/** One worker's held time on one day (China Standard Time). */
export type ScheduleState = { slots: Slot[] };

export type ScheduleCommand =
  | {
      type: 'ReserveSlot';
      workerId: string;
      orderId: string;
      /** The assignment the time is for (an accepted offer's or a dispatcher's). */
      reservationId: string;
      day: string;
      /** The job's span and the buffer after it. */
      start: string;
      end: string;
    }
  /** Frees the time only if it is still held for this reservation: a late release frees nothing newer. */
  | { type: 'ReleaseSlot'; workerId: string; orderId: string; reservationId: string; day: string };

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

/**
 * The guard against double-booking: every reservation of a worker's day goes through this one
 * stream, and appends are optimistic, so of two orders racing for the same time exactly one wins
 * and the other is decided again on the winner's slot (and refused). Reserving again what is
 * already held for the same reservation changes nothing, so a retry is always safe.
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
  const clash = state.slots.find((s) => s.orderId !== orderId && overlaps(s, command));
  if (clash) {
    throw new DomainError(
      'SLOT_TAKEN',
      `worker ${workerId} is held for order ${clash.orderId} from ${clash.start} to ${clash.end}`,
      { orderId: clash.orderId },
    );
  }
  const reserve: ScheduleEvent = {
    type: 'SlotReserved',
    data: { workerId, orderId, reservationId, day, start: command.start, end: command.end },
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
  const { orderId, reservationId, start, end } = event.data;
  return { slots: [...others, { orderId, reservationId, start, end }] };
}

export const scheduleDecider: Decider<ScheduleCommand, ScheduleState, ScheduleEvent> = {
  initialState: { slots: [] },
  decide,
  evolve,
};
export const scheduleStream = (workerId: string, day: string) => `schedule-${workerId}-${day}`;
