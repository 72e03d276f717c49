import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { OrdersContext } from '../../platform/orders-context';
import { jobWorker, OrderCommands } from '../order-commands';

@Resolver()
export class CollectSignatureResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('collectSignature')
  async collectSignature(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('signatureFileId') signatureFileId: string,
    @Args('signerName') signerName: string,
  ) {
    const workerId = jobWorker(caller);
    await this.orders.requireUploaded(caller, 'signatureFileId', [signatureFileId]);
    return this.orders.act(
      caller,
      orderId,
      { type: 'CollectSignature', workerId, signatureFileId, signerName },
      'signature',
    );
  }
}
