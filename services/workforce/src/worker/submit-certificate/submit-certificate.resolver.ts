import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { badInput, zodProblems } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker, day } from '../act-on-worker';

@Resolver()
export class SubmitCertificateResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('submitCertificate')
  submitCertificate(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('input') input: { type: never; number: string; issuer: string; validFrom: string; validTo: string },
  ) {
    const dates = z.object({ validFrom: day, validTo: day }).safeParse(input);
    if (!dates.success) throw badInput(zodProblems(dates.error, 'input'));
    const certificateId = randomUUID();
    return this.worker.act(
      ctx,
      workerId,
      'submit certificates',
      { type: 'SubmitCertificate', at: new Date(), certificate: { certificateId, ...input } },
      'manager or the worker',
    );
  }
}
