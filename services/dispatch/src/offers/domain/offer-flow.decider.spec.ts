import { DomainError } from '@platform/eventing/decider';
import { activeWorker, orderPlaced } from '../../../test/dispatch-harness';
import { DispatchWorld } from '../../world/domain/dispatch-world';
import {
  DECISION_CHECK_TIMER,
  derivedId,
  OFFER_EXPIRY_TIMER,
  type OfferFlowTrigger,
} from './offer-flow.actions';
import {
  decideOfferFlow,
  evolveOfferFlow,
  initialOfferFlowState,
  type OfferFlowContext,
  type OfferFlowEvent,
} from './offer-flow.decider';

const orderId = '0b8f6c1e-0000-4000-8000-000000000001';
const decisionId = '0b8f6c1e-0000-4000-8000-0000000000d1';
const day = '2030-06-03';
const at = new Date('2030-06-01T08:00:00.000Z');
const meta = {
  commandId: 'c-1',
  correlationId: orderId,
  causationId: null,
  actor: { kind: 'system' as const, id: 'dispatch' },
  at,
};
const offerOf = (workerId: string) => derivedId(`${decisionId}/${workerId}`);
const expiresAt = '2030-06-01T08:10:00.000Z';

function world(...more: { type: string; data: unknown }[]) {
  const w = new DispatchWorld();
  const events = [...activeWorker('w-1'), ...activeWorker('w-2'), orderPlaced(orderId, day, 9), ...more];
  for (const e of events) w.apply({ type: e.type, data: e.data, occurredAt: at.toISOString() });
  return w;
}
const context = (w = world(), autoDispatch = true): OfferFlowContext => ({
  world: w,
  autoDispatch: () => autoDispatch,
});

/** Given the order's stream and this step's hold outcomes, when a trigger comes, then these actions. */
const given = (history: OfferFlowEvent[], ctx = context()) => ({
  when: (trigger: OfferFlowTrigger) => {
    const run = () => decideOfferFlow(trigger, history.reduce(evolveOfferFlow, initialOfferFlowState), ctx);
    return {
      then: (expected: unknown[]) => expect(run()).toEqual(expected),
      thenStartsWith: (expected: unknown[]) => expect(run().slice(0, expected.length)).toEqual(expected),
      thenFails: (code: string) => {
        expect(run).toThrow(DomainError);
        expect(run).toThrow(expect.objectContaining({ code }));
      },
    };
  },
});

const ranked = ['w-1', 'w-2'].map((workerId) => ({ workerId, offerId: offerOf(workerId), score: 0.5 }));
const decided: OfferFlowEvent = {
  type: 'DispatchDecided',
  data: { orderId, decisionId, policy: 'shanghai-default@0', ranked, ruledOut: [], moreRuledOut: 0 },
};
const offered = (workerId: string): OfferFlowEvent => ({
  type: 'OfferMade',
  data: {
    orderId,
    offerId: offerOf(workerId),
    workerId,
    rank: workerId === 'w-1' ? 1 : 2,
    decisionId,
    expiresAt,
  },
});
const dispatchCommand = {
  type: 'Dispatch' as const,
  orderId,
  decisionId,
  policy: 'shanghai-default@0',
  ranked,
  ruledOut: [],
  moreRuledOut: 0,
};
const offerNext: OfferFlowTrigger = { type: 'OfferNext', command: dispatchCommand, meta };
const held = (reservationId: string): OfferFlowEvent => ({ type: 'SlotHeld', data: { reservationId } });
const refused = (reservationId: string, code = 'DAILY_CAP_REACHED'): OfferFlowEvent => ({
  type: 'HoldRefused',
  data: { reservationId, code, message: 'the day is full', details: {} },
});
const holdOf = (workerId: string, reservationId: string, knowingly = false) => ({
  workerId,
  orderId,
  reservationId,
  day,
  start: `${day}T01:00:00.000Z`,
  end: `${day}T04:15:00.000Z`,
  location: { lat: 31.19, lng: 121.44 },
  travelSpeedKmh: knowingly ? undefined : 25,
  dailyJobCap: knowingly ? undefined : 4,
});
const slotOf = (workerId: string, reservationId: string) => ({ workerId, orderId, day, reservationId });

describe('the offer flow, as a decider of actions', () => {
  describe('dispatching an order', () => {
    const dispatch: OfferFlowTrigger = {
      type: 'Dispatch',
      orderId,
      cause: { id: 'e-1', correlationId: orderId },
      at,
    };

    it('checks back on the decision before storing its provenance, then offers down the ranking', () => {
      const actions = decideOfferFlow(dispatch, initialOfferFlowState, context());
      const id = derivedId(`dispatch:${orderId}:e-1`);
      expect(actions.map((a) => a.kind)).toEqual(['schedule-timer', 'store-decision', 'run']);
      expect(actions[0]).toMatchObject({
        timer: { id: `${DECISION_CHECK_TIMER}:${id}`, dueAt: new Date(at.getTime() + 3600_000) },
      });
      expect(actions[2]).toMatchObject({
        settleIfRefused: { orderId, decisionId: id },
        trigger: {
          type: 'OfferNext',
          command: { type: 'Dispatch', decisionId: id },
          meta: { commandId: `dispatch:${orderId}:e-1` },
        },
      });
    });

    it("sends the order to the dispatcher's queue when the branch's auto-dispatch is off", () => {
      given([], context(world(), false))
        .when(dispatch)
        .then([
          {
            kind: 'raise-queue-item',
            item: {
              itemId: `off:${orderId}:e-1`,
              orderId,
              branchId: 'shanghai',
              kind: 'auto_dispatch_off',
              details: { message: 'auto-dispatch is off for shanghai (home_cleaning): assign by hand' },
            },
            meta: {
              ...meta,
              commandId: `raise:off:${orderId}:e-1`,
              correlationId: orderId,
              causationId: 'e-1',
            },
          },
        ]);
    });

    it('leaves alone an order already being offered, or whose appointment is over', () => {
      given([])
        .when({ ...dispatch, requested: true, at: new Date(`${day}T05:00:00Z`) })
        .then([{ kind: 'ignore', reason: 'the appointment is over' }]);
      const w = world(
        { type: 'DispatchDecided', data: decided.data },
        { type: 'OfferMade', data: offered('w-1').data },
      );
      given([], context(w))
        .when(dispatch)
        .then([{ kind: 'ignore', reason: 'the order needs no worker now' }]);
    });
  });

  describe('offering to the next candidate who fits now', () => {
    it("first holds the best candidate's time for the offer", () => {
      given([])
        .when(offerNext)
        .then([{ kind: 'reserve-slot', hold: holdOf('w-1', offerOf('w-1')), meta }]);
    });

    it('with the time held, schedules the lapse and then appends the offer, to give the hold back if it does not land', () => {
      given([held(offerOf('w-1'))])
        .when(offerNext)
        .then([
          {
            kind: 'schedule-timer',
            timer: {
              id: `${OFFER_EXPIRY_TIMER}:${offerOf('w-1')}`,
              kind: OFFER_EXPIRY_TIMER,
              dueAt: new Date(expiresAt),
              payload: { orderId, offerId: offerOf('w-1') },
            },
          },
          {
            kind: 'append',
            stream: `assignment-${orderId}`,
            command: { ...dispatchCommand, next: { checked: [{ workerId: 'w-1', rules: [] }], expiresAt } },
            meta,
            hold: slotOf('w-1', offerOf('w-1')),
            decision: { orderId, decisionId },
          },
        ]);
    });

    it('passes over a candidate whose schedule refuses the hold, to the next', () => {
      given([refused(offerOf('w-1'))])
        .when(offerNext)
        .then([{ kind: 'reserve-slot', hold: holdOf('w-2', offerOf('w-2')), meta }]);
    });

    it('appends the failure with every reason when nobody can be held, and schedules no lapse', () => {
      given([refused(offerOf('w-1')), refused(offerOf('w-2'), 'SLOT_TAKEN')])
        .when(offerNext)
        .then([
          {
            kind: 'append',
            stream: `assignment-${orderId}`,
            command: {
              ...dispatchCommand,
              next: {
                checked: [
                  { workerId: 'w-1', rules: ['daily_cap_reached'] },
                  { workerId: 'w-2', rules: ['slot_taken'] },
                ],
                expiresAt,
              },
            },
            meta,
            hold: undefined,
            decision: { orderId, decisionId },
          },
        ]);
    });

    it('keeps the provenance of a decision its stream records already (a repeat), and passes nothing on', () => {
      given([decided, offered('w-1')])
        .when(offerNext)
        .then([
          { kind: 'settle-decision', decisionId, landed: true },
          { kind: 'ignore', reason: 'it passes nothing on: a repeat, or an offer answered meanwhile' },
        ]);
    });
  });

  describe('answering an offer', () => {
    const w = world(
      { type: 'DispatchDecided', data: decided.data },
      { type: 'OfferMade', data: offered('w-1').data },
    );
    const accept: OfferFlowTrigger = { type: 'AcceptOffer', offerId: offerOf('w-1'), workerId: 'w-1', meta };
    const assignmentId = derivedId(`assignment:${offerOf('w-1')}`);

    it("holds the worker's time for the assignment, then appends the acceptance", () => {
      given([decided, offered('w-1')], context(w))
        .when(accept)
        .then([{ kind: 'reserve-slot', hold: holdOf('w-1', assignmentId), meta }]);
      given([decided, offered('w-1'), held(assignmentId)], context(w))
        .when(accept)
        .then([
          {
            kind: 'append',
            stream: `assignment-${orderId}`,
            command: {
              type: 'AcceptOffer',
              orderId,
              offerId: offerOf('w-1'),
              workerId: 'w-1',
              assignmentId,
              at,
            },
            meta,
            hold: slotOf('w-1', assignmentId),
          },
        ]);
    });

    it('passes the offer on and refuses the worker when their day filled up since the offer', () => {
      given([decided, offered('w-1'), refused(assignmentId)], context(w))
        .when(accept)
        .then([
          {
            kind: 'run',
            trigger: {
              type: 'DeclineOffer',
              offerId: offerOf('w-1'),
              workerId: 'w-1',
              reason: 'daily_cap_reached: the day is full',
              meta: { ...meta, commandId: `slot-taken:${offerOf('w-1')}` },
            },
          },
          { kind: 'refuse', code: 'DAILY_CAP_REACHED', message: 'the day is full', details: {} },
        ]);
    });

    it("refuses another worker's acceptance before holding any time, and an offer dispatch never made", () => {
      given([decided, offered('w-1')], context(w))
        .when({ ...accept, workerId: 'w-2' })
        .thenFails('NOT_YOUR_OFFER');
      given([], context(w))
        .when({ ...accept, offerId: orderId })
        .thenFails('OFFER_NOT_FOUND');
    });

    it('sets the lapse again for the offer’s own time when an earlier try’s timer fires first', () => {
      given([decided, offered('w-1')], context(w))
        .when({ type: 'ExpireOffer', orderId, offerId: offerOf('w-1'), at })
        .then([
          {
            kind: 'schedule-timer',
            timer: {
              id: `${OFFER_EXPIRY_TIMER}:${offerOf('w-1')}@${expiresAt}`,
              kind: OFFER_EXPIRY_TIMER,
              dueAt: new Date(expiresAt),
              payload: { orderId, offerId: offerOf('w-1') },
            },
          },
        ]);
    });
  });

  describe("a dispatcher's assignment", () => {
    const assign = { type: 'AssignManually' as const, orderId, workerId: 'w-1', reason: 'regular', meta };

    it("holds the worker's time knowingly (past the cap and the drive), then appends", () => {
      const assignmentId = derivedId('manual:c-1');
      given([])
        .when(assign)
        .then([{ kind: 'reserve-slot', hold: holdOf('w-1', assignmentId, true), meta }]);
      given([held(assignmentId)])
        .when(assign)
        .thenStartsWith([
          {
            kind: 'append',
            stream: `assignment-${orderId}`,
            command: { type: 'AssignManually', orderId, workerId: 'w-1', assignmentId, reason: 'regular' },
            meta,
            hold: slotOf('w-1', assignmentId),
          },
        ]);
    });

    it('refuses a worker not qualified for the item, and one of another branch', () => {
      const w = world({
        type: 'WorkerBecameIneligible',
        data: { workerId: 'w-1', itemCode: 'HC-DAILY-3H', reasons: [] },
      });
      given([], context(w)).when(assign).thenFails('WORKER_NOT_DISPATCHABLE');
      given([])
        .when({ ...assign, workerId: 'w-9' })
        .thenFails('WORKER_NOT_FOUND');
    });
  });

  describe('releasing, closing and the checks behind them', () => {
    const cause = { id: 'e-9', correlationId: orderId };

    it('raises a queue item only when the release took the worker off, then dispatches again', () => {
      const actions = decideOfferFlow(
        { type: 'ReleaseWorker', orderId, workerId: 'w-1', reason: 'worker on leave', cause, at },
        initialOfferFlowState,
        context(),
      );
      expect(actions).toEqual([
        expect.objectContaining({
          kind: 'append',
          command: { type: 'ReleaseWorker', orderId, workerId: 'w-1', reason: 'worker on leave' },
          thenIfAppended: [
            expect.objectContaining({
              kind: 'raise-queue-item',
              item: expect.objectContaining({ itemId: `released:e-9:${orderId}` }),
            }),
          ],
        }),
        {
          kind: 'run',
          trigger: { type: 'Dispatch', orderId, cause: { ...cause, id: `e-9:${orderId}` }, at },
        },
      ]);
    });

    it('frees time the order’s stream does not back, and keeps time it does', () => {
      const check = { type: 'CheckSlot' as const, slot: slotOf('w-1', offerOf('w-1')), timerId: 't-1', at };
      given([decided, offered('w-1')])
        .when(check)
        .then([{ kind: 'ignore', reason: 'the order holds this time' }]);
      given([decided])
        .when(check)
        .then([
          {
            kind: 'release-slot',
            slot: check.slot,
            meta: { commandId: 't-1', correlationId: orderId, causationId: 't-1', actor: meta.actor, at },
          },
        ]);
    });

    it('shows the provenance of a decision the stream records, and removes any other', () => {
      given([decided])
        .when({ type: 'SettleDecision', orderId, decisionId })
        .then([{ kind: 'settle-decision', decisionId, landed: true }]);
      given([])
        .when({ type: 'SettleDecision', orderId, decisionId })
        .then([{ kind: 'settle-decision', decisionId, landed: false }]);
    });
  });
});
