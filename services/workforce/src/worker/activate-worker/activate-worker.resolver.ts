import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { badInput } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker, day } from '../act-on-worker';

@Resolver()
export class ActivateWorkerResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('activateWorker')
  activateWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('employedSince') employedSince?: string,
  ) {
    if (employedSince !== undefined && employedSince !== null && !day.safeParse(employedSince).success)
      throw badInput([{ field: 'employedSince', reason: 'must be a date YYYY-MM-DD' }]);
    return this.worker.act(ctx, workerId, 'activate workers', {
      type: 'ActivateWorker',
      ...(employedSince ? { employedSince } : {}),
    });
  }
}
