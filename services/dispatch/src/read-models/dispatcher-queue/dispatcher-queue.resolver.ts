import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { staffOf, type DispatchContext } from '../../platform/dispatch-context';
import { ReadModels } from '@platform/eventing';
import type { DispatchWorld } from '../../world/domain/dispatch-world';
import { dispatcherQueue, queueItems, type QueueItem } from './dispatcher-queue.read-model';
import { WorldFeed } from '../../world/world-feed';

/** What a queue item says to a dispatcher. */
function queueMessage(item: QueueItem): string {
  const d = item.details as Record<string, unknown>;
  switch (item.kind) {
    case 'dispatch_failed': {
      const byRule = (d.byRule as { rule: string; workers: number }[] | undefined) ?? [];
      const passedOver = ((d.reasons as { rules: string[] }[] | undefined) ?? []).filter((r) =>
        r.rules.some((rule) => rule === 'declined' || rule === 'no_answer'),
      ).length;
      const rules = byRule.map((r) => `${r.rule} ${r.workers}`).join(', ');
      return `no worker took the order: ${passedOver} offered and passed over${rules ? `; ruled out: ${rules}` : ''}`;
    }
    case 'sla_breached':
      return `${d.kind} target missed (due ${d.dueAt})${d.workerId ? ` by ${d.workerId}` : ''}`;
    default:
      return String(d.message ?? item.kind);
  }
}

/** A queue item as the graph shows it. */
export const queueItemView = (item: QueueItem) => ({
  ...item,
  message: queueMessage(item),
  details: JSON.stringify(item.details),
});

/** A station's workers, and the orders they hold or are offered now. */
function stationPart(world: DispatchWorld, stationId: string) {
  const workers = world.workers.all().filter((w) => w.stationId === stationId);
  return {
    workerIds: workers.map((w) => w.workerId),
    orderIds: workers.flatMap((w) => w.jobs.map((j) => j.orderId)),
  };
}

@Resolver()
export class DispatcherQueueResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(ReadModels) private readonly readModels: ReadModels,
  ) {}

  @Query('dispatcherQueue')
  async dispatcherQueue(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('includeResolved') includeResolved = false,
  ) {
    const access = staffOf(ctx.caller, branchId);
    await this.feed.ready();
    // A station leader's part of the queue: their workers' released jobs, missed targets and orders.
    const about = access.kind === 'station' ? stationPart(this.feed.world, access.stationId) : undefined;
    const items = await queueItems(this.readModels.documents(dispatcherQueue), {
      branchId,
      open: !includeResolved,
      about,
    });
    return items.map(queueItemView);
  }
}
