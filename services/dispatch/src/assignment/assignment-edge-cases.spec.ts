import { EventCatalog, allEvents } from '@platform/contracts';
import { fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import {
  assignmentDecider,
  type AssignmentCommand,
  type AssignmentEvent,
  type PassedOver,
  type RankedCandidate,
} from './assignment.decider';

// A big city's decision can rank and rule out more workers than the contracts list (50 ranked,
// 200 reasons). The dispatcher must still see the best of them and how many more there were,
// and the events must still be appendable.
const catalog = new EventCatalog(allEvents);
const orderId = '3f0c8a52-1d7e-4b6a-9c3f-5e2d1a0b9c01';
const decisionId = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const at = new Date('2026-12-01T08:00:00+08:00');
const expiresAt = new Date(at.getTime() + 5 * 60_000).toISOString();

const candidates = (n: number): RankedCandidate[] =>
  Array.from({ length: n }, (_, i) => ({
    workerId: `w-${i + 1}`,
    offerId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    score: 1 - i / 1000,
  }));
const ruledOut = (n: number): PassedOver[] =>
  Array.from({ length: n }, (_, i) => ({ workerId: `w-out-${i + 1}`, rules: ['too_far'] }));

/** A decision whose ranked candidates all fail the hard rules by the time they are checked. */
const dispatchNobodyFits = (ranked: RankedCandidate[], out: PassedOver[]): AssignmentCommand => ({
  type: 'Dispatch',
  orderId,
  decisionId,
  policy: 'default-v1',
  ranked,
  ruledOut: out,
  moreRuledOut: 12,
  next: { checked: ranked.map((c) => ({ workerId: c.workerId, rules: ['slot_taken'] })), expiresAt },
});

const decide = (command: AssignmentCommand) => assignmentDecider.decide(command, fold(assignmentDecider, []));
const ofType = <T extends AssignmentEvent['type']>(events: AssignmentEvent[], type: T) =>
  events.find((event) => event.type === type) as Extract<AssignmentEvent, { type: T }>;

function appendable(event: AssignmentEvent) {
  catalog.validateForWrite({
    eventId: '0b7f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4',
    type: event.type,
    schemaVersion: catalog.latest(event.type)!.version,
    streamId: `assignment-${orderId}`,
    streamPosition: 0,
    occurredAt: at.toISOString(),
    recordedAt: at.toISOString(),
    correlationId: 'c',
    causationId: null,
    actor: { kind: 'system', id: 'dispatch' },
    data: event.data,
  });
}

describe('a decision larger than the contracts list', () => {
  it('records the best 50 candidates and 200 ruled out, counting the rest ruled out', () => {
    const events = decide(dispatchNobodyFits(candidates(51), ruledOut(201)));
    const { data } = ofType(events, 'DispatchDecided');
    expect(data.ranked).toEqual(candidates(50));
    expect(data.ruledOut).toEqual(ruledOut(200));
    expect(data.moreRuledOut).toBe(13);
    events.forEach((event) => expect(() => appendable(event)).not.toThrow());
  });

  it('drops nobody from a decision exactly at the limits', () => {
    const { data } = ofType(decide(dispatchNobodyFits(candidates(50), ruledOut(200))), 'DispatchDecided');
    expect(data.ranked).toHaveLength(50);
    expect(data.ruledOut).toEqual(ruledOut(200));
    expect(data.moreRuledOut).toBe(12);
  });

  it('fails with the first 200 reasons, counting the others among those ruled out', () => {
    // 3 candidates who no longer fit, listed first (the last checked first), then 198 ruled out.
    const events = decide(dispatchNobodyFits(candidates(3), ruledOut(198)));
    const { data } = ofType(events, 'DispatchFailed');
    expect(data.reasons).toHaveLength(200);
    expect(data.reasons.slice(0, 4)).toEqual([
      { workerId: 'w-3', rules: ['slot_taken'] },
      { workerId: 'w-2', rules: ['slot_taken'] },
      { workerId: 'w-1', rules: ['slot_taken'] },
      { workerId: 'w-out-1', rules: ['too_far'] },
    ]);
    expect(data.reasons.at(-1)).toEqual({ workerId: 'w-out-197', rules: ['too_far'] });
    expect(data.moreRuledOut).toBe(13);
    events.forEach((event) => expect(() => appendable(event)).not.toThrow());
  });

  it('fails with every reason when there are exactly 200', () => {
    const { data } = ofType(decide(dispatchNobodyFits(candidates(3), ruledOut(197))), 'DispatchFailed');
    expect(data.reasons).toHaveLength(200);
    expect(data.reasons.at(-1)).toEqual({ workerId: 'w-out-197', rules: ['too_far'] });
    expect(data.moreRuledOut).toBe(12);
  });
});

describe('answers, releases and retries at the edges', () => {
  const spec = deciderSpec(assignmentDecider);
  const [wang, li] = candidates(2) as [RankedCandidate, RankedCandidate];
  const fitsNow = { checked: [wang, li].map((c) => ({ workerId: c.workerId, rules: [] })), expiresAt };
  const dispatch = (id: string, ranked: RankedCandidate[]): AssignmentCommand => ({
    type: 'Dispatch',
    orderId,
    decisionId: id,
    policy: 'default-v1',
    ranked,
    ruledOut: [],
    moreRuledOut: 0,
    next: fitsNow,
  });
  const decided = (id: string, ranked: RankedCandidate[]): AssignmentEvent => ({
    type: 'DispatchDecided',
    data: { orderId, decisionId: id, policy: 'default-v1', ranked, ruledOut: [], moreRuledOut: 0 },
  });
  const offeredTo = (c: RankedCandidate, rank: number, id = decisionId): AssignmentEvent => ({
    type: 'OfferMade',
    data: { orderId, offerId: c.offerId, workerId: c.workerId, rank, decisionId: id, expiresAt },
  });
  const offeringWang = [decided(decisionId, [wang, li]), offeredTo(wang, 1)];
  const accept = (c: RankedCandidate, offerId = c.offerId, when = at): AssignmentCommand => ({
    type: 'AcceptOffer',
    orderId,
    offerId,
    workerId: c.workerId,
    assignmentId: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b',
    at: when,
  });
  const wangAssigned = [
    ...offeringWang,
    ...assignmentDecider.decide(accept(wang), fold(assignmentDecider, offeringWang)),
  ];
  const release = (c: RankedCandidate): AssignmentCommand => ({
    type: 'ReleaseWorker',
    orderId,
    workerId: c.workerId,
    reason: 'on leave',
  });

  it('takes a new decision for an order that failed, when the dispatcher tries again', () => {
    const retry = 'bbbbbbbb-0000-4000-8000-000000000001';
    spec
      .given(decide(dispatchNobodyFits([], [])))
      .when(dispatch(retry, [wang]))
      .then([decided(retry, [wang]), offeredTo(wang, 1, retry)]);
  });

  it('refuses a new decision while an offer is open, saying what the order is doing', () =>
    spec
      .given(offeringWang)
      .when(dispatch('bbbbbbbb-0000-4000-8000-000000000002', [li]))
      .thenFails('ALREADY_DISPATCHING', 'the order is offering', { currentStatus: 'offering' }));

  it('tells a worker whose accept comes after the job was taken that the offer is no longer open', () => {
    spec
      .given(wangAssigned)
      .when(accept(li, wang.offerId))
      .thenFails('OFFER_NOT_OPEN', `offer ${wang.offerId} is no longer open`, {
        field: 'offerId',
        currentStatus: 'assigned',
      });
    spec.given(wangAssigned).when(accept(wang, li.offerId)).thenFails('OFFER_NOT_OPEN');
  });

  it('refuses an offer answered by another worker or too late, naming the offer', () => {
    spec
      .given(offeringWang)
      .when(accept(li, wang.offerId))
      .thenFails('NOT_YOUR_OFFER', 'made to another worker', { field: 'offerId' });
    spec
      .given(offeringWang)
      .when({
        type: 'DeclineOffer',
        orderId,
        offerId: wang.offerId,
        workerId: li.workerId,
        reason: 'busy',
        next: fitsNow,
      })
      .thenFails('NOT_YOUR_OFFER', 'made to another worker', { field: 'offerId' });
    spec
      .given(offeringWang)
      .when(accept(wang, wang.offerId, new Date(expiresAt)))
      .thenFails('OFFER_EXPIRED', `the offer lapsed at ${expiresAt}`, { field: 'offerId' });
  });

  it("withdraws the open offer of a worker who can no longer do the job, and nobody else's", () => {
    spec
      .given(offeringWang)
      .when(release(wang))
      .then([
        {
          type: 'OfferWithdrawn',
          data: { orderId, offerId: wang.offerId, workerId: wang.workerId, reason: 'on leave' },
        },
      ]);
    spec.given(offeringWang).when(release(li)).then([]);
    spec.given(wangAssigned).when(release(li)).then([]);
  });

  it('lets go of nothing when an order with no offer or worker is closed', () =>
    spec
      .given(decide(dispatchNobodyFits([], [])))
      .when({ type: 'CloseDispatch', orderId, reason: 'order cancelled' })
      .then([]));
});
