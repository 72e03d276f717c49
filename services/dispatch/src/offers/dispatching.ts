import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@platform/contracts';
import { DurableTimers, type CommandMetadata, type DomainEvent, type Decider } from '@platform/eventing';
import { DomainError } from '@platform/eventing/decider';
import { CommandRunner, FeatureSettings } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import {
  assignmentDecider,
  assignmentStream,
  candidatesAfter,
  lapseStillAhead,
  recordsDecision,
  type AssignmentState,
  type Candidate,
  type PassedOver,
  type PassingCommand,
  type UncheckedPassing,
} from '../assignment/assignment.decider';
import { decide, explainWorker, type Decision } from '../matching';
import { DispatchTables } from '../queue/dispatch-tables';
import { scheduleDecider, scheduleStream } from '../schedule/schedule.decider';
import { matchingPolicy, policyLabel } from '../world/domain/branch-policy';
import { bookedJob, type OrderInView } from '../world/domain/dispatch-world';
import { WorldFeed } from '../world/world-feed';
import { businessDay } from '@platform/domain-kit';

const ID_NAMESPACE = 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607';
/** Ids derived from what they are about, so a retried command or reaction creates nothing new. */
export const derivedId = (name: string) => uuidv5(name, ID_NAMESPACE);

/** A reservation whose acceptance never landed (a crash in between) is released after this. */
const SLOT_CHECK_DELAY_MS = 2 * 60_000;
export const SLOT_CHECK_TIMER = 'dispatch-slot-check';
export const OFFER_EXPIRY_TIMER = 'dispatch-offer-expiry';
/** Provenance whose decision never reached the order's stream (a crash, a refusal) is removed after this. */
const DECISION_CHECK_DELAY_MS = 60 * 60_000;
export const DECISION_CHECK_TIMER = 'dispatch-decision-check';

export const systemActor: Actor = { kind: 'system', id: 'dispatch' };
export type Cause = { id: string; correlationId: string; actor?: Actor };

/** The schedule stream's refusals of a hold, as the hard rule each stands for. */
const HOLD_REFUSALS: Record<string, string> = {
  SLOT_TAKEN: 'slot_taken',
  DAILY_CAP_REACHED: 'daily_cap_reached',
};

/** Whether the order's stream backs time held under this id: its open offer, or its assignment. */
const backs = (state: AssignmentState, reservationId: string) =>
  (state.status === 'assigned' && state.assignmentId === reservationId) ||
  (state.status === 'offering' && state.offer.offerId === reservationId);

/** Metadata of a command dispatch issues itself in reaction to `cause`; callers set the command id. */
export const systemMeta = (cause: Cause, at = new Date(), commandId = `${cause.id}`): CommandMetadata => ({
  commandId,
  correlationId: cause.correlationId,
  causationId: cause.id,
  actor: cause.actor ?? systemActor,
  at,
});

/** What the overridden rules were when a dispatcher assigned someone the rules would not have offered. */
export type ManualAssignment = { assignmentId: string; overridden: { rule: string; message: string }[] };

/**
 * The dispatch use cases that write: deciding and offering (automatic), answering offers, manual
 * assignment, and releasing a worker. Every write to an order's dispatch goes through its
 * `assignment-<orderId>` stream; every hold on a worker's time through `schedule-<worker>-<day>`,
 * reserved before the offer or the assignment is appended, so two orders can never hold one
 * worker's time, nor one worker's day more jobs than the cap.
 */
@Injectable()
export class Dispatching {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(DispatchTables) private readonly tables: DispatchTables,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
  ) {}

  private get world() {
    return this.feed.world;
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

  private meta(commandId: string, cause: Cause, at = new Date()): CommandMetadata {
    return systemMeta(cause, at, commandId);
  }

  private offerTimeoutMs(o: OrderInView): number {
    return this.world.policyOf(o.order.branchId).settings.offerTimeoutSeconds * 1000;
  }

  /**
   * Finds, scores and offers: the decision's provenance is stored (out of sight until its events
   * land), then the order's stream gets the ranked list and the first offer. An order that needs no
   * worker now (taken, being offered, started, cancelled) is left alone; a branch with auto-dispatch
   * off sends it to the dispatcher's queue.
   */
  async autoDispatch(
    orderId: string,
    cause: Cause,
    /** `requested`: a dispatcher asked (from the queue, or a plan), so the branch's switch does not apply. */
    options: { at?: Date; prefer?: string; via?: string; requested?: boolean } = {},
  ): Promise<'offered' | 'failed' | 'queued' | 'not_needed'> {
    const at = options.at ?? new Date();
    const o = this.world.order(orderId);
    if (!o || o.progress !== 'placed' || o.dispatch.status === 'offering' || o.dispatch.status === 'assigned')
      return 'not_needed';
    // An appointment that is already over (an old order met again on a replayed topic) needs nobody.
    if (Date.parse(String(o.order.window.end)) <= at.getTime()) return 'not_needed';
    await this.features.ready();
    if (
      !options.requested &&
      !this.features.isEnabled(o.order.branchId, o.order.businessUnit, 'auto_dispatch')
    ) {
      await this.tables.raise({
        itemId: `off:${orderId}:${cause.id}`,
        orderId,
        branchId: o.order.branchId,
        kind: 'auto_dispatch_off',
        details: {
          message: `auto-dispatch is off for ${o.order.branchId} (${o.order.businessUnit}): assign by hand`,
        },
        raisedAt: at,
      });
      return 'queued';
    }
    const commandId = `dispatch:${orderId}:${cause.id}`;
    const decisionId = derivedId(commandId);
    const policy = matchingPolicy(this.world.policyOf(o.order.branchId));
    const decision = decide(o.order, this.world.workers, policy, at);
    // Scheduled before the provenance is stored: if this process dies before the decision reaches
    // the order's stream, the timer finds it missing there and removes the provenance.
    await this.timers.schedule({
      id: `${DECISION_CHECK_TIMER}:${decisionId}`,
      kind: DECISION_CHECK_TIMER,
      dueAt: new Date(Date.now() + DECISION_CHECK_DELAY_MS),
      payload: { orderId, decisionId },
    });
    await this.tables.saveDecision(decisionId, o.order.branchId, decision, policyLabel(policy));
    let outcome;
    try {
      outcome = await this.passOn(
        o,
        {
          type: 'Dispatch',
          orderId,
          decisionId,
          policy: options.via ? `${policyLabel(policy)} ${options.via}` : policyLabel(policy),
          ...this.candidateList(decision, decisionId, options.prefer),
        },
        this.meta(commandId, cause, at),
      );
    } catch (error) {
      // A refusal appended nothing; after any other failure the append may still have landed (a
      // lost acknowledgement), so that provenance is left to the timer.
      if (error instanceof DomainError) await this.settleDecision({ orderId, decisionId });
      throw error;
    }
    if (outcome.status !== 'appended') {
      // A repeat finds its decision on the stream and keeps it; a decision that passed nothing on is removed.
      await this.settleDecision({ orderId, decisionId });
      return 'not_needed';
    }
    return outcome.events.some((e) => e.type === 'OfferMade') ? 'offered' : 'failed';
  }

  /** The decision as the order's stream records it: the offer list and why the others were ruled out. */
  candidateList(
    decision: Pick<Decision, 'ranked' | 'rejected' | 'summary'>,
    decisionId: string,
    first?: string,
  ) {
    // A plan's choice goes first; the rest keep the ranking's order behind it.
    const ordered = first
      ? [...decision.ranked].sort((a, b) => Number(b.workerId === first) - Number(a.workerId === first))
      : decision.ranked;
    // Only the 50 kept get an offer id (a SHA-1 each): a ranking runs to hundreds or thousands of
    // workers, and deriving ids for all of them cost more than the decision itself.
    const ranked = ordered.slice(0, 50).map((r) => ({
      workerId: r.workerId,
      offerId: derivedId(`${decisionId}/${r.workerId}`),
      score: Math.round(r.score.total * 1e6) / 1e6,
    }));
    return {
      ranked,
      ruledOut: decision.rejected.map((r) => ({ workerId: r.workerId, rules: r.failed.map((f) => f.code) })),
      moreRuledOut: decision.summary.excludedByIndex.total,
    };
  }

  /** Where an offer or an order's assignment stands, from its stream (the truth, not the view). */
  loadAssignment(orderId: string): Promise<AssignmentState> {
    return this.commands.load(assignmentDecider, assignmentStream(orderId));
  }

  orderOfOffer(offerId: string): OrderInView | undefined {
    return this.world.orderOfOffer(offerId);
  }

  /**
   * The worker takes the job. The time their offer holds is reserved for the assignment first (an
   * offer made before offers held time may find it taken: the offer then passes to the next
   * candidate), then the acceptance is appended; if that fails (the offer lapsed or was withdrawn
   * meanwhile), the reservation is released again.
   */
  async acceptOffer(offerId: string, workerId: string, meta: CommandMetadata): Promise<OrderInView> {
    const o = this.orderOfOffer(offerId);
    if (!o) throw new DomainError('OFFER_NOT_FOUND', `no offer ${offerId}`, { field: 'offerId' });
    const orderId = o.order.orderId;
    const assignmentId = derivedId(`assignment:${offerId}`);
    const accept = { type: 'AcceptOffer' as const, orderId, offerId, workerId, assignmentId, at: meta.at };
    const state = await this.loadAssignment(orderId);
    // Refuses what cannot be accepted (lapsed, not theirs, no longer open) before any time is held.
    assignmentDecider.decide(accept, state);
    if (state.status === 'assigned') return o;
    try {
      await this.reserve(workerId, o, assignmentId, meta);
    } catch (error) {
      // An offer made before offers held time: the worker's day has filled up since.
      if (error instanceof DomainError && HOLD_REFUSALS[error.code]) {
        await this.passOn(
          o,
          {
            type: 'DeclineOffer',
            orderId,
            offerId,
            workerId,
            reason: `${HOLD_REFUSALS[error.code]}: ${error.message}`,
          },
          { ...meta, commandId: `slot-taken:${offerId}` },
        );
      }
      throw error;
    }
    try {
      await this.run(assignmentDecider, assignmentStream(orderId), accept, meta);
    } catch (error) {
      await this.releaseUnbacked(workerId, o, assignmentId, meta);
      throw error;
    }
    return o;
  }

  async declineOffer(
    offerId: string,
    workerId: string,
    reason: string,
    meta: CommandMetadata,
  ): Promise<OrderInView> {
    const o = this.orderOfOffer(offerId);
    if (!o) throw new DomainError('OFFER_NOT_FOUND', `no offer ${offerId}`, { field: 'offerId' });
    await this.passOn(o, { type: 'DeclineOffer', orderId: o.order.orderId, offerId, workerId, reason }, meta);
    return o;
  }

  /**
   * The decision-check timer: provenance of a decision the order's stream records is shown, any
   * other is removed (its events never landed, and never will: the decision cannot be taken again).
   */
  async settleDecision({ orderId, decisionId }: { orderId: string; decisionId: string }): Promise<void> {
    if (await this.commands.load(recordsDecision(decisionId), assignmentStream(orderId)))
      await this.tables.markLanded(decisionId);
    else await this.tables.forgetDecision(decisionId);
  }

  /**
   * The offer's timer: unanswered, it lapses and the next candidate is offered the job. A timer set
   * by an earlier try of the offer (a crash or a retry before the append) may fire before the offer
   * that landed lapses: it is set again for the offer's own time, or the offer would stay open.
   */
  async expireOffer(orderId: string, offerId: string, at: Date): Promise<void> {
    const o = this.world.order(orderId);
    if (!o) return;
    const stillAhead = lapseStillAhead(await this.loadAssignment(orderId), offerId, at);
    if (stillAhead) return void (await this.scheduleExpiry(orderId, offerId, stillAhead, { again: true }));
    await this.passOn(
      o,
      { type: 'ExpireOffer', orderId, offerId, at },
      this.meta(`expire:${offerId}`, { id: offerId, correlationId: orderId }, at),
    );
  }

  /**
   * Runs a decision, a decline or a lapse, which passes the order on to its next candidate, chosen
   * against the present rather than as things stood at the decision: each candidate in turn must
   * still pass the hard rules on this process's view, and then have their time held for the offer
   * on their schedule stream, the guard every process writes through (overlap, the drive, the daily
   * cap). The offer's lapse is scheduled before the offer is appended (a timer for an offer that
   * never landed finds nothing to do; one that fires before the landed offer lapses is set again);
   * a hold no offer came of is given back.
   */
  private async passOn(o: OrderInView, command: UncheckedPassing, meta: CommandMetadata) {
    const orderId = o.order.orderId;
    const candidates = candidatesAfter(command, await this.loadAssignment(orderId));
    if (!candidates) return { status: 'unchanged', reason: 'no events' } as const;
    const expiresAt = new Date(meta.at.getTime() + this.offerTimeoutMs(o)).toISOString();
    const { checked, held } = await this.nextWhoFits(o, candidates, meta);
    if (held) await this.scheduleExpiry(orderId, held.offerId, expiresAt);
    let offered = false;
    try {
      const outcome = await this.run(
        assignmentDecider,
        assignmentStream(orderId),
        { ...command, next: { checked, expiresAt } } as PassingCommand,
        meta,
      );
      offered =
        outcome.status === 'appended' &&
        outcome.events.some(
          (e) => e.type === 'OfferMade' && (e.data as { offerId: string }).offerId === held?.offerId,
        );
      return outcome;
    } finally {
      if (held && !offered) await this.releaseUnbacked(held.workerId, o, held.offerId, meta);
    }
  }

  /** The first candidate who fits now, their time held for the offer, and the rules those before them fail. */
  private async nextWhoFits(o: OrderInView, candidates: Candidate[], meta: CommandMetadata) {
    const policy = matchingPolicy(this.world.policyOf(o.order.branchId));
    const checked: PassedOver[] = [];
    for (const candidate of candidates) {
      const { workerId, offerId } = candidate;
      const worker = this.world.workers.get(workerId);
      const rules = worker
        ? explainWorker(o.order, worker, policy).failed.map((f) => f.code)
        : ['not_active'];
      if (rules.length === 0) {
        try {
          await this.reserve(workerId, o, offerId, meta);
          checked.push({ workerId, rules });
          return { checked, held: candidate };
        } catch (error) {
          if (!(error instanceof DomainError) || !HOLD_REFUSALS[error.code]) throw error;
          rules.push(HOLD_REFUSALS[error.code]!);
        }
      }
      checked.push({ workerId, rules });
    }
    return { checked, held: undefined };
  }

  /**
   * A dispatcher assigns (or reassigns) by hand, with a reason. Rules a dispatcher may knowingly
   * override (area, hours, distance, daily cap, routing) are reported back; a worker who is not
   * active, not qualified for the item, on leave, or whose time another order holds is refused.
   */
  async assignManually(
    orderId: string,
    workerId: string,
    reason: string,
    meta: CommandMetadata,
  ): Promise<ManualAssignment> {
    const o = this.world.order(orderId);
    if (!o) throw new DomainError('ORDER_NOT_FOUND', `no order ${orderId} in dispatch`, { field: 'orderId' });
    if (o.progress !== 'placed')
      throw new DomainError('ORDER_NOT_OPEN', `the order is ${o.progress}: it cannot be reassigned now`, {
        field: 'orderId',
      });
    const worker = this.world.workers.get(workerId);
    if (!worker || worker.branchId !== o.order.branchId)
      throw new DomainError('WORKER_NOT_FOUND', `no worker ${workerId} in branch ${o.order.branchId}`, {
        field: 'workerId',
      });
    const policy = matchingPolicy(this.world.policyOf(o.order.branchId));
    const { failed: failures } = explainWorker(o.order, worker, policy);
    const refused = failures.filter((f) =>
      ['not_active', 'not_eligible_for_item', 'on_leave', 'wrong_branch'].includes(f.code),
    );
    if (refused.length > 0)
      throw new DomainError('WORKER_NOT_DISPATCHABLE', refused.map((f) => f.message).join('; '), {
        field: 'workerId',
      });
    const assignmentId = derivedId(`manual:${meta.commandId}`);
    await this.reserve(workerId, o, assignmentId, meta, { knowingly: true });
    try {
      await this.run(
        assignmentDecider,
        assignmentStream(orderId),
        { type: 'AssignManually', orderId, workerId, assignmentId, reason },
        meta,
      );
    } catch (error) {
      await this.releaseUnbacked(workerId, o, assignmentId, meta);
      throw error;
    }
    return {
      assignmentId,
      overridden: failures.map((f) => ({ rule: f.code, message: f.message })),
    };
  }

  /** Orders that found nobody and that this worker would pass every rule for now. */
  failedOrdersFor(workerId: string, now: Date): string[] {
    const worker = this.world.workers.get(workerId);
    if (!worker || worker.status !== 'active') return [];
    const policy = matchingPolicy(this.world.policyOf(worker.branchId));
    return [...this.world.orders.values()]
      .filter(
        (o) =>
          o.dispatch.status === 'failed' &&
          o.progress === 'placed' &&
          o.order.branchId === worker.branchId &&
          Date.parse(String(o.order.window.start)) > now.getTime() &&
          explainWorker(o.order, worker, policy).failed.length === 0,
      )
      .map((o) => o.order.orderId);
  }

  /** Takes a worker off an order they can no longer do, and dispatches it again. */
  async releaseAndRedispatch(orderId: string, workerId: string, reason: string, cause: Cause): Promise<void> {
    const o = this.world.order(orderId);
    if (!o) return;
    const released = await this.run(
      assignmentDecider,
      assignmentStream(orderId),
      { type: 'ReleaseWorker', orderId, workerId, reason },
      this.meta(`release:${cause.id}:${orderId}`, cause),
    );
    if (released.status === 'appended')
      await this.tables.raise({
        itemId: `released:${cause.id}:${orderId}`,
        orderId,
        branchId: o.order.branchId,
        kind: 'released',
        details: { workerId, message: reason },
        raisedAt: new Date(),
      });
    await this.autoDispatch(orderId, { ...cause, id: `${cause.id}:${orderId}` });
  }

  /** The order needs no worker any more (cancelled) or needs one for a new time (rescheduled). */
  async close(orderId: string, reason: string, cause: Cause): Promise<void> {
    await this.run(
      assignmentDecider,
      assignmentStream(orderId),
      { type: 'CloseDispatch', orderId, reason },
      this.meta(`close:${cause.id}`, cause),
    );
  }

  /**
   * Holds the worker's time for an offer or an assignment: the job and the branch's buffer after it,
   * and unless a dispatcher knowingly assigns, the drive from and to the jobs around it and a place
   * under the daily cap. Schedule commands get fresh ids: the schedule decider itself makes a repeat
   * harmless, and a fixed id would make a retry after a release look done when nothing is held.
   * A hold the schedule refuses (the time taken, the day full) leaves no slot check behind: a pass
   * down a ranked list tries up to 50 candidates.
   */
  private async reserve(
    workerId: string,
    o: OrderInView,
    reservationId: string,
    meta: CommandMetadata,
    // A dispatcher may knowingly leave the worker less time for the drive, or give a job past the cap.
    { knowingly = false } = {},
  ) {
    const job = bookedJob(o.order);
    const day = businessDay(job.start.getTime());
    const { bufferMinutes, travelSpeedKmh, dailyJobCap } = this.world.policyOf(o.order.branchId).settings;
    const buffer = bufferMinutes * 60_000;
    const stream = scheduleStream(workerId, day);
    const reservation = {
      type: 'ReserveSlot' as const,
      workerId,
      orderId: o.order.orderId,
      reservationId,
      day,
      start: job.start.toISOString(),
      end: new Date(job.end.getTime() + buffer).toISOString(),
      location: o.order.location,
      travelSpeedKmh: knowingly ? undefined : travelSpeedKmh,
      dailyJobCap: knowingly ? undefined : dailyJobCap,
    };
    // Refused on the schedule as it stands: nothing will be held, so nothing needs checking.
    scheduleDecider.decide(reservation, await this.commands.load(scheduleDecider, stream));
    // Scheduled before the reservation: if this process dies before the offer or the assignment
    // lands, the timer finds the order without it and frees the time.
    const check = `${SLOT_CHECK_TIMER}:${reservationId}:${randomUUID()}`;
    await this.timers.schedule({
      id: check,
      kind: SLOT_CHECK_TIMER,
      dueAt: new Date(Date.now() + SLOT_CHECK_DELAY_MS),
      payload: { workerId, orderId: o.order.orderId, day, reservationId },
    });
    try {
      await this.run(scheduleDecider, stream, reservation, {
        ...meta,
        commandId: `reserve:${reservationId}:${randomUUID()}`,
      });
    } catch (error) {
      // Refused after all (another process held the time meanwhile): nothing is held.
      if (error instanceof DomainError) await this.timers.cancel(check);
      throw error;
    }
  }

  /** Frees a worker's time held for one assignment (nothing, if it is held for another by now). */
  async releaseSlot(
    slot: { workerId: string; orderId: string; day: string; reservationId: string },
    cause: Cause,
  ) {
    await this.run(
      scheduleDecider,
      scheduleStream(slot.workerId, slot.day),
      { type: 'ReleaseSlot', ...slot },
      this.meta(`release-slot:${slot.reservationId}:${randomUUID()}`, cause),
    );
  }

  /**
   * After a failed append the outcome may still be unknown (a lost acknowledgement): the time is
   * released only if the order's stream does not show this offer or assignment.
   */
  private async releaseUnbacked(
    workerId: string,
    o: OrderInView,
    reservationId: string,
    meta: CommandMetadata,
  ) {
    if (backs(await this.loadAssignment(o.order.orderId), reservationId)) return;
    const day = businessDay(bookedJob(o.order).start.getTime());
    await this.releaseSlot(
      { workerId, orderId: o.order.orderId, day, reservationId },
      { id: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
    );
  }

  /**
   * The slot-check timer: a reservation the order's stream does not back is released. One it backs
   * is released when the offer ends or the worker is unassigned (reactions).
   */
  async checkSlot(
    payload: { workerId: string; orderId: string; day: string; reservationId: string },
    timerId: string,
  ): Promise<void> {
    if (backs(await this.loadAssignment(payload.orderId), payload.reservationId)) return;
    await this.releaseSlot(payload, { id: timerId, correlationId: payload.orderId });
  }

  /**
   * Schedules the lapse of an offer (idempotent by offer id), before the offer is appended; `again`
   * for the offer's own time, once a timer an earlier try set has fired before it (idempotent by
   * that time, so every instance sets the same one).
   */
  private scheduleExpiry(orderId: string, offerId: string, expiresAt: string, { again = false } = {}) {
    return this.timers.schedule({
      id: again ? `${OFFER_EXPIRY_TIMER}:${offerId}@${expiresAt}` : `${OFFER_EXPIRY_TIMER}:${offerId}`,
      kind: OFFER_EXPIRY_TIMER,
      dueAt: new Date(expiresAt),
      payload: { orderId, offerId },
    });
  }
}
