import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@platform/auth';
import type { EventEnvelope } from '@platform/contracts';
import {
  DurableTimers,
  PG_POOL,
  quoteIdent,
  tablesOnce,
  type Timer,
  STORAGE_SCHEMA,
} from '@platform/eventing';
import { CommandRunner, OnTimer } from '@platform/service-kit';
import type { Pool } from 'pg';
import { orderDecider } from '../order/order.decider';
import { ORDERS_ENV, type OrdersEnv } from '../orders.config';
import { channelProfiles, channelSettings } from './channel-profiles';

export const CHANNEL_CALLBACK_TIMER = 'channel-callback';

/** Order events a partner channel hears about, as the status it shows its buyer. */
export const callbackStatus: Record<string, string> = {
  OrderRescheduled: 'rescheduled',
  OrderCancelled: 'cancelled',
  OrderAssigned: 'assigned',
  OrderAssignmentWithdrawn: 'awaiting_worker',
  JobCheckedIn: 'in_progress',
  JobCompleted: 'completed',
  OrderClosed: 'closed',
};

export interface CallbackDelivery {
  eventId: string;
  orderId: string;
  channel: string;
  status: string;
  deliveryStatus: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastResponseCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * Status changes flow back to the channel an order came from: a signed POST per change (same
 * HMAC scheme as the inbound webhook), retried with backoff through a durable timer, with every
 * attempt visible in the delivery log. `sequence` lets the partner ignore a late, older update.
 */
@Injectable()
export class ChannelCallbacks {
  private readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
  ) {
    this.table = `${quoteIdent(schema)}.channel_callbacks`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        event_id uuid PRIMARY KEY, order_id uuid NOT NULL, channel text NOT NULL, url text NOT NULL, status text NOT NULL,
        body jsonb NOT NULL, delivery_status text NOT NULL DEFAULT 'pending', attempts integer NOT NULL DEFAULT 0,
        last_response_code integer, last_error text, created_at timestamptz NOT NULL DEFAULT now(), delivered_at timestamptz);
        CREATE INDEX IF NOT EXISTS channel_callbacks_order ON ${this.table} (order_id, created_at);`,
    );
  }

  /** Called for each order event of a partner order; does nothing for other channels or events. */
  async onOrderEvent(
    event: EventEnvelope,
    order: { channel: string; channelOrderId: string | null },
  ): Promise<void> {
    const status = callbackStatus[event.type];
    if (!status || !order.channelOrderId || !channelProfiles.has(order.channel)) return;
    const { callbackUrl } = channelSettings(order.channel);
    if (!callbackUrl) return;
    await this.ensureTable();
    const orderId = (event.data as { orderId: string }).orderId;
    const body = {
      channel: order.channel,
      channelOrderId: order.channelOrderId,
      orderId,
      status,
      event: event.type,
      sequence: event.streamPosition,
      occurredAt: event.occurredAt,
      eventId: event.eventId,
    };
    await this.pool.query(
      `INSERT INTO ${this.table} (event_id, order_id, channel, url, status, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [event.eventId, orderId, order.channel, callbackUrl, status, JSON.stringify(body)],
    );
    await this.timers.schedule({
      id: `${CHANNEL_CALLBACK_TIMER}:${event.eventId}`,
      kind: CHANNEL_CALLBACK_TIMER,
      dueAt: new Date(),
      payload: { eventId: event.eventId },
    });
  }

  @OnTimer(CHANNEL_CALLBACK_TIMER)
  async deliver(timer: Timer, { signal }: { signal: AbortSignal }): Promise<void> {
    await this.ensureTable();
    const { eventId } = timer.payload as { eventId: string };
    const { rows } = await this.pool.query(
      `UPDATE ${this.table} SET attempts = attempts + 1 WHERE event_id = $1 AND delivery_status = 'pending' RETURNING channel, url, body, attempts`,
      [eventId],
    );
    const row = rows[0];
    if (!row) return;
    const raw = JSON.stringify(row.body);
    const timestamp = Math.floor(Date.now() / 1000);
    let code: number | null = null;
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: sign(channelSettings(row.channel).secret, timestamp, raw),
          'idempotency-key': eventId,
        },
        body: raw,
        signal: AbortSignal.any([AbortSignal.timeout(10_000), signal]),
      });
      code = response.status;
      if (!response.ok) throw new Error(`channel answered ${response.status}`);
      await this.pool.query(
        `UPDATE ${this.table} SET delivery_status = 'delivered', delivered_at = now(), last_response_code = $2, last_error = NULL WHERE event_id = $1`,
        [eventId, code],
      );
    } catch (error) {
      // A delivery cut short by this process stopping is no answer from the partner: it is tried again.
      const gaveUp = !signal.aborted && row.attempts >= this.env.CALLBACK_MAX_ATTEMPTS;
      await this.pool.query(
        `UPDATE ${this.table} SET last_response_code = $2, last_error = $3, delivery_status = $4 WHERE event_id = $1`,
        [
          eventId,
          code,
          error instanceof Error ? error.message : String(error),
          gaveUp ? 'failed' : 'pending',
        ],
      );
      if (!gaveUp) throw error;
    }
  }

  async deliveries(orderId: string): Promise<CallbackDelivery[]> {
    await this.ensureTable();
    const { rows } = await this.pool.query(
      `SELECT event_id, order_id, channel, status, delivery_status, attempts, last_response_code, last_error, created_at, delivered_at
       FROM ${this.table} WHERE order_id = $1 ORDER BY created_at, event_id`,
      [orderId],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      orderId: r.order_id,
      channel: r.channel,
      status: r.status,
      deliveryStatus: r.delivery_status,
      attempts: r.attempts,
      lastResponseCode: r.last_response_code,
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    }));
  }
}

/** Tells a partner channel of each status change of its orders, as the order stands after the event. */
@Controller()
export class ChannelCallbackReactions {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ChannelCallbacks) private readonly callbacks: ChannelCallbacks,
  ) {}

  @EventPattern(Object.keys(callbackStatus))
  async onOrderEvent(@Payload() event: EventEnvelope): Promise<void> {
    const state = await this.commands.load(orderDecider, event.streamId);
    if (state.status !== 'none') await this.callbacks.onOrderEvent(event, state.order);
  }
}
