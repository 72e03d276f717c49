import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { OrdersContext } from '../../platform/orders-context';
import { OrderCommands, requester } from '../order-commands';

@Resolver()
export class CancelOrderResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('cancelOrder')
  cancel(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('reason') reason: string,
  ) {
    const by = requester(caller);
    return this.orders.act(caller, orderId, { type: 'CancelOrder', at: new Date(), reason, by }, 'cancel');
  }
}
