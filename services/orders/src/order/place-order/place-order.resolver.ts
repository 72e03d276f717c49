import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { commandMeta, forbidden, requireRole } from '@platform/service-kit';
import { orderDeskRoles, orderScope, placeOrderChannels } from '../../platform/access';
import type { OrdersContext } from '../../platform/orders-context';
import { OrderCommands } from '../order-commands';
import { OrderIntake } from './order-intake';
import type { PlaceOrderInput } from './place-order.request';

type Input = Omit<PlaceOrderInput, 'channel' | 'channelOrderId' | 'customerId'> & {
  customerId?: string | null;
  channel?: string | null;
};

/** A customer orders for themselves, the order desk for a customer; partners come through their webhook. */
@Resolver()
export class PlaceOrderResolver {
  constructor(
    @Inject(OrderIntake) private readonly intake: OrderIntake,
    @Inject(OrderCommands) private readonly orders: OrderCommands,
  ) {}

  @Mutation('placeOrder')
  async placeOrder(@Context() { caller }: OrdersContext, @Args('input') input: Input) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'place orders');
    const { principal } = caller;
    const isCustomer = principal.role === 'customer';
    if (isCustomer && input.customerId && input.customerId !== principal.sub)
      throw forbidden('a customer places orders for themselves only');
    if (!isCustomer && !input.customerId)
      throw new DomainError('CUSTOMER_REQUIRED', 'staff placing an order must give the customerId', {
        field: 'customerId',
      });
    const channels = placeOrderChannels[principal.role] ?? [];
    const channel = input.channel ?? channels[0]!;
    if (!channels.includes(channel)) {
      throw new DomainError(
        'CHANNEL_NOT_ALLOWED',
        `channel: a ${principal.role} places orders through ${channels.join(' or ')}, not ${channel}; partner channels come only through their webhook`,
        { field: 'channel' },
      );
    }
    const scope = orderScope(principal);
    if (scope.kind === 'branch' && input.address.city.toLowerCase() !== scope.branchId) {
      throw forbidden(
        `a ${principal.role} of branch ${scope.branchId} cannot place orders in ${input.address.city}`,
      );
    }
    await this.orders.requireUploaded(
      caller,
      'attachments',
      (input.attachments ?? []).map((attachment) => attachment.fileId),
    );
    const placed = await this.intake.place(
      {
        ...input,
        channel,
        channelOrderId: null,
        customerId: isCustomer ? principal.sub : input.customerId!,
        notes: input.notes ?? '',
        attachments: input.attachments ?? [],
        product: input.product ?? null,
      },
      commandMeta(caller, 'place-order'),
    );
    return { ...placed, order: await this.orders.answer(placed.orderId, 0) };
  }
}
