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
} from '../../test/dispatch-harness';

const PLAN = `planId openOrders workers plan { assigned travelKm } greedy { assigned travelKm } travelSavedPct
  assignments { orderId workerId travelKm } unassigned runtimeMs`;

describe('the city-day plan on the real servers', () => {
  let d: DispatchUnderTest;
  let dispatcher: string;
  const { day } = cstDayAhead(6);

  beforeAll(async () => {
    d = await startDispatch({ PLAN_TIME_LIMIT_MS: '1000' });
    dispatcher = await d.token('dispatcher', 'disp-nj', { branch: 'nanjing' });
  });
  afterAll(() => d?.close());

  it("plans a branch's open orders at once, next to greedy dispatch, and turns the plan into offers", async () => {
    // Two workers at opposite ends of the district, orders near each: greedy sends whoever ranks
    // first at the time; the plan keeps each worker on their own side.
    const west = `w-west-${randomUUID().slice(0, 6)}`;
    const east = `w-east-${randomUUID().slice(0, 6)}`;
    await d.publish(
      autoDispatchOn('nanjing', false),
      ...activeWorker(west, { branchId: 'nanjing', stationId: 'nj-west', home: { lat: 31.19, lng: 121.4 } }),
      ...activeWorker(east, { branchId: 'nanjing', stationId: 'nj-east', home: { lat: 31.19, lng: 121.48 } }),
    );
    const orders = [
      { id: randomUUID(), hour: 8, lng: 121.41 },
      { id: randomUUID(), hour: 8, lng: 121.47 },
      { id: randomUUID(), hour: 12, lng: 121.47 },
      { id: randomUUID(), hour: 12, lng: 121.41 },
      { id: randomUUID(), hour: 16, lng: 121.41 },
      { id: randomUUID(), hour: 16, lng: 121.47 },
    ];
    await d.publish(
      ...orders.map((o) =>
        orderPlaced(o.id, day, o.hour, { branchId: 'nanjing', location: { lat: 31.19, lng: o.lng } }),
      ),
    );
    await eventually('the orders waiting in the queue', async () => {
      const { dispatcherQueue } = dataOf(
        await d.graphql(dispatcher, `{ dispatcherQueue(branchId: "nanjing") { orderId } }`),
      );
      return dispatcherQueue.length === orders.length ? true : undefined;
    });

    const { proposeCityDayPlan: plan } = dataOf(
      await d.graphql(
        dispatcher,
        `mutation($d: String!) { proposeCityDayPlan(branchId: "nanjing", day: $d) { ${PLAN} } }`,
        {
          d: day,
        },
      ),
    );
    expect(plan).toMatchObject({ openOrders: 6, workers: 2, unassigned: [] });
    expect(plan.plan.assigned).toBe(6);
    expect(plan.plan.assigned).toBeGreaterThanOrEqual(plan.greedy.assigned);
    expect(plan.plan.travelKm).toBeLessThanOrEqual(plan.greedy.travelKm);
    const side = (lng: number) => (lng < 121.44 ? west : east);
    for (const a of plan.assignments)
      expect(a.workerId).toBe(side(orders.find((o) => o.id === a.orderId)!.lng));

    const accepted = dataOf(
      await d.graphql(
        dispatcher,
        `mutation($p: ID!) { acceptCityDayPlan(planId: $p) { offersMade skipped { orderId reason } } }`,
        {
          p: plan.planId,
        },
      ),
    );
    expect(accepted.acceptCityDayPlan).toEqual({ offersMade: 6, skipped: [] });
    // Accepting again (a retry after a timeout) offers nothing twice and reports the same outcome.
    const again = dataOf(
      await d.graphql(
        dispatcher,
        `mutation($p: ID!) { acceptCityDayPlan(planId: $p) { offersMade skipped { orderId } } }`,
        {
          p: plan.planId,
        },
      ),
    );
    expect(again.acceptCityDayPlan).toEqual({ offersMade: 6, skipped: [] });
    // The branch's plans of the day show it accepted once, by the first acceptance.
    const listed = await eventually("the accepted plan among the day's plans", async () => {
      const { cityDayPlans } = dataOf(
        await d.graphql(
          dispatcher,
          `query($d: String!) { cityDayPlans(branchId: "nanjing", day: $d) { planId acceptedAt assignments { orderId } } }`,
          { d: day },
        ),
      );
      return cityDayPlans.find(
        (p: { planId: string; acceptedAt: string | null }) => p.planId === plan.planId && p.acceptedAt,
      );
    });
    expect(listed.assignments).toEqual(
      plan.assignments.map((a: { orderId: string }) => ({ orderId: a.orderId })),
    );
    const { dispatchBoard } = dataOf(
      await d.graphql(
        dispatcher,
        `query($d: String!) { dispatchBoard(branchId: "nanjing", day: $d) { counts { offering } orders { orderId workerId } } }`,
        {
          d: day,
        },
      ),
    );
    expect(dispatchBoard.counts.offering).toBe(6);
    for (const o of dispatchBoard.orders)
      expect(o.workerId).toBe(side(orders.find((x) => x.id === o.orderId)!.lng));
    // The west station's leader sees the orders offered to their own station's worker, and no one else's.
    const leader = await d.token('station_leader', 'leader-nj-west', {
      branch: 'nanjing',
      station: 'nj-west',
    });
    const leaderBoard = dataOf(
      await d.graphql(
        leader,
        `query($d: String!) { dispatchBoard(branchId: "nanjing", day: $d) { counts { offering } orders { workerId } } }`,
        { d: day },
      ),
    ).dispatchBoard;
    expect(leaderBoard.counts.offering).toBe(3);
    expect(leaderBoard.orders.map((o: { workerId: string }) => o.workerId)).toEqual([west, west, west]);
    const eastDay = await d.graphql(
      leader,
      `query($w: ID!, $d: String!) { workerSchedule(workerId: $w, day: $d) { workerId } }`,
      { w: east, d: day },
    );
    expect(eastDay.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // An order their worker is offered shows that worker; another station's order is not theirs to see.
    const seen = async (orderId: string) =>
      dataOf(
        await d.graphql(
          leader,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { workerId offers { workerId decisionId } } } } }`,
          { r: [{ __typename: 'Order', id: orderId }] },
        ),
      )._entities[0].dispatch;
    const westOrder = orders.find((o) => side(o.lng) === west)!;
    const eastOrder = orders.find((o) => side(o.lng) === east)!;
    const ours = await seen(westOrder.id);
    expect(ours).toMatchObject({ workerId: west, offers: [{ workerId: west }] });
    expect(await seen(eastOrder.id)).toBeNull();
    const { dispatcherQueue: leaderQueue } = dataOf(
      await d.graphql(leader, `{ dispatcherQueue(branchId: "nanjing", includeResolved: true) { orderId } }`),
    );
    expect(leaderQueue.map((q: { orderId: string }) => q.orderId).sort()).toEqual(
      orders
        .filter((o) => side(o.lng) === west)
        .map((o) => o.id)
        .sort(),
    );
    // The decision lists every worker examined and why each was ruled out: for dispatch staff only.
    const decision = await d.graphql(
      leader,
      `query($d: ID!) { dispatchDecision(decisionId: $d) { orderId } }`,
      {
        d: ours.offers[0].decisionId,
      },
    );
    expect(decision.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A worker's day shows the offers they hold.
    const { workerSchedule } = dataOf(
      await d.graphql(
        await d.token('worker', west),
        `query($w: ID!, $d: String!) { workerSchedule(workerId: $w, day: $d) { jobs { holding } } }`,
        {
          w: west,
          d: day,
        },
      ),
    );
    expect(workerSchedule.jobs).toEqual([
      { holding: 'offered' },
      { holding: 'offered' },
      { holding: 'offered' },
    ]);
  });

  it('names the orders of a plan, assigned and left unassigned, as references orders resolves', async () => {
    const wuhan = await d.token('dispatcher', 'disp-wh', { branch: 'wuhan' });
    const worker = `w-wh-${randomUUID().slice(0, 6)}`;
    await d.publish(autoDispatchOn('wuhan', false), ...activeWorker(worker, { branchId: 'wuhan', stationId: 'wh-1' }));
    // One worker, two orders at the same time: one of them cannot be planned.
    const ids = [randomUUID(), randomUUID()];
    await d.publish(...ids.map((id) => orderPlaced(id, day, 10, { branchId: 'wuhan' })));
    await eventually('both orders waiting in the queue', async () => {
      const { dispatcherQueue } = dataOf(await d.graphql(wuhan, `{ dispatcherQueue(branchId: "wuhan") { orderId } }`));
      return dispatcherQueue.length === ids.length ? true : undefined;
    });
    const { proposeCityDayPlan: plan } = dataOf(
      await d.graphql(
        wuhan,
        `mutation($d: String!) { proposeCityDayPlan(branchId: "wuhan", day: $d) {
          assignments { orderId order { id } } unassigned unassignedOrders { id } } }`,
        { d: day },
      ),
    );
    expect(plan.assignments).toHaveLength(1);
    expect(plan.assignments[0].order).toEqual({ id: plan.assignments[0].orderId });
    expect(plan.unassigned).toHaveLength(1);
    expect(plan.unassignedOrders).toEqual([{ id: plan.unassigned[0] }]);
    expect([plan.assignments[0].orderId, plan.unassigned[0]].sort()).toEqual([...ids].sort());
  });
});
