import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventData, EventEnvelope, OrderPlaced } from '@platform/contracts';
import { ChatBot } from '@platform/service-kit';
import { ORDERS_ENV, type OrdersEnv } from '../../orders.config';
import { newOrderCard } from './new-order-card';

/** Each new order is announced in the order desk's chat; the message id derives from the order, so a redelivery posts nothing new. */
@Controller()
export class NewOrderAnnouncement {
  constructor(
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
  ) {}

  @EventPattern('OrderPlaced')
  async onPlaced(@Payload() event: EventEnvelope<'OrderPlaced', EventData<typeof OrderPlaced>>) {
    const order = event.data;
    await this.chat.send(`new-order-${order.orderId}`, newOrderCard(order, this.env.PUBLIC_APP_URL));
  }
}
