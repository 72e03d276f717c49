import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ReadModels, type CommandMetadata } from '@platform/eventing';
import { DomainError } from '@platform/eventing/decider';
import { CommandRunner } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import {
  cityDayPlanDecider,
  cityDayPlanStream,
  type PlanSummary,
} from '../city-day-plan/city-day-plan.decider';
import { DISPATCH_ENV, type DispatchEnv } from '../dispatch.config';
import { Dispatching } from '../offers/dispatching';
import type { CityDayPlan } from '../planning';
import {
  cityDayPlans,
  plansOfDay,
  type PlanDoc,
} from '../read-models/city-day-plans/city-day-plans.read-model';
import { matchingPolicy } from '../world/domain/branch-policy';
import { WorldFeed } from '../world/world-feed';
import { planInputs } from './domain/plan-inputs';
import { PlanThreads } from './plan-thread';
import { PlanRecords, type PlanBody } from './plan-records';
import { businessDay } from '@platform/domain-kit';

const round = (km: number) => Math.round(km * 100) / 100;

export type ProposedPlan = Omit<PlanSummary, 'unassigned'> & {
  assignments: { orderId: string; workerId: string; start: Date; travelKm: number }[];
  unassigned: string[];
  acceptedAt: Date | null;
};

const figures = (plan: CityDayPlan) => ({ assigned: plan.assignedCount, travelKm: round(plan.travelKm) });

/** The plan as the graph shows it: what its event says, with its record's assignments. */
const proposedPlan = (summary: PlanSummary, body: PlanBody, acceptedAt: Date | null): ProposedPlan => ({
  ...summary,
  assignments: body.assignments.map((a) => ({ ...a, start: new Date(a.start) })),
  unassigned: body.unassigned,
  acceptedAt,
});

/**
 * The city-day plan as a dispatcher uses it: every open order of a branch's day (waiting for a
 * worker, or failed) planned at once under the online hard rules, shown next to greedy online
 * dispatch on the same orders and workers; accepting it sends each planned worker the offer first.
 */
@Injectable()
export class CityDayPlans implements OnApplicationShutdown {
  private readonly threads = new PlanThreads();

  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(PlanRecords) private readonly records: PlanRecords,
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
  ) {}

  async propose(branchId: string, day: string, meta: CommandMetadata): Promise<ProposedPlan> {
    await this.feed.ready();
    const world = this.feed.world;
    const open = [...world.orders.values()]
      .filter(
        (o) =>
          o.order.branchId === branchId &&
          o.progress === 'placed' &&
          (o.dispatch.status === 'waiting' || o.dispatch.status === 'failed') &&
          businessDay(new Date(o.order.window.start).getTime()) === day,
      )
      .map((o) => o.order);
    const policy = matchingPolicy(world.policyOf(branchId));
    const inputs = planInputs(branchId, open, world.workers.all(), policy, day);
    const speed = {
      travelSpeedKmh: policy.travelSpeedKmh,
      bufferMinutes: policy.bufferMinutes,
      maxDistanceKm: policy.maxDistanceKm,
    };
    const { plan, greedy, runtimeMs } = await this.threads.plan({
      orders: inputs.orders,
      workers: inputs.workers,
      policy: speed,
      timeLimitMs: this.env.PLAN_TIME_LIMIT_MS,
    });
    const travelOf = new Map(
      plan.routes.flatMap((r) => r.stops.filter((s) => s.orderId).map((s) => [s.orderId!, s.travelKm])),
    );
    const summary: PlanSummary = {
      planId: randomUUID(),
      branchId,
      day,
      openOrders: open.length,
      workers: inputs.workers.length,
      plan: figures(plan),
      greedy: figures(greedy),
      travelSavedPct: greedy.travelKm > 0 ? round((1 - plan.travelKm / greedy.travelKm) * 100) : null,
      unassigned: plan.unassigned.length,
      runtimeMs,
    };
    const body: PlanBody = {
      assignments: plan.assignments.map((a) => ({
        orderId: a.orderId,
        workerId: a.workerId,
        start: new Date(a.start).toISOString(),
        travelKm: round(travelOf.get(a.orderId) ?? 0),
      })),
      unassigned: plan.unassigned.map((u) => u.orderId),
    };
    // The record before the event (a claim check): no reader meets a plan without its assignments.
    await this.records.save(summary.planId, body);
    await this.commands.run(
      cityDayPlanDecider,
      cityDayPlanStream(summary.planId),
      { type: 'ProposeCityDayPlan', plan: summary },
      meta,
    );
    return proposedPlan(summary, body, null);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.threads.stop();
  }

  /** A branch's plans of a day, newest first, from the plans read model. */
  async ofDay(branchId: string, day: string): Promise<ProposedPlan[]> {
    const docs = await plansOfDay(this.readModels.documents(cityDayPlans), branchId, day);
    const plans = await Promise.all(docs.map((doc) => this.withBody(doc)));
    return plans.filter((plan) => plan !== null);
  }

  private async withBody(doc: PlanDoc): Promise<ProposedPlan | null> {
    const body = await this.records.body(doc.planId);
    return body && proposedPlan(doc, body, doc.acceptedAt ? new Date(doc.acceptedAt) : null);
  }

  /** The plan as its stream has it now (the read model may lag a plan proposed a moment ago). */
  async proposal(planId: string): Promise<{ branchId: string; body: PlanBody } | null> {
    const state = await this.commands.load(cityDayPlanDecider, cityDayPlanStream(planId));
    if (state.status === 'none') return null;
    const body = await this.records.body(planId);
    return body && { branchId: state.branchId, body };
  }

  /**
   * Offers go out in the plan's order; an order that got a worker meanwhile is left as it is.
   * Accepting again resumes a plan whose acceptance stopped half-way (every step is idempotent),
   * and reports the same outcome for what was done already.
   */
  async accept(planId: string, meta: CommandMetadata) {
    const plan = await this.proposal(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `no city-day plan ${planId}`, { field: 'planId' });
    try {
      await this.commands.run(
        cityDayPlanDecider,
        cityDayPlanStream(planId),
        { type: 'AcceptCityDayPlan', planId },
        meta,
      );
    } catch (error) {
      // The plan keeps its first acceptance; a second one still finishes what the first left undone.
      if (!(error instanceof DomainError && error.code === 'PLAN_ALREADY_ACCEPTED')) throw error;
    }
    await this.feed.ready();
    const skipped: { orderId: string; reason: string }[] = [];
    let offersMade = 0;
    for (const { orderId, workerId } of plan.body.assignments) {
      let outcome: string;
      try {
        outcome = await this.dispatching.autoDispatch(
          orderId,
          { id: `plan:${planId}`, correlationId: meta.correlationId, actor: meta.actor },
          { prefer: workerId, via: `plan:${planId.slice(0, 8)}`, requested: true },
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcome = error.message;
      }
      const now = this.feed.world.order(orderId)?.dispatch;
      if (now?.workerId === workerId && (now.status === 'offering' || now.status === 'assigned'))
        offersMade++;
      else if (now?.workerId)
        skipped.push({
          orderId,
          reason: `${workerId} could not take it: ${now.workerId} holds it (${now.status})`,
        });
      else skipped.push({ orderId, reason: outcome === 'not_needed' ? 'no longer needs a worker' : outcome });
    }
    return { planId, offersMade, skipped };
  }
}
