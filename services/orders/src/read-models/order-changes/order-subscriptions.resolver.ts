import { Inject } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { OrdersContext } from '../../platform/orders-context';
import { orderScope } from '../../platform/access';
import { OrderAccess } from '../../platform/order-access';
import { forbidden, type Caller } from '@platform/service-kit';
import { OrderBoardQueries } from '../order-board/order-board.queries';
import { LiveUpdates, ORDER_CHANGED, type OrderChange } from './live-updates';

type Ctx = { caller: Caller };

/** Live feeds; every change is filtered by the same scope rules as the queries. */
@Resolver('OrderChange')
export class OrderSubscriptionsResolver {
  constructor(
    @Inject(LiveUpdates) private readonly live: LiveUpdates,
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
    @Inject(OrderAccess) private readonly access: OrderAccess,
  ) {}

  private visibleTo(change: OrderChange, ctx: Ctx) {
    return this.access.maySee(ctx.caller.principal, change.orderId, change);
  }

  private feed(ctx: OrdersContext) {
    const scope = orderScope(ctx.caller.principal);
    if (scope.kind === 'none') throw forbidden(scope.reason);
    return this.live.pubsub.asyncIterableIterator<OrderChange>(ORDER_CHANGED);
  }

  @ResolveField('order')
  async order(@Parent() change: { orderId: string }, @Context() ctx: OrdersContext) {
    const row = await this.board.row(change.orderId);
    return row && (await this.access.maySee(ctx.caller.principal, row._id, row)) ? row : null;
  }

  @Subscription('orderBoardChanged', {
    filter(this: OrderSubscriptionsResolver, change: OrderChange, _vars: unknown, ctx: Ctx) {
      return this.visibleTo(change, ctx);
    },
    resolve: (change: OrderChange) => ({ orderId: change.orderId, change: change.type }),
  })
  orderBoardChanged(@Context() ctx: OrdersContext) {
    return this.feed(ctx);
  }

  @Subscription('orderChanged', {
    filter(this: OrderSubscriptionsResolver, change: OrderChange, vars: { orderId: string }, ctx: Ctx) {
      return change.orderId === vars.orderId && this.visibleTo(change, ctx);
    },
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
