import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class RecordBackgroundCheckResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('recordBackgroundCheck')
  recordBackgroundCheck(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('checkId') checkId: string,
    @Args('result') result: 'clear' | 'consider' | 'failed',
  ) {
    return this.worker.act(ctx, workerId, 'record background checks', {
      type: 'RecordBackgroundCheck',
      checkId,
      result,
      source: 'manual',
    });
  }
}
