import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';
import type { WeeklyHours } from '../worker.decider';

@Resolver()
export class SetWorkingHoursResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('setWorkingHours')
  setWorkingHours(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('weekly') weekly: WeeklyHours,
  ) {
    return this.worker.act(
      ctx,
      workerId,
      'set working hours',
      { type: 'SetWorkingHours', weekly },
      'manager or the worker',
    );
  }
}
