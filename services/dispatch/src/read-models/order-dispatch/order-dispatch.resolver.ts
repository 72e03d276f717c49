import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { dispatchAccess, maySeeOrder, type DispatchAccess, type InvolvedWorker } from '../../platform/access';
import { stationsOf, type DispatchContext } from '../../platform/dispatch-context';
import type { DispatchWorld, OrderInView } from '../../world/domain/dispatch-world';
import { WorldFeed } from '../../world/world-feed';
import { OrderDispatchView } from './order-dispatch.view';

/**
 * Who an order involves, as far as this caller's access depends on it: the worker holding or
 * offered it now; for a worker, also any offer they had of it (they see their own answers).
 */
async function involvedIn(
  world: DispatchWorld,
  views: OrderDispatchView,
  access: DispatchAccess,
  o: OrderInView,
): Promise<InvolvedWorker[]> {
  const offered =
    access.kind === 'self' ? (await views.offersOf(o.order.orderId)).map((f) => f.workerId) : [];
  return stationsOf(world, [...offered, o.dispatch.workerId]);
}

/** Dispatch's fields on the orders subgraph's `Order`. */
@Resolver('Order')
export class OrderDispatchResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(OrderDispatchView) private readonly views: OrderDispatchView,
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
    if (!maySeeOrder(access, o.order.branchId, await involvedIn(this.feed.world, this.views, access, o)))
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
        decisions: [],
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
        decisions: async () =>
          (await view.decisions()).map((d) => ({ ...d, ranked: d.ranked.filter((r) => ours(r.workerId)) })),
        whyThisWorker: async () => {
          const why = await view.whyThisWorker();
          return why && { ...why, alternatives: why.alternatives.filter((a) => ours(a.workerId)) };
        },
      };
    }
    return view;
  }
}
