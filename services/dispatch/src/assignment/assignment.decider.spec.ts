import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import { fold } from '@platform/eventing/decider';
import {
  assignmentDecider,
  type AssignmentCommand,
  type AssignmentEvent,
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
const ruledOut = [{ workerId: 'w-zhao', rules: ['on_leave'] }];

const dispatch = (ranked: RankedCandidate[]): AssignmentCommand => ({
  type: 'Dispatch',
  orderId,
  decisionId,
  policy: 'default-v1',
  ranked,
  ruledOut,
  moreRuledOut: 12,
  at,
  offerTimeoutMs,
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
        at: minutes(2),
        offerTimeoutMs,
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
      .when({ type: 'ExpireOffer', orderId, offerId: wang.offerId, at: minutes(5), offerTimeoutMs })
      .then([
        { type: 'OfferExpired', data: { orderId, offerId: wang.offerId, workerId: wang.workerId } },
        offered(li, 2, minutes(5)),
      ]);
    spec
      .given(offeringWang)
      .when({ type: 'ExpireOffer', orderId, offerId: wang.offerId, at: minutes(4), offerTimeoutMs })
      .then([]);
    spec
      .given(offeringWang)
      .when({ type: 'ExpireOffer', orderId, offerId: li.offerId, at: minutes(9), offerTimeoutMs })
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
      .when({ type: 'ExpireOffer', orderId, offerId: li.offerId, at: minutes(6), offerTimeoutMs })
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
