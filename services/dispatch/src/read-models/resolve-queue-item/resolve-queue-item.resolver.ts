import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { dispatchAccess, maySeeBranch } from '../../platform/access';
import { dispatcherOf, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { DispatchTables } from '../../queue/dispatch-tables';
import { queueItemView } from '../dispatcher-queue/dispatcher-queue.resolver';

@Resolver()
export class ResolveQueueItemResolver {
  constructor(@Inject(DispatchTables) private readonly tables: DispatchTables) {}

  @Mutation('resolveQueueItem')
  async resolveQueueItem(
    @Context() ctx: DispatchContext,
    @Args('itemId') itemId: string,
    @Args('note') note: string,
  ) {
    const text = parse(inputs.reason, note, 'note');
    const [item] = await this.tables.queueItems({ itemId });
    if (!item || !maySeeBranch(dispatchAccess(ctx.caller.principal), item.branchId))
      throw new DomainError('QUEUE_ITEM_NOT_FOUND', `no queue item ${itemId}`, { field: 'itemId' });
    dispatcherOf(ctx.caller, item.branchId);
    const resolved = await this.tables.resolve(itemId, `${ctx.caller.principal.sub}: ${text}`, new Date());
    return queueItemView(resolved!);
  }
}
