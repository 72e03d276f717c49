import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireRole } from '@platform/service-kit';
import { orderDeskRoles } from '../../platform/access';
import type { OrdersContext } from '../../platform/orders-context';
import { OrderCommands } from '../order-commands';

@Resolver()
export class CloseOrderResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('closeOrder')
  close(@Context() { caller }: OrdersContext, @Args('orderId') orderId: string, @Args('note') note: string) {
    requireRole(caller, orderDeskRoles, 'close orders');
    return this.orders.act(caller, orderId, { type: 'CloseOrder', note }, 'close');
  }
}
