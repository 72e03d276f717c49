import { eventsTopic } from '@platform/contracts';
import { createKafka, ensureTopics } from '@platform/eventing';
import { eventually, leaveCrashedMembers, serverUrls, uniqueName } from '@platform/eventing/testing';
import { startOrders, tmallOrder, type OrdersUnderTest } from '../../test/orders-harness';

describe('orders after a crash (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  let orders: OrdersUnderTest | undefined;
  afterAll(() => orders?.close());

  it("takes webhooks at once while its consumer groups wait out the crashed process's session, and catches up behind", async () => {
    const storage = uniqueName('orders');
    const prefix = `${storage}.`;
    const { kafkaBrokers } = serverUrls();
    const topics = [`${prefix}${eventsTopic('orders')}`, `${prefix}${eventsTopic('dispatch')}`];
    await ensureTopics(createKafka(kafkaBrokers, 'crash-spec'), topics);
    // The process before the crash, as the broker still sees it: a member of both groups for 25 s.
    await leaveCrashedMembers({
      brokers: kafkaBrokers,
      groups: [`${prefix}orders-read-models`, `${prefix}orders-reactions`],
      topics,
      sessionTimeoutMs: 25_000,
    });

    const restarted = Date.now();
    orders = await startOrders({}, { storage });
    const sent = await orders.webhook('tmall', tmallOrder());
    expect(sent.status).toBe(201);
    expect(Date.now() - restarted).toBeLessThan(15_000);
    const ready = (await (await fetch(`${orders.url}/readyz`)).json()) as {
      consumers: Record<string, string>;
    };
    // Not consuming yet: first building the new storage's read models, or waiting out the session.
    expect(ready.consumers[`${prefix}orders-read-models`]).toMatch(/^(joining|building: )/);

    const admin = await orders.token('admin', 'admin-1');
    await eventually(
      'the order on the board once the read models have caught up',
      async () =>
        (
          await orders!.graphql(admin, `query($s: String) { orderBoard(filter: { search: $s }) { total } }`, {
            s: String(sent.body.orderId),
          })
        ).data?.orderBoard.total === 1,
      60_000,
    );
  });
});
