import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { forbidden } from '@platform/service-kit';
import { orderDeskRoles } from '../platform/access';
import type { OrdersContext } from '../platform/orders-context';
import { ChannelCallbacks } from './channel-callbacks';

/** An order's delivery log of status callbacks to its partner channel. */
@Resolver('Order')
export class ChannelCallbacksResolver {
  constructor(@Inject(ChannelCallbacks) private readonly callbacks: ChannelCallbacks) {}

  @ResolveField('channelCallbacks')
  channelCallbacks(@Parent() order: { _id: string }, @Context() ctx: OrdersContext) {
    if (!orderDeskRoles.includes(ctx.caller.principal.role))
      throw forbidden('channel callbacks are visible to order desk staff only');
    return this.callbacks.deliveries(order._id);
  }
}
