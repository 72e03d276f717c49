import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class ChangeServiceAreasResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('changeServiceAreas')
  changeServiceAreas(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('serviceAreas') serviceAreas: string[],
  ) {
    return this.worker.act(
      ctx,
      workerId,
      'change service areas',
      { type: 'ChangeServiceAreas', serviceAreas },
      'manager or the worker',
    );
  }
}
