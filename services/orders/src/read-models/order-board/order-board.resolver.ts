import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { forbidden, pageOf } from '@platform/service-kit';
import { contactHidden } from '../../platform/access';
import { OrderAccess } from '../../platform/order-access';
import { scopeOf, type OrdersContext } from '../../platform/orders-context';
import { OrderBoardQueries, type BoardFilter } from './order-board.queries';

/** The board and the lists cut from it (a customer's orders, a worker's jobs), always inside the caller's scope. */
@Resolver()
export class OrderBoardResolver {
  constructor(
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
    @Inject(OrderAccess) private readonly access: OrderAccess,
  ) {}

  @Query('orderBoard')
  orderBoard(
    @Context() ctx: OrdersContext,
    @Args('filter') filter?: BoardFilter,
    @Args('page') page?: { offset?: number; limit?: number },
  ) {
    const { principal } = ctx.caller;
    return this.board.board(
      scopeOf(ctx.caller),
      filter ?? {},
      pageOf(page),
      'next',
      !contactHidden(principal),
    );
  }

  @Query('orderStats')
  orderStats(@Context() ctx: OrdersContext, @Args('filter') filter?: BoardFilter) {
    if (ctx.caller.principal.role === 'customer' || ctx.caller.principal.role === 'worker')
      throw forbidden('orderStats is for staff: the dashboard');
    return this.board.stats(scopeOf(ctx.caller), filter ?? {}, !contactHidden(ctx.caller.principal));
  }

  @Query('order')
  async order(@Context() ctx: OrdersContext, @Args('id') id: string) {
    scopeOf(ctx.caller);
    const row = await this.board.row(id);
    // Someone else's order answers exactly like a missing one: its existence is not disclosed.
    return row && (await this.access.maySee(ctx.caller.principal, row._id, row)) ? row : null;
  }

  @Query('myOrders')
  myOrders(@Context() ctx: OrdersContext, @Args('page') page?: { offset?: number; limit?: number }) {
    if (ctx.caller.principal.role !== 'customer')
      throw forbidden('myOrders is for customers; staff use orderBoard');
    return this.board.board(scopeOf(ctx.caller), {}, pageOf(page), 'latest');
  }

  @Query('myJobs')
  myJobs(
    @Context() ctx: OrdersContext,
    @Args('includeFinished') includeFinished: boolean,
    @Args('page') page?: { offset?: number; limit?: number },
  ) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('myJobs is for workers');
    const status = includeFinished ? null : ['assigned', 'in_progress'];
    // Jobs are what the worker holds; orders only offered to them are on their board, not here.
    const workerId = ctx.caller.principal.sub;
    return this.board.board(scopeOf(ctx.caller), { status, workerId }, pageOf(page));
  }
}
