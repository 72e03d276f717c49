import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';
import type { ContactBook } from '../../contacts/contact-book';
import type { OrderEvent } from '../../order/order.decider';

/** One row per order on the dispatcher's board. */
export interface OrderBoardRow {
  _id: string;
  status: string;
  channel: string;
  channelOrderId: string | null;
  branchId: string;
  city: string;
  district: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  category: string;
  line: string;
  customerId: string;
  contactId: string;
  customerName: string;
  phoneLast4: string;
  appointmentStart: Date;
  appointmentEnd: Date;
  workerId: string | null;
  packageId: string | null;
  placedAt: Date;
  updatedAt: Date;
}

/** The status each order event leaves an order in, as the board shows it. */
const statusAfter: Partial<Record<OrderEvent['type'], string>> = {
  OrderPlaced: 'placed',
  OrderCancelled: 'cancelled',
  OrderAssigned: 'assigned',
  OrderAssignmentWithdrawn: 'placed',
  JobCheckedIn: 'in_progress',
  JobCompleted: 'completed',
  OrderClosed: 'closed',
};

export const boardEvents = Object.keys(statusAfter).concat('OrderRescheduled');

const columns = `order_id, status, channel, channel_order_id, branch_id, city, district, item_code, item_name_zh, item_name_en,
  category, line, customer_id, contact_id, customer_name, phone_last4, appointment_start, appointment_end, worker_id,
  package_id, placed_at, updated_at`;

// pg returns untyped rows; their shape is the CREATE TABLE below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const toRow = (r: Record<string, any>): OrderBoardRow => ({
  _id: r.order_id,
  status: r.status,
  channel: r.channel,
  channelOrderId: r.channel_order_id,
  branchId: r.branch_id,
  city: r.city,
  district: r.district,
  itemCode: r.item_code,
  itemName: { zh: r.item_name_zh, en: r.item_name_en },
  category: r.category,
  line: r.line,
  customerId: r.customer_id,
  contactId: r.contact_id,
  customerName: r.customer_name,
  phoneLast4: r.phone_last4,
  appointmentStart: r.appointment_start,
  appointmentEnd: r.appointment_end,
  workerId: r.worker_id,
  packageId: r.package_id,
  placedAt: r.placed_at,
  updatedAt: r.updated_at,
});

/**
 * The order board as a PostgreSQL table (ADR 0010): the board is filtered, sorted, paged and
 * counted on every look, which FerretDB 1.x answers by reading every document. Like any read
 * model it is fed by events and records the stream position it applied, in the same statement as
 * the change, so a redelivered event changes nothing; truncate and replay to rebuild it.
 */
@Injectable()
export class OrderBoardTable {
  readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.table = `${quoteIdent(schema)}.order_board`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        order_id uuid PRIMARY KEY, status text NOT NULL, channel text NOT NULL, channel_order_id text, branch_id text NOT NULL,
        city text NOT NULL, district text NOT NULL, item_code text NOT NULL, item_name_zh text NOT NULL, item_name_en text NOT NULL,
        category text NOT NULL, line text NOT NULL, customer_id text NOT NULL, contact_id uuid NOT NULL, customer_name text NOT NULL,
        phone_last4 text NOT NULL, appointment_start timestamptz NOT NULL, appointment_end timestamptz NOT NULL, worker_id text,
        package_id uuid, placed_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
        applied_position integer NOT NULL);
      CREATE INDEX IF NOT EXISTS order_board_branch ON ${this.table} (branch_id, status, appointment_start, order_id);
      CREATE INDEX IF NOT EXISTS order_board_start ON ${this.table} (appointment_start, order_id);
      CREATE INDEX IF NOT EXISTS order_board_customer ON ${this.table} (customer_id, appointment_start);
      CREATE INDEX IF NOT EXISTS order_board_worker ON ${this.table} (worker_id, appointment_start);
      CREATE INDEX IF NOT EXISTS order_board_phone ON ${this.table} (phone_last4);`,
    );
  }

  /** Applies one order event; returns false when it was applied before (or is not a board event). */
  async apply(envelope: EventEnvelope, contacts: ContactBook): Promise<boolean> {
    const event = envelope as unknown as OrderEvent & EventEnvelope;
    if (!boardEvents.includes(event.type)) return false;
    await this.ensureTable();
    const at = new Date(envelope.occurredAt);
    const position = envelope.streamPosition;
    if (event.type === 'OrderPlaced') {
      const d = event.data;
      const contact = (await contacts.find([d.contactId])).get(d.contactId);
      const { rowCount } = await this.pool.query(
        `INSERT INTO ${this.table} (${columns}, applied_position)
         VALUES ($1, 'placed', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, NULL, $18, $19, $19, $20)
         ON CONFLICT (order_id) DO NOTHING`,
        [
          d.orderId,
          d.channel,
          d.channelOrderId,
          d.branchId,
          d.address.city,
          d.address.district,
          d.item.code,
          d.item.name.zh,
          d.item.name.en,
          d.item.category,
          d.item.line,
          d.customerId,
          d.contactId,
          contact?.name ?? '',
          contact?.phone.slice(-4) ?? '',
          d.appointment.start,
          d.appointment.end,
          d.packageId,
          at,
          position,
        ],
      );
      return rowCount === 1;
    }
    const set: Record<string, unknown> = { updated_at: at, applied_position: position };
    const status = statusAfter[event.type];
    if (status) set.status = status;
    if (event.type === 'OrderRescheduled')
      Object.assign(set, { appointment_start: event.data.to.start, appointment_end: event.data.to.end });
    if (event.type === 'OrderAssigned') set.worker_id = event.data.workerId;
    if (event.type === 'OrderAssignmentWithdrawn') set.worker_id = null;
    const names = Object.keys(set);
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')}
       WHERE order_id = $1 AND applied_position < $${names.length + 2}`,
      [event.data.orderId, ...Object.values(set), position],
    );
    return rowCount === 1;
  }

  /** Empties the table for a rebuild by replay. */
  async truncate(): Promise<void> {
    await this.ensureTable();
    await this.pool.query(`TRUNCATE ${this.table}`);
  }

  async row(orderId: string): Promise<OrderBoardRow | null> {
    await this.ensureTable();
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) return null;
    const { rows } = await this.pool.query(`SELECT ${columns} FROM ${this.table} WHERE order_id = $1`, [
      orderId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async query<T extends Record<string, unknown>>(
    sql: (table: string) => string,
    params: unknown[],
  ): Promise<T[]> {
    await this.ensureTable();
    return (await this.pool.query(sql(this.table), params)).rows as T[];
  }
}

export const boardColumns = columns;
