import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { OrdersContext } from '../../platform/orders-context';
import { jobWorker, OrderCommands } from '../order-commands';

@Resolver()
export class RecordChecklistItemResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('recordChecklistItem')
  recordChecklistItem(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('key') key: string,
    @Args('done') done: boolean,
    @Args('note') note?: string | null,
  ) {
    return this.orders.act(
      caller,
      orderId,
      { type: 'RecordChecklistItem', workerId: jobWorker(caller), key, done, note: note ?? null },
      `checklist-${key}`,
    );
  }
}
