import { Inject } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { OrdersContext } from '../graphql/order.resolver';
import { maysee, orderScope } from '../platform/access';
import { forbidden, type Caller } from '@platform/service-kit';
import { OrderBoardQueries } from '../read-models/order-board/order-board.queries';
import { LiveUpdates, ORDER_CHANGED, type OrderChange } from './live-updates';

type Ctx = { caller: Caller };
const visibleTo = (change: OrderChange, ctx: Ctx) => maysee(orderScope(ctx.caller.principal), change);

/** Live feeds; every change is filtered by the same scope rules as the queries. */
@Resolver('OrderChange')
export class OrderSubscriptionsResolver {
  constructor(
    @Inject(LiveUpdates) private readonly live: LiveUpdates,
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
  ) {}

  private feed(ctx: OrdersContext) {
    if (orderScope(ctx.caller.principal).kind === 'none')
      throw forbidden(`${ctx.caller.principal.role} has no access to orders`);
    return this.live.pubsub.asyncIterableIterator<OrderChange>(ORDER_CHANGED);
  }

  @ResolveField('order')
  async order(@Parent() change: { orderId: string }, @Context() ctx: OrdersContext) {
    const row = await this.board.row(change.orderId);
    return row && maysee(orderScope(ctx.caller.principal), row) ? row : null;
  }

  @Subscription('orderBoardChanged', {
    filter: (change: OrderChange, _vars: unknown, ctx: Ctx) => visibleTo(change, ctx),
    resolve: (change: OrderChange) => ({ orderId: change.orderId, change: change.type }),
  })
  orderBoardChanged(@Context() ctx: OrdersContext) {
    return this.feed(ctx);
  }

  @Subscription('orderChanged', {
    filter: (change: OrderChange, vars: { orderId: string }, ctx: Ctx) =>
      change.orderId === vars.orderId && visibleTo(change, ctx),
    resolve: (change: OrderChange) => ({ orderId: change.orderId, change: change.type }),
  })
  orderChanged(@Context() ctx: OrdersContext, @Args('orderId') _orderId: string) {
    return this.feed(ctx);
  }

  @Subscription('myNewJobs', {
    filter: (change: OrderChange, _vars: unknown, ctx: Ctx) =>
      change.type === 'OrderAssigned' && change.workerId === ctx.caller.principal.sub,
    resolve: (change: OrderChange) => ({ orderId: change.orderId, change: change.type }),
  })
  myNewJobs(@Context() ctx: OrdersContext) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('myNewJobs is for workers');
    return this.feed(ctx);
  }
}
