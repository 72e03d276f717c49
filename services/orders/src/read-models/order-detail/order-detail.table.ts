import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';
import { evolveDetail } from './order-detail.projection';
import type { OrderDetailDoc } from './order-detail.schema';

/**
 * The order page (timeline, checklist, photos, parts, signature) as one JSON document per order
 * in PostgreSQL (ADR 0010: FerretDB 1.x serialises writes, about 40 a second, too few for order
 * traffic). The applied stream position sits beside the document and is checked in the update,
 * so a redelivered or replayed event changes nothing.
 */
@Injectable()
export class OrderDetailTable {
  private readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.table = `${quoteIdent(schema)}.order_details`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        order_id uuid PRIMARY KEY, doc jsonb NOT NULL, applied_position integer NOT NULL)`,
    );
  }

  async apply(envelope: EventEnvelope): Promise<boolean> {
    if (!envelope.streamId.startsWith('order-')) return false;
    await this.ensureTable();
    const orderId = (envelope.data as { orderId: string }).orderId;
    if (envelope.type === 'OrderPlaced') {
      const doc = evolveDetail(undefined, envelope)!;
      const { rowCount } = await this.pool.query(
        `INSERT INTO ${this.table} (order_id, doc, applied_position) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING`,
        [orderId, JSON.stringify(doc), envelope.streamPosition],
      );
      return rowCount === 1;
    }
    const { rows } = await this.pool.query(
      `SELECT doc, applied_position FROM ${this.table} WHERE order_id = $1`,
      [orderId],
    );
    const current = rows[0] as { doc: OrderDetailDoc; applied_position: number } | undefined;
    if (!current || current.applied_position >= envelope.streamPosition) return false;
    const next = evolveDetail(current.doc, envelope);
    // One order's events arrive in order on one partition; the position check guards a concurrent rebuild.
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET doc = $2, applied_position = $3 WHERE order_id = $1 AND applied_position = $4`,
      [orderId, JSON.stringify(next), envelope.streamPosition, current.applied_position],
    );
    return rowCount === 1;
  }

  /** Empties the table for a rebuild by replay. */
  async truncate(): Promise<void> {
    await this.ensureTable();
    await this.pool.query(`TRUNCATE ${this.table}`);
  }

  async get(orderId: string): Promise<OrderDetailDoc | null> {
    await this.ensureTable();
    const { rows } = await this.pool.query(`SELECT doc FROM ${this.table} WHERE order_id = $1`, [orderId]);
    return (rows[0]?.doc as OrderDetailDoc | undefined) ?? null;
  }

  async appliedPosition(orderId: string): Promise<number> {
    await this.ensureTable();
    const { rows } = await this.pool.query(`SELECT applied_position FROM ${this.table} WHERE order_id = $1`, [
      orderId,
    ]);
    return rows[0]?.applied_position ?? -1;
  }
}
