import { Inject, Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope, OrderPlaced } from '@platform/contracts';
import {
  DurableTimers,
  PG_POOL,
  quoteIdent,
  tablesOnce,
  type Timer,
  STORAGE_SCHEMA,
} from '@platform/eventing';
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { ORDERS_ENV, type OrdersEnv } from '../orders.config';
import { newOrderCard } from './new-order-card';

export const CHAT_PUSH_TIMER = 'chat-push';

/** Lark's custom-bot signature: HMAC-SHA256 keyed by "<timestamp>\n<secret>" over nothing, base64. */
const larkSign = (timestamp: number, secret: string) =>
  createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');

/**
 * Announces every accepted order on the configured chat-bot webhook. The reaction schedules a
 * durable timer per order (one per order, whatever the redeliveries), the timer retries with
 * backoff, and the delivery is recorded so that a re-fired timer does not post a second card.
 */
@Injectable()
export class ChatPush {
  private readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
  ) {
    this.table = `${quoteIdent(schema)}.chat_pushes`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        order_id uuid PRIMARY KEY, attempts integer NOT NULL DEFAULT 0, last_error text, delivered_at timestamptz)`,
    );
  }

  async onOrderPlaced(event: EventEnvelope<'OrderPlaced', EventData<typeof OrderPlaced>>): Promise<void> {
    if (!this.env.CHATBOT_WEBHOOK_URL) return;
    await this.timers.schedule({
      id: `${CHAT_PUSH_TIMER}:${event.data.orderId}`,
      kind: CHAT_PUSH_TIMER,
      dueAt: new Date(),
      payload: event.data,
    });
  }

  readonly deliver = async (timer: Timer): Promise<void> => {
    const url = this.env.CHATBOT_WEBHOOK_URL;
    if (!url) return;
    await this.ensureTable();
    const order = timer.payload as EventData<typeof OrderPlaced>;
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.table} (order_id, attempts) VALUES ($1, 1)
       ON CONFLICT (order_id) DO UPDATE SET attempts = ${this.table}.attempts + 1 RETURNING delivered_at`,
      [order.orderId],
    );
    if (rows[0]?.delivered_at) return;
    const card: Record<string, unknown> = newOrderCard(order, this.env.PUBLIC_APP_URL);
    if (this.env.CHATBOT_SECRET) {
      const timestamp = Math.floor(Date.now() / 1000);
      Object.assign(card, {
        timestamp: String(timestamp),
        sign: larkSign(timestamp, this.env.CHATBOT_SECRET),
      });
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `new-order-${order.orderId}` },
        body: JSON.stringify(card),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await response.json().catch(() => ({}))) as { code?: number; msg?: string };
      if (!response.ok || (body.code !== undefined && body.code !== 0)) {
        throw new Error(`chat bot answered ${response.status}${body.msg ? `: ${body.msg}` : ''}`);
      }
      await this.pool.query(
        `UPDATE ${this.table} SET delivered_at = now(), last_error = NULL WHERE order_id = $1`,
        [order.orderId],
      );
    } catch (error) {
      await this.pool.query(`UPDATE ${this.table} SET last_error = $2 WHERE order_id = $1`, [
        order.orderId,
        String(error),
      ]);
      throw error;
    }
  };
}
