import {
  Controller,
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { orderEvents, type EventEnvelope } from '@platform/contracts';
import { PG_POOL, READ_MODELS_CONSUMER, ReadModels, STORAGE_SCHEMA } from '@platform/eventing';
import { PubSub } from 'graphql-subscriptions';
import type { Pool, PoolClient } from 'pg';
import { ORDERS_ENV, type OrdersEnv } from '../../orders.config';
import { orderBoard } from '../order-board/order-board.read-model';

/** What a subscriber learns: which order changed, how, and who may care. */
export interface OrderChange {
  orderId: string;
  type: string;
  branchId: string;
  customerId: string;
  workerId: string | null;
}

export const ORDER_CHANGED = 'ORDER_CHANGED';

/**
 * Live updates for GraphQL subscriptions. `OrderChangeAnnouncements` announces a change once the
 * read models hold it; PostgreSQL LISTEN/NOTIFY carries the announcement to every instance of the
 * service (Kafka partitions are split between instances, subscribers are not), and each instance
 * hands it to its own subscribers.
 */
@Injectable()
export class LiveUpdates implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly pubsub = new PubSub();
  private listener?: PoolClient;

  /** One channel per storage, so instances of another deployment (or test run) on the same database stay apart. */
  readonly channel: string;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(ReadModels) private readonly readModels: ReadModels,
  ) {
    this.channel = `${schema}_live`;
  }

  /** Only processes that serve subscribers listen (ORDERS_ROLES=api). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.ORDERS_ROLES.api) return;
    this.listener = await this.pool.connect();
    this.listener.on('notification', (message) => {
      if (message.channel === this.channel && message.payload)
        void this.pubsub.publish(ORDER_CHANGED, JSON.parse(message.payload));
    });
    await this.listener.query(`LISTEN ${this.channel}`);
  }

  async announce(change: OrderChange): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, JSON.stringify(change)]);
  }

  /** Announces a change of an order as the board now shows it, in one statement. */
  async announceFromBoard(orderId: string, type: string): Promise<void> {
    const board = this.readModels.documents(orderBoard);
    await this.pool.query(
      `SELECT pg_notify($1, json_build_object('orderId', id, 'type', $2::text, 'branchId', document->>'branchId',
         'customerId', document->>'customerId', 'workerId', document->>'workerId')::text)
       FROM ${board.table} WHERE id = $3 AND document IS NOT NULL`,
      [this.channel, type, orderId],
    );
  }

  /** Before the platform's own shutdown, which ends the pool once every client is back. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.listener) return;
    await this.listener.query(`UNLISTEN ${this.channel}`).catch(() => undefined);
    this.listener.release();
    this.listener = undefined;
  }
}

/**
 * Announces each order event to live subscribers once the read models hold it: a handler of the
 * read-models consumer, which applies the read models to the event first.
 */
@Controller()
export class OrderChangeAnnouncements {
  constructor(@Inject(LiveUpdates) private readonly live: LiveUpdates) {}

  @EventPattern([...new Set(orderEvents.map((definition) => definition.type))], {
    consumer: READ_MODELS_CONSUMER,
  })
  announce(@Payload() event: EventEnvelope): Promise<void> {
    return this.live.announceFromBoard((event.data as { orderId: string }).orderId, event.type);
  }
}
