import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { badInput } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker, day } from '../act-on-worker';

@Resolver()
export class RecordCourseAttendanceResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('recordCourseAttendance')
  recordCourseAttendance(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('courseCode') courseCode: string,
    @Args('sessionId') sessionId: string,
    @Args('on') on: string,
  ) {
    if (!day.safeParse(on).success) throw badInput([{ field: 'on', reason: 'must be a date YYYY-MM-DD' }]);
    return this.worker.act(ctx, workerId, 'record attendance', {
      type: 'AttendCourse',
      courseCode,
      sessionId,
      on,
    });
  }
}
