import { verifySignature } from '@platform/auth';
import { PG_POOL, quoteIdent } from '@platform/eventing';
import { eventually } from '@platform/eventing/testing';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { startCaptureServer } from '@platform/service-kit/testing';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  tmallOrder,
  type OrdersUnderTest,
} from '../../test/orders-harness';
import { ContactBook } from '../contacts/contact-book';
import { idFor, OrderIntake, orderIdForChannelOrder } from '../order/place-order/order-intake';
import { channelSettings } from './channel-profiles';

const boardQuery = `query($search: String) { orderBoard(filter: { search: $search }) { total items { id status channel channelOrderId customer { name phone } product { model fault } timeline { type actorKind actorId } } } }`;

function douyinOrder(orderId: string, overrides: Record<string, unknown> = {}) {
  const window = shanghaiWindow(2);
  return {
    order_id: orderId,
    buyer_id: 'buyer-8812',
    receiver: {
      name: '陈静',
      phone: '13611112222',
      city: 'Shanghai',
      district: '徐汇区',
      detail: '漕溪北路 88 号 1202',
      lat: 31.1886,
      lng: 121.4365,
    },
    service_code: 'HC-DAILY-3H',
    appointment: { date: window.date, start_time: '09:00', end_time: '12:00' },
    remark: '请带鞋套',
    live_room_id: 'room-77',
    ...overrides,
  };
}

describe('partner webhooks (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  let orders: OrdersUnderTest;
  let chat: Awaited<ReturnType<typeof startCaptureServer>>;
  let partner: Awaited<ReturnType<typeof startCaptureServer>>;
  let dispatcher: string;

  beforeAll(async () => {
    chat = await startCaptureServer();
    partner = await startCaptureServer();
    orders = await startOrders({
      CHATBOT_WEBHOOK_URL: `${chat.url}/bot`,
      PARTNER_CALLBACK_URL_DOUYIN_LIVE: `${partner.url}/callbacks`,
    });
    dispatcher = await orders.token('dispatcher', 'disp-1', { branch: 'shanghai' });
  });
  afterAll(async () => {
    await orders?.close();
    await chat?.close();
    await partner?.close();
  });

  /** Nothing of a rejected request may exist anywhere: no order stream, no board row. */
  async function expectNothingStored(channel: string, channelOrderId: string) {
    const orderId = orderIdForChannelOrder(channel, channelOrderId);
    const { data } = await orders.graphql(dispatcher, `query($id: ID!) { order(id: $id) { id } }`, {
      id: orderId,
    });
    expect(data?.order).toBeNull();
    const admin = await orders.token('admin', 'admin-1');
    const board = await orders.graphql(admin, boardQuery, { search: orderId });
    expect(board.data?.orderBoard.total).toBe(0);
  }

  it('accepts a signed order, shows it on the board with its timeline, and pushes one chat card', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const sent = await orders.webhook('douyin_live', douyinOrder(channelOrderId));
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({
      orderId: orderIdForChannelOrder('douyin_live', channelOrderId),
      duplicate: false,
    });

    const order = await eventually('the partner order on the board', async () => {
      const { data } = await orders.graphql(dispatcher, boardQuery, { search: sent.body.orderId });
      // The timeline comes from the detail read model, which may be a moment behind the board.
      return data?.orderBoard.items[0]?.timeline.length ? data.orderBoard.items[0] : undefined;
    });
    expect(order).toMatchObject({
      status: 'placed',
      channel: 'douyin_live',
      channelOrderId,
      customer: { name: '陈静', phone: '13611112222' },
    });
    expect(order.timeline).toEqual([{ type: 'OrderPlaced', actorKind: 'partner', actorId: 'douyin_live' }]);

    const card = await eventually('the new-order card in the chat', async () =>
      chat.requests.find((r) => JSON.stringify(r.body).includes(sent.body.orderId)),
    );
    expect(card.body).toMatchObject({ msg_type: 'interactive' });
    expect(JSON.stringify(card.body)).toContain(`/${sent.body.orderId}`);
    expect(JSON.stringify(card.body)).toContain('日常保洁');
  });

  it('answers a resend of the same order with the same order id, refuses one with other content naming what differs, and changes nothing', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const first = await orders.webhook('douyin_live', douyinOrder(channelOrderId));
    const again = await orders.webhook('douyin_live', douyinOrder(channelOrderId), {
      timestamp: first.timestamp + 1,
    });
    const changed = await orders.webhook(
      'douyin_live',
      douyinOrder(channelOrderId, {
        remark: 'changed on the second try',
        receiver: { ...douyinOrder('x').receiver, phone: '13600000000' },
      }),
      { timestamp: first.timestamp + 2 },
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ orderId: first.body.orderId, duplicate: true });
    expect(changed.status).toBe(409);
    expect(changed.body.problems).toEqual([
      { field: 'receiver.phone', reason: 'differs from the order as first received' },
      { field: 'remark', reason: 'differs from the order as first received' },
    ]);
    expect(changed.body.message).toContain(String(first.body.orderId));
    // The timeline comes from the detail read model, which may be a moment behind the board.
    await eventually('the order on the board, with its timeline', async () => {
      const { data } = await orders.graphql(dispatcher, boardQuery, { search: first.body.orderId });
      return (data?.orderBoard.items[0]?.timeline.length ?? 0) > 0;
    });
    const detail = await orders.graphql(
      dispatcher,
      `query($id: ID!) { order(id: $id) { notes timeline { type } } }`,
      { id: first.body.orderId },
    );
    expect(detail.data?.order.timeline).toEqual([{ type: 'OrderPlaced' }]);
    expect(detail.data?.order.notes).not.toContain('changed on the second try');
    await eventually('one chat card for the order', async () =>
      chat.requests.some((r) => r.rawBody.includes(first.body.orderId)),
    );
    // A second card would have been posted by now if the duplicate had triggered one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(chat.requests.filter((r) => r.rawBody.includes(first.body.orderId))).toHaveLength(1);
  });

  it('rejects a replay of the very same signed request with 409', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const first = await orders.webhook('douyin_live', douyinOrder(channelOrderId));
    const replay = await orders.webhook('douyin_live', undefined, {
      raw: first.raw,
      timestamp: first.timestamp,
      signature: first.signature,
    });
    expect(replay.status).toBe(409);
    expect(replay.body.message).toContain(first.body.orderId);
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const sent = await orders.webhook('douyin_live', douyinOrder(channelOrderId), {
      secret: 'not-the-partner-secret',
    });
    expect(sent.status).toBe(401);
    expect(sent.body.message).toBe('signature rejected: signature does not match');
    await expectNothingStored('douyin_live', channelOrderId);
  });

  it('rejects a stale timestamp with 401 and stores nothing', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const sent = await orders.webhook('douyin_live', douyinOrder(channelOrderId), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(sent.status).toBe(401);
    expect(sent.body.message).toMatch(/timestamp is 36\d s away from now; the window is 300 s/);
    await expectNothingStored('douyin_live', channelOrderId);
  });

  it('rejects a malformed payload with 422 naming each bad field, and stores nothing', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const bad = douyinOrder(channelOrderId, {
      receiver: {
        name: '陈静',
        city: 'shanghai',
        district: '徐汇区',
        detail: '漕溪北路 88 号',
        lat: 31.1886,
        lng: 121.4365,
        phone: 'call me',
      },
      appointment: { date: '2026-13-40', start_time: '9am', end_time: '12:00' },
    });
    const sent = await orders.webhook('douyin_live', bad);
    expect(sent.status).toBe(422);
    const fields = (sent.body.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['appointment.date', 'appointment.start_time', 'receiver.phone']);
    await expectNothingStored('douyin_live', channelOrderId);
  });

  it('rejects a NUL character anywhere in the order with 422 naming where, and stores nothing', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const order = douyinOrder(channelOrderId);
    const sent = await orders.webhook('douyin_live', {
      ...order,
      receiver: { ...order.receiver, detail: '漕溪北路 88 号\u0000' },
    });
    expect(sent.status).toBe(422);
    expect(sent.body.problems).toEqual([
      { field: 'receiver.detail', reason: 'must not contain the NUL character (U+0000)' },
    ]);
    await expectNothingStored('douyin_live', channelOrderId);
  });

  it('rejects what the business cannot take (item not offered in the city) with 422 and the field', async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const sent = await orders.webhook(
      'douyin_live',
      douyinOrder(channelOrderId, {
        service_code: 'HC-COOK-2H',
        receiver: { ...douyinOrder('x').receiver, city: 'chengdu' },
      }),
    );
    expect(sent.status).toBe(422);
    expect(sent.body.problems).toEqual([
      { field: 'receiver.city', reason: 'service item HC-COOK-2H is not offered in chengdu' },
    ]);
    await expectNothingStored('douyin_live', channelOrderId);
  });

  it("names the partner's own fields when the order's rules or our order request refuse it", async () => {
    const tooSoon = douyinOrder(`DY-${randomUUID().slice(0, 8)}`, {
      appointment: { date: shanghaiWindow(0).date, start_time: '00:00', end_time: '00:30' },
    });
    const unknownItem = douyinOrder(`DY-${randomUUID().slice(0, 8)}`, { service_code: 'NO-SUCH-ITEM' });
    const window = shanghaiWindow(2);
    const backwards = tmallOrder({ serviceStart: window.end, serviceEnd: window.start });
    const fields = async (channel: string, body: unknown) => {
      const sent = await orders.webhook(channel, body);
      expect(sent.status).toBe(422);
      return (sent.body.problems as { field: string }[]).map((p) => p.field);
    };
    expect(await fields('douyin_live', tooSoon)).toEqual(['appointment.start_time']);
    expect(await fields('douyin_live', unknownItem)).toEqual(['service_code']);
    expect(await fields('tmall', backwards)).toEqual(['serviceEnd']);
  });

  it("finds a partner order on the board by the partner's order number", async () => {
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const sent = await orders.webhook('douyin_live', douyinOrder(channelOrderId));
    const found = await eventually('the order found by its partner order number', async () => {
      const { data } = await orders.graphql(dispatcher, boardQuery, { search: channelOrderId });
      return data?.orderBoard.total === 1 && data.orderBoard.items[0];
    });
    expect(found).toMatchObject({ id: sent.body.orderId, channelOrderId });
  });

  describe("the customer's contact, written only for an order that is placed", () => {
    const contactsTable = () => `${quoteIdent(orders.storage)}.contacts`;
    const contactRows = async (contactId: string) =>
      (
        await orders.app
          .get<Pool>(PG_POOL)
          .query(`SELECT awaiting_stream FROM ${contactsTable()} WHERE contact_id = $1`, [contactId])
      ).rows;

    it('leaves no contact behind when storing the order fails after the contact was written', async () => {
      const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
      const orderId = orderIdForChannelOrder('douyin_live', channelOrderId);
      const window = shanghaiWindow(2);
      // A lone UTF-16 surrogate passes the request's checks but not PostgreSQL's JSON: the append fails.
      const placing = orders.app.get(OrderIntake).place(
        {
          channel: 'douyin_live',
          channelOrderId,
          customerId: 'douyin:buyer-8812',
          contact: { name: '陈静', phone: '13611112222', street: '漕溪北路 88 号' },
          address: { city: 'shanghai', district: '徐汇区', location: { lat: 31.1886, lng: 121.4365 } },
          itemCode: 'HC-DAILY-3H',
          appointment: { start: window.start, end: window.end },
          notes: 'broken \ud800 text',
        },
        {
          commandId: randomUUID(),
          correlationId: randomUUID(),
          actor: { kind: 'partner', id: 'douyin_live' },
          at: new Date(),
        },
      );
      await expect(placing).rejects.toThrow();
      expect(await contactRows(idFor(`contact/${orderId}`))).toEqual([]);
      await expectNothingStored('douyin_live', channelOrderId);
    });

    it('settles a contact left by a crash between its write and its order: kept with the order, deleted without', async () => {
      const contacts = orders.app.get(ContactBook);
      const orphan = {
        contactId: randomUUID(),
        customerId: 'douyin:crashed',
        name: '陈静',
        phone: '13611112222',
        street: '漕溪北路 88 号',
      };
      // The process "dies" inside the command: the row stays, awaiting a stream that never comes.
      void contacts.keepFor(orphan, `order-${randomUUID()}`, () => new Promise(() => undefined));
      await eventually(
        'the awaiting contact',
        async () => (await contactRows(orphan.contactId)).length === 1,
      );

      const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
      const placed = await orders.webhook('douyin_live', douyinOrder(channelOrderId));
      const kept = idFor(`contact/${placed.body.orderId}`);
      // As if the process had died after storing the order and before noting the contact as kept.
      await orders.app
        .get<Pool>(PG_POOL)
        .query(`UPDATE ${contactsTable()} SET awaiting_stream = $2 WHERE contact_id = $1`, [
          kept,
          `order-${placed.body.orderId}`,
        ]);

      expect(await contacts.sweep(0)).toMatchObject({ deleted: 1 });
      expect(await contactRows(orphan.contactId)).toEqual([]);
      expect(await contactRows(kept)).toEqual([{ awaiting_stream: null }]);
    });
  });

  it('rejects a body that is not JSON (400), an oversized body (413) and an unknown channel (404)', async () => {
    const notJson = await orders.webhook('douyin_live', undefined, { raw: '{"order_id": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toBe('body is not valid JSON');

    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const huge = await orders.webhook(
      'douyin_live',
      douyinOrder(channelOrderId, { remark: 'x'.repeat(70 * 1024) }),
    );
    expect(huge.status).toBe(413);
    await expectNothingStored('douyin_live', channelOrderId);

    const unknown = await orders.webhook('jd_home', { order: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('douyin_live, tmall, brand_aftersales');
  });

  it("maps a brand's after-sales ticket, product and fault included", async () => {
    const ticketNo = `AS-${randomUUID().slice(0, 8)}`;
    const window = shanghaiWindow(3, '14:00', '16:00');
    const sent = await orders.webhook('brand_aftersales', {
      ticketNo,
      customer: { id: 'c-991', name: '刘洋', mobile: '13500001234' },
      address: {
        city: 'shanghai',
        district: '浦东新区',
        street: '世纪大道 100 号',
        geo: { lat: 31.2354, lng: 121.5055 },
      },
      serviceCode: 'AS-REPAIR-SMARTLOCK',
      visitWindow: { from: window.start, to: window.end },
      product: { category: 'smart_home', model: 'SL-X3', purchasedOn: '2025-06-18', fault: '指纹识别失败' },
    });
    expect(sent.status).toBe(201);
    const order = await eventually(
      // The product comes from the order's detail, a read model of its own that may follow a moment later.
      'the after-sales order on the board with its product',
      async () =>
        (await orders.graphql(dispatcher, boardQuery, { search: sent.body.orderId })).data?.orderBoard
          .items[0]?.product ?? undefined,
    );
    expect(order).toEqual({ model: 'SL-X3', fault: '指纹识别失败' });
  });

  it('tells the channel about status changes with a signed callback, retried until delivered, in a visible log', async () => {
    partner.answerWith(503, { error: 'busy' });
    const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
    const { body } = await orders.webhook('douyin_live', douyinOrder(channelOrderId));
    await eventually(
      'the order on the board',
      async () =>
        (await orders.graphql(dispatcher, boardQuery, { search: body.orderId })).data?.orderBoard.items[0],
    );
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${body.orderId}`,
      'TechnicianAssigned',
      {
        orderId: body.orderId,
        assignmentId: randomUUID(),
        workerId: 'worker-7',
        workerName: '王师傅',
        how: 'auto',
      },
    );
    const deliveriesQuery = `query($id: ID!) { order(id: $id) { status workerId channelCallbacks { status deliveryStatus attempts lastResponseCode } } }`;
    const failing = await eventually('a failed first callback attempt in the log', async () => {
      const { data } = await orders.graphql(dispatcher, deliveriesQuery, { id: body.orderId });
      return (
        data?.order.status === 'assigned' &&
        data.order.channelCallbacks.find((c: { lastResponseCode: number }) => c.lastResponseCode === 503) &&
        data.order
      );
    });
    expect(failing).toMatchObject({ status: 'assigned', workerId: 'worker-7' });

    partner.answerWith(200, { ok: true });
    const delivered = await eventually(
      'the callback delivered after a retry',
      async () => {
        const { data } = await orders.graphql(dispatcher, deliveriesQuery, { id: body.orderId });
        return data?.order.channelCallbacks.find(
          (c: { deliveryStatus: string }) => c.deliveryStatus === 'delivered',
        );
      },
      20_000,
    );
    expect(delivered).toMatchObject({ status: 'assigned', lastResponseCode: 200 });
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);

    const received = partner.requests.filter((r) => r.rawBody.includes(body.orderId)).at(-1)!;
    expect(received.body).toMatchObject({
      channel: 'douyin_live',
      channelOrderId,
      orderId: body.orderId,
      status: 'assigned',
      event: 'OrderAssigned',
    });
    const check = verifySignature({
      secret: channelSettings('douyin_live').secret,
      rawBody: Buffer.from(received.rawBody),
      signature: received.headers['x-signature'] as string,
      timestamp: received.headers['x-signature-timestamp'] as string,
      now: new Date(),
    });
    expect(check).toEqual({ ok: true });
  });
});
