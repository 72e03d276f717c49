import { DomainError } from '@platform/eventing/decider';
import {
  assignmentDecider,
  assignmentStream,
  candidatesAfter,
  lapseStillAhead,
  type AssignmentEvent,
  type AssignmentState,
  type PassedOver,
  type PassingCommand,
  type UncheckedPassing,
} from '../../assignment/assignment.decider';
import { decide as rank, explainWorker, type RuleFailure } from '../../matching';
import { matchingPolicy, policyLabel } from '../../world/domain/branch-policy';
import type { DispatchWorld, OrderInView } from '../../world/domain/dispatch-world';
import { candidateList, holdFor, slotOf } from './offer-candidates';
import { businessDay } from '@platform/domain-kit';
import {
  DECISION_CHECK_TIMER,
  derivedId,
  OFFER_EXPIRY_TIMER,
  systemMeta,
  type CommandMetadata,
  type DecisionRef,
  type OfferFlowAction,
  type OfferFlowTrigger,
  type SlotRef,
} from './offer-flow.actions';

/** Provenance whose decision never reached the order's stream (a crash, a refusal) is removed after this. */
const DECISION_CHECK_DELAY_MS = 60 * 60_000;
/** Rules a dispatcher may not override by hand: the worker cannot do the job at all. */
const NOT_OVERRIDABLE = ['not_active', 'not_eligible_for_item', 'on_leave', 'wrong_branch'];
/**
 * The hard rules a worker must still pass to keep a rescheduled job (the rules a manual assignment
 * checks, and those the new time may break); area, routing and distance do not change with the time.
 */
const KEEP_RULES = [
  'wrong_branch',
  'not_active',
  'not_eligible_for_item',
  'outside_service_area',
  'outside_working_hours',
  'on_leave',
  'daily_cap_reached',
  'slot_taken',
];
/** The schedule stream's refusals of a hold, as the hard rule each stands for. */
const HOLD_REFUSALS: Record<string, string> = {
  SLOT_TAKEN: 'slot_taken',
  DAILY_CAP_REACHED: 'daily_cap_reached',
};
/** The hard rule a refusal of a hold stands for; undefined for any other refusal. */
export const holdRefusal = (code: string): string | undefined => HOLD_REFUSALS[code];

/** How a hold this step asked for turned out (refusals carry the schedule's words, for the caller). */
export type HoldOutcome =
  | { type: 'SlotHeld'; data: { reservationId: string } }
  | {
      type: 'HoldRefused';
      data: { reservationId: string; code: string; message: string; details: Record<string, unknown> };
    };
export type OfferFlowEvent = AssignmentEvent | HoldOutcome;

/**
 * One order's offer flow: its dispatch as the order's stream records it, the decisions recorded
 * there, and the outcome of each hold the step in progress asked for.
 */
export type OfferFlowState = {
  assignment: AssignmentState;
  decisions: readonly string[];
  holds: Readonly<Record<string, HoldOutcome>>;
};

export const initialOfferFlowState: OfferFlowState = {
  assignment: assignmentDecider.initialState,
  decisions: [],
  holds: {},
};

export function evolveOfferFlow(state: OfferFlowState, event: OfferFlowEvent): OfferFlowState {
  switch (event.type) {
    case 'SlotHeld':
    case 'HoldRefused':
      return { ...state, holds: { ...state.holds, [event.data.reservationId]: event } };
    case 'DispatchDecided':
      return {
        ...state,
        assignment: assignmentDecider.evolve(state.assignment, event),
        decisions: [...state.decisions, event.data.decisionId],
      };
    default:
      return { ...state, assignment: assignmentDecider.evolve(state.assignment, event) };
  }
}

/** What the flow looks up in dispatch's view of orders, workers and policies; and the branch's switch. */
export interface OfferFlowContext {
  world: Pick<DispatchWorld, 'order' | 'orderOfOffer' | 'workers' | 'policyOf'>;
  /** Whether auto-dispatch is on for the order's branch and business unit. */
  autoDispatch: (o: OrderInView) => boolean;
}

/** The order a step is about (whose stream it reads): the offer's order for a worker's answer. */
export function orderIdOf(trigger: OfferFlowTrigger, world: OfferFlowContext['world']): string | undefined {
  switch (trigger.type) {
    case 'AcceptOffer':
    case 'DeclineOffer':
      return world.orderOfOffer(trigger.offerId)?.order.orderId;
    case 'OfferNext':
      return trigger.command.orderId;
    case 'CheckSlot':
      return trigger.slot.orderId;
    default:
      return trigger.orderId;
  }
}

/** Whether the order's stream backs time held under this id: its open offer, or its assignment. */
export const backs = (state: AssignmentState, reservationId: string) =>
  (state.status === 'assigned' && state.assignmentId === reservationId) ||
  (state.status === 'offering' && state.offer.offerId === reservationId);

const ignore = (reason: string): OfferFlowAction[] => [{ kind: 'ignore', reason }];
const refuse = (error: DomainError): OfferFlowAction => ({
  kind: 'refuse',
  code: error.code,
  message: error.message,
  details: error.details,
});
const settle = (state: OfferFlowState, decisionId: string): OfferFlowAction => ({
  kind: 'settle-decision',
  decisionId,
  landed: state.decisions.includes(decisionId),
});

/**
 * Finds, scores and offers: the decision-check timer, then the decision's provenance (out of sight
 * until its events land), then the first offer. An order that needs no worker now (taken, being
 * offered, started, cancelled, its time over) is left alone; a branch with auto-dispatch off sends
 * it to the dispatcher's queue.
 */
function dispatch(
  trigger: Extract<OfferFlowTrigger, { type: 'Dispatch' }>,
  o: OrderInView | undefined,
  ctx: OfferFlowContext,
): OfferFlowAction[] {
  const { orderId, cause, at } = trigger;
  if (!o || o.progress !== 'placed' || o.dispatch.status === 'offering' || o.dispatch.status === 'assigned')
    return ignore('the order needs no worker now');
  // An appointment that is already over (an old order met again on a replayed topic) needs nobody.
  if (Date.parse(String(o.order.window.end)) <= at.getTime()) return ignore('the appointment is over');
  if (!trigger.requested && !ctx.autoDispatch(o)) {
    const itemId = `off:${orderId}:${cause.id}`;
    const message = `auto-dispatch is off for ${o.order.branchId} (${o.order.businessUnit}): assign by hand`;
    return [
      {
        kind: 'raise-queue-item',
        item: {
          itemId,
          orderId,
          branchId: o.order.branchId,
          kind: 'auto_dispatch_off',
          details: { message },
        },
        meta: systemMeta(cause, at, `raise:${itemId}`),
      },
    ];
  }
  const commandId = `dispatch:${orderId}:${cause.id}`;
  const decisionId = derivedId(commandId);
  const policy = matchingPolicy(ctx.world.policyOf(o.order.branchId));
  const decision = rank(o.order, ctx.world.workers, policy, at);
  const label = policyLabel(policy);
  return [
    // Before the provenance is stored: if the process dies before the decision reaches the order's
    // stream, the timer finds it missing there and removes the provenance.
    {
      kind: 'schedule-timer',
      timer: {
        id: `${DECISION_CHECK_TIMER}:${decisionId}`,
        kind: DECISION_CHECK_TIMER,
        dueAt: new Date(at.getTime() + DECISION_CHECK_DELAY_MS),
        payload: { orderId, decisionId },
      },
    },
    { kind: 'store-decision', decisionId, branchId: o.order.branchId, decision, policy: label },
    {
      kind: 'run',
      settleIfRefused: { orderId, decisionId },
      trigger: {
        type: 'OfferNext',
        command: {
          type: 'Dispatch',
          orderId,
          decisionId,
          policy: trigger.via ? `${label} ${trigger.via}` : label,
          ...candidateList(decision, decisionId, trigger.prefer),
        },
        meta: systemMeta(cause, at, commandId),
      },
    },
  ];
}

/**
 * A decision, a decline or a lapse passes the order on to its next candidate, chosen against the
 * present: each in turn must still pass the hard rules on the view, and then have their time held
 * for the offer on their schedule stream (one hold at a time: the runner reports how it went). The
 * offer's lapse is scheduled before the offer is appended; a hold no offer comes of is given back.
 */
function passOn(
  command: UncheckedPassing,
  meta: CommandMetadata,
  state: OfferFlowState,
  o: OrderInView,
  ctx: OfferFlowContext,
): OfferFlowAction[] {
  const decisionId = command.type === 'Dispatch' ? command.decisionId : undefined;
  const candidates = candidatesAfter(command, state.assignment);
  if (!candidates)
    return [
      // A repeat finds its decision on the stream and keeps it; a decision that passed nothing on is removed.
      ...(decisionId ? [settle(state, decisionId)] : []),
      ...ignore('it passes nothing on: a repeat, or an offer answered meanwhile'),
    ];
  const policy = matchingPolicy(ctx.world.policyOf(o.order.branchId));
  const checked: PassedOver[] = [];
  let held: SlotRef | undefined;
  for (const { workerId, offerId } of candidates) {
    const worker = ctx.world.workers.get(workerId);
    const rules = worker ? explainWorker(o.order, worker, policy).failed.map((f) => f.code) : ['not_active'];
    if (rules.length === 0) {
      const outcome = state.holds[offerId];
      if (!outcome) return [{ kind: 'reserve-slot', hold: holdFor(ctx.world, o, workerId, offerId), meta }];
      if (outcome.type === 'SlotHeld') {
        checked.push({ workerId, rules });
        held = slotOf(holdFor(ctx.world, o, workerId, offerId));
        break;
      }
      rules.push(holdRefusal(outcome.data.code)!);
    }
    checked.push({ workerId, rules });
  }
  const expiresAt = new Date(
    meta.at.getTime() + ctx.world.policyOf(o.order.branchId).settings.offerTimeoutSeconds * 1000,
  ).toISOString();
  const decision: DecisionRef | undefined = decisionId ? { orderId: command.orderId, decisionId } : undefined;
  return [
    ...(held ? [expiryTimer(command.orderId, held.reservationId, expiresAt)] : []),
    {
      kind: 'append',
      stream: assignmentStream(command.orderId),
      command: { ...command, next: { checked, expiresAt } } as PassingCommand,
      meta,
      hold: held,
      decision,
    },
  ];
}

/**
 * The lapse of an offer (idempotent by offer id); `again` for the offer's own time, once a timer an
 * earlier try set has fired before it (idempotent by that time, so every instance sets the same one).
 */
function expiryTimer(
  orderId: string,
  offerId: string,
  expiresAt: string,
  { again = false } = {},
): OfferFlowAction {
  return {
    kind: 'schedule-timer',
    timer: {
      id: again ? `${OFFER_EXPIRY_TIMER}:${offerId}@${expiresAt}` : `${OFFER_EXPIRY_TIMER}:${offerId}`,
      kind: OFFER_EXPIRY_TIMER,
      dueAt: new Date(expiresAt),
      payload: { orderId, offerId },
    },
  };
}

/**
 * The worker takes the job. The time their offer holds is reserved for the assignment first (an
 * offer made before offers held time may find it taken: the offer then passes to the next
 * candidate, and the worker is told why), then the acceptance is appended.
 */
function acceptOffer(
  trigger: Extract<OfferFlowTrigger, { type: 'AcceptOffer' }>,
  state: OfferFlowState,
  o: OrderInView,
  ctx: OfferFlowContext,
): OfferFlowAction[] {
  const { offerId, workerId, meta } = trigger;
  const orderId = o.order.orderId;
  const assignmentId = derivedId(`assignment:${offerId}`);
  const accept = { type: 'AcceptOffer' as const, orderId, offerId, workerId, assignmentId, at: meta.at };
  // Refuses what cannot be accepted (lapsed, not theirs, no longer open) before any time is held.
  assignmentDecider.decide(accept, state.assignment);
  if (state.assignment.status === 'assigned') return ignore('the offer is accepted already');
  const hold = holdFor(ctx.world, o, workerId, assignmentId);
  const outcome = state.holds[assignmentId];
  if (!outcome) return [{ kind: 'reserve-slot', hold, meta }];
  if (outcome.type === 'HoldRefused') {
    const reason = `${holdRefusal(outcome.data.code)}: ${outcome.data.message}`;
    const error = new DomainError(outcome.data.code, outcome.data.message, outcome.data.details);
    return [
      {
        kind: 'run',
        trigger: {
          type: 'DeclineOffer',
          offerId,
          workerId,
          reason,
          meta: { ...meta, commandId: `slot-taken:${offerId}` },
        },
      },
      refuse(error),
    ];
  }
  return [{ kind: 'append', stream: assignmentStream(orderId), command: accept, meta, hold: slotOf(hold) }];
}

/**
 * A dispatcher assigns (or reassigns) by hand, with a reason. Rules a dispatcher may knowingly
 * override (area, hours, distance, daily cap, routing) are allowed; a worker who is not active, not
 * qualified for the item, on leave, or whose time another order holds is refused.
 */
function assignManually(
  trigger: Extract<OfferFlowTrigger, { type: 'AssignManually' }>,
  state: OfferFlowState,
  o: OrderInView | undefined,
  ctx: OfferFlowContext,
): OfferFlowAction[] {
  const { orderId, workerId, reason, meta } = trigger;
  const failures = overriddenBy(trigger, o, ctx);
  const refused = failures.filter((f) => NOT_OVERRIDABLE.includes(f.code));
  if (refused.length > 0)
    throw new DomainError('WORKER_NOT_DISPATCHABLE', refused.map((f) => f.message).join('; '), {
      field: 'workerId',
      rules: refused.map((f) => f.code),
    });
  const assignmentId = manualAssignmentId(meta);
  const hold = holdFor(ctx.world, o!, workerId, assignmentId, { knowingly: true });
  const outcome = state.holds[assignmentId];
  if (!outcome) return [{ kind: 'reserve-slot', hold, meta }];
  if (outcome.type === 'HoldRefused')
    return [refuse(new DomainError(outcome.data.code, outcome.data.message, outcome.data.details))];
  return [
    {
      kind: 'append',
      stream: assignmentStream(orderId),
      command: { type: 'AssignManually', orderId, workerId, assignmentId, reason },
      meta,
      hold: slotOf(hold),
    },
  ];
}

/**
 * Lets go of whoever the order's stream holds for it (its open offer, its worker: `release` names
 * the worker, and the dispatcher's queue says why) and dispatches it again. Every way of letting go
 * shares one command id, so a redelivered reschedule lets go of nothing taken since.
 */
function letGoAndDispatch(
  trigger: Extract<OfferFlowTrigger, { type: 'Reschedule' }>,
  o: OrderInView,
  release?: { workerId: string; reason: string },
): OfferFlowAction[] {
  const { orderId, cause, at } = trigger;
  const meta = systemMeta(cause, at, `close:${cause.id}`);
  const letGo: OfferFlowAction = release
    ? {
        kind: 'append',
        stream: assignmentStream(orderId),
        command: { type: 'ReleaseWorker', orderId, ...release },
        meta,
        thenIfAppended: [
          {
            kind: 'raise-queue-item',
            item: {
              itemId: `released:${cause.id}:${orderId}`,
              orderId,
              branchId: o.order.branchId,
              kind: 'released',
              details: { ...release, message: release.reason },
            },
            meta: systemMeta(cause, at, `raise:released:${cause.id}:${orderId}`),
          },
        ],
      }
    : {
        kind: 'append',
        stream: assignmentStream(orderId),
        command: { type: 'CloseDispatch', orderId, reason: `the order was rescheduled: ${trigger.reason}` },
        meta,
      };
  return [letGo, { kind: 'run', trigger: { type: 'Dispatch', orderId, cause, at } }];
}

const sameInstant = (a: string | Date, b: string | Date) => new Date(a).getTime() === new Date(b).getTime();

/**
 * A rescheduled order keeps its assigned worker if they can still take it at the new time: every
 * hard rule of `KEEP_RULES` (area set aside for a dispatcher's assignment, who chose it knowingly)
 * on the view, then their hold moved to the new time on their schedule stream (the drive from and
 * to their neighbouring jobs and the daily cap checked there), then the move recorded on the
 * order's stream, and the old day's hold given back. A worker who cannot is released, with why, and
 * the order dispatched again. An open offer was made for the old time: it is withdrawn and the
 * order dispatched again (the worker may well be offered the new time). A reschedule overtaken by
 * a later one, or met again once done, does nothing.
 */
function reschedule(
  trigger: Extract<OfferFlowTrigger, { type: 'Reschedule' }>,
  state: OfferFlowState,
  o: OrderInView | undefined,
  ctx: OfferFlowContext,
): OfferFlowAction[] {
  const { orderId, from, to, cause, at } = trigger;
  if (!o) return ignore('no such order');
  if (o.progress !== 'placed') return ignore(`the order is ${o.progress}`);
  if (!sameInstant(o.order.window.start, to.start) || !sameInstant(o.order.window.end, to.end))
    return ignore('the order was rescheduled again since');
  const assigned = state.assignment;
  if (assigned.status !== 'assigned') return letGoAndDispatch(trigger, o);
  const { workerId, assignmentId } = assigned;
  const hold = holdFor(ctx.world, o, workerId, assignmentId);
  if (assigned.held?.start === hold.start && assigned.held.end === hold.end)
    return ignore('the worker keeps the job at this time already');
  const worker = ctx.world.workers.get(workerId);
  const policy = matchingPolicy(ctx.world.policyOf(o.order.branchId));
  const manual = o.dispatch.how === 'manual';
  const failures = worker
    ? explainWorker(o.order, worker, policy).failed.filter(
        (f) => KEEP_RULES.includes(f.code) && !(manual && f.code === 'outside_service_area'),
      )
    : [{ code: 'not_active', message: `worker ${workerId} is not in dispatch's view` }];
  const release = (why: string) =>
    letGoAndDispatch(trigger, o, {
      workerId,
      reason: `worker cannot take the new time (rescheduled: ${trigger.reason}): ${why}`,
    });
  if (failures.length > 0) return release(failures.map((f) => `${f.code}: ${f.message}`).join('; '));
  const meta = systemMeta(cause, at, `keep:${cause.id}`);
  const outcome = state.holds[assignmentId];
  if (!outcome) return [{ kind: 'reserve-slot', hold, meta }];
  if (outcome.type === 'HoldRefused')
    return release(`${holdRefusal(outcome.data.code)}: ${outcome.data.message}`);
  const oldDay = businessDay(Date.parse(from.start));
  const { start, end, day } = hold;
  return [
    {
      kind: 'append',
      stream: assignmentStream(orderId),
      command: { type: 'MoveAssignment', orderId, workerId, assignmentId, start, end, day, reason: trigger.reason },
      meta,
      // The new day's stream holds the time for the assignment now; on the same day the old stretch went with it.
      thenIfAppended:
        oldDay === day
          ? []
          : [
              {
                kind: 'release-slot',
                slot: { workerId, orderId, day: oldDay, reservationId: assignmentId },
                meta: systemMeta(cause, at, `release-old:${cause.id}`),
              },
            ],
    },
  ];
}

export const manualAssignmentId = (meta: CommandMetadata) => derivedId(`manual:${meta.commandId}`);

/** The hard rules the worker fails for the order, which a manual assignment overrides (or is refused for). */
export function overriddenBy(
  { orderId, workerId }: { orderId: string; workerId: string },
  o: OrderInView | undefined,
  ctx: OfferFlowContext,
): RuleFailure[] {
  if (!o) throw new DomainError('ORDER_NOT_FOUND', `no order ${orderId} in dispatch`, { field: 'orderId' });
  if (o.progress !== 'placed')
    throw new DomainError('ORDER_NOT_OPEN', `the order is ${o.progress}: it cannot be reassigned now`, {
      field: 'orderId',
    });
  const worker = ctx.world.workers.get(workerId);
  if (!worker || worker.branchId !== o.order.branchId)
    throw new DomainError('WORKER_NOT_FOUND', `no worker ${workerId} in branch ${o.order.branchId}`, {
      field: 'workerId',
    });
  return explainWorker(o.order, worker, matchingPolicy(ctx.world.policyOf(o.order.branchId))).failed;
}

/**
 * What the offer flow does for one step; actions run in order. Throws a DomainError when the step
 * is refused before anything is done.
 */
export function decideOfferFlow(
  trigger: OfferFlowTrigger,
  state: OfferFlowState,
  ctx: OfferFlowContext,
): OfferFlowAction[] {
  const orderId = orderIdOf(trigger, ctx.world);
  const o = orderId === undefined ? undefined : ctx.world.order(orderId);
  switch (trigger.type) {
    case 'Dispatch':
      return dispatch(trigger, o, ctx);
    case 'OfferNext':
      return o ? passOn(trigger.command, trigger.meta, state, o, ctx) : ignore('no such order');
    case 'AcceptOffer':
    case 'DeclineOffer': {
      if (!o) throw new DomainError('OFFER_NOT_FOUND', `no offer ${trigger.offerId}`, { field: 'offerId' });
      if (trigger.type === 'AcceptOffer') return acceptOffer(trigger, state, o, ctx);
      const { offerId, workerId, reason, meta } = trigger;
      return passOn(
        { type: 'DeclineOffer', orderId: o.order.orderId, offerId, workerId, reason },
        meta,
        state,
        o,
        ctx,
      );
    }
    case 'ExpireOffer': {
      // A timer set by an earlier try of the offer (a crash or a retry before the append) may fire
      // before the offer that landed lapses: it is set again for the offer's own time.
      const { orderId, offerId, at } = trigger;
      if (!o) return ignore('no such order');
      const stillAhead = lapseStillAhead(state.assignment, offerId, at);
      if (stillAhead) return [expiryTimer(orderId, offerId, stillAhead, { again: true })];
      const meta = systemMeta({ id: offerId, correlationId: orderId }, at, `expire:${offerId}`);
      return passOn({ type: 'ExpireOffer', orderId, offerId, at }, meta, state, o, ctx);
    }
    case 'AssignManually':
      return assignManually(trigger, state, o, ctx);
    case 'ReleaseWorker': {
      const { orderId, workerId, reason, cause, at } = trigger;
      if (!o) return ignore('no such order');
      return [
        {
          kind: 'append',
          stream: assignmentStream(orderId),
          command: { type: 'ReleaseWorker', orderId, workerId, reason },
          meta: systemMeta(cause, at, `release:${cause.id}:${orderId}`),
          thenIfAppended: [
            {
              kind: 'raise-queue-item',
              item: {
                itemId: `released:${cause.id}:${orderId}`,
                orderId,
                branchId: o.order.branchId,
                kind: 'released',
                details: { workerId, message: reason },
              },
              meta: systemMeta(cause, at, `raise:released:${cause.id}:${orderId}`),
            },
          ],
        },
        {
          kind: 'run',
          trigger: { type: 'Dispatch', orderId, cause: { ...cause, id: `${cause.id}:${orderId}` }, at },
        },
      ];
    }
    case 'CloseDispatch': {
      const { orderId, reason, cause, at } = trigger;
      return [
        {
          kind: 'append',
          stream: assignmentStream(orderId),
          command: { type: 'CloseDispatch', orderId, reason },
          meta: systemMeta(cause, at, `close:${cause.id}`),
        },
      ];
    }
    case 'Reschedule':
      return reschedule(trigger, state, o, ctx);
    case 'CheckSlot':
      // One the order's stream backs is released when the offer ends or the worker is unassigned (reactions).
      if (backs(state.assignment, trigger.slot.reservationId)) return ignore('the order holds this time');
      return [
        {
          kind: 'release-slot',
          slot: trigger.slot,
          meta: systemMeta({ id: trigger.timerId, correlationId: trigger.slot.orderId }, trigger.at),
        },
      ];
    case 'SettleDecision':
      return [settle(state, trigger.decisionId)];
  }
}
