import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class RecordLeavingResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('recordLeaving')
  recordLeaving(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('reason') reason: string,
  ) {
    return this.worker.act(ctx, workerId, 'record leaving', { type: 'RecordLeaving', reason });
  }
}
