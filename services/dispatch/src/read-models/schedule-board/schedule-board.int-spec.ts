import { haversineKm } from '@platform/domain-kit';
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

const BOARD = `branchId day travelSpeedKmh
  rows { workerId stationId status onLeave jobs { orderId start end holding progress order { id } }
    drives { fromOrderId toOrderId km minutes gapMinutes } }
  unassigned { orderId dispatchStatus order { id } }`;

interface Board {
  travelSpeedKmh: number;
  rows: {
    workerId: string;
    stationId: string;
    jobs: { orderId: string; holding: string }[];
    drives: { fromOrderId: string; toOrderId: string; km: number; minutes: number; gapMinutes: number }[];
  }[];
  unassigned: { orderId: string; dispatchStatus: string }[];
}

describe('the schedule board on the real servers', () => {
  let d: DispatchUnderTest;
  let dispatcher: string;
  const { day } = cstDayAhead(3);
  const west = `w-sb-west-${randomUUID().slice(0, 6)}`;
  const east = `w-sb-east-${randomUUID().slice(0, 6)}`;
  const here = { lat: 31.19, lng: 121.41 };
  const there = { lat: 31.19, lng: 121.47 };
  const [morning, noon, open] = [randomUUID(), randomUUID(), randomUUID()];

  const boardOf = async (token: string, branchId = 'nanjing') =>
    d.graphql(token, `query($b: ID!, $d: String!) { scheduleBoard(branchId: $b, day: $d) { ${BOARD} } }`, {
      b: branchId,
      d: day,
    });

  beforeAll(async () => {
    d = await startDispatch();
    dispatcher = await d.token('dispatcher', 'disp-sb', { branch: 'nanjing' });
    await d.publish(
      autoDispatchOn('nanjing', false),
      ...activeWorker(west, { branchId: 'nanjing', stationId: 'nj-west', home: here }),
      ...activeWorker(east, { branchId: 'nanjing', stationId: 'nj-east', home: there }),
      orderPlaced(morning, day, 8, { branchId: 'nanjing', location: here }),
      orderPlaced(noon, day, 12, { branchId: 'nanjing', location: there }),
      orderPlaced(open, day, 15, { branchId: 'nanjing', location: here }),
    );
    await eventually('the three orders on the dispatch board', async () => {
      const { dispatchBoard } = dataOf(
        await d.graphql(dispatcher, `query($d: String!) { dispatchBoard(branchId: "nanjing", day: $d) { orders { orderId } } }`, {
          d: day,
        }),
      );
      return dispatchBoard.orders.length === 3 ? true : undefined;
    });
    for (const orderId of [morning, noon])
      dataOf(
        await d.graphql(dispatcher, `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "顾客点名") { workerId } }`, {
          o: orderId,
          w: west,
        }),
      );
  }, 120_000);
  afterAll(() => d?.close());

  it("shows every worker's day with the drive between jobs, and the orders nobody holds, in one answer", async () => {
    const board = await eventually('both assignments on the schedule board', async () => {
      const { scheduleBoard } = dataOf(await boardOf(dispatcher)) as { scheduleBoard: Board };
      return scheduleBoard.rows.find((r) => r.workerId === west)?.jobs.length === 2 ? scheduleBoard : undefined;
    });
    expect(board.rows.map((r) => [r.workerId, r.stationId])).toEqual([
      [east, 'nj-east'],
      [west, 'nj-west'],
    ]);
    const row = board.rows.find((r) => r.workerId === west)!;
    expect(row.jobs.map((j) => [j.orderId, j.holding])).toEqual([
      [morning, 'assigned'],
      [noon, 'assigned'],
    ]);
    // The drive is dispatch's own estimate: straight-line km at the branch's travel speed.
    const km = haversineKm(here, there);
    expect(row.drives).toEqual([
      {
        fromOrderId: morning,
        toOrderId: noon,
        km: Math.round(km * 10) / 10,
        minutes: Math.ceil((km / board.travelSpeedKmh) * 60),
        gapMinutes: 60,
      },
    ]);
    expect(board.rows.find((r) => r.workerId === east)!.jobs).toEqual([]);
    expect(board.unassigned).toEqual([{ orderId: open, dispatchStatus: 'waiting', order: { id: open } }]);
  });

  it("keeps each caller to their scope: a station leader sees their station's workers, another branch's dispatcher nothing", async () => {
    const leader = await d.token('station_leader', 'leader-sb', { branch: 'nanjing', station: 'nj-east' });
    const { scheduleBoard } = dataOf(await boardOf(leader)) as { scheduleBoard: Board };
    expect(scheduleBoard.rows.map((r) => r.workerId)).toEqual([east]);
    expect(scheduleBoard.unassigned).toEqual([]);

    const elsewhere = await d.token('dispatcher', 'disp-sh', { branch: 'shanghai' });
    const refused = await boardOf(elsewhere);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const admin = await d.token('admin', 'admin-sb');
    const { scheduleBoard: all } = dataOf(await boardOf(admin)) as { scheduleBoard: Board };
    expect(all.rows).toHaveLength(2);

    const badDay = await d.graphql(dispatcher, `{ scheduleBoard(branchId: "nanjing", day: "tomorrow") { day } }`);
    expect(badDay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
