import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  EventCatalog,
  eventsTopic,
  type EventData,
  type EventEnvelope,
  type OrderPlaced,
} from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import { newOrderCard } from './order/announce-new-order/new-order-card';
import { AssignmentReactions } from './order/record-assignment/assignment-reactions';
import { orderDecider } from './order/order.decider';
import { ORDERS_CONTEXT, ORDERS_ENV, type OrdersEnv } from './orders.config';
import { PackageScheduler } from './package/order-package-visits/package-scheduler';
import { ChannelCallbacks } from './partner-webhooks/channel-callbacks';
import { ChatBot, CommandRunner } from '@platform/service-kit';

/**
 * What the orders service does when something happens: announce new orders in the chat, tell
 * partner channels about status changes, keep packages placing orders, and record dispatch's
 * assignments on orders. Each reaction is idempotent (timer ids and command ids derive from the
 * event), because Kafka delivers at least once.
 */
@Injectable()
export class ReactionsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(ChannelCallbacks) private readonly callbacks: ChannelCallbacks,
    @Inject(PackageScheduler) private readonly packages: PackageScheduler,
    @Inject(AssignmentReactions) private readonly assignments: AssignmentReactions,
    @Inject(ORDERS_ENV) private readonly ordersEnv: OrdersEnv,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.ordersEnv.ORDERS_ROLES.worker) return;
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `${prefix}${ORDERS_CONTEXT}-reactions`,
      topics: [`${prefix}${eventsTopic(ORDERS_CONTEXT)}`, `${prefix}${eventsTopic('dispatch')}`],
      catalog: this.catalog,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      handle: (event) => this.react(event),
    });
    void this.background.launch(this.consumer);
  }

  async react(event: EventEnvelope): Promise<void> {
    if (event.type === 'TechnicianAssigned' || event.type === 'TechnicianUnassigned')
      return this.assignments.handle(event);
    if (event.type === 'PackageSubscribed' || event.type === 'PackageResumed') {
      const { packageId } = event.data as { packageId: string };
      const key = event.type === 'PackageResumed' ? `resumed-${event.eventId}` : undefined;
      return this.packages.wake(packageId, new Date(), key);
    }
    if (!event.streamId.startsWith('order-')) return;
    if (event.type === 'OrderPlaced') {
      const order = (event as EventEnvelope<'OrderPlaced', EventData<typeof OrderPlaced>>).data;
      await this.chat.send(`new-order-${order.orderId}`, newOrderCard(order, this.ordersEnv.PUBLIC_APP_URL));
      return;
    }
    const state = await this.commands.load(orderDecider, event.streamId);
    if (state.status !== 'none') await this.callbacks.onOrderEvent(event, state.order);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
