import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { badInput, zodProblems } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { WorkforceContext } from '../../platform/access';
import { ActOnWorker, day } from '../act-on-worker';

@Resolver()
export class RecordLeaveResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('recordLeave')
  recordLeave(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('input') input: { kind: 'annual' | 'sick' | 'personal'; from: string; to: string },
  ) {
    const dates = z.object({ from: day, to: day }).safeParse(input);
    if (!dates.success) throw badInput(zodProblems(dates.error, 'input'));
    return this.worker.act(
      ctx,
      workerId,
      'record leave',
      { type: 'RecordLeave', leaveId: randomUUID(), ...input },
      'manager or the worker',
    );
  }
}
