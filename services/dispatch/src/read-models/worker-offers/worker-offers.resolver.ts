import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { forbidden } from '@platform/service-kit';
import type { DispatchContext } from '../../platform/dispatch-context';
import { DispatchTables } from '../../queue/dispatch-tables';

@Resolver()
export class WorkerOffersResolver {
  constructor(@Inject(DispatchTables) private readonly tables: DispatchTables) {}

  @Query('myOffers')
  myOffers(@Context() ctx: DispatchContext, @Args('openOnly') openOnly = false) {
    if (ctx.caller.principal.role !== 'worker')
      throw forbidden('`myOffers` is for workers; staff use Order.dispatch');
    return this.tables.offers({ workerId: ctx.caller.principal.sub, open: openOnly });
  }
}
