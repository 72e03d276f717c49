import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PG_POOL } from '@platform/eventing';
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

const CHANNEL = 'orders_live';
export const ORDER_CHANGED = 'ORDER_CHANGED';

/**
 * Live updates for GraphQL subscriptions. The read-model consumer announces a change once the
 * read model holds it; PostgreSQL LISTEN/NOTIFY carries the announcement to every instance of the
 * service (Kafka partitions are split between instances, subscribers are not), and each instance
 * hands it to its own subscribers.
 */
@Injectable()
export class LiveUpdates implements OnApplicationShutdown {
  readonly pubsub = new PubSub();
  private listener?: PoolClient;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async start(): Promise<void> {
    this.listener = await this.pool.connect();
    this.listener.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload)
        void this.pubsub.publish(ORDER_CHANGED, JSON.parse(message.payload));
    });
    await this.listener.query(`LISTEN ${CHANNEL}`);
  }

  async announce(change: OrderChange): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.listener) return;
    await this.listener.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
    this.listener.release();
    this.listener = undefined;
  }
}
