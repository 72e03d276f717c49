import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  PG_POOL,
  quoteIdent,
  STORAGE_SCHEMA,
  tablesOnce,
  type EventStore,
} from '@platform/eventing';
import type { Pool } from 'pg';

/** Longer than any command takes: a contact still awaiting its command after this was left by a crash. */
export const ABANDONED_AFTER_MS = 5 * 60_000;

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
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
      );
      ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS awaiting_stream text;
      CREATE INDEX IF NOT EXISTS contacts_awaiting ON ${this.table} (created_at) WHERE awaiting_stream IS NOT NULL;`,
    );
  }

  /**
   * Runs the command that references a contact, keeping the contact only if the command's stream
   * exists afterwards. The row is written first (so an event never points at nothing), marked as
   * awaiting that stream; a failed command takes back the row it wrote, and a crash between the
   * two writes is cleaned up by `sweep`. The id derives from the command, so a retried command
   * finds its own row and a first write is never overwritten.
   */
  async keepFor<T>(contact: Contact, streamId: string, command: () => Promise<T>): Promise<T> {
    await this.ensureTable();
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.table} (contact_id, customer_id, name, phone, street, awaiting_stream)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (contact_id) DO NOTHING`,
      [contact.contactId, contact.customerId, contact.name, contact.phone, contact.street, streamId],
    );
    // A row this call did not write belongs to an earlier (or concurrent) attempt: never ours to take back.
    const wroteIt = rowCount === 1;
    let result: T;
    try {
      result = await command();
    } catch (error) {
      if (wroteIt) await this.settle(contact.contactId, streamId).catch(() => undefined);
      throw error;
    }
    if (wroteIt) await this.settle(contact.contactId, streamId);
    return result;
  }

  /** Keeps the row if its stream exists (a concurrent attempt may have written it), else deletes it. */
  private async settle(contactId: string, streamId: string): Promise<'kept' | 'deleted'> {
    const exists = (await this.store.readStream(streamId)).length > 0;
    await this.pool.query(
      exists
        ? `UPDATE ${this.table} SET awaiting_stream = NULL WHERE contact_id = $1`
        : `DELETE FROM ${this.table} WHERE contact_id = $1 AND awaiting_stream IS NOT NULL`,
      [contactId],
    );
    return exists ? 'kept' : 'deleted';
  }

  /**
   * Settles the contacts a crashed process left awaiting their command: kept where the command's
   * events were stored, deleted where they were not.
   */
  async sweep(olderThanMs = ABANDONED_AFTER_MS): Promise<{ kept: number; deleted: number }> {
    await this.ensureTable();
    const { rows } = await this.pool.query<{ contact_id: string; awaiting_stream: string }>(
      `SELECT contact_id, awaiting_stream FROM ${this.table}
       WHERE awaiting_stream IS NOT NULL AND created_at < now() - $1 * interval '1 millisecond'`,
      [olderThanMs],
    );
    const counts = { kept: 0, deleted: 0 };
    for (const row of rows) counts[await this.settle(row.contact_id, row.awaiting_stream)]++;
    return counts;
  }

  async find(contactIds: readonly string[]): Promise<Map<string, Contact & { erased: boolean }>> {
    await this.ensureTable();
    const { rows } = await this.pool.query(
      `SELECT contact_id, customer_id, name, phone, street, erased_at IS NOT NULL AS erased FROM ${this.table} WHERE contact_id = ANY($1::uuid[])`,
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
          erased: r.erased,
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

export const CONTACT_SWEEP_TIMER = 'contact-sweep';

/** The sweep after `now`; its id names its due time, so that every instance schedules the same one. */
export function nextContactSweep(now: Date) {
  const dueAt = new Date((Math.floor(now.getTime() / ABANDONED_AFTER_MS) + 1) * ABANDONED_AFTER_MS);
  return {
    id: `${CONTACT_SWEEP_TIMER}:${dueAt.toISOString()}`,
    kind: CONTACT_SWEEP_TIMER,
    dueAt,
    payload: {},
  };
}
