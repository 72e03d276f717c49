import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class SuspendWorkerResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('suspendWorker')
  suspendWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('reason') reason: string,
  ) {
    return this.worker.act(ctx, workerId, 'suspend workers', { type: 'SuspendWorker', reason });
  }
}
