import { ReadModels } from '@platform/eventing';
import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import { FeatureSettings } from '@platform/service-kit';
import {
  dataOf,
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  tmallOrder,
  type OrdersUnderTest,
} from '../../test/orders-harness';
import { seedCatalogue } from '../catalogue/seed-catalogue';
import { ORDER_HOURS_TABLE } from './order-board/order-board-hours';
import { orderBoard } from './order-board/order-board.read-model';
import { ordersReadModels } from './orders-read-models';

describe('rebuilding the orders read models by replay (real servers)', () => {
  let orders: OrdersUnderTest;
  let admin: string;
  beforeAll(async () => {
    orders = await startOrders();
    admin = await orders.token('admin', 'admin-rebuild');
  });
  afterAll(() => orders?.close());

  const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`;
  const subscribePackage = `mutation($input: SubscribePackageInput!) { subscribePackage(input: $input) { id } }`;
  const board = `{ orderBoard(page: { limit: 100 }) { total countsByStatus { status count }
    items { id status workerId customer { name } timeline { type summary } job { total } } } }`;

  /** Every document of every read model, by read model. */
  const documents = async () => {
    const readModels = orders.app.get(ReadModels);
    return Object.fromEntries(
      await Promise.all(
        ordersReadModels.map(async (readModel) => [readModel.name, await readModels.documents(readModel).find({})]),
      ),
    );
  };

  /** The board's orders counted per hour beside it (kept by a trigger, not a read model of its own). */
  const boardHours = async () => {
    const board = orders.app.get(ReadModels).documents(orderBoard);
    return (await board.pool.query(`SELECT * FROM ${board.qualify(ORDER_HOURS_TABLE)} ORDER BY branch, hour, channel, status`)).rows;
  };

  it('gives back every document, and the same board and catalogue, after dropping them and replaying the log', async () => {
    const window = shanghaiWindow(3);
    const placed: string[] = [];
    for (const name of ['回放一', '回放二']) {
      const { body } = await orders.webhook(
        'tmall',
        tmallOrder({ receiverName: name, outerSkuId: 'HC-APPLIANCE-AC', serviceStart: window.start, serviceEnd: window.end }),
      );
      placed.push(body.orderId as string);
    }
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${placed[0]}`,
      'TechnicianAssigned',
      { orderId: placed[0], assignmentId: randomUUID(), workerId: 'worker-replay', workerName: '钱师傅', how: 'manual' },
    );
    // A customer's own order with a photo (the order files) and a yearly package sold to them.
    const customer = await orders.token('customer', `cust-${randomUUID().slice(0, 8)}`);
    const photo = await orders.upload(customer, 'photo');
    const address = { city: 'shanghai', district: '静安区', location: { lat: 31.2286, lng: 121.4525 } };
    const contact = { name: '回放三', phone: '13700003333', street: '南京西路 3 号' };
    const own = dataOf(
      await orders.graphql(customer, placeOrder, {
        input: {
          contact,
          address,
          itemCode: 'HC-DAILY-3H',
          appointment: { start: window.start, end: window.end },
          attachments: [{ fileId: photo, kind: 'photo' }],
        },
      }),
    ).placeOrder;
    placed.push(own.orderId as string);
    await publishForeignEvent(`${orders.storage}.`, 'workforce', 'branch-shanghai', 'FeatureSwitched', {
      branchId: 'shanghai',
      businessUnit: 'home_cleaning',
      feature: 'yearly_packages',
      enabled: true,
      reason: 'rolled out',
    });
    await eventually('yearly packages switched on in shanghai', async () =>
      orders.app.get(FeatureSettings).isEnabled('shanghai', 'home_cleaning', 'yearly_packages') || undefined,
    );
    // Its first visit lies beyond the horizon, so no visit is ordered while the documents are compared.
    const start = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    dataOf(
      await orders.graphql(customer, subscribePackage, {
        input: {
          contact,
          address,
          itemCode: 'HC-DAILY-3H',
          weekday: new Date(`${start}T00:00:00Z`).getUTCDay() || 7,
          windowFrom: '14:00',
          windowTo: '17:00',
          startDate: start,
          endDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
        },
      }),
    );
    // Workforce places the worker at a station and dispatch offers them the other order: the
    // involvement read models, fed by those services' topics, which a rebuild replays too.
    const prefix = `${orders.storage}.`;
    await publishForeignEvent(prefix, 'workforce', 'worker-replay', 'WorkerApplied', {
      workerId: 'worker-replay',
      profileId: randomUUID(),
      branchId: 'shanghai',
      stationId: 'sh-replay',
      jobTypes: ['HK-101'],
      languages: ['zh'],
      experienceYears: 2,
      homeLocation: { lat: 31.2286, lng: 121.4525 },
      serviceAreas: ['jingan'],
    });
    await publishForeignEvent(prefix, 'dispatch', `assignment-${placed[1]}`, 'OfferMade', {
      orderId: placed[1],
      offerId: randomUUID(),
      workerId: 'worker-replay',
      rank: 1,
      decisionId: randomUUID(),
      expiresAt: window.start,
    });
    const before = await eventually(
      'both orders on the board, one assigned, with their timelines',
      async () => {
        const { data } = await orders.graphql(admin, board);
        const items = data?.orderBoard.items ?? [];
        const assigned = items.find((i: { id: string }) => i.id === placed[0]);
        return items.length === 3 &&
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
    const live = await eventually('a document in every read model', async () => {
      const all = await documents();
      return Object.values(all).every((docs) => (docs as unknown[]).length > 0) && all;
    });

    const liveHours = await boardHours();
    expect(liveHours.length).toBeGreaterThan(0);

    const { applied } = await orders.app.get(ReadModels).rebuild(undefined, { log: () => undefined });

    expect(applied).toBeGreaterThanOrEqual(3 + 13 * 2);
    expect(await documents()).toEqual(live);
    expect(await boardHours()).toEqual(liveHours);
    expect((await orders.graphql(admin, board)).data).toEqual(before);
    expect((await orders.graphql(admin, `{ catalogue { code status } }`)).data).toEqual(catalogueBefore);
  });
});
