import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireRole } from '@platform/service-kit';
import { requireManager, type WorkforceContext } from '../../platform/access';
import { ActOnWorker } from '../act-on-worker';

@Resolver()
export class MoveWorkerResolver {
  constructor(@Inject(ActOnWorker) private readonly worker: ActOnWorker) {}

  @Mutation('moveWorker')
  moveWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('stationId') stationId: string,
  ) {
    requireRole(ctx.caller, ['admin', 'station_leader'], 'move workers between stations');
    // The receiving station must be the caller's too: a leader cannot hand workers to another team.
    requireManager(ctx.caller.principal, stationId, 'move workers into a station');
    return this.worker.act(ctx, workerId, 'move workers', { type: 'MoveStation', stationId, branchId: '' });
  }
}
