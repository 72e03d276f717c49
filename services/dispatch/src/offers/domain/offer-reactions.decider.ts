import type { EventData, EventEnvelope, FeatureSwitched } from '@platform/contracts';
import { explainWorker } from '../../matching';
import type { SlaKind } from '../../sla/domain/sla.decider';
import { slaPlan } from '../../sla/domain/sla-plan';
import { matchingPolicy } from '../../world/domain/branch-policy';
import type { DispatchWorld, OrderInView } from '../../world/domain/dispatch-world';
import {
  REMINDER_TIMER,
  SLA_TIMER,
  systemMeta,
  type Cause,
  type QueueKind,
  type OfferFlowAction,
  type OfferFlowTrigger,
  type TimerRequest,
} from './offer-flow.actions';
import { businessDay } from '@platform/domain-kit';

type Data = Record<string, string>;

/** The events dispatch reacts to. */
export const REACTION_TYPES = [
  'OrderPlaced',
  'OrderRescheduled',
  'OrderCancelled',
  'JobCheckedIn',
  'DispatchDecided',
  'DispatchFailed',
  'SlaBreached',
  'OfferMade',
  'OfferDeclined',
  'OfferExpired',
  'OfferWithdrawn',
  'TechnicianAssigned',
  'TechnicianUnassigned',
  'AssignmentMoved',
  'FeatureSwitched',
  'WorkerActivated',
  'WorkerReinstated',
  'WorkerBecameEligible',
  'WorkingHoursSet',
  'ServiceAreasChanged',
  'LeaveCancelled',
  'WorkerBecameIneligible',
  'LeaveRecorded',
  'WorkerSuspended',
  'WorkerLeft',
];
type Switch = EventData<typeof FeatureSwitched>;

/** `windowStart`: the appointment the timer was set for; a rescheduled order's old timers stand down. */
export type SlaCheck = {
  orderId: string;
  kind: SlaKind;
  dueAt: string;
  workerId: string | null;
  windowStart: string;
};
export type Reminder = { orderId: string; workerId: string; kind: 'start' | 'end'; windowStart: string };

/** What the reactions look up: dispatch's view, the branches' feature switches, and the time now. */
export interface ReactionContext {
  world: Pick<
    DispatchWorld,
    'order' | 'orders' | 'workers' | 'policyOf' | 'upcomingJobsOf' | 'reservationOf'
  >;
  features: {
    /** Whether the settings have taken in this switch (or a later one). */
    hasRead(change: Switch, occurredAt: string): boolean;
    isEnabled(
      branchId: string,
      businessUnit: OrderInView['order']['businessUnit'],
      feature: 'auto_dispatch',
    ): boolean;
  };
  now: Date;
}

export const windowStart = (o: OrderInView) => new Date(o.order.window.start).toISOString();

const slaCheck = (check: SlaCheck, dueAt: Date): OfferFlowAction => ({
  kind: 'schedule-timer',
  timer: {
    id: `${SLA_TIMER}:${check.orderId}:${check.kind}:${check.dueAt}:${check.workerId ?? 'any'}`,
    kind: SLA_TIMER,
    dueAt,
    payload: check,
  } satisfies TimerRequest,
});

const reminder = (r: Reminder, dueAt: Date): OfferFlowAction => ({
  kind: 'schedule-timer',
  timer: {
    id: `${REMINDER_TIMER}:${r.orderId}:${r.workerId}:${r.kind}:${dueAt.toISOString()}`,
    kind: REMINDER_TIMER,
    dueAt,
    payload: r,
  },
});

/**
 * The branch's service-level clocks and the worker's reminders, started as durable timers: the
 * first offer starts the acceptance clock; an assignment the arrival clock and the reminder before
 * the start; a check-in the finishing clock and the reminder before the expected end.
 */
function slaClocks(
  o: OrderInView,
  started: { offersAt: Date } | { assigned: string } | { checkedIn: string; at: Date },
  world: ReactionContext['world'],
): OfferFlowAction[] {
  const settings = world.policyOf(o.order.branchId).settings;
  const { orderId } = o.order;
  const base = { orderId, windowStart: windowStart(o) };
  if ('offersAt' in started) {
    const { acceptBy } = slaPlan(settings, o.order, { firstOfferAt: started.offersAt });
    return [slaCheck({ ...base, kind: 'accept', dueAt: acceptBy!.toISOString(), workerId: null }, acceptBy!)];
  }
  if ('assigned' in started) {
    const plan = slaPlan(settings, o.order);
    const workerId = started.assigned;
    return [
      slaCheck({ ...base, kind: 'arrive', dueAt: plan.arriveBy.toISOString(), workerId }, plan.arriveBy),
      reminder({ ...base, workerId, kind: 'start' }, plan.remindStartAt),
    ];
  }
  const plan = slaPlan(settings, o.order, { checkedInAt: started.at });
  const workerId = started.checkedIn;
  return [
    slaCheck({ ...base, kind: 'finish', dueAt: plan.finishBy!.toISOString(), workerId }, plan.finishBy!),
    reminder({ ...base, workerId, kind: 'end' }, plan.remindEndAt),
  ];
}

/** An item for the dispatcher's queue, raised once per item id (derived from the event). */
function raise(
  o: OrderInView,
  itemId: string,
  kind: QueueKind,
  details: Record<string, unknown>,
  cause: Cause,
  at: Date,
  more: { ruleCountsOf?: string } = {},
): OfferFlowAction {
  const { orderId, branchId } = o.order;
  return {
    kind: 'raise-queue-item',
    item: { itemId, orderId, branchId, kind, details },
    meta: systemMeta(cause, at, `raise:${itemId}`),
    ...more,
  };
}

const run = (trigger: OfferFlowTrigger): OfferFlowAction => ({ kind: 'run', trigger });

/** The worker's time an ended offer or assignment held is free again (nothing, if held for another by now). */
function freeHold(
  orderId: string,
  reservationId: string,
  cause: Cause,
  ctx: ReactionContext,
): OfferFlowAction[] {
  const held = ctx.world.reservationOf(reservationId);
  if (!held) return [];
  return [
    { kind: 'release-slot', slot: { ...held, orderId, reservationId }, meta: systemMeta(cause, ctx.now) },
  ];
}

/** Orders that found nobody and that this worker would pass every rule for now. */
export function failedOrdersFor(workerId: string, ctx: ReactionContext): string[] {
  const worker = ctx.world.workers.get(workerId);
  if (!worker || worker.status !== 'active') return [];
  const policy = matchingPolicy(ctx.world.policyOf(worker.branchId));
  return [...ctx.world.orders.values()]
    .filter(
      (o) =>
        o.dispatch.status === 'failed' &&
        o.progress === 'placed' &&
        o.order.branchId === worker.branchId &&
        Date.parse(String(o.order.window.start)) > ctx.now.getTime() &&
        explainWorker(o.order, worker, policy).failed.length === 0,
    )
    .map((o) => o.order.orderId);
}

const dispatchEach = (orderIds: string[], cause: Cause, at: Date) =>
  orderIds.map((orderId) =>
    run({ type: 'Dispatch', orderId, cause: { ...cause, id: `${cause.id}:${orderId}` }, at }),
  );

/**
 * Auto-dispatch switched on: the branch's orders that waited in the queue while it was off (or
 * before the switch was read) are dispatched now, unless it has been switched off again since.
 */
function dispatchWaiting(
  change: Switch,
  occurredAt: string,
  cause: Cause,
  ctx: ReactionContext,
): OfferFlowAction[] {
  if (change.feature !== 'auto_dispatch' || !change.enabled)
    return [{ kind: 'ignore', reason: 'not auto-dispatch switched on' }];
  if (!ctx.features.hasRead(change, occurredAt))
    return [
      {
        kind: 'retry-later',
        reason: `the feature settings have not read the switch of ${change.branchId} yet`,
      },
    ];
  const waiting = [...ctx.world.orders.values()].filter(
    ({ order, progress, dispatch }) =>
      order.branchId === change.branchId &&
      progress === 'placed' &&
      dispatch.status === 'waiting' &&
      (change.businessUnit === 'all' || order.businessUnit === change.businessUnit) &&
      Date.parse(String(order.window.start)) > ctx.now.getTime() &&
      ctx.features.isEnabled(order.branchId, order.businessUnit, 'auto_dispatch'),
  );
  return dispatchEach(
    waiting.map((o) => o.order.orderId),
    cause,
    ctx.now,
  );
}

/** Takes the worker off the upcoming jobs `affected` picks, each dispatched again. */
function releaseJobs(
  workerId: string,
  cause: Cause,
  reason: string,
  affected: (o: OrderInView) => boolean,
  ctx: ReactionContext,
): OfferFlowAction[] {
  return ctx.world
    .upcomingJobsOf(workerId, ctx.now)
    .filter(affected)
    .map((job) =>
      run({
        type: 'ReleaseWorker',
        orderId: job.order.orderId,
        workerId,
        reason: `worker ${reason}`,
        cause,
        at: ctx.now,
      }),
    );
}

/** A change to a worker: one who can work now (again) may take orders nobody could; one who cannot any more is released. */
function onWorkerEvent(event: EventEnvelope, cause: Cause, ctx: ReactionContext): OfferFlowAction[] {
  const data = event.data as Data;
  const workerId = data.workerId!;
  const worker = ctx.world.workers.get(workerId);
  switch (event.type) {
    case 'WorkerActivated':
    case 'WorkerReinstated':
    case 'WorkerBecameEligible':
    case 'WorkingHoursSet':
    case 'ServiceAreasChanged':
    case 'LeaveCancelled':
      return dispatchEach(failedOrdersFor(workerId, ctx), cause, ctx.now);
    case 'WorkerBecameIneligible':
      // Acted on only while it still holds (an eligibility restored meanwhile releases nothing).
      if (worker?.eligibleItems.includes(data.itemCode!))
        return [{ kind: 'ignore', reason: 'eligible again' }];
      return releaseJobs(
        workerId,
        cause,
        `no longer qualified for ${data.itemCode}`,
        (j) => j.order.itemCode === data.itemCode,
        ctx,
      );
    case 'LeaveRecorded': {
      if (!worker?.leaves.some((l) => l.from === data.from && l.to === data.to))
        return [{ kind: 'ignore', reason: 'the leave is cancelled' }];
      return releaseJobs(
        workerId,
        cause,
        `on leave ${data.from} – ${data.to}`,
        (j) => {
          const day = businessDay(Date.parse(String(j.order.window.start)));
          return day >= data.from! && day <= data.to!;
        },
        ctx,
      );
    }
    case 'WorkerSuspended':
    case 'WorkerLeft': {
      if (worker?.status !== 'suspended' && worker?.status !== 'left')
        return [{ kind: 'ignore', reason: 'the worker is back' }];
      const why = event.type === 'WorkerLeft' ? 'left the company' : `suspended: ${data.reason}`;
      return releaseJobs(workerId, cause, why, () => true, ctx);
    }
    default:
      return [{ kind: 'ignore', reason: `dispatch does not react to ${event.type}` }];
  }
}

function onOrderEvent(
  event: EventEnvelope,
  o: OrderInView,
  cause: Cause,
  ctx: ReactionContext,
): OfferFlowAction[] {
  const data = event.data as Data;
  const at = new Date(event.occurredAt);
  const { orderId } = o.order;
  const close = (why: string) =>
    run({ type: 'CloseDispatch', orderId, reason: `the order was ${why}`, cause, at: ctx.now });
  const dispatch = run({ type: 'Dispatch', orderId, cause, at: ctx.now });
  switch (event.type) {
    case 'OrderPlaced':
      return [dispatch];
    case 'OrderRescheduled': {
      // The assigned worker keeps the job if they can still take it at the new time (their hold
      // moves with it); otherwise, and for an open offer, the order is let go of (the worker's time
      // is then freed by the TechnicianUnassigned reaction) and dispatched for its new time.
      const { from, to } = event.data as { from: { start: string; end: string }; to: typeof from };
      return [run({ type: 'Reschedule', orderId, from, to, reason: data.reason!, cause, at: ctx.now })];
    }
    case 'AssignmentMoved': {
      const card = { kind: 'moved' as const, order: o, workerId: data.workerId!, reason: data.reason! };
      return [
        ...slaClocks(o, { assigned: data.workerId! }, ctx.world),
        { kind: 'send-card', messageId: `moved-${event.eventId}`, card },
      ];
    }
    case 'OrderCancelled':
      return [close(`cancelled: ${data.reason}`)];
    case 'JobCheckedIn':
      return slaClocks(o, { checkedIn: data.workerId!, at }, ctx.world);
    case 'DispatchDecided':
      // Its provenance may be shown now that its events are in the order's stream.
      return [
        { kind: 'settle-decision', decisionId: data.decisionId!, landed: true },
        ...slaClocks(o, { offersAt: at }, ctx.world),
      ];
    case 'DispatchFailed':
      return [
        raise(
          o,
          `failed:${event.eventId}`,
          'dispatch_failed',
          event.data as Record<string, unknown>,
          cause,
          at,
          {
            // What ruled the workers out, counted per rule (the index's exclusions included).
            ruleCountsOf: data.decisionId ?? undefined,
          },
        ),
      ];
    case 'SlaBreached': {
      const details = { kind: data.kind, dueAt: data.dueAt, workerId: data.workerId ?? null };
      return [raise(o, `sla:${event.eventId}`, 'sla_breached', details, cause, at)];
    }
    case 'OfferMade': {
      const offer = { offerId: data.offerId!, workerId: data.workerId!, expiresAt: data.expiresAt! };
      return [
        { kind: 'send-card', messageId: `offer-${data.offerId}`, card: { kind: 'offer', order: o, offer } },
      ];
    }
    case 'OfferDeclined':
    case 'OfferExpired':
      return freeHold(orderId, data.offerId!, cause, ctx);
    case 'OfferWithdrawn':
    case 'TechnicianUnassigned': {
      const reservationId = event.type === 'OfferWithdrawn' ? data.offerId! : data.assignmentId!;
      const messageId = `${event.type === 'OfferWithdrawn' ? 'withdrawn' : 'unassigned'}-${reservationId}`;
      const card = { kind: 'displaced' as const, order: o, workerId: data.workerId!, reason: data.reason! };
      return [...freeHold(orderId, reservationId, cause, ctx), { kind: 'send-card', messageId, card }];
    }
    case 'TechnicianAssigned': {
      const card = {
        kind: 'assigned' as const,
        order: o,
        workerId: data.workerId!,
        how: data.how as 'auto' | 'manual',
      };
      return [
        ...slaClocks(o, { assigned: data.workerId! }, ctx.world),
        { kind: 'send-card', messageId: `assigned-${data.assignmentId}`, card },
      ];
    }
    default:
      return [{ kind: 'ignore', reason: `the offer flow does not react to ${event.type}` }];
  }
}

/**
 * What dispatch does when something happens, each step idempotent because Kafka delivers at least
 * once: command ids, timer ids and chat message ids all derive from the event.
 */
export function decideReaction(event: EventEnvelope, ctx: ReactionContext): OfferFlowAction[] {
  const data = event.data as Data;
  const cause: Cause = { id: event.eventId, correlationId: event.correlationId };
  const o = data.orderId ? ctx.world.order(data.orderId) : undefined;
  if (o) return onOrderEvent(event, o, cause, ctx);
  // Dispatch's own event about an order the view has not met yet (its topic is read ahead).
  if (data.orderId && event.streamId.startsWith('assignment-'))
    return [{ kind: 'retry-later', reason: `order ${data.orderId} is not in dispatch's view yet` }];
  if (event.type === 'FeatureSwitched')
    return dispatchWaiting(event.data as Switch, event.occurredAt, cause, ctx);
  if (data.workerId) return onWorkerEvent(event, cause, ctx);
  return [{ kind: 'ignore', reason: `dispatch does not react to ${event.type}` }];
}
