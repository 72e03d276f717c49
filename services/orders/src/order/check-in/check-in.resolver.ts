import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { GeoPoint } from '@platform/contracts';
import type { OrdersContext } from '../../platform/orders-context';
import { jobWorker, OrderCommands } from '../order-commands';

@Resolver()
export class CheckInResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('checkIn')
  checkIn(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('position') position: GeoPoint,
  ) {
    return this.orders.act(
      caller,
      orderId,
      { type: 'CheckIn', at: new Date(), workerId: jobWorker(caller), position },
      'check-in',
    );
  }
}
