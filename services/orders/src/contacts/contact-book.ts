import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';

/** The personal data an order needs, kept out of events so that it can be erased (STYLE.md). */
export interface Contact {
  contactId: string;
  customerId: string;
  name: string;
  phone: string;
  street: string;
}

@Injectable()
export class ContactBook {
  private readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.table = `${quoteIdent(schema)}.contacts`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        contact_id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        name text NOT NULL,
        phone text NOT NULL,
        street text NOT NULL,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  }

  /**
   * Written before the event that references it; the id derives from the command, so a retried
   * command finds its own row and a first write is never overwritten.
   */
  async save(contact: Contact): Promise<void> {
    await this.ensureTable();
    await this.pool.query(
      `INSERT INTO ${this.table} (contact_id, customer_id, name, phone, street) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (contact_id) DO NOTHING`,
      [contact.contactId, contact.customerId, contact.name, contact.phone, contact.street],
    );
  }

  async find(contactIds: readonly string[]): Promise<Map<string, Contact>> {
    await this.ensureTable();
    const { rows } = await this.pool.query(
      `SELECT contact_id, customer_id, name, phone, street FROM ${this.table} WHERE contact_id = ANY($1::uuid[])`,
      [contactIds],
    );
    return new Map(
      rows.map((r) => [
        r.contact_id,
        {
          contactId: r.contact_id,
          customerId: r.customer_id,
          name: r.name,
          phone: r.phone,
          street: r.street,
        },
      ]),
    );
  }

  /** The right to be forgotten: the events stay, the person behind them is gone. */
  async eraseCustomer(customerId: string): Promise<number> {
    await this.ensureTable();
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET name = 'erased', phone = '', street = '', erased_at = now() WHERE customer_id = $1 AND erased_at IS NULL`,
      [customerId],
    );
    return rowCount ?? 0;
  }
}

/** `13812345678` → `138****5678`: enough for the worker to recognise the call, not to keep the number. */
export const maskPhone = (phone: string): string =>
  phone.length < 7
    ? '*'.repeat(phone.length)
    : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
