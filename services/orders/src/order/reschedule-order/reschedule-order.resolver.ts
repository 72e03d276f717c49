import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { TimeWindow } from '@platform/contracts';
import type { OrdersContext } from '../../platform/orders-context';
import { OrderCommands, requester } from '../order-commands';

@Resolver()
export class RescheduleOrderResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('rescheduleOrder')
  reschedule(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('appointment') to: TimeWindow,
    @Args('reason') reason: string,
  ) {
    const by = requester(caller);
    return this.orders.act(
      caller,
      orderId,
      { type: 'RescheduleOrder', at: new Date(), to, reason, by },
      'reschedule',
    );
  }
}
