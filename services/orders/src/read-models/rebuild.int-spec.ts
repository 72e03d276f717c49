import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type OrdersUnderTest,
} from '../../test/orders-harness';
import { seedCatalogue } from '../catalogue/seed-catalogue';
import { ReadModelRebuild } from './rebuild';

describe('rebuilding the orders read models by replay (real servers)', () => {
  let orders: OrdersUnderTest;
  let admin: string;
  beforeAll(async () => {
    orders = await startOrders();
    admin = await orders.token('admin', 'admin-rebuild');
  });
  afterAll(() => orders?.close());

  const board = `{ orderBoard(page: { limit: 100 }) { total countsByStatus { status count }
    items { id status workerId customer { name } timeline { type summary } job { total } } } }`;

  it('gives back the same board, details and catalogue after dropping them and replaying the log', async () => {
    const window = shanghaiWindow(3);
    const placed: string[] = [];
    for (const name of ['回放一', '回放二']) {
      const { body } = await orders.webhook('tmall', {
        tid: `TM-${randomUUID().slice(0, 8)}`,
        buyerNick: `nick-${name}`,
        receiverName: name,
        receiverMobile: '13700002222',
        receiverCity: 'shanghai',
        receiverDistrict: '静安区',
        receiverAddress: '南京西路 1 号',
        latitude: 31.2286,
        longitude: 121.4525,
        outerSkuId: 'HC-APPLIANCE-AC',
        serviceStart: window.start,
        serviceEnd: window.end,
      });
      placed.push(body.orderId as string);
    }
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${placed[0]}`,
      'TechnicianAssigned',
      {
        orderId: placed[0],
        assignmentId: randomUUID(),
        workerId: 'worker-replay',
        workerName: '钱师傅',
        how: 'manual',
      },
    );
    const before = await eventually(
      'both orders on the board, one assigned, with their timelines',
      async () => {
        const { data } = await orders.graphql(admin, board);
        const items = data?.orderBoard.items ?? [];
        const assigned = items.find((i: { id: string }) => i.id === placed[0]);
        // Each order's timeline (the detail read model) may lag behind its board row.
        return items.length === 2 &&
          assigned?.status === 'assigned' &&
          assigned.timeline.length === 2 &&
          items.every((i: { timeline: unknown[] }) => i.timeline.length > 0)
          ? data
          : undefined;
      },
    );
    // The seed catalogue reaches its read model through Kafka too, on partitions of its own.
    const catalogueBefore = await eventually('the whole seed catalogue published', async () => {
      const { data } = await orders.graphql(admin, `{ catalogue { code status } }`);
      const items: { status: string }[] = data?.catalogue ?? [];
      return items.length === seedCatalogue.length && items.every((i) => i.status === 'published')
        ? data
        : undefined;
    });

    const applied = await orders.app.get(ReadModelRebuild).run(() => undefined);

    expect(applied).toBeGreaterThanOrEqual(3 + 13 * 2);
    expect((await orders.graphql(admin, board)).data).toEqual(before);
    expect((await orders.graphql(admin, `{ catalogue { code status } }`)).data).toEqual(catalogueBefore);
  });
});
