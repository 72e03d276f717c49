import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class RejectCertificateResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('rejectCertificate')
  rejectCertificate(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('certificateId') certificateId: string,
    @Args('reason') reason: string,
  ) {
    return this.worker.act(ctx, workerId, 'reject certificates', {
      type: 'RejectCertificate',
      certificateId,
      reason,
    });
  }
}
