import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { businessDay } from '@platform/domain-kit';
import { maySeeOrder } from '../../platform/access';
import { inputs, parse, staffOf, stationsOf, type DispatchContext } from '../../platform/dispatch-context';
import type { DispatchWorld, OrderInView } from '../../world/domain/dispatch-world';
import { WorldFeed } from '../../world/world-feed';

/** A branch's day, narrowed to the orders `visible` keeps (a station leader's part of it). */
export function board(world: DispatchWorld, branchId: string, day: string, visible: (o: OrderInView) => boolean) {
  const orders = [...world.orders.values()]
    .filter(
      (o) =>
        o.order.branchId === branchId &&
        businessDay(new Date(o.order.window.start).getTime()) === day &&
        visible(o),
    )
    .sort((a, b) => Date.parse(String(a.order.window.start)) - Date.parse(String(b.order.window.start)));
  const counts = { waiting: 0, offering: 0, assigned: 0, failed: 0, started: 0, done: 0, cancelled: 0 };
  for (const o of orders) {
    if (o.progress === 'cancelled') counts.cancelled++;
    else if (o.progress === 'checked_in') counts.started++;
    else if (o.progress !== 'placed') counts.done++;
    else counts[o.dispatch.status]++;
  }
  return {
    branchId,
    day,
    counts,
    orders: orders.map((o) => ({
      orderId: o.order.orderId,
      itemCode: o.order.itemCode,
      district: o.order.district,
      start: new Date(o.order.window.start),
      end: new Date(o.order.window.end),
      progress: o.progress,
      dispatchStatus: o.dispatch.status,
      workerId: o.dispatch.workerId,
      stationId: (o.dispatch.workerId && world.workers.get(o.dispatch.workerId)?.stationId) ?? null,
      offerExpiresAt: o.dispatch.offerExpiresAt ? new Date(o.dispatch.offerExpiresAt) : null,
    })),
  };
}

/** The board is read from dispatch's in-memory view, which follows every order of the branch. */
@Resolver()
export class DispatchBoardResolver {
  constructor(@Inject(WorldFeed) private readonly feed: WorldFeed) {}

  @Query('dispatchBoard')
  async dispatchBoard(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('day') d: string,
  ) {
    const access = staffOf(ctx.caller, branchId);
    await this.feed.ready();
    const world = this.feed.world;
    return board(world, branchId, parse(inputs.day, d, 'day'), (o) =>
      maySeeOrder(access, branchId, stationsOf(world, [o.dispatch.workerId])),
    );
  }
}
