import type { EventEnvelope } from '@platform/contracts';
import { activeWorker, autoDispatchOn, orderPlaced } from '../../../test/dispatch-harness';
import { DispatchWorld } from '../../world/domain/dispatch-world';
import { REMINDER_TIMER, SLA_TIMER } from './offer-flow.actions';
import { decideReaction, type ReactionContext } from './offer-reactions.decider';

const orderId = '0b8f6c1e-0000-4000-8000-000000000001';
const day = '2030-06-03';
const now = new Date('2030-06-01T08:00:00.000Z');
const cause = { id: 'e-1', correlationId: 'c-1' };

function world(...more: { type: string; data: unknown }[]) {
  const w = new DispatchWorld();
  for (const e of [...activeWorker('w-1'), orderPlaced(orderId, day, 9), ...more])
    w.apply({ type: e.type, data: e.data, occurredAt: now.toISOString() });
  return w;
}
const features = { hasRead: () => true, isEnabled: () => true };
const context = (w = world(), more: Partial<ReactionContext> = {}): ReactionContext => ({
  world: w,
  features,
  now,
  ...more,
});
const event = (
  type: string,
  data: Record<string, unknown>,
  streamId = `assignment-${orderId}`,
): EventEnvelope =>
  ({
    eventId: 'e-1',
    correlationId: 'c-1',
    type,
    data,
    streamId,
    occurredAt: now.toISOString(),
  }) as EventEnvelope;

const offer = {
  orderId,
  offerId: 'f-1',
  workerId: 'w-1',
  rank: 1,
  decisionId: 'd-1',
  expiresAt: '2030-06-01T08:10:00.000Z',
};
const assigned = { orderId, assignmentId: 'a-1', workerId: 'w-1', how: 'auto' };

describe("the offer flow's reactions, as a decider of actions", () => {
  it('dispatches a placed order, and decides about its worker again when it is rescheduled', () => {
    const placed = orderPlaced(orderId, day, 9);
    expect(
      decideReaction(
        event('OrderPlaced', placed.data as Record<string, unknown>, `order-${orderId}`),
        context(),
      ),
    ).toEqual([{ kind: 'run', trigger: { type: 'Dispatch', orderId, cause, at: now } }]);
    const from = { start: `${day}T01:00:00.000Z`, end: `${day}T04:00:00.000Z` };
    const to = { start: `${day}T06:00:00.000Z`, end: `${day}T09:00:00.000Z` };
    expect(
      decideReaction(
        event('OrderRescheduled', { orderId, from, to, reason: 'later' }, `order-${orderId}`),
        context(),
      ),
    ).toEqual([
      { kind: 'run', trigger: { type: 'Reschedule', orderId, from, to, reason: 'later', cause, at: now } },
    ]);
  });

  it('sends the offered worker a card, and frees the time a declined offer held', () => {
    const w = world({ type: 'OfferMade', data: offer });
    const [card] = decideReaction(event('OfferMade', offer), context(w));
    expect(card).toMatchObject({
      kind: 'send-card',
      messageId: 'offer-f-1',
      card: { kind: 'offer', offer: { offerId: 'f-1', workerId: 'w-1' } },
    });
    expect(
      decideReaction(
        event('OfferDeclined', { orderId, offerId: 'f-1', workerId: 'w-1', reason: 'busy' }),
        context(w),
      ),
    ).toEqual([
      {
        kind: 'release-slot',
        slot: { workerId: 'w-1', day, orderId, reservationId: 'f-1' },
        meta: {
          commandId: 'e-1',
          correlationId: 'c-1',
          causationId: 'e-1',
          actor: { kind: 'system', id: 'dispatch' },
          at: now,
        },
      },
    ]);
  });

  it('starts the arrival clock and the reminder before the start when a worker is assigned, and tells them', () => {
    const w = world({ type: 'TechnicianAssigned', data: assigned });
    const actions = decideReaction(event('TechnicianAssigned', assigned), context(w));
    expect(actions).toEqual([
      expect.objectContaining({
        kind: 'schedule-timer',
        timer: expect.objectContaining({ kind: SLA_TIMER, dueAt: new Date(`${day}T01:15:00.000Z`) }),
      }),
      expect.objectContaining({
        kind: 'schedule-timer',
        timer: expect.objectContaining({ kind: REMINDER_TIMER, dueAt: new Date(`${day}T00:00:00.000Z`) }),
      }),
      expect.objectContaining({
        kind: 'send-card',
        messageId: 'assigned-a-1',
        card: expect.objectContaining({ kind: 'assigned', how: 'auto' }),
      }),
    ]);
  });

  it('takes a worker who is no longer qualified off their upcoming jobs of that item, unless qualified again', () => {
    const w = world(
      { type: 'TechnicianAssigned', data: assigned },
      { type: 'WorkerBecameIneligible', data: { workerId: 'w-1', itemCode: 'HC-DAILY-3H', reasons: [] } },
    );
    const ineligible = event(
      'WorkerBecameIneligible',
      { workerId: 'w-1', itemCode: 'HC-DAILY-3H' },
      'worker-w-1',
    );
    expect(decideReaction(ineligible, context(w))).toEqual([
      {
        kind: 'run',
        trigger: {
          type: 'ReleaseWorker',
          orderId,
          workerId: 'w-1',
          reason: 'worker no longer qualified for HC-DAILY-3H',
          cause,
          at: now,
        },
      },
    ]);
    expect(
      decideReaction(ineligible, context(world({ type: 'TechnicianAssigned', data: assigned }))),
    ).toEqual([{ kind: 'ignore', reason: 'eligible again' }]);
  });

  it("puts an order nobody took into the dispatcher's queue, with its decision's rules to count", () => {
    const failed = { orderId, decisionId: 'd-1', reasons: [], moreRuledOut: 3 };
    expect(decideReaction(event('DispatchFailed', failed), context())).toEqual([
      {
        kind: 'raise-queue-item',
        item: {
          itemId: 'failed:e-1',
          orderId,
          branchId: 'shanghai',
          kind: 'dispatch_failed',
          details: failed,
        },
        meta: {
          commandId: 'raise:failed:e-1',
          correlationId: 'c-1',
          causationId: 'e-1',
          actor: { kind: 'system', id: 'dispatch' },
          at: now,
        },
        ruleCountsOf: 'd-1',
      },
    ]);
  });

  it('waits for what the view or the settings have not read yet', () => {
    expect(decideReaction(event('OfferMade', { ...offer, orderId: 'unknown' }), context())).toEqual([
      { kind: 'retry-later', reason: "order unknown is not in dispatch's view yet" },
    ]);
    const switched = event(
      'FeatureSwitched',
      autoDispatchOn().data as Record<string, unknown>,
      'branch-shanghai',
    );
    expect(
      decideReaction(switched, context(world(), { features: { ...features, hasRead: () => false } })),
    ).toEqual([
      { kind: 'retry-later', reason: 'the feature settings have not read the switch of shanghai yet' },
    ]);
    expect(decideReaction(switched, context())).toEqual([
      {
        kind: 'run',
        trigger: { type: 'Dispatch', orderId, cause: { ...cause, id: `e-1:${orderId}` }, at: now },
      },
    ]);
  });
});
