import { ReadModels, type ReadModel } from '@platform/eventing';
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
import { dispatchReadModels } from './dispatch-read-models';
import { HOURS_TABLE } from './dispatch-stats/dispatch-outcome-hours';
import { dispatchOutcomes } from './dispatch-stats/dispatch-outcomes.read-model';

const NEAR = { lat: 31.1885, lng: 121.4365 };
const QUEUE = `{ dispatcherQueue(branchId: "shanghai", includeResolved: true) {
  itemId orderId kind message details raisedAt resolvedAt resolution } }`;
const OFFERS = `{ myOffers { offerId orderId workerId rank decisionId status madeAt expiresAt answeredAt reason } }`;
const PLANS = `query($d: String!) { cityDayPlans(branchId: "hangzhou", day: $d) {
  planId openOrders workers plan { assigned travelKm } unassigned acceptedAt } }`;
const DECISIONS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch {
  decisions { decisionId decidedAt policy ranked { rank workerId score } ruledOut { rule workers } moreRuledOut } } } } }`;
const OPEN_OFFER = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { openOffer { offerId } } } } }`;

/**
 * Every read model of dispatch (the dispatcher's queue, the workers' offers, the city-day plans, the
 * decisions) is dropped and rebuilt from dispatch's event log, and comes back as the live consumer
 * built it, on the real servers.
 */
describe('rebuilding the dispatch read models by replay (real servers)', () => {
  let d: DispatchUnderTest;
  let dispatcher: string;
  let planner: string;
  const w = (name: string) => `${name}-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    d = await startDispatch({ PLAN_TIME_LIMIT_MS: '1000' });
    dispatcher = await d.token('dispatcher', 'disp-rebuild', { branch: 'shanghai' });
    planner = await d.token('dispatcher', 'disp-rebuild-hz', { branch: 'hangzhou' });
  });
  afterAll(() => d?.close());

  const openOffer = (orderId: string) =>
    eventually(`an open offer for order ${orderId.slice(0, 8)}`, async () => {
      const { _entities } = dataOf(
        await d.graphql(dispatcher, OPEN_OFFER, { r: [{ __typename: 'Order', id: orderId }] }),
      );
      return _entities[0].dispatch?.openOffer?.offerId as string | undefined;
    });

  /** Every document of every read model, by read model. */
  const documents = async (): Promise<Record<string, object[]>> => {
    const readModels = d.app.get(ReadModels);
    return Object.fromEntries(
      await Promise.all(
        dispatchReadModels.map(async (readModel: ReadModel<object>) => [
          readModel.name,
          await readModels.documents(readModel).find({}),
        ]),
      ),
    );
  };

  /** The dashboard's summary beside the outcomes (kept by a trigger, not a read model of its own). */
  const outcomeHours = async () => {
    const outcomes = d.app.get(ReadModels).documents(dispatchOutcomes);
    return (await outcomes.pool.query(`SELECT * FROM ${outcomes.qualify(HOURS_TABLE)} ORDER BY branch, hour, day`)).rows;
  };

  it("gives back every offer, queue item, plan and decision after dropping them and replaying dispatch's log", async () => {
    const { day } = cstDayAhead(3);
    const worker = w('w-rebuild');
    const answers = await d.token('worker', worker);
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { home: NEAR, items: ['HC-REBUILD-3H'] }));
    const [accepted, declined, nobody] = [randomUUID(), randomUUID(), randomUUID()];
    await d.publish(
      orderPlaced(accepted, day, 8, { itemCode: 'HC-REBUILD-3H' }),
      orderPlaced(declined, day, 13, { itemCode: 'HC-REBUILD-3H' }),
      // Nobody is qualified for this item: the order fails into the queue.
      orderPlaced(nobody, day, 9, { itemCode: 'HC-NOBODY-3H' }),
    );
    const take = await openOffer(accepted);
    dataOf(
      await d.graphql(answers, `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`, { o: take }),
    );
    const turnDown = await openOffer(declined);
    dataOf(
      await d.graphql(
        answers,
        `mutation($o: ID!) { declineOffer(offerId: $o, reason: "too far") { status } }`,
        {
          o: turnDown,
        },
      ),
    );
    const failed = await eventually('the failed order in the queue', async () => {
      const items = dataOf(await d.graphql(dispatcher, QUEUE)).dispatcherQueue as {
        orderId: string;
        itemId: string;
      }[];
      return items.find((i) => i.orderId === nobody);
    });
    dataOf(
      await d.graphql(
        dispatcher,
        `mutation($i: ID!) { resolveQueueItem(itemId: $i, note: "called the customer") { itemId } }`,
        {
          i: failed.itemId,
        },
      ),
    );
    // A branch with auto-dispatch off queues its order without a decision.
    const held = randomUUID();
    await d.publish(autoDispatchOn('hangzhou', false), orderPlaced(held, day, 10, { branchId: 'hangzhou' }));

    const liveQueue = await eventually('the queue with the resolution and the answered offers', async () => {
      const queue = dataOf(await d.graphql(dispatcher, QUEUE)).dispatcherQueue as {
        orderId: string;
        resolvedAt: string | null;
      }[];
      const offers = dataOf(await d.graphql(answers, OFFERS)).myOffers as { status: string }[];
      const docs = await documents();
      const heldItem = (docs.dispatcher_queue_items as { orderId: string }[]).some((q) => q.orderId === held);
      // The declined order fails (nobody else may take it): its item is raised after the decline.
      return queue.find((i) => i.orderId === nobody)?.resolvedAt &&
        queue.some((i) => i.orderId === declined) &&
        offers
          .map((o) => o.status)
          .sort()
          .join() === 'accepted,declined' &&
        heldItem
        ? queue
        : undefined;
    });
    // A plan of that branch's day, proposed and accepted (nobody works there: it plans nothing).
    await eventually('the held order in the view', async () => {
      const { dispatcherQueue } = dataOf(
        await d.graphql(planner, `{ dispatcherQueue(branchId: "hangzhou") { orderId } }`),
      );
      return dispatcherQueue.some((q: { orderId: string }) => q.orderId === held) || undefined;
    });
    const { proposeCityDayPlan: plan } = dataOf(
      await d.graphql(
        planner,
        `mutation($d: String!) { proposeCityDayPlan(branchId: "hangzhou", day: $d) { planId unassigned } }`,
        { d: day },
      ),
    );
    expect(plan.unassigned).toContain(held);
    dataOf(
      await d.graphql(planner, `mutation($p: ID!) { acceptCityDayPlan(planId: $p) { offersMade } }`, {
        p: plan.planId,
      }),
    );
    const livePlans = await eventually('the accepted plan in the plans read model', async () => {
      const plans = dataOf(await d.graphql(planner, PLANS, { d: day })).cityDayPlans as {
        planId: string;
        acceptedAt: string | null;
      }[];
      return plans.find((p) => p.planId === plan.planId)?.acceptedAt ? plans : undefined;
    });
    const decisionsOf = async (orderId: string) =>
      dataOf(await d.graphql(dispatcher, DECISIONS, { r: [{ __typename: 'Order', id: orderId }] }))
        ._entities[0].dispatch.decisions as { ranked: { workerId: string }[] }[];
    const liveDecisions = await eventually(
      'the decisions of the accepted and the declined order',
      async () => {
        const [taken, passedOn] = [await decisionsOf(accepted), await decisionsOf(declined)];
        return taken.length > 0 && taken[0]!.ranked[0]?.workerId === worker && passedOn.length > 0
          ? { taken, passedOn }
          : undefined;
      },
    );
    const liveOffers = dataOf(await d.graphql(answers, OFFERS)).myOffers;
    const live = await documents();
    expect(Object.values(live).every((docs) => docs.length > 0)).toBe(true);
    const liveHours = await outcomeHours();
    expect(liveHours.length).toBeGreaterThan(0);

    await d.app.get(ReadModels).rebuild(
      dispatchReadModels.map((readModel) => readModel.name),
      { log: () => undefined },
    );

    expect(await documents()).toEqual(live);
    expect(await outcomeHours()).toEqual(liveHours);
    expect(dataOf(await d.graphql(dispatcher, QUEUE)).dispatcherQueue).toEqual(liveQueue);
    expect(dataOf(await d.graphql(answers, OFFERS)).myOffers).toEqual(liveOffers);
    expect(dataOf(await d.graphql(planner, PLANS, { d: day })).cityDayPlans).toEqual(livePlans);
    expect({ taken: await decisionsOf(accepted), passedOn: await decisionsOf(declined) }).toEqual(
      liveDecisions,
    );
  });
});
