import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CommandMetadata } from '@platform/eventing';
import { DomainError } from '@platform/eventing/decider';
import { randomUUID } from 'node:crypto';
import { DISPATCH_ENV, type DispatchEnv } from '../dispatch.config';
import { Dispatching } from '../offers/dispatching';
import type { CityDayPlan } from '../planning';
import { DispatchTables } from '../queue/dispatch-tables';
import { matchingPolicy } from '../world/domain/branch-policy';
import { WorldFeed } from '../world/world-feed';
import { planInputs } from './domain/plan-inputs';
import { PlanThreads } from './plan-thread';
import { businessDay } from '@platform/domain-kit';

const round = (km: number) => Math.round(km * 100) / 100;

export interface ProposedPlan {
  planId: string;
  branchId: string;
  day: string;
  openOrders: number;
  workers: number;
  plan: { assigned: number; travelKm: number };
  greedy: { assigned: number; travelKm: number };
  travelSavedPct: number | null;
  assignments: { orderId: string; workerId: string; start: Date; travelKm: number }[];
  unassigned: string[];
  runtimeMs: number;
  acceptedAt: Date | null;
}

const figures = (plan: CityDayPlan) => ({ assigned: plan.assignedCount, travelKm: round(plan.travelKm) });

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
    @Inject(DispatchTables) private readonly tables: DispatchTables,
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
  ) {}

  async propose(branchId: string, day: string, proposedBy: string): Promise<ProposedPlan> {
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
    const proposed: ProposedPlan = {
      planId: randomUUID(),
      branchId,
      day,
      openOrders: open.length,
      workers: inputs.workers.length,
      plan: figures(plan),
      greedy: figures(greedy),
      travelSavedPct: greedy.travelKm > 0 ? round((1 - plan.travelKm / greedy.travelKm) * 100) : null,
      assignments: plan.assignments.map((a) => ({
        orderId: a.orderId,
        workerId: a.workerId,
        start: new Date(a.start),
        travelKm: round(travelOf.get(a.orderId) ?? 0),
      })),
      unassigned: plan.unassigned.map((u) => u.orderId),
      runtimeMs,
      acceptedAt: null,
    };
    await this.tables.savePlan({ planId: proposed.planId, branchId, day, proposedBy, doc: proposed });
    return proposed;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.threads.stop();
  }

  async find(planId: string): Promise<ProposedPlan | null> {
    const row = await this.tables.plan(planId);
    return row ? { ...(row.doc as ProposedPlan), acceptedAt: row.acceptedAt } : null;
  }

  /**
   * Offers go out in the plan's order; an order that got a worker meanwhile is left as it is.
   * Accepting again resumes a plan whose acceptance stopped half-way (every step is idempotent),
   * and reports the same outcome for what was done already.
   */
  async accept(planId: string, meta: CommandMetadata) {
    const plan = await this.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `no city-day plan ${planId}`, { field: 'planId' });
    await this.tables.markPlanAccepted(planId, meta.actor.id);
    await this.feed.ready();
    const skipped: { orderId: string; reason: string }[] = [];
    let offersMade = 0;
    for (const { orderId, workerId } of plan.assignments) {
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
