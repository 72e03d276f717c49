import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventCatalog, eventsTopic } from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import { ORDERS_CONTEXT, ORDERS_ENV, type OrdersEnv } from '../../orders.config';
import { OrderInvolvement } from './order-involvement';

/** Feeds `OrderInvolvement` from workforce's and dispatch's topics, in a group of its own. */
@Injectable()
export class InvolvementConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(OrderInvolvement) private readonly involvement: OrderInvolvement,
    @Inject(ORDERS_ENV) private readonly ordersEnv: OrdersEnv,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.ordersEnv.ORDERS_ROLES.worker) return;
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `${prefix}${ORDERS_CONTEXT}-involvement`,
      topics: [`${prefix}${eventsTopic('workforce')}`, `${prefix}${eventsTopic('dispatch')}`],
      catalog: this.catalog,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      handle: (event) => this.involvement.apply(event),
    });
    void this.background.launch(this.consumer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
