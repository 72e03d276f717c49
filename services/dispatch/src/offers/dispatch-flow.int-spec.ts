import { eventually } from '@platform/eventing/testing';
import { startCaptureServer } from '@platform/service-kit/testing';
import { randomUUID } from 'node:crypto';
import {
  activeWorker,
  autoDispatchOn,
  jobRated,
  cstDayAhead,
  dataOf,
  errorOf,
  orderPlaced,
  startDispatch,
  type DispatchUnderTest,
} from '../../test/dispatch-harness';

const DISPATCH = `dispatch { status workerId how openOffer { offerId workerId rank status }
  offers { offerId workerId status reason } history { what workerId detail by }
  whyThisWorker { workerId how rank policy distanceKm manualReason explanation alternatives { workerId } ruledOut { rule workers } }
  slaBreaches { kind } }`;

/** Near (Xuhui), a little further (Changning) and far (Minhang) from the orders in Xuhui. */
const NEAR = { lat: 31.1885, lng: 121.4365 };
const MID = { lat: 31.2204, lng: 121.4241 };
const FAR = { lat: 31.1128, lng: 121.3816 };

describe('automatic dispatch on the real servers: order placed → offers → accepted', () => {
  let d: DispatchUnderTest;
  let chat: Awaited<ReturnType<typeof startCaptureServer>>;
  let dispatcher: string;
  let admin: string;
  // Each case books its own day, so the load one case leaves does not change another's ranking.
  const dayOf = (n: number) => cstDayAhead(n + 1).day;
  const w = (name: string) => `${name}-${randomUUID().slice(0, 6)}`;
  const near = w('w-near');
  const mid = w('w-mid');
  const far = w('w-far');

  beforeAll(async () => {
    chat = await startCaptureServer();
    d = await startDispatch({ CHATBOT_WEBHOOK_URL: chat.url });
    dispatcher = await d.token('dispatcher', 'disp-1', { branch: 'shanghai' });
    admin = await d.token('admin', 'admin-1');
    await d.publish(
      autoDispatchOn(),
      ...activeWorker(near, { home: NEAR, areas: ['xuhui', 'changning'] }),
      ...activeWorker(mid, { home: MID, areas: ['xuhui', 'changning'] }),
      ...activeWorker(far, { home: FAR, areas: ['xuhui', 'minhang'] }),
    );
  });
  afterAll(async () => {
    await d?.close();
    await chat?.close();
  });

  const orderDispatch = async (orderId: string, token = dispatcher) =>
    dataOf(
      await d.graphql(
        token,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id ${DISPATCH} } } }`,
        { r: [{ __typename: 'Order', id: orderId }] },
      ),
    )._entities[0].dispatch;

  const offeredTo = (orderId: string, workerId: string) =>
    eventually(`order ${orderId.slice(0, 8)} offered to ${workerId}`, async () => {
      const dispatch = await orderDispatch(orderId);
      return dispatch?.openOffer?.workerId === workerId ? dispatch.openOffer : undefined;
    });

  it('answers ready only once its view of orders and workers has loaded', async () => {
    const ready = await eventually('ready', async () => {
      const response = await fetch(`${d.url}/readyz`);
      return response.status === 200 ? response.json() : undefined;
    });
    // Consumers catch up behind readiness and are reported beside it.
    expect(ready).toMatchObject({ status: 'ready', consumers: expect.any(Object) });
  });

  it('offers the nearest worker first, who accepts: the order shows the worker and why', async () => {
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(1), 9));
    const offer = await offeredTo(orderId, near);
    expect(offer.rank).toBe(1);

    const worker = await d.token('worker', near);
    const mine = dataOf(await d.graphql(worker, `{ myOffers(openOnly: true) { offerId orderId } }`)).myOffers;
    expect(mine).toContainEqual({ offerId: offer.offerId, orderId });
    const accepted = dataOf(
      await d.graphql(worker, `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`, {
        o: offer.offerId,
      }),
    );
    expect(accepted.acceptOffer.status).toBe('accepted');
    // A second tap on the card changes nothing and is not an error.
    expect(
      dataOf(
        await d.graphql(worker, `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`, {
          o: offer.offerId,
        }),
      ).acceptOffer.status,
    ).toBe('accepted');

    const dispatch = await orderDispatch(orderId);
    expect(dispatch).toMatchObject({ status: 'assigned', workerId: near, how: 'auto' });
    expect(dispatch.history.map((h: { what: string }) => h.what)).toEqual([
      'DispatchDecided',
      'OfferMade',
      'OfferAccepted',
      'TechnicianAssigned',
    ]);
    // The decision's provenance is shown once the reactions have seen DispatchDecided land.
    const why = await eventually('the decision behind the assignment to be shown', async () => {
      const shown = (await orderDispatch(orderId)).whyThisWorker;
      return shown?.rank === null ? undefined : shown;
    });
    expect(why).toMatchObject({ workerId: near, how: 'auto', rank: 1, policy: 'shanghai-default@0' });
    expect(why.alternatives.map((a: { workerId: string }) => a.workerId)).toEqual([mid, far]);
    expect(why.explanation).toContain('rank 1 of 3');

    await eventually('the offer card and the assignment card sent to the chat', async () => {
      const texts = chat.requests.map((r) => JSON.stringify(r.body));
      return texts.some((t) => t.includes(offer.offerId) && t.includes('Accept')) &&
        texts.some((t) => t.includes('Job assigned') && t.includes(near))
        ? true
        : undefined;
    });
  });

  it('ranks a worker their customers rated well above one placed alike whom nobody has rated yet', async () => {
    // A branch of their own, so that these two take no other case's orders.
    const rated = w('w-rated');
    const unrated = w('w-unrated');
    await d.publish(
      autoDispatchOn('hangzhou'),
      ...activeWorker(unrated, { branchId: 'hangzhou', home: NEAR }),
      ...activeWorker(rated, { branchId: 'hangzhou', home: NEAR }),
    );
    await d.publish(...[5, 5, 4].map((stars) => jobRated(randomUUID(), rated, stars)));
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(7), 9, { branchId: 'hangzhou' }));
    // Staff of another branch do not see it: asked as an admin.
    const offer = await eventually('the offer to the rated worker', async () => {
      const dispatch = await orderDispatch(orderId, admin);
      return dispatch?.openOffer?.workerId === rated ? dispatch.openOffer : undefined;
    });
    const { offers } = dataOf(
      await d.graphql(
        admin,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { offers { offerId decisionId } } } } }`,
        { r: [{ __typename: 'Order', id: orderId }] },
      ),
    )._entities[0].dispatch;
    expect(offers).toEqual([{ offerId: offer.offerId, decisionId: expect.any(String) }]);
    const { ranked } = dataOf(
      await d.graphql(
        admin,
        `query($d: ID!) { dispatchDecision(decisionId: $d) { ranked { workerId score { rating } } } }`,
        { d: offers[0].decisionId },
      ),
    ).dispatchDecision;
    expect(ranked.map((r: { workerId: string }) => r.workerId)).toEqual([rated, unrated]);
    expect(ranked[1].score.rating).toBe(0.5);
    expect(ranked[0].score.rating).toBeGreaterThan(0.5);
  });

  it('dispatches the orders that waited while auto-dispatch was off once a branch switches it on', async () => {
    const worker = w('w-ningbo');
    await d.publish(
      autoDispatchOn('ningbo', false),
      ...activeWorker(worker, { branchId: 'ningbo', home: NEAR }),
    );
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(8), 10, { branchId: 'ningbo' }));
    const queued = await eventually('the order waiting in the queue', async () => {
      const items = dataOf(await d.graphql(admin, `{ dispatcherQueue(branchId: "ningbo") { orderId kind } }`))
        .dispatcherQueue as { orderId: string; kind: string }[];
      return items.find((item) => item.orderId === orderId);
    });
    expect(queued.kind).toBe('auto_dispatch_off');
    await d.publish(autoDispatchOn('ningbo', true));
    const offer = await eventually('the offer once auto-dispatch is on', async () => {
      const dispatch = await orderDispatch(orderId, admin);
      return dispatch?.openOffer?.workerId === worker ? dispatch.openOffer : undefined;
    });
    expect(offer.rank).toBe(1);
  });

  it('moves to the next candidate when the worker declines, and shows who declined and why', async () => {
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(2), 14));
    const first = await offeredTo(orderId, near);
    const worker = await d.token('worker', near);
    const OFFER = 'offerId workerId status rank decisionId reason madeAt expiresAt answeredAt';
    const { declineOffer } = dataOf(
      await d.graphql(
        worker,
        `mutation($o: ID!) { declineOffer(offerId: $o, reason: "child is sick") { ${OFFER} } }`,
        { o: first.offerId },
      ),
    );
    // The answer is the offer as the order's stream has it, not one made up while the table catches up.
    const row = await eventually('the declined offer in the offers table', async () => {
      const mine = dataOf(await d.graphql(worker, `{ myOffers { ${OFFER} } }`)).myOffers.find(
        (o: { offerId: string; status: string }) => o.offerId === first.offerId && o.status === 'declined',
      );
      return mine;
    });
    expect(declineOffer).toEqual(row);
    expect(declineOffer).toMatchObject({ status: 'declined', reason: 'child is sick', rank: 1 });
    const second = await offeredTo(orderId, mid);
    expect(second.rank).toBe(2);
    const other = await d.token('worker', far);
    const notYours = errorOf(
      await d.graphql(other, `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`, {
        o: second.offerId,
      }),
    );
    expect(notYours.code).toBe('NOT_YOUR_OFFER');
    const dispatch = await orderDispatch(orderId);
    expect(dispatch.offers).toContainEqual({
      offerId: first.offerId,
      workerId: near,
      status: 'declined',
      reason: 'child is sick',
    });
  });

  it('lets an unanswered offer lapse after the branch timeout and offers the next worker', async () => {
    const policy = dataOf(await d.graphql(admin, `{ dispatchPolicy(branchId: "beijing") { version } }`));
    expect(policy.dispatchPolicy.version).toBe(0);
    const input = {
      dailyJobCap: 4,
      travelSpeedKmh: 25,
      bufferMinutes: 15,
      maxDistanceKm: 20,
      routingRules: [],
      weights: { distance: 1, regularWorker: 0.5, loadBalance: 0, rating: 0, skill: 0 },
      offerTimeoutSeconds: 5,
      sla: { acceptMinutes: 30, arriveGraceMinutes: 15, finishGraceMinutes: 30 },
      reminders: { beforeStartMinutes: 60, beforeEndMinutes: 15 },
    };
    const set = dataOf(
      await d.graphql(
        admin,
        `mutation($i: DispatchPolicyInput!) { setDispatchPolicy(branchId: "beijing", input: $i, reason: "quick answers") { version offerTimeoutSeconds } }`,
        { i: input },
      ),
    );
    expect(set.setDispatchPolicy).toEqual({ version: 1, offerTimeoutSeconds: 5 });
    const a = w('w-bj-a');
    const b = w('w-bj-b');
    await d.publish(
      autoDispatchOn('beijing'),
      ...activeWorker(a, { branchId: 'beijing', home: NEAR }),
      ...activeWorker(b, { branchId: 'beijing', home: MID }),
    );
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(3), 10, { branchId: 'beijing' }));
    const bjDispatcher = await d.token('dispatcher', 'disp-bj', { branch: 'beijing' });
    const first = await eventually(
      'offered in Beijing',
      async () => (await orderDispatch(orderId, bjDispatcher))?.openOffer ?? undefined,
    );
    expect(first.workerId).toBe(a);
    const next = await eventually(
      'the lapsed offer passed on',
      async () => {
        const dispatch = await orderDispatch(orderId, bjDispatcher);
        return dispatch.openOffer?.workerId === b ? dispatch : undefined;
      },
      30_000,
    );
    expect(next.offers).toContainEqual({
      offerId: first.offerId,
      workerId: a,
      status: 'expired',
      reason: null,
    });
    // Shanghai's dispatcher sees nothing of Beijing's order.
    expect(await orderDispatch(orderId, dispatcher)).toBeNull();
  });

  it("puts an order nobody can take into the dispatcher's queue with the reasons per worker", async () => {
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, dayOf(4), 9);
    (placed.data as { address: { district: string } }).address.district = 'chongming';
    await d.publish(placed);
    const item = await eventually('the failure in the queue', async () => {
      const { dispatcherQueue } = dataOf(
        await d.graphql(
          dispatcher,
          `{ dispatcherQueue(branchId: "shanghai") { orderId kind message details } }`,
        ),
      );
      return dispatcherQueue.find((i: { orderId: string }) => i.orderId === orderId);
    });
    expect(item.kind).toBe('dispatch_failed');
    expect(item.message).toMatch(/no worker took the order/);
    const dispatch = await orderDispatch(orderId);
    expect(dispatch.status).toBe('failed');
    expect(dispatch.history.at(-1).what).toBe('DispatchFailed');

    // Tried again and failing again, it stays one item in the queue, with the latest reasons.
    const failures = async () =>
      (await orderDispatch(orderId)).history.filter((h: { what: string }) => h.what === 'DispatchFailed')
        .length;
    const before = await failures();
    dataOf(
      await d.graphql(dispatcher, `mutation($o: ID!) { redispatchOrder(orderId: $o) { status } }`, {
        o: orderId,
      }),
    );
    await eventually(
      "the failure of the dispatcher's retry",
      async () => (await failures()) > before || undefined,
    );
    const items = await eventually('the queue after the second failure', async () => {
      const { dispatcherQueue } = dataOf(
        await d.graphql(dispatcher, `{ dispatcherQueue(branchId: "shanghai") { orderId kind details } }`),
      );
      const mine = dispatcherQueue.filter((i: { orderId: string }) => i.orderId === orderId);
      return mine.length > 0 && mine.every((i: { details: string }) => i.details !== item.details) && mine;
    });
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(['dispatch_failed']);
  });

  it('tells both workers when a dispatcher reassigns, and records the reason', async () => {
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(5), 17));
    const offer = await offeredTo(orderId, near);
    dataOf(
      await d.graphql(
        await d.token('worker', near),
        `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`,
        { o: offer.offerId },
      ),
    );
    const refused = errorOf(
      await d.graphql(
        await d.token('cs_agent', 'cs-1', { branch: 'shanghai' }),
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "x") { workerId } }`,
        {
          o: orderId,
          w: mid,
        },
      ),
    );
    expect(refused.code).toBe('FORBIDDEN');
    const bad = errorOf(
      await d.graphql(
        dispatcher,
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: " ") { workerId } }`,
        {
          o: orderId,
          w: mid,
        },
      ),
    );
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const assigned = dataOf(
      await d.graphql(
        dispatcher,
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "customer asked for her") { workerId overridden { rule } } }`,
        { o: orderId, w: mid },
      ),
    );
    expect(assigned.assignWorker).toEqual({ workerId: mid, overridden: [] });
    const dispatch = await orderDispatch(orderId);
    expect(dispatch).toMatchObject({ status: 'assigned', workerId: mid, how: 'manual' });
    expect(dispatch.whyThisWorker).toMatchObject({ how: 'manual', manualReason: 'customer asked for her' });
    await eventually('both workers told', async () => {
      const texts = chat.requests.map((r) => JSON.stringify(r.body));
      return texts.some((t) => t.includes('Job reassigned') && t.includes(near)) &&
        texts.some((t) => t.includes('A dispatcher assigned this job to you') && t.includes(mid))
        ? true
        : undefined;
    });
  });

  it('releases and re-dispatches the jobs of a worker who becomes ineligible', async () => {
    const loner = w('w-loner');
    const backup = w('w-backup');
    await d.publish(
      ...activeWorker(loner, { items: ['HC-DEEP-6H'], home: NEAR }),
      ...activeWorker(backup, { items: ['HC-DEEP-6H'], home: FAR, areas: ['xuhui'] }),
    );
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, dayOf(6), 8, { itemCode: 'HC-DEEP-6H' }));
    const offer = await offeredTo(orderId, loner);
    dataOf(
      await d.graphql(
        await d.token('worker', loner),
        `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`,
        { o: offer.offerId },
      ),
    );
    await eventually('assigned', async () =>
      (await orderDispatch(orderId)).status === 'assigned' ? true : undefined,
    );
    await d.publish({
      context: 'workforce',
      streamId: `worker-${loner}`,
      type: 'WorkerBecameIneligible',
      data: { workerId: loner, itemCode: 'HC-DEEP-6H', reasons: ['certificate_expired'] },
    });
    await offeredTo(orderId, backup);
    const dispatch = await orderDispatch(orderId);
    expect(dispatch.history.map((h: { what: string }) => h.what)).toContain('TechnicianUnassigned');
    const { dispatcherQueue } = dataOf(
      await d.graphql(dispatcher, `{ dispatcherQueue(branchId: "shanghai") { orderId kind message } }`),
    );
    expect(dispatcherQueue).toContainEqual({
      orderId,
      kind: 'released',
      message: `worker no longer qualified for HC-DEEP-6H`,
    });
  });
});
