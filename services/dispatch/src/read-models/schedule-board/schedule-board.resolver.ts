import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { maySeeOrder, maySeeWorker, type DispatchAccess } from '../../platform/access';
import { inputs, parse, staffOf, stationsOf, type DispatchContext } from '../../platform/dispatch-context';
import type { DispatchWorld } from '../../world/domain/dispatch-world';
import { WorldFeed } from '../../world/world-feed';
import { board } from '../dispatch-board/dispatch-board.resolver';
import { schedule } from '../worker-schedule/worker-schedule.resolver';
import { drivesBetween } from './schedule-board.view';

const SHOWN = new Set(['active', 'suspended']);
const DAY_MS = 24 * 60 * 60_000;

/** Every worker's day of the branch and the orders nobody holds, in one answer. */
function scheduleBoard(world: DispatchWorld, branchId: string, day: string, access: DispatchAccess) {
  const { travelSpeedKmh } = world.policyOf(branchId).settings;
  const dayStart = Date.parse(`${day}T00:00:00+08:00`);
  const rows = world.workers
    .all()
    .filter((w) => w.branchId === branchId && SHOWN.has(w.status) && maySeeWorker(access, w))
    .sort((a, b) => a.stationId.localeCompare(b.stationId) || a.workerId.localeCompare(b.workerId))
    .map((w) => {
      const { jobs } = schedule(world, w.workerId, day);
      return {
        workerId: w.workerId,
        stationId: w.stationId,
        status: w.status,
        onLeave: w.leaves.some((l) => Date.parse(l.from) < dayStart + DAY_MS && dayStart < Date.parse(l.to)),
        jobs,
        drives: drivesBetween(jobs, (id) => world.order(id)?.order.location, travelSpeedKmh),
      };
    });
  const { orders } = board(world, branchId, day, (o) =>
    maySeeOrder(access, branchId, stationsOf(world, [o.dispatch.workerId])),
  );
  const unassigned = orders.filter(
    (o) => o.progress === 'placed' && (o.dispatchStatus === 'waiting' || o.dispatchStatus === 'failed'),
  );
  return { branchId, day, travelSpeedKmh, rows, unassigned };
}

@Resolver()
export class ScheduleBoardResolver {
  constructor(@Inject(WorldFeed) private readonly feed: WorldFeed) {}

  @Query('scheduleBoard')
  async scheduleBoard(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('day') d: string,
  ) {
    const access = staffOf(ctx.caller, branchId);
    const day = parse(inputs.day, d, 'day');
    await this.feed.ready();
    return scheduleBoard(this.feed.world, branchId, day, access);
  }
}
