import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  EVENT_STORE,
  PG_POOL,
  quoteIdent,
  STORAGE_SCHEMA,
  tablesOnce,
  type EventStore,
} from '@platform/eventing';
import { OnTimer } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ZodError } from 'zod';

/** Longer than any command takes: a contact still awaiting its command this long after its latest attempt began was left by a crash or a failure. */
export const ABANDONED_AFTER_MS = 5 * 60_000;

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
  /** Public for the board, which joins it to search by a customer's name or phone. */
  readonly table: string;
  readonly ready: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.table = `${quoteIdent(schema)}.contacts`;
    this.ready = tablesOnce(
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
      ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS sole_attempt uuid;
      ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS awaiting_since timestamptz NOT NULL DEFAULT now();
      DROP INDEX IF EXISTS ${quoteIdent(schema)}.contacts_awaiting;
      CREATE INDEX IF NOT EXISTS contacts_awaiting_since ON ${this.table} (awaiting_since) WHERE awaiting_stream IS NOT NULL;
      CREATE INDEX IF NOT EXISTS contacts_phone_last4 ON ${this.table} (right(phone, 4));`,
    );
  }

  /**
   * Runs the command that references a contact, keeping the contact only if the command's stream
   * exists afterwards. The row is written first (so an event never points at nothing), marked as
   * awaiting that stream. The id derives from the command, so a retried or resent command finds
   * the row an earlier attempt wrote: it never overwrites the contact, but marks the row as
   * awaited by more than one attempt.
   *
   * The row is taken back only by the sole attempt that awaits it, and only after a definite
   * refusal: after any other failure (a timeout, a lost connection) its own events may still land,
   * and with another attempt in flight theirs may, so those rows are left to `sweep`, which waits
   * longer than any command takes after the latest attempt began.
   */
  async keepFor<T>(contact: Contact, streamId: string, command: () => Promise<T>): Promise<T> {
    await this.ready();
    const attempt = randomUUID();
    await this.pool.query(
      `INSERT INTO ${this.table} AS c (contact_id, customer_id, name, phone, street, awaiting_stream, sole_attempt)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (contact_id) DO UPDATE SET sole_attempt = NULL, awaiting_since = now()
       WHERE c.awaiting_stream IS NOT NULL`,
      [contact.contactId, contact.customerId, contact.name, contact.phone, contact.street, streamId, attempt],
    );
    let result: T;
    try {
      result = await command();
    } catch (error) {
      if (refusedForGood(error))
        await this.settle(contact.contactId, streamId, { attempt }).catch(() => undefined);
      throw error;
    }
    await this.settle(contact.contactId, streamId, { attempt });
    return result;
  }

  /**
   * Keeps the row if its stream exists (whichever attempt stored it); else deletes it if no
   * attempt may still land: `attempt` is the row's sole attempt, or every attempt began over
   * `olderThanMs` ago.
   */
  private async settle(
    contactId: string,
    streamId: string,
    unawaited: { attempt: string } | { olderThanMs: number },
  ): Promise<'kept' | 'deleted' | 'awaited'> {
    if ((await this.store.readStream(streamId)).length > 0) {
      await this.pool.query(`UPDATE ${this.table} SET awaiting_stream = NULL WHERE contact_id = $1`, [
        contactId,
      ]);
      return 'kept';
    }
    const { rowCount } = await this.pool.query(
      `DELETE FROM ${this.table} WHERE contact_id = $1 AND awaiting_stream IS NOT NULL AND ${
        'attempt' in unawaited
          ? 'sole_attempt = $2'
          : `awaiting_since < now() - $2 * interval '1 millisecond'`
      }`,
      [contactId, 'attempt' in unawaited ? unawaited.attempt : unawaited.olderThanMs],
    );
    return rowCount === 1 ? 'deleted' : 'awaited';
  }

  /**
   * Settles the contacts whose latest attempt began longer ago than any command takes (a crash,
   * or a failure that left the outcome open): kept where the command's events were stored,
   * deleted where they were not.
   */
  async sweep(olderThanMs = ABANDONED_AFTER_MS): Promise<{ kept: number; deleted: number }> {
    await this.ready();
    const { rows } = await this.pool.query<{ contact_id: string; awaiting_stream: string }>(
      `SELECT contact_id, awaiting_stream FROM ${this.table}
       WHERE awaiting_stream IS NOT NULL AND awaiting_since < now() - $1 * interval '1 millisecond'`,
      [olderThanMs],
    );
    const counts = { kept: 0, deleted: 0, awaited: 0 };
    for (const row of rows) counts[await this.settle(row.contact_id, row.awaiting_stream, { olderThanMs })]++;
    return { kept: counts.kept, deleted: counts.deleted };
  }

  async find(contactIds: readonly string[]): Promise<Map<string, Contact & { erased: boolean }>> {
    await this.ready();
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

  /** Every few minutes, wherever timers run: the contacts left by a crash between their write and their command. */
  @OnTimer(CONTACT_SWEEP_TIMER, { next: nextContactSweep })
  async sweepAbandoned(): Promise<void> {
    await this.sweep();
  }

  /** The right to be forgotten: the events stay, the person behind them is gone. */
  async eraseCustomer(customerId: string): Promise<number> {
    await this.ready();
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET name = 'erased', phone = '', street = '', erased_at = now() WHERE customer_id = $1 AND erased_at IS NULL`,
      [customerId],
    );
    return rowCount ?? 0;
  }
}

/**
 * A failure the same command meets again however often it is tried: refused by its decider, its
 * input invalid, or data PostgreSQL cannot store (SQLSTATE class 22, data exception). Anything
 * else (a timeout, a lost connection, a conflict with a concurrent attempt) leaves open whether
 * this or another attempt's events land.
 */
function refusedForGood(error: unknown): boolean {
  if (error instanceof DomainError || error instanceof ZodError) return true;
  const sqlState = (error as { code?: unknown } | null)?.code;
  return typeof sqlState === 'string' && sqlState.startsWith('22');
}

/** `13812345678` → `138****5678`: enough for the worker to recognise the call, not to keep the number. */
export const maskPhone = (phone: string): string =>
  phone.length < 7
    ? '*'.repeat(phone.length)
    : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
