import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class RecordReferenceResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('recordReference')
  recordReference(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('input') input: { employer: string; outcome: 'positive' | 'negative'; note: string },
  ) {
    return this.worker.act(ctx, workerId, 'record references', {
      type: 'RecordReference',
      referenceId: randomUUID(),
      ...input,
      note: input.note ?? '',
    });
  }
}
