import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { businessDay } from '@platform/domain-kit';
import { DomainError } from '@platform/eventing';
import { dispatchAccess, maySeeWorker } from '../../platform/access';
import { inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import type { DispatchWorld } from '../../world/domain/dispatch-world';
import { WorldFeed } from '../../world/world-feed';

/** The jobs a worker holds on a day, from dispatch's in-memory view. */
export function schedule(world: DispatchWorld, workerId: string, day: string) {
  const jobs = (world.workers.get(workerId)?.jobs ?? [])
    .filter((j) => businessDay(new Date(j.start).getTime()) === day)
    .sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime())
    .flatMap((j) => {
      const o = world.order(j.orderId);
      if (!o) return [];
      return [
        {
          orderId: j.orderId,
          itemCode: o.order.itemCode,
          district: o.order.district,
          start: new Date(j.start),
          end: new Date(j.end),
          holding: o.dispatch.status === 'assigned' ? 'assigned' : 'offered',
          progress: o.progress,
        },
      ];
    });
  return { workerId, day, jobs };
}

@Resolver()
export class WorkerScheduleResolver {
  constructor(@Inject(WorldFeed) private readonly feed: WorldFeed) {}

  @Query('workerSchedule')
  async workerSchedule(
    @Context() ctx: DispatchContext,
    @Args('workerId') workerId: string,
    @Args('day') d: string,
  ) {
    await this.feed.ready();
    const worker = this.feed.world.workers.get(workerId);
    if (!worker || !maySeeWorker(dispatchAccess(ctx.caller.principal), worker))
      throw new DomainError('WORKER_NOT_FOUND', `no worker ${workerId}`, { field: 'workerId' });
    return schedule(this.feed.world, workerId, parse(inputs.day, d, 'day'));
  }
}
