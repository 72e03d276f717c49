import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { OrdersContext } from '../../platform/orders-context';
import { jobWorker, OrderCommands } from '../order-commands';

@Resolver()
export class CompleteJobResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('completeJob')
  completeJob(@Context() { caller }: OrdersContext, @Args('orderId') orderId: string) {
    return this.orders.act(caller, orderId, { type: 'CompleteJob', workerId: jobWorker(caller) }, 'complete');
  }
}
