import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class CancelLeaveResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('cancelLeave')
  cancelLeave(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('leaveId') leaveId: string,
  ) {
    return this.worker.act(
      ctx,
      workerId,
      'cancel leave',
      { type: 'CancelLeave', leaveId },
      'manager or the worker',
    );
  }
}
