import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import { fold } from '@platform/eventing/decider';
import {
  assignmentDecider,
  candidatesAfter,
  lapseStillAhead,
  recordsDecision,
  type AssignmentCommand,
  type AssignmentEvent,
  type NextOffer,
  type PassedOver,
  type RankedCandidate,
} from './assignment.decider';

const spec = deciderSpec(assignmentDecider);
const catalog = new EventCatalog(allEvents);
const orderId = '3f0c8a52-1d7e-4b6a-9c3f-5e2d1a0b9c01';
const decisionId = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const assignmentId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c05';
const at = new Date('2026-12-01T08:00:00+08:00');
const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
const offerTimeoutMs = 5 * 60_000;

const wang: RankedCandidate = {
  workerId: 'w-wang',
  offerId: '11111111-1111-4111-8111-111111111111',
  score: 0.91,
};
const li: RankedCandidate = {
  workerId: 'w-li',
  offerId: '22222222-2222-4222-8222-222222222222',
  score: 0.74,
};
const zhou: RankedCandidate = {
  workerId: 'w-zhou',
  offerId: '33333333-3333-4333-8333-333333333333',
  score: 0.52,
};
const ruledOut = [{ workerId: 'w-zhao', rules: ['on_leave'] }];
/** The candidates as the handler found them now: each fits unless given the rules they fail. */
const fits = (...candidates: RankedCandidate[]): PassedOver[] =>
  candidates.map((c) => ({ workerId: c.workerId, rules: [] }));
const next = (from: Date, checked = fits(wang, li, zhou)): NextOffer => ({
  checked,
  expiresAt: new Date(from.getTime() + offerTimeoutMs).toISOString(),
});

const dispatch = (ranked: RankedCandidate[]): AssignmentCommand => ({
  type: 'Dispatch',
  orderId,
  decisionId,
  policy: 'default-v1',
  ranked,
  ruledOut,
  moreRuledOut: 12,
  next: next(at),
});
const decided = (ranked: RankedCandidate[]): AssignmentEvent => ({
  type: 'DispatchDecided',
  data: { orderId, decisionId, policy: 'default-v1', ranked, ruledOut, moreRuledOut: 12 },
});
const offered = (c: RankedCandidate, rank: number, from: Date): AssignmentEvent => ({
  type: 'OfferMade',
  data: {
    orderId,
    offerId: c.offerId,
    workerId: c.workerId,
    rank,
    decisionId,
    expiresAt: new Date(from.getTime() + offerTimeoutMs).toISOString(),
  },
});
const offeringWang = [decided([wang, li]), offered(wang, 1, at)];

describe('offers down the ranked list', () => {
  it('offers the job to the best candidate first, with the offer timeout', () =>
    spec
      .given([])
      .when(dispatch([wang, li]))
      .then(offeringWang));

  it('fails into the dispatcher queue at once when nobody qualifies, with the rules each worker failed', () =>
    spec
      .given([])
      .when(dispatch([]))
      .then([
        decided([]),
        { type: 'DispatchFailed', data: { orderId, decisionId, reasons: ruledOut, moreRuledOut: 12 } },
      ]));

  it('assigns the worker who accepts in time', () =>
    spec
      .given(offeringWang)
      .when({
        type: 'AcceptOffer',
        orderId,
        offerId: wang.offerId,
        workerId: wang.workerId,
        assignmentId,
        at: minutes(3),
      })
      .then([
        { type: 'OfferAccepted', data: { orderId, offerId: wang.offerId, workerId: wang.workerId } },
        {
          type: 'TechnicianAssigned',
          data: { orderId, assignmentId, workerId: wang.workerId, how: 'auto' },
        },
      ]));

  it('treats the same acceptance twice as one, and refuses a late or foreign one', () => {
    const assigned = [
      ...offeringWang,
      {
        type: 'OfferAccepted',
        data: { orderId, offerId: wang.offerId, workerId: wang.workerId },
      } as AssignmentEvent,
      {
        type: 'TechnicianAssigned',
        data: { orderId, assignmentId, workerId: wang.workerId, how: 'auto' },
      } as AssignmentEvent,
    ];
    spec
      .given(assigned)
      .when({
        type: 'AcceptOffer',
        orderId,
        offerId: wang.offerId,
        workerId: wang.workerId,
        assignmentId,
        at: minutes(4),
      })
      .then([]);
    spec
      .given(offeringWang)
      .when({
        type: 'AcceptOffer',
        orderId,
        offerId: wang.offerId,
        workerId: wang.workerId,
        assignmentId,
        at: minutes(5),
      })
      .thenFails('OFFER_EXPIRED');
    spec
      .given(offeringWang)
      .when({
        type: 'AcceptOffer',
        orderId,
        offerId: wang.offerId,
        workerId: li.workerId,
        assignmentId,
        at: minutes(1),
      })
      .thenFails('NOT_YOUR_OFFER');
    spec
      .given(offeringWang)
      .when({
        type: 'AcceptOffer',
        orderId,
        offerId: li.offerId,
        workerId: li.workerId,
        assignmentId,
        at: minutes(1),
      })
      .thenFails('OFFER_NOT_OPEN');
  });

  it('moves to the next candidate on a decline, timing the new offer from the decline', () =>
    spec
      .given(offeringWang)
      .when({
        type: 'DeclineOffer',
        orderId,
        offerId: wang.offerId,
        workerId: wang.workerId,
        reason: 'sick today',
        next: next(minutes(2)),
      })
      .then([
        {
          type: 'OfferDeclined',
          data: { orderId, offerId: wang.offerId, workerId: wang.workerId, reason: 'sick today' },
        },
        offered(li, 2, minutes(2)),
      ]));

  it('moves on when an offer lapses, and ignores a timer that fires early or for an answered offer', () => {
    spec
      .given(offeringWang)
      .when({ type: 'ExpireOffer', orderId, offerId: wang.offerId, at: minutes(5), next: next(minutes(5)) })
      .then([
        { type: 'OfferExpired', data: { orderId, offerId: wang.offerId, workerId: wang.workerId } },
        offered(li, 2, minutes(5)),
      ]);
    spec
      .given(offeringWang)
      .when({ type: 'ExpireOffer', orderId, offerId: wang.offerId, at: minutes(4), next: next(minutes(4)) })
      .then([]);
    spec
      .given(offeringWang)
      .when({ type: 'ExpireOffer', orderId, offerId: li.offerId, at: minutes(9), next: next(minutes(9)) })
      .then([]);
  });

  it('fails with everyone who declined or lapsed, besides those the rules ruled out, when the list runs out', () => {
    const afterWang = [
      ...offeringWang,
      {
        type: 'OfferDeclined',
        data: { orderId, offerId: wang.offerId, workerId: wang.workerId, reason: 'busy' },
      } as AssignmentEvent,
      offered(li, 2, minutes(1)),
    ];
    spec
      .given(afterWang)
      .when({ type: 'ExpireOffer', orderId, offerId: li.offerId, at: minutes(6), next: next(minutes(6)) })
      .then([
        { type: 'OfferExpired', data: { orderId, offerId: li.offerId, workerId: li.workerId } },
        {
          type: 'DispatchFailed',
          data: {
            orderId,
            decisionId,
            reasons: [
              { workerId: li.workerId, rules: ['no_answer'] },
              { workerId: wang.workerId, rules: ['declined'] },
              ...ruledOut,
            ],
            moreRuledOut: 12,
          },
        },
      ]);
  });
});

describe('each offer against the present, not the moment of the decision', () => {
  const declined = (c: RankedCandidate): AssignmentEvent => ({
    type: 'OfferDeclined',
    data: { orderId, offerId: c.offerId, workerId: c.workerId, reason: 'busy' },
  });
  const decline = (c: RankedCandidate, checked: PassedOver[]): AssignmentCommand => ({
    type: 'DeclineOffer',
    orderId,
    offerId: c.offerId,
    workerId: c.workerId,
    reason: 'busy',
    next: next(minutes(1), checked),
  });
  const offeringWangOfThree = [decided([wang, li, zhou]), offered(wang, 1, at)];

  it('passes over a candidate who no longer fits when their turn comes, and offers the next who does', () =>
    spec
      .given(offeringWangOfThree)
      .when(decline(wang, [{ workerId: li.workerId, rules: ['daily_cap_reached'] }, ...fits(zhou)]))
      .then([declined(wang), offered(zhou, 3, minutes(1))]));

  it('offers the best candidate whose time could be held when the decision is taken', () =>
    spec
      .given([])
      .when({
        ...dispatch([wang, li]),
        next: next(at, [{ workerId: wang.workerId, rules: ['slot_taken'] }, ...fits(li)]),
      } as AssignmentCommand)
      .then([decided([wang, li]), offered(li, 2, at)]));

  it('offers a candidate passed over before once the order passes on again and they fit by then', () =>
    spec
      .given([...offeringWangOfThree, declined(wang), offered(zhou, 3, minutes(1))])
      .when(decline(zhou, fits(li)))
      .then([declined(zhou), offered(li, 2, minutes(1))]));

  it('fails with the rules each candidate left fails now, after those who declined and those ruled out', () =>
    spec
      .given(offeringWang)
      .when(decline(wang, [{ workerId: li.workerId, rules: ['slot_taken'] }]))
      .then([
        declined(wang),
        {
          type: 'DispatchFailed',
          data: {
            orderId,
            decisionId,
            reasons: [
              { workerId: li.workerId, rules: ['slot_taken'] },
              { workerId: wang.workerId, rules: ['declined'] },
              ...ruledOut,
            ],
            moreRuledOut: 12,
          },
        },
      ]));

  it('offers nobody it was not told was checked', () =>
    spec.given(offeringWang).when(decline(wang, [])).thenFails('CANDIDATE_NOT_CHECKED'));

  it('tells an early timer when the offer that landed lapses, so the timer is set again for then', () => {
    // A timer set by an earlier try of the offer (it crashed before its append) fires at minute 2;
    // the offer that landed lapses at minute 5.
    const state = fold(assignmentDecider, offeringWang);
    expect(lapseStillAhead(state, wang.offerId, minutes(2))).toBe(minutes(5).toISOString());
    expect(lapseStillAhead(state, wang.offerId, minutes(5))).toBeNull();
    expect(lapseStillAhead(state, li.offerId, minutes(2))).toBeNull();
    const answered = fold(assignmentDecider, [
      ...offeringWang,
      {
        type: 'OfferDeclined',
        data: { orderId, offerId: wang.offerId, workerId: wang.workerId, reason: 'busy' },
      },
    ]);
    expect(lapseStillAhead(answered, wang.offerId, minutes(2))).toBeNull();
  });

  it("knows whether an order's stream records a decision, whose provenance may then be shown", () => {
    expect(fold(recordsDecision(decisionId), offeringWang)).toBe(true);
    expect(fold(recordsDecision('5d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02'), offeringWang)).toBe(false);
    expect(fold(recordsDecision(decisionId), [])).toBe(false);
  });

  it('tells the handler whom a command passes the order down to, and nobody for one that passes nothing on', () => {
    const state = fold(assignmentDecider, offeringWangOfThree);
    expect(
      candidatesAfter(
        { type: 'DeclineOffer', orderId, offerId: wang.offerId, workerId: wang.workerId, reason: 'busy' },
        state,
      ),
    ).toEqual([
      { workerId: li.workerId, offerId: li.offerId, rank: 2 },
      { workerId: zhou.workerId, offerId: zhou.offerId, rank: 3 },
    ]);
    expect(
      candidatesAfter({ type: 'ExpireOffer', orderId, offerId: li.offerId, at: minutes(9) }, state),
    ).toBeNull();
    expect(
      candidatesAfter({ type: 'ExpireOffer', orderId, offerId: wang.offerId, at: minutes(4) }, state),
    ).toBeNull();
    expect(() =>
      candidatesAfter(
        { type: 'DeclineOffer', orderId, offerId: wang.offerId, workerId: li.workerId, reason: 'x' },
        state,
      ),
    ).toThrow('this offer was made to another worker');
  });

  it('holds no offer between a decision and its first offer: nothing there to accept or let lapse', () => {
    const between = [decided([wang, li])];
    expect(fold(assignmentDecider, between)).toEqual({
      status: 'between_offers',
      decisionId,
      remaining: [
        { workerId: wang.workerId, offerId: wang.offerId, rank: 1 },
        { workerId: li.workerId, offerId: li.offerId, rank: 2 },
      ],
      passedOver: ruledOut,
      moreRuledOut: 12,
    });
    spec
      .given(between)
      .when({
        type: 'AcceptOffer',
        orderId,
        offerId: wang.offerId,
        workerId: wang.workerId,
        assignmentId,
        at,
      })
      .thenFails('OFFER_NOT_OPEN');
    spec
      .given(between)
      .when({ type: 'ExpireOffer', orderId, offerId: wang.offerId, at: minutes(9), next: next(minutes(9)) })
      .then([]);
  });
});

describe("a dispatcher's override and releases", () => {
  it('withdraws the open offer and assigns the chosen worker by hand', () =>
    spec
      .given(offeringWang)
      .when({
        type: 'AssignManually',
        orderId,
        workerId: 'w-sun',
        assignmentId,
        reason: 'customer asked for her',
      })
      .then([
        {
          type: 'OfferWithdrawn',
          data: {
            orderId,
            offerId: wang.offerId,
            workerId: wang.workerId,
            reason: 'reassigned by a dispatcher: customer asked for her',
          },
        },
        {
          type: 'TechnicianAssigned',
          data: {
            orderId,
            assignmentId,
            workerId: 'w-sun',
            how: 'manual',
            reason: 'customer asked for her',
          },
        },
      ]));

  it('tells the displaced worker when a dispatcher reassigns an assigned job', () => {
    const assigned: AssignmentEvent[] = [
      {
        type: 'TechnicianAssigned',
        data: { orderId, assignmentId, workerId: 'w-sun', how: 'manual' },
      },
    ];
    const next = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d10';
    spec
      .given(assigned)
      .when({
        type: 'AssignManually',
        orderId,
        workerId: 'w-li',
        assignmentId: next,
        reason: 'closer',
      })
      .then([
        {
          type: 'TechnicianUnassigned',
          data: { orderId, assignmentId, workerId: 'w-sun', reason: 'reassigned by a dispatcher: closer' },
        },
        {
          type: 'TechnicianAssigned',
          data: {
            orderId,
            assignmentId: next,
            workerId: 'w-li',
            how: 'manual',
            reason: 'closer',
          },
        },
      ]);
    spec
      .given(assigned)
      .when({
        type: 'AssignManually',
        orderId,
        workerId: 'w-sun',
        assignmentId: next,
        reason: 'again',
      })
      .then([]);
  });

  it('takes a worker who became ineligible off the job, and only that worker', () => {
    const assigned: AssignmentEvent[] = [
      {
        type: 'TechnicianAssigned',
        data: { orderId, assignmentId, workerId: 'w-sun', how: 'manual' },
      },
    ];
    spec
      .given(assigned)
      .when({ type: 'ReleaseWorker', orderId, workerId: 'w-sun', reason: 'certificate expired' })
      .then([
        {
          type: 'TechnicianUnassigned',
          data: { orderId, assignmentId, workerId: 'w-sun', reason: 'certificate expired' },
        },
      ]);
    spec
      .given(assigned)
      .when({ type: 'ReleaseWorker', orderId, workerId: 'w-li', reason: 'on leave' })
      .then([]);
    expect(
      fold(assignmentDecider, [
        ...assigned,
        { type: 'TechnicianUnassigned', data: { orderId, assignmentId, workerId: 'w-sun', reason: 'x' } },
      ]).status,
    ).toBe('idle');
  });

  it('lets a cancelled order go of its open offer', () =>
    spec
      .given(offeringWang)
      .when({ type: 'CloseDispatch', orderId, reason: 'order cancelled by the customer' })
      .then([
        {
          type: 'OfferWithdrawn',
          data: {
            orderId,
            offerId: wang.offerId,
            workerId: wang.workerId,
            reason: 'order cancelled by the customer',
          },
        },
      ]));

  it('refuses a second decision while one is being offered, but accepts the same one again', () => {
    spec
      .given(offeringWang)
      .when(dispatch([wang, li]))
      .then([]);
    spec
      .given(offeringWang)
      .when({ ...dispatch([li]), decisionId: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' } as AssignmentCommand)
      .thenFails('ALREADY_DISPATCHING');
  });
});

describe('contracts', () => {
  it('every event the decider emits passes its contract', () => {
    const events: AssignmentEvent[] = [
      ...offeringWang,
      {
        type: 'OfferDeclined',
        data: { orderId, offerId: wang.offerId, workerId: wang.workerId, reason: 'busy' },
      },
      { type: 'DispatchFailed', data: { orderId, decisionId, reasons: ruledOut, moreRuledOut: 0 } },
    ];
    events.forEach((event, streamPosition) =>
      expect(() =>
        catalog.validateForWrite({
          eventId: '0b7f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4',
          type: event.type,
          schemaVersion: catalog.latest(event.type)!.version,
          streamId: `assignment-${orderId}`,
          streamPosition,
          occurredAt: at.toISOString(),
          recordedAt: at.toISOString(),
          correlationId: 'c',
          causationId: null,
          actor: { kind: 'system', id: 'dispatch' },
          data: event.data,
        }),
      ).not.toThrow(),
    );
  });
});
