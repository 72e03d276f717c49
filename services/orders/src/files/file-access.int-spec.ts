import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import {
  dataOf,
  errorOf,
  publishForeignEvent,
  startOrders,
  type OrdersUnderTest,
} from '../../test/orders-harness';
import { samples } from './file-samples';

const home = { lat: 31.1886, lng: 121.4365 };
const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`;

/** A worker as workforce announces them: applied at a station of Shanghai. */
function workerApplied(workerId: string, stationId: string) {
  return {
    workerId,
    profileId: randomUUID(),
    branchId: 'shanghai',
    stationId,
    jobTypes: ['HK-101'],
    languages: ['zh'],
    experienceYears: 3,
    homeLocation: home,
    serviceAreas: ['xuhui'],
  };
}

describe('files follow the access rules of the order they are attached to (real servers)', () => {
  let orders: OrdersUnderTest;
  let orderId: string;
  const files = { attachment: '', photo: '', signature: '' };
  const id = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
  const customerId = id('cust');
  const workerId = id('worker');
  const station = id('sh-station');
  let customer: string;
  let worker: string;

  const download = (token: string, fileId: string) =>
    fetch(`${orders.url}/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
  /** Which of the order's files a caller gets (200) rather than a "no such file" (404). */
  const downloadable = async (token: string) => {
    const got: string[] = [];
    for (const [use, fileId] of Object.entries(files)) {
      const { status } = await download(token, fileId);
      if (status === 200) got.push(use);
      else expect({ use, status }).toEqual({ use, status: 404 });
    }
    return got;
  };

  beforeAll(async () => {
    orders = await startOrders();
    customer = await orders.token('customer', customerId);
    worker = await orders.token('worker', workerId);
    await publishForeignEvent(
      `${orders.storage}.`,
      'workforce',
      `worker-${workerId}`,
      'WorkerApplied',
      workerApplied(workerId, station),
    );

    // The customer attaches a picture of the fault; the worker holding the job adds a photo and
    // the customer's signature (check-in opens an hour before the start).
    files.attachment = await orders.upload(customer, 'fault_picture');
    const start = new Date(Date.now() + 60 * 60_000 + 3_000);
    const input = {
      contact: { name: '周敏', phone: '13812345678', street: '漕溪北路 88 号 1202' },
      address: { city: 'shanghai', district: '徐汇区', location: home },
      itemCode: 'HC-APPLIANCE-AC',
      appointment: {
        start: start.toISOString(),
        end: new Date(start.getTime() + 90 * 60_000).toISOString(),
      },
      attachments: [{ fileId: files.attachment, kind: 'fault_picture' }],
    };
    orderId = dataOf(await orders.graphql(customer, placeOrder, { input })).placeOrder.orderId;
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      'TechnicianAssigned',
      { orderId, assignmentId: randomUUID(), workerId, workerName: '王师傅', how: 'auto' },
    );
    const act = (mutation: string, variables: Record<string, unknown> = {}) =>
      orders.graphql(worker, mutation, { id: orderId, ...variables });
    await eventually('the job checked in', async () => {
      const { data } = await act(
        `mutation($id: ID!, $p: GeoPointInput!) { checkIn(orderId: $id, position: $p) { status } }`,
        { p: home },
      );
      return data?.checkIn.status === 'in_progress';
    });
    for (const key of ['1.1', '1.2', '1.3'])
      dataOf(
        await act(
          `mutation($id: ID!, $key: String!) { recordChecklistItem(orderId: $id, key: $key, done: true) { id } }`,
          { key },
        ),
      );
    files.photo = await orders.upload(worker, 'photo');
    dataOf(
      await act(
        `mutation($id: ID!, $file: String!) { addJobPhoto(orderId: $id, fileId: $file, kind: after) { id } }`,
        { file: files.photo },
      ),
    );
    files.signature = await orders.upload(worker, 'signature');
    dataOf(
      await act(
        `mutation($id: ID!, $file: String!) { collectSignature(orderId: $id, signatureFileId: $file, signerName: "周敏") { id } }`,
        { file: files.signature },
      ),
    );
    // The desk downloads the signature once the order's files are known to the read model.
    const desk = await orders.token('dispatcher', id('disp'), { branch: 'shanghai' });
    await eventually('the signature attached to the order', async () => {
      return (await download(desk, files.signature)).status === 200;
    });
  }, 120_000);

  afterAll(async () => {
    await orders?.close();
  });

  it("gives another customer none of the order's files, nor lets them attach one to their own order", async () => {
    const stranger = await orders.token('customer', id('cust'));
    expect(await downloadable(stranger)).toEqual([]);
    const start = new Date(Date.now() + 2 * 86_400_000);
    const stolen = await orders.graphql(stranger, placeOrder, {
      input: {
        contact: { name: '越权', phone: '13800000000', street: '某路 2 号' },
        address: { city: 'shanghai', district: '徐汇区', location: home },
        itemCode: 'HC-DAILY-3H',
        appointment: {
          start: start.toISOString(),
          end: new Date(start.getTime() + 3 * 3600_000).toISOString(),
        },
        attachments: [{ fileId: files.signature, kind: 'photo' }],
      },
    });
    expect(errorOf(stolen)).toMatchObject({ code: 'FILE_NOT_UPLOADED', field: 'attachments' });
    expect(errorOf(stolen).message).toContain('was not uploaded by you');
  });

  it('gives the customer, the worker holding the job and their station leader every file; other workers none', async () => {
    expect(await downloadable(customer)).toEqual(['attachment', 'photo', 'signature']);
    expect(await downloadable(worker)).toEqual(['attachment', 'photo', 'signature']);
    expect(await downloadable(await orders.token('worker', id('worker')))).toEqual([]);
    const leader = (stationId: string) =>
      orders.token('station_leader', id('leader'), { branch: 'shanghai', station: stationId });
    expect(await downloadable(await leader(station))).toEqual(['attachment', 'photo', 'signature']);
    expect(await downloadable(await leader(id('sh-other')))).toEqual([]);
  });

  it('keeps branches apart and gives finance, QA and legal only what their work needs', async () => {
    const beijing = await orders.token('dispatcher', id('disp'), { branch: 'beijing' });
    expect(await downloadable(beijing)).toEqual([]);
    expect(await downloadable(await orders.token('finance', id('fin')))).toEqual([]);
    expect(await downloadable(await orders.token('qa_inspector', id('qa')))).toEqual(['attachment', 'photo']);
    expect(await downloadable(await orders.token('legal', id('legal')))).toEqual([
      'attachment',
      'photo',
      'signature',
    ]);
  });

  it('lets each role upload only the kinds of file it attaches to orders', async () => {
    const upload = async (token: string, kind: string) => {
      const response = await fetch(`${orders.url}/files?kind=${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` },
        body: Buffer.concat([samples['image/png'], Buffer.from(randomUUID())]),
      });
      return { status: response.status, body: (await response.json()) as { problems?: unknown } };
    };
    expect(await upload(await orders.token('finance', id('fin')), 'photo')).toEqual({
      status: 403,
      body: expect.objectContaining({
        problems: [{ field: 'kind', reason: 'a finance attaches no files to orders, so may not upload any' }],
      }),
    });
    expect(await upload(customer, 'signature')).toEqual({
      status: 403,
      body: expect.objectContaining({
        problems: [
          { field: 'kind', reason: 'a customer uploads photo, fault_picture, document, not signature' },
        ],
      }),
    });
    expect((await upload(customer, 'fault_picture')).status).toBe(201);
    expect((await upload(worker, 'signature')).status).toBe(201);
  });
});
