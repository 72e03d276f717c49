import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { OrdersContext } from '../../platform/orders-context';
import { jobWorker, OrderCommands } from '../order-commands';

type PhotoKind = 'before' | 'after' | 'fault' | 'evidence';

@Resolver()
export class AddJobPhotoResolver {
  constructor(@Inject(OrderCommands) private readonly orders: OrderCommands) {}

  @Mutation('addJobPhoto')
  async addJobPhoto(
    @Context() { caller }: OrdersContext,
    @Args('orderId') orderId: string,
    @Args('fileId') fileId: string,
    @Args('kind') kind: PhotoKind,
    @Args('checklistKey') checklistKey?: string | null,
  ) {
    const command = {
      type: 'AddJobPhoto' as const,
      workerId: jobWorker(caller),
      fileId,
      kind,
      checklistKey: checklistKey ?? null,
    };
    await this.orders.requireUploaded(caller, 'fileId', [fileId]);
    return this.orders.act(caller, orderId, command, `photo-${fileId}`);
  }
}
