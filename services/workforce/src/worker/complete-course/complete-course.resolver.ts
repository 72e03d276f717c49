import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class CompleteCourseResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('completeCourse')
  completeCourse(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('courseCode') courseCode: string,
  ) {
    return this.worker.act(ctx, workerId, 'record completed courses', { type: 'CompleteCourse', courseCode });
  }
}
