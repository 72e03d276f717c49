import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  ResolveReference,
} from '@nestjs/graphql';
import { dispatchPolicySchema } from '@platform/contracts';
import { DomainError } from '@platform/eventing';
import {
  badInput,
  commandMeta,
  CommandRunner,
  forbidden,
  zodProblems,
  type Caller,
} from '@platform/service-kit';
import { z } from 'zod';
import { Dispatching } from '../offers/dispatching';
import { CityDayPlans } from '../planning-service/city-day-plans';
import {
  dispatchAccess,
  dispatchRefusal,
  maySeeBranch,
  maySeeOrder,
  maySeeWorker,
  type DispatchAccess,
  type InvolvedWorker,
} from '../platform/access';
import { dispatchPolicyDecider, dispatchPolicyStream } from '../policy/dispatch-policy.decider';
import { DispatchTables, type QueueItem } from '../queue/dispatch-tables';
import type { OrderInView } from '../world/domain/dispatch-world';
import { WorldFeed } from '../world/world-feed';
import { DispatchViews } from './dispatch-views';

export interface DispatchContext {
  caller: Caller;
}

const day = z.iso.date({ error: 'must be a day YYYY-MM-DD (China Standard Time)' });
const id = z.uuid({ error: 'must be an id as the graph gave it (a UUID)' });
const branch = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a branch id such as shanghai');
const reason = z.string().trim().min(1, 'must not be empty').max(500);
function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw badInput(zodProblems(result.error, field));
  return result.data;
}

const queueMessage = (item: QueueItem): string => {
  const d = item.details as Record<string, unknown>;
  switch (item.kind) {
    case 'dispatch_failed': {
      const byRule = (d.byRule as { rule: string; workers: number }[] | undefined) ?? [];
      const passedOver = ((d.reasons as { rules: string[] }[] | undefined) ?? []).filter((r) =>
        r.rules.some((rule) => rule === 'declined' || rule === 'no_answer'),
      ).length;
      const rules = byRule.map((r) => `${r.rule} ${r.workers}`).join(', ');
      return `no worker took the order: ${passedOver} offered and passed over${rules ? `; ruled out: ${rules}` : ''}`;
    }
    case 'sla_breached':
      return `${d.kind} target missed (due ${d.dueAt})${d.workerId ? ` by ${d.workerId}` : ''}`;
    default:
      return String(d.message ?? item.kind);
  }
};

/** These workers with the station dispatch knows them at (unknown ones have none). */
const stationsOf = (feed: WorldFeed, workerIds: readonly (string | null | undefined)[]): InvolvedWorker[] =>
  workerIds.flatMap((workerId) =>
    workerId ? [{ workerId, stationId: feed.world.workers.get(workerId)?.stationId }] : [],
  );

/**
 * Who an order involves, as far as this caller's access depends on it: the worker holding or
 * offered it now; for a worker, also any offer they had of it (they see their own answers).
 */
async function involvedIn(
  feed: WorldFeed,
  tables: DispatchTables,
  access: DispatchAccess,
  o: OrderInView,
): Promise<InvolvedWorker[]> {
  const offered =
    access.kind === 'self' ? (await tables.offers({ orderId: o.order.orderId })).map((f) => f.workerId) : [];
  return stationsOf(feed, [...offered, o.dispatch.workerId]);
}

/** A station's workers, and the orders they hold or are offered now. */
function stationPart(feed: WorldFeed, stationId: string) {
  const workers = feed.world.workers.all().filter((w) => w.stationId === stationId);
  return {
    workerIds: workers.map((w) => w.workerId),
    orderIds: workers.flatMap((w) => w.jobs.map((j) => j.orderId)),
  };
}

@Resolver()
export class DispatchResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(DispatchTables) private readonly tables: DispatchTables,
    @Inject(DispatchViews) private readonly views: DispatchViews,
    @Inject(CityDayPlans) private readonly plans: CityDayPlans,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
  ) {}

  private staffOf(caller: Caller, branchId: string) {
    const access = dispatchAccess(caller.principal);
    if (access.kind === 'none') throw forbidden(access.reason);
    if (!maySeeBranch(access, branchId)) throw forbidden(`${caller.principal.role} may not see ${branchId}`);
    return access;
  }

  private dispatcherOf(caller: Caller, branchId: string) {
    const refusal = dispatchRefusal(dispatchAccess(caller.principal), branchId);
    if (refusal) throw forbidden(refusal);
  }

  /** An order this caller may dispatch; others' orders answer like missing ones. */
  private async dispatchable(caller: Caller, orderId: string): Promise<OrderInView> {
    parse(id, orderId, 'orderId');
    await this.feed.ready();
    const o = this.feed.world.order(orderId);
    const access = dispatchAccess(caller.principal);
    if (!o || !maySeeBranch(access, o.order.branchId))
      throw new DomainError('ORDER_NOT_FOUND', `no order ${orderId}`, { field: 'orderId' });
    this.dispatcherOf(caller, o.order.branchId);
    return o;
  }

  @Query('dispatcherQueue')
  async dispatcherQueue(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('includeResolved') includeResolved = false,
  ) {
    const access = this.staffOf(ctx.caller, branchId);
    await this.feed.ready();
    // A station leader's part of the queue: their workers' released jobs, missed targets and orders.
    const about = access.kind === 'station' ? stationPart(this.feed, access.stationId) : undefined;
    const items = await this.tables.queueItems({ branchId, open: !includeResolved, about });
    return items.map((item) => ({
      ...item,
      message: queueMessage(item),
      details: JSON.stringify(item.details),
    }));
  }

  @Query('dispatchBoard')
  async dispatchBoard(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('day') d: string,
  ) {
    const access = this.staffOf(ctx.caller, branchId);
    await this.feed.ready();
    return this.views.board(branchId, parse(day, d, 'day'), (o) =>
      maySeeOrder(access, branchId, stationsOf(this.feed, [o.dispatch.workerId])),
    );
  }

  @Query('myOffers')
  myOffers(@Context() ctx: DispatchContext, @Args('openOnly') openOnly = false) {
    if (ctx.caller.principal.role !== 'worker')
      throw forbidden('`myOffers` is for workers; staff use Order.dispatch');
    return this.tables.offers({ workerId: ctx.caller.principal.sub, open: openOnly });
  }

  @Query('workerSchedule')
  async workerSchedule(
    @Context() ctx: DispatchContext,
    @Args('workerId') workerId: string,
    @Args('day') d: string,
  ) {
    await this.feed.ready();
    const worker = this.feed.world.workers.get(workerId);
    if (!worker || !maySeeWorker(dispatchAccess(ctx.caller.principal), worker))
      throw new DomainError('WORKER_NOT_FOUND', `no worker ${workerId}`, { field: 'workerId' });
    return this.views.schedule(workerId, parse(day, d, 'day'));
  }

  @Query('dispatchPolicy')
  async dispatchPolicy(@Context() ctx: DispatchContext, @Args('branchId') branchId: string) {
    this.staffOf(ctx.caller, branchId);
    await this.feed.ready();
    const policy = this.feed.world.policyOf(branchId);
    return { branchId, version: policy.version, ...policy.settings };
  }

  @Query('dispatchDecision')
  async dispatchDecision(@Context() ctx: DispatchContext, @Args('decisionId') decisionId: string) {
    parse(id, decisionId, 'decisionId');
    await this.feed.ready();
    const decision = await this.views.decision(decisionId);
    const o = decision && this.feed.world.order(decision.orderId);
    const access = dispatchAccess(ctx.caller.principal);
    // Every examined worker with the rule each failed (on leave, suspended, hours): dispatch staff only.
    if (access.kind === 'self' || access.kind === 'station' || access.kind === 'none')
      throw forbidden('decisions are for dispatch staff');
    return o && maySeeBranch(access, o.order.branchId) ? decision : null;
  }

  @Mutation('acceptOffer')
  async acceptOffer(@Context() ctx: DispatchContext, @Args('offerId') offerId: string) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('only the offered worker accepts an offer');
    await this.feed.ready();
    parse(id, offerId, 'offerId');
    await this.dispatching.acceptOffer(
      offerId,
      ctx.caller.principal.sub,
      commandMeta(ctx.caller, 'acceptOffer'),
    );
    return this.offerAfter(offerId);
  }

  @Mutation('declineOffer')
  async declineOffer(
    @Context() ctx: DispatchContext,
    @Args('offerId') offerId: string,
    @Args('reason') why: string,
  ) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('only the offered worker declines an offer');
    await this.feed.ready();
    parse(id, offerId, 'offerId');
    const meta = commandMeta(ctx.caller, 'declineOffer');
    await this.dispatching.declineOffer(
      offerId,
      ctx.caller.principal.sub,
      parse(reason, why, 'reason'),
      meta,
    );
    return this.offerAfter(offerId);
  }

  /** The offer as the worker's answer left it, from the order's stream (the table lags behind it). */
  private async offerAfter(offerId: string) {
    const o = this.dispatching.orderOfOffer(offerId);
    const offer = o && (await this.views.offer(o, offerId));
    if (!offer) throw new DomainError('OFFER_NOT_FOUND', `no offer ${offerId}`, { field: 'offerId' });
    return offer;
  }

  @Mutation('assignWorker')
  async assignWorker(
    @Context() ctx: DispatchContext,
    @Args('orderId') orderId: string,
    @Args('workerId') workerId: string,
    @Args('reason') why: string,
  ) {
    const text = parse(reason, why, 'reason');
    await this.dispatchable(ctx.caller, orderId);
    const result = await this.dispatching.assignManually(
      orderId,
      workerId,
      text,
      commandMeta(ctx.caller, 'assignWorker'),
    );
    const counts = new Map<string, number>();
    for (const o of result.overridden) counts.set(o.rule, (counts.get(o.rule) ?? 0) + 1);
    return {
      orderId,
      workerId,
      assignmentId: result.assignmentId,
      overridden: [...counts].map(([rule, workers]) => ({ rule, workers })),
      overriddenMessages: result.overridden.map((o) => o.message),
    };
  }

  @Mutation('redispatchOrder')
  async redispatchOrder(@Context() ctx: DispatchContext, @Args('orderId') orderId: string) {
    const o = await this.dispatchable(ctx.caller, orderId);
    const meta = commandMeta(ctx.caller, 'redispatchOrder');
    await this.dispatching.autoDispatch(
      orderId,
      { id: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
      { requested: true },
    );
    return this.views.orderDispatch(o);
  }

  @Mutation('resolveQueueItem')
  async resolveQueueItem(
    @Context() ctx: DispatchContext,
    @Args('itemId') itemId: string,
    @Args('note') note: string,
  ) {
    const text = parse(reason, note, 'note');
    const [item] = await this.tables.queueItems({ itemId });
    if (!item || !maySeeBranch(dispatchAccess(ctx.caller.principal), item.branchId))
      throw new DomainError('QUEUE_ITEM_NOT_FOUND', `no queue item ${itemId}`, { field: 'itemId' });
    this.dispatcherOf(ctx.caller, item.branchId);
    const resolved = await this.tables.resolve(itemId, `${ctx.caller.principal.sub}: ${text}`, new Date());
    return { ...resolved!, message: queueMessage(resolved!), details: JSON.stringify(resolved!.details) };
  }

  @Mutation('setDispatchPolicy')
  async setDispatchPolicy(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('input') input: unknown,
    @Args('reason') why: string,
  ) {
    if (ctx.caller.principal.role !== 'admin') throw forbidden('only admins set a dispatch policy');
    parse(branch, branchId, 'branchId');
    const policy = parse(dispatchPolicySchema, input, 'input');
    const text = parse(reason, why, 'reason');
    await this.commands.run(
      dispatchPolicyDecider,
      dispatchPolicyStream(branchId),
      { type: 'SetDispatchPolicy', branchId, policy, reason: text },
      commandMeta(ctx.caller, 'setDispatchPolicy'),
    );
    const state = await this.commands.load(dispatchPolicyDecider, dispatchPolicyStream(branchId));
    this.feed.world.apply({
      type: 'DispatchPolicySet',
      data: { branchId, version: state.version, policy: state.settings, reason: text },
      occurredAt: new Date().toISOString(),
    });
    return { branchId, version: state.version, ...state.settings };
  }

  @Mutation('proposeCityDayPlan')
  async proposeCityDayPlan(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('day') d: string,
  ) {
    this.dispatcherOf(ctx.caller, branchId);
    return this.plans.propose(branchId, parse(day, d, 'day'), ctx.caller.principal.sub);
  }

  @Mutation('acceptCityDayPlan')
  async acceptCityDayPlan(@Context() ctx: DispatchContext, @Args('planId') planId: string) {
    parse(id, planId, 'planId');
    const plan = await this.plans.find(planId);
    if (!plan || !maySeeBranch(dispatchAccess(ctx.caller.principal), plan.branchId))
      throw new DomainError('PLAN_NOT_FOUND', `no city-day plan ${planId}`, { field: 'planId' });
    this.dispatcherOf(ctx.caller, plan.branchId);
    return this.plans.accept(planId, commandMeta(ctx.caller, 'acceptCityDayPlan'));
  }
}

/** Dispatch's fields on the orders subgraph's `Order`. */
@Resolver('Order')
export class OrderDispatchResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(DispatchViews) private readonly views: DispatchViews,
    @Inject(DispatchTables) private readonly tables: DispatchTables,
  ) {}

  @ResolveReference()
  resolveReference(reference: { id: string }) {
    return { id: reference.id };
  }

  @ResolveField('dispatch')
  async dispatch(@Parent() order: { id: string }, @Context() ctx: DispatchContext) {
    await this.feed.ready();
    const o = this.feed.world.order(order.id);
    if (!o) return null;
    const access = dispatchAccess(ctx.caller.principal);
    if (!maySeeOrder(access, o.order.branchId, await involvedIn(this.feed, this.tables, access, o)))
      return null;
    const view = await this.views.orderDispatch(o);
    // A worker sees their own offers and their own part, not who else was asked, who took it, or why.
    if (access.kind === 'self') {
      const offers = view.offers.filter((f) => f.workerId === access.workerId);
      const mine = view.workerId === access.workerId;
      return {
        ...view,
        workerId: mine ? view.workerId : null,
        how: mine ? view.how : null,
        status: mine || view.status !== 'assigned' ? view.status : 'waiting',
        offers,
        openOffer: offers.find((f) => f.status === 'open') ?? null,
        history: [],
        slaBreaches: view.slaBreaches.filter((b) => b.workerId === access.workerId),
        whyThisWorker: null,
      };
    }
    if (access.kind === 'station') {
      // A station leader follows their own workers: other stations' workers are left out.
      const ours = (workerId?: string | null) =>
        !!workerId && this.feed.world.workers.get(workerId)?.stationId === access.stationId;
      return {
        ...view,
        openOffer: view.openOffer && ours(view.openOffer.workerId) ? view.openOffer : null,
        offers: view.offers.filter((f) => ours(f.workerId)),
        history: view.history.filter((h) => !h.workerId || ours(h.workerId)),
        slaBreaches: view.slaBreaches.filter((b) => ours(b.workerId)),
        whyThisWorker: async () => {
          const why = await view.whyThisWorker();
          return why && { ...why, alternatives: why.alternatives.filter((a) => ours(a.workerId)) };
        },
      };
    }
    return view;
  }
}
