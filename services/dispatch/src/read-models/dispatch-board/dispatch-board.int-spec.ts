import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import {
  activeWorker,
  autoDispatchOn,
  cstDayAhead,
  dataOf,
  orderPlaced,
  startDispatch,
  type DispatchUnderTest,
} from '../../../test/dispatch-harness';

const BOARD = `query($d: String!) { dispatchBoard(branchId: "hangzhou", day: $d) {
  counts { waiting offering failed } orders { orderId order { id } district dispatchStatus workerId stationId } } }`;

describe('the day board on the real servers', () => {
  let d: DispatchUnderTest;
  const { day } = cstDayAhead(5);

  beforeAll(async () => {
    d = await startDispatch();
  });
  afterAll(() => d?.close());

  it("names each order's station by the worker it is offered to (none while it waits or failed), with the order as a reference for orders", async () => {
    const dispatcher = await d.token('dispatcher', 'disp-hz', { branch: 'hangzhou' });
    const worker = `w-board-${randomUUID().slice(0, 6)}`;
    await d.publish(
      autoDispatchOn('hangzhou'),
      ...activeWorker(worker, { branchId: 'hangzhou', stationId: 'hz-west', areas: ['xuhui'] }),
    );
    const offered = randomUUID();
    const failed = randomUUID();
    await d.publish(orderPlaced(offered, day, 9, { branchId: 'hangzhou' }));
    // The only worker is already offered the order at nine: nobody is left for this one.
    await d.publish(orderPlaced(failed, day, 9, { branchId: 'hangzhou', location: { lat: 31.19, lng: 121.441 } }));

    const board = await eventually('one order offered and one failed on the board', async () => {
      const { dispatchBoard } = dataOf(await d.graphql(dispatcher, BOARD, { d: day }));
      return dispatchBoard.counts.offering === 1 && dispatchBoard.counts.failed === 1 ? dispatchBoard : undefined;
    });
    const byId = new Map(board.orders.map((o: { orderId: string }) => [o.orderId, o]));
    expect(byId.get(offered)).toMatchObject({ dispatchStatus: 'offering', workerId: worker, stationId: 'hz-west', district: 'xuhui' });
    // The order itself (item, channel number) is a reference the gateway resolves in orders.
    expect(byId.get(offered)).toMatchObject({ order: { id: offered } });
    expect(byId.get(failed)).toMatchObject({ dispatchStatus: 'failed', workerId: null, stationId: null });
  });
});
