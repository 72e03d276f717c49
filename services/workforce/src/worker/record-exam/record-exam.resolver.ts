import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { badInput } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class RecordExamResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('recordExam')
  recordExam(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('examCode') examCode: string,
    @Args('kind') kind: 'theory' | 'practical',
    @Args('score') score: number,
  ) {
    if (!(score >= 0 && score <= 100))
      throw badInput([{ field: 'score', reason: 'must be between 0 and 100' }]);
    return this.worker.act(ctx, workerId, 'record exams', { type: 'TakeExam', examCode, kind, score });
  }
}
