import {
  createPool,
  DurableTimers,
  EVENT_STORE,
  quoteIdent,
  ReadModels,
  type EventStore,
  type NewEvent,
} from '@platform/eventing';
import { eventually, serverUrls } from '@platform/eventing/testing';
import { CommandRunner } from '@platform/service-kit';
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
import type { Pool } from 'pg';
import { assignmentDecider, assignmentStream } from '../assignment/assignment.decider';
import { DecisionRecords } from '../provenance/decision-records';
import { workerOffers } from '../read-models/worker-offers/worker-offers.read-model';
import { scheduleDecider, scheduleStream } from '../schedule/schedule.decider';
import { WorldFeed } from '../world/world-feed';
import {
  DECISION_CHECK_TIMER,
  derivedId,
  Dispatching,
  OFFER_EXPIRY_TIMER,
  SLOT_CHECK_TIMER,
} from './dispatching';

const NEAR = { lat: 31.1885, lng: 121.4365 };
const MID = { lat: 31.2204, lng: 121.4241 };
const DISPATCH = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { status workerId openOffer { offerId workerId } } } } }`;

/**
 * Each offer is made against the present, on the real servers: when an order passes down its
 * ranked list, the next candidate must still pass the hard rules and have their time held on their
 * schedule stream, so the daily cap holds and no worker holds two open offers for the same time.
 */
describe('offers made against the present on the real servers', () => {
  let d: DispatchUnderTest;
  let store: EventStore;
  let admin: string;
  let pool: Pool;
  const w = (name: string) => `${name}-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    d = await startDispatch();
    store = d.app.get(EVENT_STORE);
    admin = await d.token('admin', 'admin-1');
    pool = createPool(serverUrls().pgUrl, 2);
  });
  afterAll(async () => {
    await pool?.end();
    await d?.close();
  });
  const table = (name: string) => `${quoteIdent(d.storage)}.${name}`;

  /** A branch of its own where distance alone ranks (the nearer worker first) and a day holds `cap` jobs. */
  const branchWithCap = async (
    branchId: string,
    cap: number,
    { offerTimeoutSeconds = 600, autoDispatch = true } = {},
  ) => {
    const input = {
      dailyJobCap: cap,
      travelSpeedKmh: 25,
      bufferMinutes: 15,
      maxDistanceKm: 20,
      routingRules: [],
      weights: { distance: 1, regularWorker: 0, loadBalance: 0, rating: 0, skill: 0 },
      offerTimeoutSeconds,
      sla: { acceptMinutes: 30, arriveGraceMinutes: 15, finishGraceMinutes: 30 },
      reminders: { beforeStartMinutes: 60, beforeEndMinutes: 15 },
    };
    dataOf(
      await d.graphql(
        admin,
        `mutation($b: ID!, $i: DispatchPolicyInput!) { setDispatchPolicy(branchId: $b, input: $i, reason: "tests") { version } }`,
        { b: branchId, i: input },
      ),
    );
    await eventually(
      `the policy of ${branchId} in the view`,
      async () => d.app.get(WorldFeed).world.policyOf(branchId).settings.dailyJobCap === cap || undefined,
    );
    if (autoDispatch) await d.publish(autoDispatchOn(branchId));
  };

  const dispatchOf = async (orderId: string) =>
    dataOf(await d.graphql(admin, DISPATCH, { r: [{ __typename: 'Order', id: orderId }] }))._entities[0]
      ?.dispatch;
  const offeredTo = (orderId: string, workerId: string) =>
    eventually(`order ${orderId.slice(0, 8)} offered to ${workerId}`, async () => {
      const dispatch = await dispatchOf(orderId);
      return dispatch?.openOffer?.workerId === workerId ? dispatch.openOffer : undefined;
    });
  const failed = (orderId: string) =>
    eventually(`order ${orderId.slice(0, 8)} failed`, async () =>
      (await dispatchOf(orderId))?.status === 'failed' ? true : undefined,
    );
  const answer = async (workerId: string, offerId: string, how: 'accept' | 'decline') =>
    dataOf(
      await d.graphql(
        await d.token('worker', workerId),
        how === 'accept'
          ? `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`
          : `mutation($o: ID!) { declineOffer(offerId: $o, reason: "busy") { status } }`,
        { o: offerId },
      ),
    );
  const reasonsOfFailure = async (orderId: string) =>
    (
      (await store.readStream(assignmentStream(orderId))).findLast((e) => e.type === 'DispatchFailed')
        ?.data as {
        reasons: { workerId: string; rules: string[] }[];
      }
    ).reasons;
  const heldOn = async (workerId: string, day: string) =>
    (await d.app.get(CommandRunner).load(scheduleDecider, scheduleStream(workerId, day))).slots;

  it('keeps the daily cap when declined orders pass down to a worker the decisions ranked while free', async () => {
    const { day } = cstDayAhead(2);
    await branchWithCap('wuxi', 2);
    const near = w('w-wx-near');
    const next = w('w-wx-next');
    await d.publish(
      ...activeWorker(near, { branchId: 'wuxi', home: NEAR }),
      ...activeWorker(next, { branchId: 'wuxi', home: MID }),
    );
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    // The first two go to the nearer worker, whose day is then full: the third goes to the next.
    await d.publish(orderPlaced(first, day, 8, { branchId: 'wuxi' }));
    const firstOffer = await offeredTo(first, near);
    await d.publish(orderPlaced(second, day, 12, { branchId: 'wuxi' }));
    const secondOffer = await offeredTo(second, near);
    await d.publish(orderPlaced(third, day, 16, { branchId: 'wuxi' }));
    await answer(next, (await offeredTo(third, next)).offerId, 'accept');

    // Both ranked the next worker second while their day was empty; by now it is not.
    await answer(near, firstOffer.offerId, 'decline');
    await answer(next, (await offeredTo(first, next)).offerId, 'accept');
    await answer(near, secondOffer.offerId, 'decline');
    await failed(second);
    expect(await reasonsOfFailure(second)).toContainEqual({ workerId: next, rules: ['daily_cap_reached'] });
    expect((await heldOn(next, day)).map((s) => s.orderId).sort()).toEqual([first, third].sort());
    // The declined offers' holds are given back by the reactions, so eventually.
    await eventually('the declined offers’ time freed', async () =>
      (await heldOn(near, day)).length === 0 ? true : undefined,
    );
  });

  it('never gives one worker two open offers for overlapping jobs', async () => {
    const { day } = cstDayAhead(3);
    await branchWithCap('changzhou', 4);
    const near = w('w-cz-near');
    const next = w('w-cz-next');
    await d.publish(
      ...activeWorker(near, { branchId: 'changzhou', home: NEAR }),
      ...activeWorker(next, { branchId: 'changzhou', home: MID }),
    );
    const [first, overlapping] = [randomUUID(), randomUUID()];
    await d.publish(orderPlaced(first, day, 9, { branchId: 'changzhou' }));
    const firstOffer = await offeredTo(first, near);
    // The nearer worker's time is held by the open offer: the overlapping order goes to the next.
    await d.publish(orderPlaced(overlapping, day, 10, { branchId: 'changzhou' }));
    await offeredTo(overlapping, next);

    await answer(near, firstOffer.offerId, 'decline');
    await failed(first);
    expect(await reasonsOfFailure(first)).toContainEqual({ workerId: next, rules: ['slot_taken'] });
    const { myOffers } = dataOf(
      await d.graphql(await d.token('worker', next), `{ myOffers(openOnly: true) { orderId } }`),
    );
    expect(myOffers).toEqual([{ orderId: overlapping }]);
    expect((await heldOn(next, day)).map((s) => s.orderId)).toEqual([overlapping]);
    // The declined offer's hold is given back.
    await eventually('the declined offer’s time freed', async () =>
      (await heldOn(near, day)).length === 0 ? true : undefined,
    );
  });

  it("holds the cap and the worker's time in the schedule guard, which another instance's holds reach first", async () => {
    const { day } = cstDayAhead(4);
    await branchWithCap('nantong', 2);
    const busy = w('w-nt-busy');
    await d.publish(...activeWorker(busy, { branchId: 'nantong', home: NEAR }));
    // Another instance has just held two stretches of this worker's day; this one's view has not
    // read its offers yet, so it ranks the worker first and only their schedule stream knows.
    const runner = d.app.get(CommandRunner);
    const hold = (orderId: string, from: string, to: string) =>
      runner.run(
        scheduleDecider,
        scheduleStream(busy, day),
        {
          type: 'ReserveSlot',
          workerId: busy,
          orderId,
          reservationId: randomUUID(),
          day,
          start: `${day}T${from}:00+08:00`,
          end: `${day}T${to}:00+08:00`,
          location: NEAR,
        },
        {
          commandId: randomUUID(),
          correlationId: randomUUID(),
          causationId: null,
          actor: { kind: 'system', id: 'another-dispatch-instance' },
          at: new Date(),
        },
      );
    await hold(randomUUID(), '08:00', '10:15');
    const overlapping = randomUUID();
    await d.publish(orderPlaced(overlapping, day, 9, { branchId: 'nantong' }));
    await failed(overlapping);
    expect(await reasonsOfFailure(overlapping)).toContainEqual({ workerId: busy, rules: ['slot_taken'] });

    await hold(randomUUID(), '11:00', '13:15');
    const third = randomUUID();
    await d.publish(orderPlaced(third, day, 15, { branchId: 'nantong' }));
    await failed(third);
    expect(await reasonsOfFailure(third)).toContainEqual({ workerId: busy, rules: ['daily_cap_reached'] });
    expect(await heldOn(busy, day)).toHaveLength(2);
    // The holds the schedule refused left no slot check behind.
    const { rows } = await pool.query(
      `SELECT id FROM ${table('timers')} WHERE kind = $1 AND status = 'scheduled' AND payload->>'orderId' = ANY($2)`,
      [SLOT_CHECK_TIMER, [overlapping, third]],
    );
    expect(rows).toEqual([]);
  });

  /** An order in `branchId`'s view, which dispatches only when the test asks (its auto-dispatch is off). */
  const placedInView = async (branchId: string, day: string) => {
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, day, 9, { branchId }));
    await eventually(`order ${orderId.slice(0, 8)} in the view`, async () =>
      d.app.get(WorldFeed).world.order(orderId) ? true : undefined,
    );
    return orderId;
  };
  const dispatchNow = (orderId: string, cause = { id: randomUUID(), correlationId: orderId }) => ({
    cause,
    decisionId: derivedId(`dispatch:${orderId}:${cause.id}`),
    run: () => d.app.get(Dispatching).autoDispatch(orderId, cause, { requested: true }),
  });
  const storedDecisions = async (decisionId: string) =>
    (await pool.query(`SELECT landed FROM ${table('decisions')} WHERE decision_id = $1`, [decisionId])).rows;

  it('lets an offer lapse at its own time when an earlier try set its timer sooner', async () => {
    await branchWithCap('yangzhou', 4, { offerTimeoutSeconds: 5, autoDispatch: false });
    const worker = w('w-yz');
    await d.publish(...activeWorker(worker, { branchId: 'yangzhou', home: NEAR }));
    const orderId = await placedInView('yangzhou', cstDayAhead(7).day);
    const attempt = dispatchNow(orderId);
    // The first try set the lapse for its own moment and died before its append; the retry's offer
    // lapses seconds later, and its timer keeps the first try's due time.
    const offerId = derivedId(`${attempt.decisionId}/${worker}`);
    await d.app.get(DurableTimers).schedule({
      id: `${OFFER_EXPIRY_TIMER}:${offerId}`,
      kind: OFFER_EXPIRY_TIMER,
      dueAt: new Date(Date.now() + 1000),
      payload: { orderId, offerId },
    });
    expect(await attempt.run()).toBe('offered');
    await eventually(
      'the first try’s timer fired',
      async () =>
        (await d.app.get(DurableTimers).status(`${OFFER_EXPIRY_TIMER}:${offerId}`))?.status === 'fired' ||
        undefined,
    );
    expect((await dispatchOf(orderId))?.openOffer?.offerId).toBe(offerId);
    await failed(orderId);
    expect(
      (await store.readStream(assignmentStream(orderId))).some(
        (e) => e.type === 'OfferExpired' && (e.data as { offerId: string }).offerId === offerId,
      ),
    ).toBe(true);
  });

  it('removes the provenance of a decision the order’s stream refused, and checks back on every decision', async () => {
    await branchWithCap('huaian', 4, { autoDispatch: false });
    const orderId = await placedInView('huaian', cstDayAhead(8).day);
    // Another instance assigned the order by hand; this one's view has not read it yet.
    await d.app.get(CommandRunner).run(
      assignmentDecider,
      assignmentStream(orderId),
      {
        type: 'AssignManually',
        orderId,
        workerId: w('w-ha'),
        assignmentId: randomUUID(),
        reason: 'by hand',
      },
      {
        commandId: randomUUID(),
        correlationId: orderId,
        causationId: null,
        actor: { kind: 'system', id: 'another-dispatch-instance' },
        at: new Date(),
      },
    );
    const refused = dispatchNow(orderId);
    await expect(refused.run()).rejects.toMatchObject({ code: 'ALREADY_DISPATCHING' });
    expect(await storedDecisions(refused.decisionId)).toEqual([]);
    expect(
      await d.app.get(DurableTimers).status(`${DECISION_CHECK_TIMER}:${refused.decisionId}`),
    ).toMatchObject({
      status: 'scheduled',
    });
  });

  it('removes, when its check comes, the provenance of a decision whose process died before its append', async () => {
    await branchWithCap('suqian', 4, { autoDispatch: false });
    const worker = w('w-sq');
    await d.publish(...activeWorker(worker, { branchId: 'suqian', home: NEAR }));
    const orderId = await placedInView('suqian', cstDayAhead(9).day);
    const landed = dispatchNow(orderId);
    expect(await landed.run()).toBe('offered');
    const records = d.app.get(DecisionRecords);
    const decision = await eventually(
      'the landed decision',
      async () => (await records.decision(landed.decisionId)) ?? undefined,
    );
    // What a process that died between storing a decision and appending it left behind.
    const orphan = randomUUID();
    await records.saveDecision(orphan, 'suqian', decision, 'suqian-default@0');
    const check = (decisionId: string) => d.app.get(Dispatching).settleDecision({ orderId, decisionId });
    await check(orphan);
    expect(await storedDecisions(orphan)).toEqual([]);
    await check(landed.decisionId);
    expect(await records.decision(landed.decisionId)).toEqual(decision);
  });

  it('schedules each offer’s lapse once, before the offer is appended', async () => {
    const { day } = cstDayAhead(5);
    const worker = w('w-lapse');
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { home: NEAR, items: ['HC-LAPSE-3H'] }));
    // Spies that count and order the calls, and let each through to the real servers.
    const schedule = jest.spyOn(d.app.get(DurableTimers), 'schedule');
    const append = jest.spyOn(store, 'appendToStream');
    try {
      const orderId = randomUUID();
      await d.publish(orderPlaced(orderId, day, 9, { itemCode: 'HC-LAPSE-3H' }));
      const offer = await offeredTo(orderId, worker);
      // Once the offer's events have been read back (the offers read model has it), nothing schedules it again.
      await eventually(
        'the offer in the offers read model',
        async () =>
          (await d.app.get(ReadModels).documents(workerOffers).get(offer.offerId)) !== null || undefined,
      );
      const lapses = schedule.mock.calls.flatMap(([timer], i) =>
        timer.kind === OFFER_EXPIRY_TIMER && (timer.payload as { offerId: string }).offerId === offer.offerId
          ? [schedule.mock.invocationCallOrder[i]!]
          : [],
      );
      const offers = append.mock.calls.flatMap(([, events], i) =>
        (events as NewEvent[]).some(
          (e) => e.type === 'OfferMade' && (e.data as { offerId: string }).offerId === offer.offerId,
        )
          ? [append.mock.invocationCallOrder[i]!]
          : [],
      );
      expect(lapses).toHaveLength(1);
      expect(offers).toHaveLength(1);
      expect(lapses[0]).toBeLessThan(offers[0]!);
    } finally {
      schedule.mockRestore();
      append.mockRestore();
    }
  });

  it("shows a decision's provenance only once its events have landed", async () => {
    const records = d.app.get(DecisionRecords);
    const worker = w('w-prov');
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { home: NEAR, items: ['HC-PROV-3H'] }));
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, cstDayAhead(6).day, 9, { itemCode: 'HC-PROV-3H' }));
    await offeredTo(orderId, worker);
    const decided = (await store.readStream(assignmentStream(orderId))).find(
      (e) => e.type === 'DispatchDecided',
    )!;
    const decisionId = (decided.data as { decisionId: string }).decisionId;
    const decision = await eventually(
      'the landed decision',
      async () => (await records.decision(decisionId)) ?? undefined,
    );

    // Stored for a decision whose events never landed (the process died before its append).
    const orphan = randomUUID();
    await records.saveDecision(orphan, 'shanghai', decision, 'shanghai-default@0');
    expect(await records.decision(orphan)).toBeNull();
    const decidedAt = Date.parse(String(decision.decidedAt));
    const replayed: string[] = [];
    for await (const stored of records.decisionsBetween(new Date(decidedAt), new Date(decidedAt + 1)))
      replayed.push(stored.orderId);
    expect(replayed).toEqual([orderId]);
    // A retry stores nothing twice and does not undo what has landed.
    await records.saveDecision(decisionId, 'shanghai', decision, 'shanghai-default@0');
    expect(await records.decision(decisionId)).toEqual(decision);
  });
});
