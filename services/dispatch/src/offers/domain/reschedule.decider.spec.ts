import type { EventEnvelope } from '@platform/contracts';
import { activeWorker, orderPlaced } from '../../../test/dispatch-harness';
import { assignmentDecider, assignmentStream } from '../../assignment/assignment.decider';
import { DispatchWorld } from '../../world/domain/dispatch-world';
import { REMINDER_TIMER, SLA_TIMER, type OfferFlowTrigger } from './offer-flow.actions';
import {
  decideOfferFlow,
  evolveOfferFlow,
  initialOfferFlowState,
  type OfferFlowContext,
  type OfferFlowEvent,
} from './offer-flow.decider';
import { decideReaction } from './offer-reactions.decider';

/**
 * A rescheduled order keeps its worker when they can still take it at the new time (their hold
 * moves with it); otherwise the worker is released, with why, and the order dispatched again.
 */
const orderId = '0b8f6c1e-0000-4000-8000-000000000001';
const otherId = '0b8f6c1e-0000-4000-8000-000000000002';
const assignmentId = '0b8f6c1e-0000-4000-8000-0000000000a1';
const day = '2030-06-03';
const nextDay = '2030-06-04';
const at = new Date('2030-06-01T08:00:00.000Z');
const cause = { id: 'e-r', correlationId: orderId };
const from = { start: `${day}T01:00:00.000Z`, end: `${day}T04:00:00.000Z` };
/** 14:00–17:00 CST the same day. */
const afternoon = { start: `${day}T06:00:00.000Z`, end: `${day}T09:00:00.000Z` };
const location = { lat: 31.19, lng: 121.44 };

type Fact = { type: string; data: unknown };
const assignedTo = (workerId: string, id = assignmentId, order = orderId) => ({
  type: 'TechnicianAssigned',
  data: { orderId: order, assignmentId: id, workerId, how: 'auto' },
});
const rescheduled = (to: { start: string; end: string }) => ({
  type: 'OrderRescheduled',
  data: { orderId, from, to, reason: 'the customer is out in the morning' },
});

function world(...more: Fact[]) {
  const w = new DispatchWorld();
  const events = [...activeWorker('w-1'), ...activeWorker('w-2'), orderPlaced(orderId, day, 9), ...more];
  for (const e of events) w.apply({ type: e.type, data: e.data, occurredAt: at.toISOString() });
  return w;
}
const context = (w: DispatchWorld): OfferFlowContext => ({ world: w, autoDispatch: () => true });
const stream: OfferFlowEvent[] = [assignedTo('w-1') as OfferFlowEvent];

const reschedule = (to: { start: string; end: string }): OfferFlowTrigger => ({
  type: 'Reschedule',
  orderId,
  from,
  to,
  reason: 'the customer is out in the morning',
  cause,
  at,
});

/** Given the world, the order's stream and this step's hold outcomes, when the order is rescheduled to `to`. */
const given = (facts: Fact[], history: OfferFlowEvent[] = stream) => ({
  when: (to: { start: string; end: string }) =>
    decideOfferFlow(
      reschedule(to),
      history.reduce(evolveOfferFlow, initialOfferFlowState),
      context(world(...facts, rescheduled(to))),
    ),
});

const keepMeta = { commandId: 'keep:e-r', correlationId: orderId, causationId: 'e-r', at };
const newHold = {
  workerId: 'w-1',
  orderId,
  reservationId: assignmentId,
  day,
  start: afternoon.start,
  end: `${day}T09:15:00.000Z`,
  location,
  travelSpeedKmh: 25,
  dailyJobCap: 4,
};
const held: OfferFlowEvent = { type: 'SlotHeld', data: { reservationId: assignmentId } };

/** The worker is let go of with `why` in the reason, the dispatcher told, and the order dispatched again. */
function expectReleased(actions: unknown[], why: string) {
  expect(actions).toEqual([
    {
      kind: 'append',
      stream: assignmentStream(orderId),
      command: {
        type: 'ReleaseWorker',
        orderId,
        workerId: 'w-1',
        reason: expect.stringContaining(why),
      },
      meta: expect.objectContaining({ commandId: 'close:e-r' }),
      thenIfAppended: [
        expect.objectContaining({
          kind: 'raise-queue-item',
          item: expect.objectContaining({
            itemId: `released:e-r:${orderId}`,
            kind: 'released',
            details: expect.objectContaining({ workerId: 'w-1', message: expect.stringContaining(why) }),
          }),
        }),
      ],
    },
    { kind: 'run', trigger: { type: 'Dispatch', orderId, cause, at } },
  ]);
  const reason = (actions[0] as { command: { reason: string } }).command.reason;
  expect(reason).toMatch(/^worker cannot take the new time \(rescheduled: the customer is out in the morning\)/);
}

describe('a rescheduled order and its worker, as a decider of actions', () => {
  it('keeps a free worker: their hold moves to the new time first, under the same assignment', () => {
    expect(given([assignedTo('w-1')]).when(afternoon)).toEqual([
      { kind: 'reserve-slot', hold: newHold, meta: expect.objectContaining(keepMeta) },
    ]);
  });

  it('records the move once the new time is held (the same day: nothing else to give back)', () => {
    expect(given([assignedTo('w-1')], [...stream, held]).when(afternoon)).toEqual([
      {
        kind: 'append',
        stream: assignmentStream(orderId),
        command: {
          type: 'MoveAssignment',
          orderId,
          workerId: 'w-1',
          assignmentId,
          start: newHold.start,
          end: newHold.end,
          day,
          reason: 'the customer is out in the morning',
        },
        meta: expect.objectContaining(keepMeta),
        thenIfAppended: [],
      },
    ]);
  });

  it("moved to another day, gives back the old day's hold once the move is recorded", () => {
    const tomorrow = { start: `${nextDay}T01:00:00.000Z`, end: `${nextDay}T04:00:00.000Z` };
    const [move] = given([assignedTo('w-1')], [...stream, held]).when(tomorrow);
    expect(move).toMatchObject({
      kind: 'append',
      command: { type: 'MoveAssignment', day: nextDay, start: tomorrow.start },
      thenIfAppended: [
        {
          kind: 'release-slot',
          slot: { workerId: 'w-1', orderId, day, reservationId: assignmentId },
          meta: { commandId: 'release-old:e-r' },
        },
      ],
    });
  });

  it('releases the worker and dispatches again when the new time clashes with another of their jobs', () => {
    const clash = [orderPlaced(otherId, day, 15), assignedTo('w-1', otherId, otherId)];
    expectReleased(given([assignedTo('w-1'), ...clash]).when(afternoon), 'slot_taken');
  });

  it('releases the worker when the new time is outside their working hours', () => {
    // 19:00–22:00 CST; the worker works 07:00–21:00.
    const evening = { start: `${day}T11:00:00.000Z`, end: `${day}T14:00:00.000Z` };
    expectReleased(given([assignedTo('w-1')]).when(evening), 'outside_working_hours');
  });

  it('releases the worker when they are on leave on the new day', () => {
    const leave = { type: 'LeaveRecorded', data: { workerId: 'w-1', leaveId: 'l-1', from: nextDay, to: nextDay } };
    const tomorrow = { start: `${nextDay}T01:00:00.000Z`, end: `${nextDay}T04:00:00.000Z` };
    expectReleased(given([assignedTo('w-1'), leave]).when(tomorrow), 'on_leave');
  });

  it("releases the worker when their schedule refuses the new time (taken meanwhile, or the day's cap)", () => {
    const refused: OfferFlowEvent = {
      type: 'HoldRefused',
      data: { reservationId: assignmentId, code: 'SLOT_TAKEN', message: 'worker w-1 is held', details: {} },
    };
    expectReleased(given([assignedTo('w-1')], [...stream, refused]).when(afternoon), 'slot_taken: worker w-1 is held');
  });

  it('withdraws an open offer (made for the old time) and dispatches the order for the new time', () => {
    const offer = {
      orderId,
      offerId: '0b8f6c1e-0000-4000-8000-0000000000f1',
      workerId: 'w-1',
      rank: 1,
      decisionId: '0b8f6c1e-0000-4000-8000-0000000000d1',
      expiresAt: '2030-06-01T08:10:00.000Z',
    };
    const decided: OfferFlowEvent = {
      type: 'DispatchDecided',
      data: {
        orderId,
        decisionId: offer.decisionId,
        policy: 'p',
        ranked: [{ workerId: 'w-1', offerId: offer.offerId, score: 1 }],
        ruledOut: [],
        moreRuledOut: 0,
      },
    };
    const offering = [decided, { type: 'OfferMade', data: offer } as OfferFlowEvent];
    expect(given([{ type: 'OfferMade', data: offer }], offering).when(afternoon)).toEqual([
      {
        kind: 'append',
        stream: assignmentStream(orderId),
        command: {
          type: 'CloseDispatch',
          orderId,
          reason: 'the order was rescheduled: the customer is out in the morning',
        },
        meta: expect.objectContaining({ commandId: 'close:e-r' }),
      },
      { kind: 'run', trigger: { type: 'Dispatch', orderId, cause, at } },
    ]);
  });

  it('does nothing again for a redelivered reschedule the worker kept, nor for one a later reschedule or a cancellation overtook', () => {
    const moved: OfferFlowEvent = {
      type: 'AssignmentMoved',
      data: {
        orderId,
        assignmentId,
        workerId: 'w-1',
        start: newHold.start,
        end: newHold.end,
        day,
        reason: 'later',
      },
    };
    expect(given([assignedTo('w-1')], [...stream, moved]).when(afternoon)).toEqual([
      { kind: 'ignore', reason: 'the worker keeps the job at this time already' },
    ]);
    const later = { start: `${day}T07:00:00.000Z`, end: `${day}T10:00:00.000Z` };
    const overtaken = decideOfferFlow(
      reschedule(afternoon),
      stream.reduce(evolveOfferFlow, initialOfferFlowState),
      context(world(assignedTo('w-1'), rescheduled(afternoon), rescheduled(later))),
    );
    expect(overtaken).toEqual([{ kind: 'ignore', reason: 'the order was rescheduled again since' }]);
    const cancelled = decideOfferFlow(
      reschedule(afternoon),
      stream.reduce(evolveOfferFlow, initialOfferFlowState),
      context(world(assignedTo('w-1'), rescheduled(afternoon), { type: 'OrderCancelled', data: { orderId } })),
    );
    expect(cancelled).toEqual([{ kind: 'ignore', reason: 'the order is cancelled' }]);
  });
});

describe("the order's stream, moving an assignment", () => {
  const move = {
    type: 'MoveAssignment' as const,
    orderId,
    workerId: 'w-1',
    assignmentId,
    start: newHold.start,
    end: newHold.end,
    day,
    reason: 'later',
  };
  const assigned = assignmentDecider.evolve(assignmentDecider.initialState, assignedTo('w-1') as never);

  it('records the move once, and refuses to move an assignment the order no longer has', () => {
    const events = assignmentDecider.decide(move, assigned);
    const { type: _command, ...data } = move;
    expect(events).toEqual([{ type: 'AssignmentMoved', data }]);
    const after = events.reduce(assignmentDecider.evolve, assigned);
    expect(assignmentDecider.decide(move, after)).toEqual([]);
    expect(() => assignmentDecider.decide(move, { status: 'idle' })).toThrow(
      expect.objectContaining({ code: 'NOT_ASSIGNED' }),
    );
  });
});

describe('the worker who keeps a rescheduled job', () => {
  it('is told the new time, and the arrival clock and the reminder start again for it', () => {
    const w = world(assignedTo('w-1'), rescheduled(afternoon));
    const data = { orderId, assignmentId, workerId: 'w-1', start: newHold.start, end: newHold.end, day, reason: 'later' };
    const event = {
      eventId: 'e-m',
      correlationId: orderId,
      type: 'AssignmentMoved',
      data,
      streamId: assignmentStream(orderId),
      occurredAt: at.toISOString(),
    } as EventEnvelope;
    const features = { hasRead: () => true, isEnabled: () => true };
    const actions = decideReaction(event, { world: w, features, now: at });
    expect(actions.map((a) => a.kind)).toEqual(['schedule-timer', 'schedule-timer', 'send-card']);
    expect(actions[0]).toMatchObject({ timer: { kind: SLA_TIMER, payload: { windowStart: afternoon.start } } });
    expect(actions[1]).toMatchObject({ timer: { kind: REMINDER_TIMER, payload: { windowStart: afternoon.start } } });
    expect(actions[2]).toMatchObject({ messageId: 'moved-e-m', card: { kind: 'moved', workerId: 'w-1' } });
  });
});
