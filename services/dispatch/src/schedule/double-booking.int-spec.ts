import { EVENT_STORE, type EventStore } from '@platform/eventing';
import { fold } from '@platform/eventing/decider';
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
import { assignmentStream } from '../assignment/assignment.decider';
import { scheduleDecider, scheduleStream, type ScheduleEvent } from './schedule.decider';

const OPEN_OFFER = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { status workerId openOffer { offerId workerId } } } } }`;

/**
 * Never double-book, on the real servers: however requests interleave, a worker's time is held by
 * one order, and an order gets one assignment.
 */
describe('double-booking races on the real servers', () => {
  let d: DispatchUnderTest;
  let store: EventStore;
  let dispatcher: string;

  beforeAll(async () => {
    d = await startDispatch();
    store = d.app.get(EVENT_STORE);
    dispatcher = await d.token('dispatcher', 'disp-1', { branch: 'shanghai' });
  });
  afterAll(() => d?.close());

  const dispatchOf = async (orderId: string) =>
    dataOf(await d.graphql(dispatcher, OPEN_OFFER, { r: [{ __typename: 'Order', id: orderId }] }))
      ._entities[0].dispatch;
  const typesIn = async (stream: string) => (await store.readStream(stream)).map((e) => e.type);
  /** The stretches of a worker's day held now (by open offers and assignments). */
  const heldOn = async (workerId: string, day: string) =>
    fold(
      scheduleDecider,
      (await store.readStream(scheduleStream(workerId, day))).map((e) => e as unknown as ScheduleEvent),
    ).slots;
  const accept = async (workerId: string, offerId: string) =>
    d.graphql(
      await d.token('worker', workerId),
      `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`,
      {
        o: offerId,
      },
    );

  it('ends with one assignment when the same offer is accepted many times at once', async () => {
    const worker = `w-tap-${randomUUID().slice(0, 6)}`;
    const { day } = cstDayAhead(3);
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { items: ['HC-TAP-3H'] }));
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, day, 9, { itemCode: 'HC-TAP-3H' }));
    const offer = await eventually(
      'the offer',
      async () => (await dispatchOf(orderId))?.openOffer ?? undefined,
    );

    const answers = await Promise.all(Array.from({ length: 8 }, () => accept(worker, offer.offerId)));
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? a.data?.acceptOffer.status)).toEqual(
      Array(8).fill('accepted'),
    );
    const history = await typesIn(assignmentStream(orderId));
    expect(history.filter((t) => t === 'TechnicianAssigned')).toHaveLength(1);
    expect(history.filter((t) => t === 'OfferAccepted')).toHaveLength(1);
    // The offer's hold became the assignment's: one stretch held, once.
    expect((await heldOn(worker, day)).map((s) => s.orderId)).toEqual([orderId]);
  });

  it("lets one of two orders racing for a worker's time have it: an acceptance against a dispatcher's assignment", async () => {
    const worker = `w-race-${randomUUID().slice(0, 6)}`;
    const { day } = cstDayAhead(4);
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { items: ['HC-RACE-3H'] }));
    const first = randomUUID();
    const second = randomUUID();
    await d.publish(orderPlaced(first, day, 9, { itemCode: 'HC-RACE-3H' }));
    const offer = await eventually(
      'the offer',
      async () => (await dispatchOf(first))?.openOffer ?? undefined,
    );
    // The second order overlaps the first; the worker's time is held by the pending offer, so
    // auto-dispatch finds nobody and the dispatcher steps in while the worker accepts the first.
    await d.publish(orderPlaced(second, day, 10, { itemCode: 'HC-RACE-3H' }));
    await eventually('the second order failed', async () =>
      (await dispatchOf(second))?.status === 'failed' ? true : undefined,
    );

    const [accepted, assigned] = await Promise.all([
      accept(worker, offer.offerId),
      d.graphql(
        dispatcher,
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "urgent customer") { workerId } }`,
        { o: second, w: worker },
      ),
    ]);
    const outcomes = [accepted, assigned].map((r) => (r.errors ? r.errors[0]!.extensions!.code : 'ok'));
    expect(outcomes.sort()).toEqual(['SLOT_TAKEN', 'ok']);
    const holders = [(await dispatchOf(first)).workerId, (await dispatchOf(second)).workerId].filter(
      (w) => w === worker,
    );
    expect(holders).toHaveLength(1);
    expect(await heldOn(worker, day)).toHaveLength(1);
  });

  it('never gives one worker two overlapping jobs when many decisions and acceptances interleave', async () => {
    const { day } = cstDayAhead(5);
    const workers = [0, 1, 2].map((i) => `w-many-${i}-${randomUUID().slice(0, 6)}`);
    // Auto-dispatch off for this branch: every order waits in the queue until the dispatcher asks.
    await d.publish(
      autoDispatchOn('suzhou', false),
      ...workers.flatMap((w) => activeWorker(w, { branchId: 'suzhou', items: ['HC-MANY-3H'] })),
    );
    const orders = Array.from({ length: 8 }, () => randomUUID());
    await d.publish(
      ...orders.map((id, i) =>
        orderPlaced(id, day, 9 + (i % 2), { itemCode: 'HC-MANY-3H', branchId: 'suzhou' }),
      ),
    );
    const suzhou = await d.token('dispatcher', 'disp-sz', { branch: 'suzhou' });
    await eventually('the orders queued', async () => {
      const { dispatcherQueue } = dataOf(
        await d.graphql(suzhou, `{ dispatcherQueue(branchId: "suzhou") { orderId } }`),
      );
      return dispatcherQueue.length === orders.length ? true : undefined;
    });
    await Promise.all(
      orders.map((o) =>
        d.graphql(suzhou, `mutation($o: ID!) { redispatchOrder(orderId: $o) { status } }`, { o }),
      ),
    );
    // Every worker accepts every offer they hold, all at once, until no order is on offer any more.
    // The status is dispatch's view, which each command updates at once; the open offers come from
    // the offers table, which Kafka feeds a moment later: an empty table does not mean none is open.
    await eventually(
      'every order assigned or failed, no offer left open',
      async () => {
        const dispatches = await Promise.all(
          orders.map(
            async (id) =>
              (await d.graphql(suzhou, OPEN_OFFER, { r: [{ __typename: 'Order', id }] })).data?._entities[0]
                .dispatch,
          ),
        );
        const open = dispatches.map((dispatch) => dispatch?.openOffer).filter(Boolean);
        await Promise.all(
          open.map((offer: { offerId: string; workerId: string }) => accept(offer.workerId, offer.offerId)),
        );
        return dispatches.every((dispatch) => dispatch && dispatch.status !== 'offering');
      },
      60_000,
    );
    const assignedTo = new Map<string, number>();
    for (const id of orders) {
      const dispatch = dataOf(await d.graphql(suzhou, OPEN_OFFER, { r: [{ __typename: 'Order', id }] }))
        ._entities[0].dispatch;
      if (dispatch.status === 'assigned')
        assignedTo.set(dispatch.workerId, (assignedTo.get(dispatch.workerId) ?? 0) + 1);
    }
    // All eight orders overlap (9:00-12:00 and 10:00-13:00): each worker can hold at most one.
    expect([...assignedTo.values()].every((n) => n === 1)).toBe(true);
    expect(assignedTo.size).toBe(3);
    for (const w of workers) expect(await heldOn(w, day)).toHaveLength(1);
  });
});
