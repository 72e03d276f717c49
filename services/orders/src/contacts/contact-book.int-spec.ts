import { createPool, DomainError, PostgresEventStore, quoteIdent } from '@platform/eventing';
import { newEvent, serverUrls, uniqueName } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ContactBook, type Contact } from './contact-book';

/** A command held in flight until the spec lets it finish, fail or store its order. */
function heldCommand() {
  let started!: () => void;
  let finish!: (outcome: () => Promise<void>) => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const outcome = new Promise<() => Promise<void>>((resolve) => (finish = resolve));
  return {
    run: async () => {
      started();
      await (
        await outcome
      )();
    },
    running,
    finish,
  };
}

describe('contact book: a contact stays while any attempt of its command may still land (real PostgreSQL)', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;
  let contacts: ContactBook;

  beforeAll(async () => {
    pool = createPool(serverUrls().pgUrl, 6);
    schema = uniqueName('orders_contacts');
    store = await PostgresEventStore.create(pool, schema);
    contacts = new ContactBook(schema, pool, store);
  });
  afterAll(async () => {
    await pool?.end();
  });

  const newContact = (): Contact => ({
    contactId: randomUUID(),
    customerId: 'douyin:buyer-8812',
    name: '陈静',
    phone: '13611112222',
    street: '漕溪北路 88 号',
  });
  const storeOrder = (streamId: string) => async () => {
    await store.appendToStream(streamId, [newEvent('OrderPlaced')], { expectedVersion: 'no_stream' });
  };
  const rowOf = async (contactId: string) =>
    (
      await pool.query<{ name: string; awaiting_stream: string | null }>(
        `SELECT name, awaiting_stream FROM ${quoteIdent(schema)}.contacts WHERE contact_id = $1`,
        [contactId],
      )
    ).rows;
  const latestAttemptBegan = (contactId: string, minutesAgo: number) =>
    pool.query(
      `UPDATE ${quoteIdent(schema)}.contacts SET awaiting_since = now() - $2 * interval '1 minute' WHERE contact_id = $1`,
      [contactId, minutesAgo],
    );

  it('keeps the contact when the first attempt fails for now while a resend is in flight, which then lands', async () => {
    const contact = newContact();
    const streamId = `order-${randomUUID()}`;
    const first = heldCommand();
    const firstAttempt = contacts.keepFor(contact, streamId, first.run);
    await first.running;
    const resend = heldCommand();
    const resendAttempt = contacts.keepFor(contact, streamId, resend.run);
    await resend.running;

    first.finish(() => Promise.reject(new Error('Connection terminated unexpectedly')));
    await expect(firstAttempt).rejects.toThrow('Connection terminated unexpectedly');
    expect(await rowOf(contact.contactId)).toEqual([{ name: '陈静', awaiting_stream: streamId }]);

    resend.finish(storeOrder(streamId));
    await resendAttempt;
    expect(await rowOf(contact.contactId)).toEqual([{ name: '陈静', awaiting_stream: null }]);
  });

  it('takes the contact back at once when its sole attempt is refused for good', async () => {
    const contact = newContact();
    const refused = contacts.keepFor(contact, `order-${randomUUID()}`, () =>
      Promise.reject(new DomainError('APPOINTMENT_TOO_SOON', 'the appointment starts too soon')),
    );
    await expect(refused).rejects.toThrow('too soon');
    expect(await rowOf(contact.contactId)).toEqual([]);
  });

  it('does not take back the contact of an attempt refused while another is in flight', async () => {
    const contact = newContact();
    const streamId = `order-${randomUUID()}`;
    const first = heldCommand();
    const firstAttempt = contacts.keepFor(contact, streamId, first.run);
    await first.running;
    const resend = heldCommand();
    const resendAttempt = contacts.keepFor(contact, streamId, resend.run);
    await resend.running;

    resend.finish(() => Promise.reject(new DomainError('APPOINTMENT_TOO_SOON', 'too soon by now')));
    await expect(resendAttempt).rejects.toThrow('too soon by now');
    first.finish(storeOrder(streamId));
    await firstAttempt;
    expect(await rowOf(contact.contactId)).toEqual([{ name: '陈静', awaiting_stream: null }]);
  });

  it('leaves an open failure to the sweep, which waits until the latest attempt is long past', async () => {
    const contact = newContact();
    const streamId = `order-${randomUUID()}`;
    await expect(
      contacts.keepFor(contact, streamId, () => Promise.reject(new Error('timeout exceeded'))),
    ).rejects.toThrow('timeout exceeded');
    expect(await rowOf(contact.contactId)).toHaveLength(1);
    expect(await contacts.sweep(60_000)).toEqual({ kept: 0, deleted: 0 });

    // The failed attempt began ten minutes ago, but a resend is in flight now: its order may still land.
    await latestAttemptBegan(contact.contactId, 10);
    const resend = heldCommand();
    const resendAttempt = contacts.keepFor(contact, streamId, resend.run);
    await resend.running;
    await contacts.sweep(60_000);
    expect(await rowOf(contact.contactId)).toEqual([{ name: '陈静', awaiting_stream: streamId }]);
    resend.finish(() => Promise.reject(new Error('timeout exceeded')));
    await expect(resendAttempt).rejects.toThrow('timeout exceeded');

    await latestAttemptBegan(contact.contactId, 10);
    await contacts.sweep(60_000);
    expect(await rowOf(contact.contactId)).toEqual([]);
  });
});
