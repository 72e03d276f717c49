import type { Principal } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import {
  activeWorker,
  autoDispatchOn,
  cstDayAhead,
  startDispatch,
  type DispatchUnderTest,
} from '../../services/dispatch/test/dispatch-harness';
import { startOrders, type OrdersUnderTest } from '../../services/orders/test/orders-harness';

/**
 * The whole flow in the one graph, with orders and dispatch running for real beside each other on
 * the real servers: a customer's order is placed, dispatch offers it to the nearest qualified
 * worker, the worker accepts, and the order shows its worker and why dispatch chose them.
 */
describe('dispatch through the gateway: order placed → offer → accepted → the order shows the worker', () => {
  let orders: OrdersUnderTest;
  let dispatch: DispatchUnderTest;
  let gateway: RunningGateway;
  const token: Record<string, string> = {};
  const ask = (who: string, query: string, variables: Record<string, unknown> = {}) =>
    graphqlPost(gateway.url, query, { token: token[who], variables });

  beforeAll(async () => {
    orders = await startOrders();
    // Dispatch reads and writes the same topics as this orders instance.
    dispatch = await startDispatch({ KAFKA_TOPIC_PREFIX: `${orders.storage}.` });
    await dispatch.publish(
      autoDispatchOn(),
      ...activeWorker('w-e2e-near', { home: { lat: 31.1886, lng: 121.4365 } }),
      ...activeWorker('w-e2e-far', { home: { lat: 31.2204, lng: 121.4241 }, areas: ['xuhui'] }),
    );
    gateway = await startGateway({
      subgraphs: [
        { name: 'orders', url: `${orders.url}/graphql` },
        { name: 'dispatch', url: `${dispatch.url}/graphql` },
      ],
      port: 0,
      host: '127.0.0.1',
      pollMs: 500,
    });
    await gateway.ready(60_000);
    const principals: Record<string, Principal> = {
      customer: { sub: 'cust-e2e', role: 'customer' },
      near: { sub: 'w-e2e-near', role: 'worker' },
      far: { sub: 'w-e2e-far', role: 'worker' },
      dispatcher: { sub: 'disp-e2e', role: 'dispatcher', branch: 'shanghai' },
      finance: { sub: 'fin-e2e', role: 'finance' },
    };
    for (const [name, principal] of Object.entries(principals)) token[name] = await tokenFor(principal);
  }, 180_000);

  afterAll(async () => {
    await gateway?.close();
    await dispatch?.close();
    await orders?.close();
  });

  it('dispatches a customer’s order to the nearest worker, who accepts; everyone sees what they may', async () => {
    const { day } = cstDayAhead(2);
    const placed = await ask(
      'customer',
      `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { orderId } }`,
      {
        i: {
          contact: { name: '王芳', phone: '13812345678', street: '漕溪北路 88 号 1202' },
          address: { city: 'shanghai', district: '徐汇区', location: { lat: 31.19, lng: 121.44 } },
          itemCode: 'HC-DAILY-3H',
          appointment: { start: `${day}T09:00:00+08:00`, end: `${day}T12:00:00+08:00` },
        },
      },
    );
    expect(placed.errors).toBeUndefined();
    const orderId = (placed.data as { placeOrder: { orderId: string } }).placeOrder.orderId;

    const offer = await eventually('the offer to the nearest worker', async () => {
      const mine = (await ask('near', `{ myOffers(openOnly: true) { offerId orderId } }`)).data as
        { myOffers: { offerId: string; orderId: string }[] } | undefined;
      return mine?.myOffers.find((o) => o.orderId === orderId);
    });
    expect((await ask('far', `{ myOffers { orderId } }`)).data).toEqual({ myOffers: [] });
    const accepted = await ask('near', `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`, {
      o: offer.offerId,
    });
    expect(accepted.data).toEqual({ acceptOffer: { status: 'accepted' } });

    // One query, two subgraphs: the order from orders, its dispatch from dispatch.
    const seen = await eventually('the order showing its worker', async () => {
      const answer = await ask(
        'dispatcher',
        `query($id: ID!) { order(id: $id) { status workerId worker { id } dispatch { status workerId worker { id } whyThisWorker { rank explanation alternatives { workerId worker { id } } } } } }`,
        { id: orderId },
      );
      const order = (answer.data as { order: { workerId: string | null } } | undefined)?.order;
      return order?.workerId === 'w-e2e-near' ? order : undefined;
    });
    expect(seen).toMatchObject({
      // Orders and dispatch name the worker alike: a reference that workforce resolves.
      worker: { id: 'w-e2e-near' },
      dispatch: {
        status: 'assigned',
        workerId: 'w-e2e-near',
        // A reference workforce resolves (name, station) where the graph composes it.
        worker: { id: 'w-e2e-near' },
        whyThisWorker: { rank: 1, alternatives: [{ workerId: 'w-e2e-far', worker: { id: 'w-e2e-far' } }] },
      },
    });
    expect(
      (seen as unknown as { dispatch: { whyThisWorker: { explanation: string } } }).dispatch.whyThisWorker
        .explanation,
    ).toContain('rank 1 of 2');

    // The customer and finance see the order (orders decides that), but not dispatch's workings.
    const customerView = await ask(
      'customer',
      `query($id: ID!) { order(id: $id) { workerId dispatch { status } } }`,
      {
        id: orderId,
      },
    );
    expect(customerView.data).toEqual({ order: { workerId: 'w-e2e-near', dispatch: null } });
    const denied = await ask('finance', `{ dispatcherQueue(branchId: "shanghai") { orderId } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
