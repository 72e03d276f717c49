import { Inject, Injectable, Optional } from '@nestjs/common';
import { DurableTimers, type CommandOutcome, type DomainEvent, type Decider } from '@platform/eventing';
import { DomainError } from '@platform/eventing/decider';
import { ChatBot, CommandRunner, FeatureSettings } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { assignmentDecider, assignmentStream, type AssignmentState } from '../assignment/assignment.decider';
import { assignedCard, displacedCard, movedCard, offerCard } from '../cards/worker-cards';
import { DISPATCH_ENV, type DispatchEnv } from '../dispatch.config';
import { queueDecider, queueStream } from '../queue/dispatcher-queue.decider';
import { DecisionRecords } from '../provenance/decision-records';
import { ruleCounts } from '../read-models/decisions/decisions.view';
import { scheduleDecider, scheduleStream } from '../schedule/schedule.decider';
import { WorldFeed } from '../world/world-feed';
import {
  SLOT_CHECK_TIMER,
  systemMeta,
  type Cause,
  type CommandMetadata,
  type OfferFlowAction,
  type OfferFlowTrigger,
  type SlotRef,
  type WorkerCard,
} from './domain/offer-flow.actions';
import {
  backs,
  decideOfferFlow,
  evolveOfferFlow,
  holdRefusal,
  initialOfferFlowState,
  manualAssignmentId,
  orderIdOf,
  overriddenBy,
  type OfferFlowContext,
  type OfferFlowState,
} from './domain/offer-flow.decider';

export {
  DECISION_CHECK_TIMER,
  derivedId,
  OFFER_EXPIRY_TIMER,
  SLOT_CHECK_TIMER,
  type Cause,
} from './domain/offer-flow.actions';

/** A reservation whose acceptance never landed (a crash in between) is released after this. */
const SLOT_CHECK_DELAY_MS = 2 * 60_000;

/** What the manual assignment overrode: the rules a dispatcher knowingly set aside. */
export type ManualAssignment = { assignmentId: string; overridden: { rule: string; message: string }[] };
/** How a dispatch step ended, for the caller (a plan counts its offers). */
export type DispatchOutcome = 'offered' | 'failed' | 'queued' | 'not_needed';

/** What carrying out a step came to: the last append's outcome, and whether it only raised a queue item. */
type Carried = { outcome?: CommandOutcome; queued: boolean };

/**
 * Carries out the offer flow's decisions (offers/domain): loads the order's stream, asks the
 * decider what to do, and does it in order, feeding each hold's outcome back until the step is
 * done. Every write to an order's dispatch goes through its `assignment-<orderId>` stream; every
 * hold on a worker's time through `schedule-<worker>-<day>`, reserved before the offer or the
 * assignment is appended, so two orders can never hold one worker's time. A crash between actions
 * loses nothing: holds and provenance are guarded by timers scheduled before them, and every id
 * derives from the cause, so a retry does nothing twice.
 */
@Injectable()
export class Dispatching {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(DecisionRecords) private readonly records: DecisionRecords,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    // Only the processes that react (DISPATCH_ROLES=worker) send cards.
    @Optional() @Inject(ChatBot) private readonly chat: ChatBot | undefined,
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
  ) {}

  private get world() {
    return this.feed.world;
  }

  async autoDispatch(
    orderId: string,
    cause: Cause,
    options: { at?: Date; prefer?: string; via?: string; requested?: boolean } = {},
  ): Promise<DispatchOutcome> {
    const at = options.at ?? new Date();
    const { outcome, queued } = await this.carryOut({ type: 'Dispatch', orderId, cause, ...options, at });
    if (queued) return 'queued';
    if (outcome?.status !== 'appended') return 'not_needed';
    return outcome.events.some((e) => e.type === 'OfferMade') ? 'offered' : 'failed';
  }

  async acceptOffer(offerId: string, workerId: string, meta: CommandMetadata): Promise<void> {
    await this.carryOut({ type: 'AcceptOffer', offerId, workerId, meta });
  }

  async declineOffer(
    offerId: string,
    workerId: string,
    reason: string,
    meta: CommandMetadata,
  ): Promise<void> {
    await this.carryOut({ type: 'DeclineOffer', offerId, workerId, reason, meta });
  }

  /** The offer's timer: unanswered, it lapses and the next candidate is offered the job. */
  async expireOffer(orderId: string, offerId: string, at: Date): Promise<void> {
    await this.carryOut({ type: 'ExpireOffer', orderId, offerId, at });
  }

  async assignManually(
    orderId: string,
    workerId: string,
    reason: string,
    meta: CommandMetadata,
  ): Promise<ManualAssignment> {
    const overridden = overriddenBy({ orderId, workerId }, this.world.order(orderId), this.context());
    await this.carryOut({ type: 'AssignManually', orderId, workerId, reason, meta });
    return {
      assignmentId: manualAssignmentId(meta),
      overridden: overridden.map((f) => ({ rule: f.code, message: f.message })),
    };
  }

  /** The slot-check timer: a reservation the order's stream does not back is released. */
  async checkSlot(slot: SlotRef, timerId: string): Promise<void> {
    await this.carryOut({ type: 'CheckSlot', slot, timerId, at: new Date() });
  }

  /** The decision-check timer: provenance the order's stream records is shown, any other removed. */
  async settleDecision({ orderId, decisionId }: { orderId: string; decisionId: string }): Promise<void> {
    await this.carryOut({ type: 'SettleDecision', orderId, decisionId });
  }

  private context(): OfferFlowContext {
    return {
      world: this.world,
      autoDispatch: (o) => this.features.isEnabled(o.order.branchId, o.order.businessUnit, 'auto_dispatch'),
    };
  }

  private async load(orderId: string): Promise<OfferFlowState> {
    return this.commands.load(
      { initialState: initialOfferFlowState, evolve: evolveOfferFlow },
      assignmentStream(orderId),
    );
  }

  /**
   * One step of the flow: decide, act, and decide again with a hold's outcome, until the decider
   * asks for no more holds. A refusal (a DomainError) reaches the caller.
   */
  async carryOut(trigger: OfferFlowTrigger): Promise<Carried> {
    if (trigger.type === 'Dispatch' && !trigger.requested) await this.features.ready();
    const orderId = orderIdOf(trigger, this.world);
    // A decision is taken on the view alone; the offer it leads to reads the stream (OfferNext).
    let state = orderId && trigger.type !== 'Dispatch' ? await this.load(orderId) : initialOfferFlowState;
    const carried: Carried = { queued: false };
    for (;;) {
      const actions = decideOfferFlow(trigger, state, this.context());
      let outcome: Parameters<typeof evolveOfferFlow>[1] | undefined;
      for (const action of actions) {
        if (action.kind === 'reserve-slot') outcome = await this.reserve(action);
        else await this.perform(action, carried);
      }
      if (!outcome) return carried;
      state = evolveOfferFlow(state, outcome);
    }
  }

  /** Carries out the actions of a reaction (see offer-reactions.decider). */
  async perform(action: OfferFlowAction, carried: Carried = { queued: false }): Promise<void> {
    switch (action.kind) {
      case 'reserve-slot':
        throw new Error('a hold is reserved within a step of the flow, not on its own');
      case 'append':
        return this.append(action, carried);
      case 'release-slot':
        return this.releaseSlot(action.slot, action.meta);
      case 'schedule-timer':
        await this.timers.schedule(action.timer);
        return;
      case 'store-decision':
        return this.records.saveDecision(action.decisionId, action.branchId, action.decision, action.policy);
      case 'settle-decision':
        if (action.landed) await this.records.markLanded(action.decisionId);
        else await this.records.forgetDecision(action.decisionId);
        return;
      case 'raise-queue-item': {
        carried.queued = true;
        const { item, meta, ruleCountsOf } = action;
        const decision = ruleCountsOf ? await this.records.decision(ruleCountsOf) : null;
        const byRule = decision ? ruleCounts(decision.rejected, decision.summary.excludedByIndex) : [];
        const details = ruleCountsOf === undefined ? item.details : { ...item.details, byRule };
        await this.commands.run(
          queueDecider,
          queueStream(item.orderId),
          { type: 'RaiseQueueItem', ...item, details },
          meta,
        );
        return;
      }
      case 'send-card':
        if (!this.chat)
          throw new Error('this process sends no chat messages: it runs no reactions (DISPATCH_ROLES)');
        return this.chat.send(action.messageId, this.render(action.card));
      case 'run': {
        try {
          const step = await this.carryOut(action.trigger);
          Object.assign(carried, step);
        } catch (error) {
          // A refusal appended nothing; after any other failure the append may still have landed
          // (a lost acknowledgement), so that provenance is left to the decision-check timer.
          if (error instanceof DomainError && action.settleIfRefused)
            await this.carryOut({ type: 'SettleDecision', ...action.settleIfRefused });
          throw error;
        }
        return;
      }
      case 'refuse':
        throw new DomainError(action.code, action.message, action.details);
      case 'retry-later':
        throw new Error(`${action.reason}; retrying`);
      case 'ignore':
        return;
    }
  }

  private render(card: WorkerCard) {
    const appUrl = this.env.PUBLIC_APP_URL;
    switch (card.kind) {
      case 'offer':
        return offerCard(card.order, card.offer, appUrl);
      case 'assigned':
        return assignedCard(card.order, card.workerId, card.how, appUrl);
      case 'displaced':
        return displacedCard(card.order, card.workerId, card.reason, appUrl);
      case 'moved':
        return movedCard(card.order, card.workerId, card.reason, appUrl);
    }
  }

  /**
   * Runs a command and applies its events to this process's view at once: the next decision must
   * see an offer just made, not wait for it to come back through Kafka.
   */
  private async run<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    stream: string,
    command: C,
    meta: CommandMetadata,
  ) {
    const outcome = await this.commands.run(decider, stream, command, meta);
    if (outcome.status !== 'appended') return outcome;
    const first = outcome.nextExpectedVersion - outcome.events.length + 1;
    for (const [i, event] of outcome.events.entries())
      this.world.apply({
        type: event.type,
        data: event.data,
        occurredAt: event.occurredAt,
        streamId: stream,
        streamPosition: first + i,
      });
    return outcome;
  }

  /**
   * Appends to the order's stream. A hold the append should have come to is given back unless the
   * stream backs it afterwards (after a failure the outcome may be unknown: a lost acknowledgement);
   * a decision that passed nothing on is settled.
   */
  private async append(action: Extract<OfferFlowAction, { kind: 'append' }>, carried: Carried) {
    const { hold } = action;
    const cameTo = (e: { type: string; data: unknown }) => {
      const data = e.data as { offerId?: string; assignmentId?: string };
      return (
        (e.type === 'OfferMade' && data.offerId === hold?.reservationId) ||
        ((e.type === 'TechnicianAssigned' || e.type === 'AssignmentMoved') &&
          data.assignmentId === hold?.reservationId)
      );
    };
    let outcome: CommandOutcome | undefined;
    try {
      outcome = await this.run(assignmentDecider, action.stream, action.command, action.meta);
    } finally {
      if (hold && !(outcome?.status === 'appended' && outcome.events.some(cameTo)))
        await this.releaseUnbacked(hold, action.meta);
    }
    carried.outcome = outcome;
    if (outcome.status === 'unchanged' && action.decision)
      await this.carryOut({ type: 'SettleDecision', ...action.decision });
    if (outcome.status === 'unchanged' && outcome.reason === 'no events') return;
    // Also when a try before a crash appended it ('already handled'): what follows is idempotent.
    for (const next of action.thenIfAppended ?? []) await this.perform(next, carried);
  }

  /**
   * Holds the worker's time. Schedule commands get fresh ids: the schedule decider itself makes a
   * repeat harmless, and a fixed id would make a retry after a release look done when nothing is
   * held. A hold the schedule refuses as it stands leaves no slot check behind (a pass down a ranked
   * list tries up to 50 candidates); otherwise the check is scheduled before the reservation, so if
   * this process dies before the offer or the assignment lands, the timer frees the time.
   */
  private async reserve({ hold, meta }: Extract<OfferFlowAction, { kind: 'reserve-slot' }>) {
    const stream = scheduleStream(hold.workerId, hold.day);
    const reservation = { type: 'ReserveSlot' as const, ...hold };
    const refused = (error: unknown) => {
      if (!(error instanceof DomainError) || !holdRefusal(error.code)) throw error;
      const { code, message, details } = error;
      return {
        type: 'HoldRefused' as const,
        data: { reservationId: hold.reservationId, code, message, details },
      };
    };
    try {
      scheduleDecider.decide(reservation, await this.commands.load(scheduleDecider, stream));
    } catch (error) {
      return refused(error);
    }
    const check = `${SLOT_CHECK_TIMER}:${hold.reservationId}:${randomUUID()}`;
    const { workerId, orderId, day, reservationId } = hold;
    await this.timers.schedule({
      id: check,
      kind: SLOT_CHECK_TIMER,
      dueAt: new Date(Date.now() + SLOT_CHECK_DELAY_MS),
      payload: { workerId, orderId, day, reservationId },
    });
    try {
      await this.run(scheduleDecider, stream, reservation, {
        ...meta,
        commandId: `reserve:${reservationId}:${randomUUID()}`,
      });
    } catch (error) {
      // Refused after all (another process held the time meanwhile): nothing is held.
      if (error instanceof DomainError) await this.timers.cancel(check);
      return refused(error);
    }
    return { type: 'SlotHeld' as const, data: { reservationId } };
  }

  /** Frees a worker's time held for one reservation (nothing, if it is held for another by now). */
  private async releaseSlot(slot: SlotRef, meta: CommandMetadata) {
    await this.run(
      scheduleDecider,
      scheduleStream(slot.workerId, slot.day),
      { type: 'ReleaseSlot', ...slot },
      { ...meta, commandId: `release-slot:${slot.reservationId}:${randomUUID()}` },
    );
  }

  private async releaseUnbacked(slot: SlotRef, meta: CommandMetadata) {
    const state: AssignmentState = await this.commands.load(
      assignmentDecider,
      assignmentStream(slot.orderId),
    );
    if (backs(state, slot.reservationId)) return;
    const cause = { id: meta.commandId, correlationId: meta.correlationId, actor: meta.actor };
    await this.releaseSlot(slot, systemMeta(cause, new Date()));
  }
}
