import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class VerifyCertificateResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('verifyCertificate')
  verifyCertificate(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('certificateId') certificateId: string,
  ) {
    return this.worker.act(ctx, workerId, 'verify certificates', {
      type: 'VerifyCertificate',
      certificateId,
    });
  }
}
