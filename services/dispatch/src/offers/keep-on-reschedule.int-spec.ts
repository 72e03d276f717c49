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
import { scheduleDecider, scheduleStream, type ScheduleEvent } from '../schedule/schedule.decider';

const DISPATCH = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { status workerId openOffer { offerId workerId } } } } }`;
const SCHEDULE = `query($w: ID!, $d: String!) { workerSchedule(workerId: $w, day: $d) { jobs { orderId start end holding } } }`;

/**
 * A rescheduled order on the real servers: its assigned worker keeps it when they can take the new
 * time (their hold moved, in one step on the server); otherwise they are released, the dispatcher's
 * queue says why, and the order is dispatched again.
 */
describe('a rescheduled order keeps its worker when they can still take it (real servers)', () => {
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
    dataOf(await d.graphql(dispatcher, DISPATCH, { r: [{ __typename: 'Order', id: orderId }] }))._entities[0]
      .dispatch;
  const typesIn = async (stream: string) => (await store.readStream(stream)).map((e) => e.type);
  const heldOn = async (workerId: string, day: string) =>
    fold(
      scheduleDecider,
      (await store.readStream(scheduleStream(workerId, day))).map((e) => e as unknown as ScheduleEvent),
    ).slots;
  const jobsOf = async (workerId: string, day: string) =>
    dataOf(await d.graphql(dispatcher, SCHEDULE, { w: workerId, d: day })).workerSchedule.jobs as {
      orderId: string;
      start: string;
      holding: string;
    }[];

  /** The order placed at `hour` CST, offered to the worker and accepted by them. */
  async function assigned(workerId: string, itemCode: string, day: string, hour: number) {
    const orderId = randomUUID();
    await d.publish(orderPlaced(orderId, day, hour, { itemCode }));
    const offer = await eventually('the offer', async () => (await dispatchOf(orderId))?.openOffer ?? undefined);
    expect(offer.workerId).toBe(workerId);
    const accepted = await d.graphql(
      await d.token('worker', workerId),
      `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`,
      { o: offer.offerId },
    );
    expect(accepted.errors).toBeUndefined();
    return orderId;
  }
  const window = (day: string, hour: number) => ({
    start: new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString(),
    end: new Date(`${day}T${String(hour + 3).padStart(2, '0')}:00:00+08:00`).toISOString(),
  });
  const rescheduled = (orderId: string, day: string, fromHour: number, to: { start: string; end: string }) =>
    d.publish({
      context: 'orders',
      streamId: `order-${orderId}`,
      type: 'OrderRescheduled',
      data: { orderId, from: window(day, fromHour), to, reason: 'the customer is out in the morning' },
    });

  it('keeps the worker on the job at its new time, their hold moved, even to another day', async () => {
    const worker = `w-keep-${randomUUID().slice(0, 6)}`;
    const item = `HC-KEEP-${randomUUID().slice(0, 4).toUpperCase()}`;
    const { day } = cstDayAhead(3);
    const { day: nextDay } = cstDayAhead(4);
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { items: [item] }));
    const orderId = await assigned(worker, item, day, 9);

    const afternoon = window(day, 14);
    await rescheduled(orderId, day, 9, afternoon);
    const jobs = await eventually('the job at its new time on the worker’s day', async () => {
      const found = await jobsOf(worker, day);
      return found[0]?.start === afternoon.start ? found : undefined;
    });
    expect(jobs).toEqual([expect.objectContaining({ orderId, holding: 'assigned' })]);
    expect(await dispatchOf(orderId)).toMatchObject({ status: 'assigned', workerId: worker });
    expect(await typesIn(assignmentStream(orderId))).not.toContain('TechnicianUnassigned');
    await eventually('the move recorded', async () =>
      (await typesIn(assignmentStream(orderId))).includes('AssignmentMoved') ? true : undefined,
    );
    // The order's dispatch history tells the dispatcher the worker was kept, and when for.
    const { history } = dataOf(
      await d.graphql(
        dispatcher,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { history { what workerId detail } } } } }`,
        { r: [{ __typename: 'Order', id: orderId }] },
      ),
    )._entities[0].dispatch;
    expect(history).toContainEqual({
      what: 'AssignmentMoved',
      workerId: worker,
      detail: expect.stringMatching(/^kept at the new time .*the customer is out in the morning$/),
    });
    // One stretch held, at the new time.
    expect((await heldOn(worker, day)).map((s) => [s.orderId, s.start])).toEqual([[orderId, afternoon.start]]);

    // To the next day: the new day holds it, the old day is free.
    const tomorrow = window(nextDay, 10);
    await rescheduled(orderId, day, 14, tomorrow);
    await eventually('the job on the next day', async () =>
      (await jobsOf(worker, nextDay))[0]?.start === tomorrow.start ? true : undefined,
    );
    await eventually('the old day freed', async () => ((await heldOn(worker, day)).length === 0 ? true : undefined));
    expect((await heldOn(worker, nextDay)).map((s) => [s.orderId, s.start])).toEqual([[orderId, tomorrow.start]]);
    expect(await jobsOf(worker, day)).toEqual([]);
    expect(await dispatchOf(orderId)).toMatchObject({ status: 'assigned', workerId: worker });
  });

  it('releases the worker when the new time clashes with another of their jobs, says why, and dispatches again', async () => {
    const worker = `w-clash-${randomUUID().slice(0, 6)}`;
    const item = `HC-CLASH-${randomUUID().slice(0, 4).toUpperCase()}`;
    const { day } = cstDayAhead(5);
    await d.publish(autoDispatchOn(), ...activeWorker(worker, { items: [item] }));
    const morning = await assigned(worker, item, day, 8);
    const afternoon = await assigned(worker, item, day, 14);

    await rescheduled(morning, day, 8, window(day, 15));
    const released = await eventually('the released item in the queue', async () => {
      const { dispatcherQueue } = dataOf(
        await d.graphql(dispatcher, `{ dispatcherQueue(branchId: "shanghai") { orderId kind message } }`),
      );
      return (dispatcherQueue as { orderId: string; kind: string; message: string }[]).find(
        (i) => i.orderId === morning && i.kind === 'released',
      );
    });
    expect(released.message).toMatch(/worker cannot take the new time .*slot_taken/);
    // Dispatched again for the new time: the only qualified worker is busy then, so nobody is found.
    await eventually('dispatched again', async () =>
      (await typesIn(assignmentStream(morning))).filter((t) => t === 'DispatchDecided').length === 2
        ? true
        : undefined,
    );
    const history = await typesIn(assignmentStream(morning));
    expect(history).toContain('TechnicianUnassigned');
    expect(history).not.toContain('AssignmentMoved');
    expect((await dispatchOf(morning)).workerId).not.toBe(worker);
    // The worker keeps the other job, and only it.
    expect(await dispatchOf(afternoon)).toMatchObject({ status: 'assigned', workerId: worker });
    await eventually('the released time freed', async () => {
      const held = await heldOn(worker, day);
      return held.length === 1 && held[0]!.orderId === afternoon ? true : undefined;
    });
  });
});
