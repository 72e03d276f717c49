import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventCatalog, eventsTopic, type EventEnvelope } from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  MONGO_CONNECTION,
  PLATFORM_ENV,
  type PlatformEnv,
  type Projection,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ContactBook } from '../contacts/contact-book';
import { LiveUpdates } from './order-changes/live-updates';
import { ORDERS_CONTEXT, ORDERS_ENV, type OrdersEnv } from '../orders.config';
import { catalogueProjection } from './catalogue/catalogue.read-model';
import { OrderBoardTable } from './order-board/order-board.table';
import { OrderDetailTable } from './order-detail/order-detail.table';
import { OrderFilesTable } from './order-files/order-files.table';
import { packagesProjection } from './packages/packages.read-model';

/** The orders service's read models, fed from its own topic; then live subscribers are told. */
@Injectable()
export class ReadModelConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly projections: Projection[];
  private get roles() {
    return this.ordersEnv.ORDERS_ROLES;
  }
  private consumer?: EventConsumer;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
    @Inject(ContactBook) private readonly contacts: ContactBook,
    @Inject(LiveUpdates) private readonly live: LiveUpdates,
    @Inject(OrderBoardTable) private readonly board: OrderBoardTable,
    @Inject(OrderDetailTable) private readonly details: OrderDetailTable,
    @Inject(OrderFilesTable) private readonly files: OrderFilesTable,
    @Inject(ORDERS_ENV) private readonly ordersEnv: OrdersEnv,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {
    this.projections = [catalogueProjection, packagesProjection];
  }

  onApplicationBootstrap(): void {
    if (!this.roles.worker) return;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `${this.env.KAFKA_TOPIC_PREFIX}${ORDERS_CONTEXT}-read-models`,
      topics: [`${this.env.KAFKA_TOPIC_PREFIX}${eventsTopic(ORDERS_CONTEXT)}`],
      catalog: this.catalog,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      handle: (event) => this.apply(event),
    });
    void this.background.launch(this.consumer);
  }

  async apply(event: EventEnvelope): Promise<void> {
    const onOrder = event.streamId.startsWith('order-');
    // Board first: a mutation waits for the detail's position and then reads the board.
    if (onOrder) {
      await this.board.apply(event, this.contacts);
      await this.details.apply(event);
      await this.files.apply(event);
    }
    for (const projection of this.projections) {
      if (projection.handles.includes(event.type)) await projection.apply(event, this.mongo);
    }
    if (onOrder)
      await this.live.announceFromBoard(
        this.board.table,
        (event.data as { orderId: string }).orderId,
        event.type,
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
