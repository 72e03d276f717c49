import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError, ReadModels } from '@platform/eventing';
import { commandMeta, CommandRunner } from '@platform/service-kit';
import { dispatchAccess, maySeeBranch } from '../../platform/access';
import { dispatcherOf, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { queueDecider, queueStream } from '../../queue/dispatcher-queue.decider';
import { dispatcherQueue, queueItems } from '../dispatcher-queue/dispatcher-queue.read-model';
import { queueItemView } from '../dispatcher-queue/dispatcher-queue.resolver';

@Resolver()
export class ResolveQueueItemResolver {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
  ) {}

  /** The item as its resolution leaves it (the queue read model shows it a moment later). */
  @Mutation('resolveQueueItem')
  async resolveQueueItem(
    @Context() ctx: DispatchContext,
    @Args('itemId') itemId: string,
    @Args('note') note: string,
  ) {
    const text = parse(inputs.reason, note, 'note');
    const [item] = await queueItems(this.readModels.documents(dispatcherQueue), { itemId });
    if (!item || !maySeeBranch(dispatchAccess(ctx.caller.principal), item.branchId))
      throw new DomainError('QUEUE_ITEM_NOT_FOUND', `no queue item ${itemId}`, { field: 'itemId' });
    dispatcherOf(ctx.caller, item.branchId);
    if (item.resolvedAt) return queueItemView(item);
    const meta = commandMeta(ctx.caller, 'resolveQueueItem');
    const resolution = `${ctx.caller.principal.sub}: ${text}`;
    await this.commands.run(
      queueDecider,
      queueStream(item.orderId),
      { type: 'ResolveQueueItem', orderId: item.orderId, itemId, resolution },
      meta,
    );
    return queueItemView({ ...item, resolvedAt: meta.at, resolution });
  }
}
