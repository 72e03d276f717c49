import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ORDERS_ENV, type OrdersEnv } from '../../orders.config';
import { PG_POOL, STORAGE_SCHEMA } from '@platform/eventing';
import { PubSub } from 'graphql-subscriptions';
import type { Pool, PoolClient } from 'pg';

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
 * Live updates for GraphQL subscriptions. The read-model consumer announces a change once the
 * read model holds it; PostgreSQL LISTEN/NOTIFY carries the announcement to every instance of the
 * service (Kafka partitions are split between instances, subscribers are not), and each instance
 * hands it to its own subscribers.
 */
@Injectable()
export class LiveUpdates implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly pubsub = new PubSub();
  private listener?: PoolClient;

  /** One channel per storage, so instances of another deployment (or test run) on the same database stay apart. */
  readonly channel: string;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
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

  /** Announces a change of an order as the board table now shows it, in one statement. */
  async announceFromBoard(boardTable: string, orderId: string, type: string): Promise<void> {
    await this.pool.query(
      `SELECT pg_notify($1, json_build_object('orderId', order_id, 'type', $2::text, 'branchId', branch_id,
         'customerId', customer_id, 'workerId', worker_id)::text) FROM ${boardTable} WHERE order_id = $3`,
      [this.channel, type, orderId],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.listener) return;
    await this.listener.query(`UNLISTEN ${this.channel}`).catch(() => undefined);
    this.listener.release();
    this.listener = undefined;
  }
}
