import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ReadModels } from '@platform/eventing';
import { forbidden } from '@platform/service-kit';
import type { DispatchContext } from '../../platform/dispatch-context';
import { offers, workerOffers } from './worker-offers.read-model';

@Resolver()
export class WorkerOffersResolver {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Query('myOffers')
  myOffers(@Context() ctx: DispatchContext, @Args('openOnly') openOnly = false) {
    if (ctx.caller.principal.role !== 'worker')
      throw forbidden('`myOffers` is for workers; staff use Order.dispatch');
    return offers(this.readModels.documents(workerOffers), {
      workerId: ctx.caller.principal.sub,
      open: openOnly,
    });
  }
}
