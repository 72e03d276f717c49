import { eventually } from '@platform/eventing/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type OrdersUnderTest,
  dataOf,
  errorOf,
} from '../../test/orders-harness';
import { distanceMeters } from '@platform/domain-kit';

const home = { lat: 31.1886, lng: 121.4365 };
/** A Shanghai appointment window `days` ahead, as TimeWindowInput. */
const windowIn = (days: number, from?: string, to?: string) => {
  const { start, end } = shanghaiWindow(days, from, to);
  return { start, end };
};

const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId duplicate order { id status } } }`;
const orderQuery = `query($id: ID!) { order(id: $id) {
  id status appointment { start end } workerId worker { id } customer { customerId name phone }
  cancellation { reason by late }
  job { checklist { key done note } done total photos { fileId kind checklistKey } spareParts { partCode quantity reason }
        signature { fileId signerName } checkedInAt completedAt }
  timeline { type actorKind actorId actorRole summary } } }`;
const jobFields = `id status job { done total checkedInAt completedAt }`;

/** An air-conditioner cleaning (three checklist items) at `home`, placed by the customer. */
function orderInput(name: string, appointment: { start: string; end: string }) {
  return {
    contact: { name, phone: '13812345678', street: '漕溪北路 88 号 1202' },
    address: { city: 'shanghai', district: '徐汇区', location: home },
    itemCode: 'HC-APPLIANCE-AC',
    appointment,
  };
}

describe('job execution through GraphQL (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  let orders: OrdersUnderTest;
  let dispatcher: string;
  const dispatcherId = `disp-${randomUUID().slice(0, 8)}`;
  let streamPosition = 0;

  beforeAll(async () => {
    orders = await startOrders();
    dispatcher = await orders.token('dispatcher', dispatcherId, { branch: 'shanghai' });
  });
  afterAll(async () => {
    await orders?.close();
  });

  async function place(token: string, input: Record<string, unknown>, headers: Record<string, string> = {}) {
    const { placeOrder: placed } = dataOf(await orders.graphql(token, placeOrder, { input }, headers));
    return placed as { orderId: string; duplicate: boolean; order: { id: string; status: string } | null };
  }

  /** As dispatch assigns now (v2), or as its older release did (v1: the worker id as `workerName`). */
  async function assign(orderId: string, workerId: string, version: 1 | 2 = 2) {
    const assignmentId = randomUUID();
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      'TechnicianAssigned',
      { orderId, assignmentId, workerId, how: 'manual', ...(version === 1 && { workerName: workerId }) },
      streamPosition++,
      version,
    );
    await eventually(`order ${orderId} assigned to ${workerId}`, async () => {
      const { data } = await orders.graphql(dispatcher, orderQuery, { id: orderId });
      return data?.order?.workerId === workerId;
    });
    return assignmentId;
  }

  async function read(token: string, orderId: string) {
    return dataOf(await orders.graphql(token, orderQuery, { id: orderId })).order;
  }

  it('takes an order from placement to closing, every step in the timeline with who did it', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const workerId = `worker-${randomUUID().slice(0, 8)}`;
    const otherWorkerId = `worker-${randomUUID().slice(0, 8)}`;
    const customer = await orders.token('customer', customerId);
    const worker = await orders.token('worker', workerId);
    const otherWorker = await orders.token('worker', otherWorkerId);

    // Placement needs 60 minutes' lead and check-in opens 60 minutes before the start: a start
    // just over an hour away is placeable now and open for check-in a few seconds later.
    const start = new Date(Date.now() + 60 * 60_000 + 5_000);
    const appointment = {
      start: start.toISOString(),
      end: new Date(start.getTime() + 90 * 60_000).toISOString(),
    };
    const idempotencyKey = randomUUID();
    const input = orderInput('周敏', appointment);
    const first = await place(customer, input, { 'Idempotency-Key': idempotencyKey });
    const again = await place(customer, input, { 'Idempotency-Key': idempotencyKey });
    expect(first).toMatchObject({ duplicate: false, order: { id: first.orderId, status: 'placed' } });
    expect(again).toMatchObject({ orderId: first.orderId, duplicate: true });
    const orderId = first.orderId;
    expect((await read(customer, orderId)).timeline.map((e: { type: string }) => e.type)).toEqual([
      'OrderPlaced',
    ]);

    await assign(orderId, workerId);
    const jobs = await eventually('the job in the worker’s myJobs', async () => {
      const { data } = await orders.graphql(
        worker,
        `{ myJobs { total items { id status customer { phone } } } }`,
      );
      return data?.myJobs.items.find((job: { id: string }) => job.id === orderId) && data.myJobs;
    });
    expect(jobs.items).toEqual([{ id: orderId, status: 'assigned', customer: { phone: '13812345678' } }]);

    // Another worker learns nothing about the job and cannot act on it.
    const seenByOther = await orders.graphql(otherWorker, orderQuery, { id: orderId });
    expect(seenByOther.data?.order).toBeNull();
    const otherJobs = dataOf(await orders.graphql(otherWorker, `{ myJobs { total items { id } } }`));
    expect(otherJobs.myJobs).toEqual({ total: 0, items: [] });
    const otherCheckIn = await orders.graphql(
      otherWorker,
      `mutation($id: ID!, $p: GeoPointInput!) { checkIn(orderId: $id, position: $p) { id } }`,
      { id: orderId, p: home },
    );
    expect(errorOf(otherCheckIn)).toMatchObject({ code: 'NOT_FOUND' });

    const checkIn = (position: { lat: number; lng: number }) =>
      orders.graphql(
        worker,
        `mutation($id: ID!, $p: GeoPointInput!) { checkIn(orderId: $id, position: $p) { ${jobFields} } }`,
        { id: orderId, p: position },
      );
    const opens = start.getTime() - 60 * 60_000;
    // Waiting for a clock time (the window opening), not for the system to catch up.
    if (Date.now() < opens + 200)
      await new Promise((resolve) => setTimeout(resolve, opens + 200 - Date.now()));

    const faraway = { lat: 31.2, lng: 121.45 };
    const expectedDistance = Math.round(distanceMeters(faraway, home));
    const tooFar = errorOf(await checkIn(faraway));
    expect(tooFar).toMatchObject({ code: 'TOO_FAR_FROM_ADDRESS', distanceMeters: expectedDistance });
    expect(tooFar.message).toContain(`${expectedDistance} m from the address`);
    expect(tooFar.message).toContain('within 500 m');

    const atTheDoor = { lat: home.lat + 0.0002, lng: home.lng };
    const checkedIn = dataOf(await checkIn(atTheDoor)).checkIn;
    expect(checkedIn).toMatchObject({ id: orderId, status: 'in_progress', job: { done: 0, total: 3 } });
    expect(checkedIn.job.checkedInAt).not.toBeNull();

    const tick = (key: string, note: string | null = null) =>
      orders.graphql(
        worker,
        `mutation($id: ID!, $key: String!, $note: String) { recordChecklistItem(orderId: $id, key: $key, done: true, note: $note) { ${jobFields} } }`,
        { id: orderId, key, note },
      );
    expect(dataOf(await tick('1.1', '滤网有积灰')).recordChecklistItem.job.done).toBe(1);
    expect(dataOf(await tick('1.2')).recordChecklistItem.job.done).toBe(2);
    expect(errorOf(await tick('9.9'))).toMatchObject({ code: 'UNKNOWN_CHECKLIST_ITEM', field: 'key' });

    const complete = () =>
      orders.graphql(worker, `mutation($id: ID!) { completeJob(orderId: $id) { ${jobFields} } }`, {
        id: orderId,
      });
    const notFinished = errorOf(await complete());
    expect(notFinished).toMatchObject({
      code: 'JOB_NOT_FINISHED',
      missing: [
        'checklist item 1.3',
        'a photo of the finished work (kind after)',
        "the customer's signature",
      ],
    });
    expect(notFinished.message).toContain('checklist item 1.3');
    expect(notFinished.message).toContain("the customer's signature");

    const photo = (id: string, kind: string, checklistKey: string | null) =>
      orders.graphql(
        worker,
        `mutation($id: ID!, $file: String!, $kind: PhotoKind!, $key: String) { addJobPhoto(orderId: $id, fileId: $file, kind: $kind, checklistKey: $key) { id } }`,
        { id: orderId, file: id, kind, key: checklistKey },
      );
    const before = await orders.upload(worker);
    const after = await orders.upload(worker);
    const neverUploaded = randomBytes(32).toString('hex');
    expect(errorOf(await photo(neverUploaded, 'after', null))).toMatchObject({
      code: 'FILE_NOT_UPLOADED',
      field: 'fileId',
    });
    dataOf(await photo(before, 'before', '1.1'));
    dataOf(await photo(after, 'after', null));
    expect(errorOf(await photo('not-a-file-id', 'after', null))).toMatchObject({ code: 'BAD_USER_INPUT' });

    const sparePart = () =>
      orders.graphql(
        worker,
        `mutation($id: ID!) { requestSparePart(orderId: $id, partCode: "AC-FILTER-02", quantity: 2, reason: "滤网破损") { id } }`,
        { id: orderId },
        { 'Idempotency-Key': 'spare-part-1' },
      );
    dataOf(await sparePart());
    dataOf(await sparePart()); // a retried request with the same key is one request

    const signatureFile = await orders.upload(worker, 'signature');
    const sign = () =>
      orders.graphql(
        worker,
        `mutation($id: ID!, $file: String!) { collectSignature(orderId: $id, signatureFileId: $file, signerName: "周敏") { id } }`,
        { id: orderId, file: signatureFile },
      );
    expect(errorOf(await sign())).toMatchObject({ code: 'CHECKLIST_INCOMPLETE', open: ['1.3'] });
    dataOf(await tick('1.3'));
    dataOf(await sign());

    const completed = dataOf(await complete()).completeJob;
    expect(completed).toMatchObject({ status: 'completed', job: { done: 3, total: 3 } });
    expect(completed.job.completedAt).not.toBeNull();

    // A completed order cannot be cancelled, and the error says what it is now.
    const cancelCompleted = errorOf(
      await orders.graphql(
        dispatcher,
        `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "customer changed their mind") { id } }`,
        { id: orderId },
      ),
    );
    expect(cancelCompleted).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'completed' });
    expect(cancelCompleted.message).toContain('the order is completed');

    const beijing = await orders.token('dispatcher', 'disp-bj', { branch: 'beijing' });
    const closeAs = (token: string) =>
      orders.graphql(
        token,
        `mutation($id: ID!) { closeOrder(orderId: $id, note: "回访满意") { id status } }`,
        {
          id: orderId,
        },
      );
    expect(errorOf(await closeAs(beijing))).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await closeAs(worker))).toMatchObject({ code: 'FORBIDDEN' });
    expect(dataOf(await closeAs(dispatcher)).closeOrder).toEqual({ id: orderId, status: 'closed' });

    const reschedule = errorOf(
      await orders.graphql(
        dispatcher,
        `mutation($id: ID!, $w: TimeWindowInput!) { rescheduleOrder(orderId: $id, appointment: $w, reason: "x") { id } }`,
        { id: orderId, w: windowIn(3) },
      ),
    );
    expect(reschedule).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'closed' });
    expect(reschedule.message).toContain('the order is closed');

    const final = await read(customer, orderId);
    expect(final.job).toMatchObject({
      checklist: [
        { key: '1.1', done: true, note: '滤网有积灰' },
        { key: '1.2', done: true, note: null },
        { key: '1.3', done: true, note: null },
      ],
      photos: [
        { fileId: before, kind: 'before', checklistKey: '1.1' },
        { fileId: after, kind: 'after', checklistKey: null },
      ],
      spareParts: [{ partCode: 'AC-FILTER-02', quantity: 2, reason: '滤网破损' }],
      signature: { fileId: signatureFile, signerName: '周敏' },
    });
    const user = (id: string, role: string) => ({ actorKind: 'user', actorId: id, actorRole: role });
    expect(final.timeline).toEqual([
      { type: 'OrderPlaced', ...user(customerId, 'customer'), summary: expect.stringContaining('via app') },
      {
        type: 'OrderAssigned',
        actorKind: 'system',
        actorId: 'dispatch-test',
        actorRole: null,
        summary: 'Assigned to a worker',
      },
      { type: 'JobCheckedIn', ...user(workerId, 'worker'), summary: 'Checked in 22 m from the address' },
      {
        type: 'ChecklistItemRecorded',
        ...user(workerId, 'worker'),
        summary: 'Checklist 1.1 done: 滤网有积灰',
      },
      { type: 'ChecklistItemRecorded', ...user(workerId, 'worker'), summary: 'Checklist 1.2 done' },
      { type: 'JobPhotoAdded', ...user(workerId, 'worker'), summary: 'Photo added (before, checklist 1.1)' },
      { type: 'JobPhotoAdded', ...user(workerId, 'worker'), summary: 'Photo added (after)' },
      {
        type: 'SparePartRequested',
        ...user(workerId, 'worker'),
        summary: 'Spare part requested: AC-FILTER-02 × 2 (滤网破损)',
      },
      { type: 'ChecklistItemRecorded', ...user(workerId, 'worker'), summary: 'Checklist 1.3 done' },
      { type: 'CustomerSigned', ...user(workerId, 'worker'), summary: 'Signed off by 周敏' },
      {
        type: 'JobCompleted',
        ...user(workerId, 'worker'),
        summary: 'Job completed: 3/3 checklist items, 2 photos',
      },
      { type: 'OrderClosed', ...user(dispatcherId, 'dispatcher'), summary: 'Order closed: 回访满意' },
    ]);
    // The worker is a reference the graph resolves in workforce (their name, as far as the caller may
    // see it), on the order and on each timeline entry about them.
    const named = dataOf(
      await orders.graphql(
        dispatcher,
        `query($id: ID!) { order(id: $id) { workerId worker { id } timeline { type workerId worker { id } } } }`,
        { id: orderId },
      ),
    ).order;
    const about = (type: string) => ({ type, workerId, worker: { id: workerId } });
    expect(named).toMatchObject({ workerId, worker: { id: workerId } });
    expect(named.timeline.filter((e: { workerId: string | null }) => e.workerId)).toEqual(
      ['OrderAssigned', 'JobCheckedIn', 'JobCompleted'].map(about),
    );
  });

  it('refuses a check-in long before the appointment, naming the window', async () => {
    const customer = await orders.token('customer', `cust-${randomUUID().slice(0, 8)}`);
    const workerId = `worker-${randomUUID().slice(0, 8)}`;
    const window = windowIn(2, '14:00', '16:00');
    const { orderId } = await place(customer, orderInput('钱磊', window));
    await assign(orderId, workerId);
    const refused = errorOf(
      await orders.graphql(
        await orders.token('worker', workerId),
        `mutation($id: ID!, $p: GeoPointInput!) { checkIn(orderId: $id, position: $p) { id } }`,
        { id: orderId, p: home },
      ),
    );
    expect(refused.code).toBe('OUTSIDE_SERVICE_WINDOW');
    expect(refused.message).toContain(window.start);
  });

  it('lets a customer cancel their own order in good time, and hides it from another customer', async () => {
    const ownerId = `cust-${randomUUID().slice(0, 8)}`;
    const owner = await orders.token('customer', ownerId);
    const stranger = await orders.token('customer', `cust-${randomUUID().slice(0, 8)}`);
    const { orderId } = await place(owner, orderInput('孙丽', windowIn(2)));
    const cancel = (token: string) =>
      orders.graphql(
        token,
        `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "plans changed") { id status cancellation { reason by late } } }`,
        { id: orderId },
      );

    expect(errorOf(await cancel(stranger))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await read(owner, orderId)).status).toBe('placed');

    expect(dataOf(await cancel(owner)).cancelOrder).toEqual({
      id: orderId,
      status: 'cancelled',
      cancellation: { reason: 'plans changed', by: 'customer', late: false },
    });
    // Cancelling again changes nothing.
    expect(dataOf(await cancel(owner)).cancelOrder.status).toBe('cancelled');
    const timeline = (await read(owner, orderId)).timeline;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(timeline[1]).toMatchObject({ actorKind: 'user', actorId: ownerId, actorRole: 'customer' });
  });

  it('lets a customer move their order in good time, but not inside the notice period, where staff cancel it late', async () => {
    const customer = await orders.token('customer', `cust-${randomUUID().slice(0, 8)}`);
    const later = await place(customer, orderInput('吴刚', windowIn(2)));
    const moveTo = windowIn(4, '14:00', '17:00');
    const moved = dataOf(
      await orders.graphql(
        customer,
        `mutation($id: ID!, $w: TimeWindowInput!) { rescheduleOrder(orderId: $id, appointment: $w, reason: "出差") { appointment { start end } } }`,
        { id: later.orderId, w: { start: moveTo.start, end: moveTo.end } },
      ),
    ).rescheduleOrder;
    expect(moved.appointment).toEqual({
      start: new Date(moveTo.start).toISOString(),
      end: new Date(moveTo.end).toISOString(),
    });

    const start = new Date(Date.now() + 90 * 60_000);
    const soon = await place(
      customer,
      orderInput('吴刚', {
        start: start.toISOString(),
        end: new Date(start.getTime() + 3600_000).toISOString(),
      }),
    );
    const cancel = (token: string) =>
      orders.graphql(
        token,
        `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "sick") { status cancellation { by late } } }`,
        { id: soon.orderId },
      );
    const refused = errorOf(await cancel(customer));
    expect(refused.code).toBe('NOTICE_PERIOD_PASSED');
    expect(refused.message).toContain('2 hours before the appointment');
    expect(dataOf(await cancel(dispatcher)).cancelOrder).toEqual({
      status: 'cancelled',
      cancellation: { by: 'company', late: true },
    });
  });

  it('puts an order back to placed when dispatch withdraws the assignment', async () => {
    const customer = await orders.token('customer', `cust-${randomUUID().slice(0, 8)}`);
    const workerId = `worker-${randomUUID().slice(0, 8)}`;
    const worker = await orders.token('worker', workerId);
    const { orderId } = await place(customer, orderInput('郑洁', windowIn(3)));
    const assignmentId = await assign(orderId, workerId, 1);
    expect(dataOf(await orders.graphql(worker, `{ myJobs { items { id } } }`)).myJobs.items).toEqual([
      { id: orderId },
    ]);
    // An assignment from dispatch's older release reads as the current one: no id shown as a name.
    expect((await read(dispatcher, orderId)).timeline.at(-1)).toMatchObject({
      type: 'OrderAssigned',
      summary: 'Assigned to a worker',
    });

    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      'TechnicianUnassigned',
      { orderId, assignmentId, workerId, reason: 'worker reported sick' },
      streamPosition++,
    );
    // The board row and the timeline are separate projections: wait for both.
    const back = await eventually('the order back to placed, the withdrawal in its timeline', async () => {
      const order = await read(dispatcher, orderId);
      return order.status === 'placed' && order.timeline.at(-1)?.type === 'OrderAssignmentWithdrawn' && order;
    });
    expect(back).toMatchObject({ workerId: null, worker: null });
    expect(back.timeline.at(-1)).toMatchObject({
      type: 'OrderAssignmentWithdrawn',
      summary: 'Assignment withdrawn: worker reported sick',
    });
    expect(dataOf(await orders.graphql(worker, `{ myJobs { total items { id } } }`)).myJobs).toEqual({
      total: 0,
      items: [],
    });
    expect((await orders.graphql(worker, orderQuery, { id: orderId })).data?.order).toBeNull();
  });
});
