import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import type { OrdersContext } from '../../platform/orders-context';
import { jobWorker, OrderCommands } from '../order-commands';
import { idFor } from '../place-order/order-intake';

@Resolver()
export class RequestSparePartResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('requestSparePart')
  requestSparePart(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('partCode') partCode: string,
    @Args('quantity') quantity: number,
    @Args('reason') reason: string,
  ) {
    // A retried request (same Idempotency-Key) carries the same request id, which the order ignores.
    const requestId = idFor(`spare-part/${orderId}/${caller.idempotencyKey ?? randomUUID()}`);
    const command = {
      type: 'RequestSparePart' as const,
      workerId: jobWorker(caller),
      requestId,
      partCode,
      quantity,
      reason,
    };
    return this.orders.act(caller, orderId, command, 'spare-part');
  }
}
