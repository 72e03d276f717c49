import type { Actor } from '@platform/contracts';
import { v5 as uuidv5 } from 'uuid';
import type { AssignmentCommand } from '../../assignment/assignment.decider';
import type { Decision } from '../../matching';
import type { ScheduleCommand } from '../../schedule/schedule.decider';
import type { OrderInView } from '../../world/domain/dispatch-world';

const ID_NAMESPACE = 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607';
/** Ids derived from what they are about, so a retried command or reaction creates nothing new. */
export const derivedId = (name: string) => uuidv5(name, ID_NAMESPACE);

export const SLOT_CHECK_TIMER = 'dispatch-slot-check';
export const OFFER_EXPIRY_TIMER = 'dispatch-offer-expiry';
export const DECISION_CHECK_TIMER = 'dispatch-decision-check';
export const SLA_TIMER = 'dispatch-sla';
export const REMINDER_TIMER = 'dispatch-reminder';

export const systemActor: Actor = { kind: 'system', id: 'dispatch' };
/** What a step of the flow reacts to: an event, a timer, or a person's command. */
export type Cause = { id: string; correlationId: string; actor?: Actor };

/** A command's metadata (as `handleCommand` takes it): who, why, and when it counts as done. */
export type CommandMetadata = {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  at: Date;
};

/** Metadata of a command dispatch issues itself in reaction to `cause`. */
export const systemMeta = (cause: Cause, at: Date, commandId = cause.id): CommandMetadata => ({
  commandId,
  correlationId: cause.correlationId,
  causationId: cause.id,
  actor: cause.actor ?? systemActor,
  at,
});

/** A hold on a worker's time, as the schedule stream `schedule-<worker>-<day>` takes it. */
export type Hold = Omit<Extract<ScheduleCommand, { type: 'ReserveSlot' }>, 'type'>;
/** Where a hold is, to give it back. */
export type SlotRef = { workerId: string; orderId: string; day: string; reservationId: string };
export type TimerRequest = { id: string; kind: string; dueAt: Date; payload: Record<string, unknown> };
export type DecisionRef = { orderId: string; decisionId: string };

/** A message to a worker through the company's chat bot; the runner renders it as a card. */
export type WorkerCard =
  | { kind: 'offer'; order: OrderInView; offer: { offerId: string; workerId: string; expiresAt: string } }
  | { kind: 'assigned'; order: OrderInView; workerId: string; how: 'auto' | 'manual' }
  | { kind: 'displaced'; order: OrderInView; workerId: string; reason: string }
  /** The worker keeps a rescheduled job: its new time. */
  | { kind: 'moved'; order: OrderInView; workerId: string; reason: string };

export type QueueKind = 'dispatch_failed' | 'auto_dispatch_off' | 'sla_breached' | 'released';
/** An item for the dispatcher's queue, raised on the order's `dispatcher-queue-` stream. */
export type RaisedItem = {
  itemId: string;
  orderId: string;
  branchId: string;
  kind: QueueKind;
  details: Record<string, unknown>;
};

/**
 * What the offer flow tells its runner to do, in order. An action whose outcome the flow needs
 * (`reserve-slot`) ends its list: the runner feeds the outcome back (`HoldOutcome`) and decides again.
 */
export type OfferFlowAction =
  /** Hold the worker's time; refused holds come back as outcomes, not errors. */
  | { kind: 'reserve-slot'; hold: Hold; meta: CommandMetadata }
  | {
      kind: 'append';
      stream: string;
      command: AssignmentCommand;
      meta: CommandMetadata;
      /** A hold this append should come to back: given back unless the order's stream backs it afterwards. */
      hold?: SlotRef;
      /** A decision whose provenance is kept only if the stream records it (checked when nothing is appended). */
      decision?: DecisionRef;
      /** Done only when the append added events (on this try, or on one a crash cut short). */
      thenIfAppended?: OfferFlowAction[];
    }
  /** Gives back a worker's time (the schedule frees nothing held for another reservation by now). */
  | { kind: 'release-slot'; slot: SlotRef; meta: CommandMetadata }
  | { kind: 'schedule-timer'; timer: TimerRequest }
  /** Stores a decision's provenance, out of sight until its events land. */
  | { kind: 'store-decision'; decisionId: string; branchId: string; decision: Decision; policy: string }
  /** Shows (`landed`) or removes the provenance of a decision. */
  | { kind: 'settle-decision'; decisionId: string; landed: boolean }
  | {
      kind: 'raise-queue-item';
      item: RaisedItem;
      meta: CommandMetadata;
      /** The decision whose rules the details count per rule, from its provenance (the runner reads it). */
      ruleCountsOf?: string;
    }
  | { kind: 'send-card'; messageId: string; card: WorkerCard }
  /** Another step of the flow, carried out now (the next order, or the same order's next stage). */
  | {
      kind: 'run';
      trigger: OfferFlowTrigger;
      /** A decision whose provenance is checked if the step is refused (a refusal appends nothing). */
      settleIfRefused?: DecisionRef;
    }
  /** The caller is refused, after the actions before this one. */
  | { kind: 'refuse'; code: string; message: string; details: Record<string, unknown> }
  /** The event cannot be handled yet (the view lags behind it): the consumer retries it. */
  | { kind: 'retry-later'; reason: string }
  | { kind: 'ignore'; reason: string };

/** The commands the offer flow takes, from people, timers and its own reactions. */
export type OfferFlowTrigger =
  | {
      type: 'Dispatch';
      orderId: string;
      cause: Cause;
      at: Date;
      /** A plan's choice, offered first. */
      prefer?: string;
      /** Where the decision came from (a plan), added to its policy label. */
      via?: string;
      /** A dispatcher asked (from the queue, or a plan): the branch's auto-dispatch switch does not apply. */
      requested?: boolean;
    }
  | { type: 'AcceptOffer'; offerId: string; workerId: string; meta: CommandMetadata }
  | { type: 'DeclineOffer'; offerId: string; workerId: string; reason: string; meta: CommandMetadata }
  | { type: 'ExpireOffer'; orderId: string; offerId: string; at: Date }
  /** The next candidate of a decision: internal, after Dispatch stored the decision. */
  | {
      type: 'OfferNext';
      command: Extract<AssignmentCommand, { type: 'Dispatch' }> extends infer D ? Omit<D, 'next'> : never;
      meta: CommandMetadata;
    }
  | { type: 'AssignManually'; orderId: string; workerId: string; reason: string; meta: CommandMetadata }
  | { type: 'ReleaseWorker'; orderId: string; workerId: string; reason: string; cause: Cause; at: Date }
  | { type: 'CloseDispatch'; orderId: string; reason: string; cause: Cause; at: Date }
  /**
   * The order was rescheduled (`from` → `to`): its assigned worker keeps it if they can still take
   * it, their hold moved to the new time; otherwise they are released and the order dispatched again.
   */
  | {
      type: 'Reschedule';
      orderId: string;
      from: { start: string; end: string };
      to: { start: string; end: string };
      reason: string;
      cause: Cause;
      at: Date;
    }
  | { type: 'CheckSlot'; slot: SlotRef; timerId: string; at: Date }
  | { type: 'SettleDecision'; orderId: string; decisionId: string };
