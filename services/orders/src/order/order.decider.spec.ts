import { createHash } from 'node:crypto';
import { EventCatalog, allEvents, type CatalogueItemDetails, type GeoPoint } from '@platform/contracts';
import { fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import type { CatalogueItemState } from '../catalogue/catalogue-item.decider';
import { orderDecider, orderStream, type OrderCommand, type OrderEvent } from './order.decider';

const spec = deciderSpec(orderDecider);
const catalog = new EventCatalog(allEvents);

type PlaceOrder = Extract<OrderCommand, { type: 'PlaceOrder' }>;

/** A wall-clock time in Shanghai, as the customer and the worker read it. */
const shanghai = (local: string) => new Date(`${local}+08:00`);
/** Uploaded files are named by their SHA-256. */
const file = (name: string) => createHash('sha256').update(name).digest('hex');

const orderId = '3f6c2a1e-8b4d-4c7a-9e21-5d0b7a6c4f10';
const contactId = '9a1d4e2b-7c3f-4b8e-a5d6-1e2f3a4b5c6d';

const deepCleaning: CatalogueItemDetails = {
  name: { zh: '深度保洁（4小时）', en: 'Deep home cleaning (4 h)' },
  line: 'home_services',
  category: 'deep_cleaning',
  productCategory: null,
  standard: [
    {
      area: '厨房 Kitchen',
      criteria: [
        '灶台、油烟机表面无油污 Hob and hood free of grease',
        '水槽无水渍水垢 Sink free of limescale',
      ],
    },
    { area: '卫生间 Bathroom', criteria: ['马桶内外清洁并消毒 Toilet cleaned and disinfected'] },
    { area: '客厅 Living room', criteria: ['地面无灰尘毛发 Floor free of dust and hair'] },
  ],
  expectedMinutes: 240,
  qualification: 'deep_cleaning',
  basePrice: { amountMinor: 39_900, currency: 'CNY' },
  cities: ['上海', '苏州'],
};

const lockRepair: CatalogueItemDetails = {
  name: { zh: '智能门锁维修', en: 'Smart door lock repair' },
  line: 'after_sales',
  category: 'repair',
  productCategory: 'smart_home',
  standard: [
    {
      area: '门锁 Lock',
      criteria: ['故障排除，开关锁测试10次 Fault fixed, lock opened and closed 10 times'],
    },
    { area: '现场 Site', criteria: ['清理施工垃圾 Debris cleared away'] },
  ],
  expectedMinutes: 90,
  qualification: 'smart_home_repair',
  basePrice: { amountMinor: 12_000, currency: 'CNY' },
  cities: ['上海'],
};

const item = (status: 'draft' | 'published' | 'retired', code: string, details: CatalogueItemDetails) =>
  ({ status, code, details }) satisfies CatalogueItemState;

/** A residential compound off Tianyaoqiao Road, Xuhui. */
const home: GeoPoint = { lat: 31.194, lng: 121.437 };
const atTheDoor: GeoPoint = { lat: 31.1941, lng: 121.4371 };

const appointment = { start: '2026-05-20T09:00:00+08:00', end: '2026-05-20T13:00:00+08:00' };
const placedAt = shanghai('2026-05-18T10:00:00');

const facts: Omit<PlaceOrder['order'], 'itemCode'> = {
  orderId,
  channel: 'app',
  channelOrderId: null,
  branchId: 'sh-xuhui',
  customerId: 'cust-20931',
  contactId,
  address: { city: '上海', district: '徐汇区', location: home },
  appointment,
  notes: '家里有猫，进出请随手关门 / a cat lives here, please keep the door closed',
  attachments: [],
  product: null,
  packageId: null,
};

const placeOrder = (
  change: Partial<PlaceOrder['order']> = {},
  catalogueItem: CatalogueItemState = item('published', 'DEEP-CLEAN-4H', deepCleaning),
  at: Date = placedAt,
): PlaceOrder => ({
  type: 'PlaceOrder',
  at,
  catalogueItem,
  order: { ...facts, itemCode: 'DEEP-CLEAN-4H', ...change },
});

const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    ...facts,
    item: {
      code: 'DEEP-CLEAN-4H',
      name: { zh: '深度保洁（4小时）', en: 'Deep home cleaning (4 h)' },
      line: 'home_services',
      category: 'deep_cleaning',
      qualification: 'deep_cleaning',
      expectedMinutes: 240,
      basePrice: { amountMinor: 39_900, currency: 'CNY' },
      checklist: [
        { key: '1.1', area: '厨房 Kitchen', criterion: '灶台、油烟机表面无油污 Hob and hood free of grease' },
        { key: '1.2', area: '厨房 Kitchen', criterion: '水槽无水渍水垢 Sink free of limescale' },
        {
          key: '2.1',
          area: '卫生间 Bathroom',
          criterion: '马桶内外清洁并消毒 Toilet cleaned and disinfected',
        },
        { key: '3.1', area: '客厅 Living room', criterion: '地面无灰尘毛发 Floor free of dust and hair' },
      ],
    },
  },
};

const zhangLi = {
  assignmentId: 'c2e4a6b8-1d3f-4a5c-8e7b-9d0f1a2b3c4d',
  workerId: 'w-zhangli',
};
const wangFang = {
  assignmentId: 'e7f1b3d5-2a4c-4e6f-9b8d-0c1e2f3a4b5c',
  workerId: 'w-wangfang',
};
const worker = zhangLi.workerId;

const assignedTo = (assignment: typeof zhangLi): OrderEvent => ({
  type: 'OrderAssigned',
  data: { orderId, ...assignment },
});
const withdrawn = (assignment: typeof zhangLi, reason: string): OrderEvent => ({
  type: 'OrderAssignmentWithdrawn',
  data: { orderId, assignmentId: assignment.assignmentId, workerId: assignment.workerId, reason },
});
const checkedIn: OrderEvent = {
  type: 'JobCheckedIn',
  data: { orderId, workerId: worker, position: atTheDoor, distanceMeters: 15 },
};
const ticked = (key: string, done = true, note: string | null = null): OrderEvent => ({
  type: 'ChecklistItemRecorded',
  data: { orderId, key, done, note },
});
const photo = (
  name: string,
  kind: 'before' | 'after' | 'fault' | 'evidence',
  checklistKey: string | null = null,
): OrderEvent => ({ type: 'JobPhotoAdded', data: { orderId, fileId: file(name), kind, checklistKey } });
const signed: OrderEvent = {
  type: 'CustomerSigned',
  data: { orderId, signatureFileId: file('signature-chen-jing'), signerName: '陈静' },
};
const jobCompleted = (sparePartRequests: number): OrderEvent => ({
  type: 'JobCompleted',
  data: { orderId, workerId: worker, checklistDone: 4, checklistTotal: 4, photos: 2, sparePartRequests },
});
const completed = jobCompleted(0);
const closed: OrderEvent = {
  type: 'OrderClosed',
  data: { orderId, note: '客户已评价五星 / customer rated 5 stars' },
};

const assigned = [placed, assignedTo(zhangLi)];
const inProgress = [...assigned, checkedIn];
const allTicked = ['1.1', '1.2', '2.1', '3.1'].map((key) => ticked(key));
const finished = [
  ...inProgress,
  ...allTicked,
  photo('kitchen-before', 'before'),
  photo('kitchen-after', 'after'),
  signed,
];

const moved = { start: '2026-05-21T14:00:00+08:00', end: '2026-05-21T18:00:00+08:00' };
const reschedule = (at: Date, by: 'customer' | 'company' | 'channel', to = moved): OrderCommand => ({
  type: 'RescheduleOrder',
  at,
  to,
  reason: '客户临时出差 / customer away on business',
  by,
});
const cancel = (at: Date, by: 'customer' | 'company' | 'channel'): OrderCommand => ({
  type: 'CancelOrder',
  at,
  reason: '不再需要 / no longer needed',
  by,
});
const checkIn = (at: Date, position: GeoPoint = atTheDoor, workerId = worker): OrderCommand => ({
  type: 'CheckIn',
  at,
  workerId,
  position,
});
const addPhoto = (
  name: string,
  kind: 'before' | 'after',
  checklistKey: string | null = null,
): OrderCommand => ({
  type: 'AddJobPhoto',
  workerId: worker,
  fileId: file(name),
  kind,
  checklistKey,
});

/** Runs the decider directly, for the tests that look at what it emits rather than compare it. */
const decide = (history: OrderEvent[], command: OrderCommand) =>
  orderDecider.decide(command, fold(orderDecider, history));

/** What a consumer reads is what the decider emitted: the contract neither rejects nor strips any of it. */
function expectConforming(events: OrderEvent[]) {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    const definition = catalog.latest(event.type);
    expect(definition).toBeDefined();
    expect(definition!.schema.parse(event.data)).toEqual(event.data);
  }
}

describe('order decider', () => {
  describe('placing an order', () => {
    it('snapshots the published item and builds the checklist from its written standard', () =>
      spec.given([]).when(placeOrder()).then([placed]));

    it('emits an OrderPlaced that passes the event catalogue write check unchanged', () => {
      const [event] = decide([], placeOrder());
      const envelope = {
        eventId: '0d4b8f2a-6c1e-4a3b-9f5d-2e7c8a9b0c1d',
        type: event!.type,
        schemaVersion: catalog.latest('OrderPlaced')!.version,
        streamId: orderStream(orderId),
        streamPosition: 0,
        occurredAt: placedAt.toISOString(),
        recordedAt: placedAt.toISOString(),
        correlationId: 'app-req-7f3a',
        causationId: null,
        actor: { kind: 'user' as const, id: 'cust-20931', role: 'customer' },
        data: event!.data,
      };
      expect(catalog.validateForWrite(envelope)).toEqual(envelope);
    });

    it('refuses an item that is still a draft, or retired, or not in the catalogue', () => {
      spec
        .given([])
        .when(placeOrder({}, item('draft', 'DEEP-CLEAN-4H', deepCleaning)))
        .thenFails('ITEM_NOT_ORDERABLE', 'service item DEEP-CLEAN-4H is draft', { field: 'itemCode' });
      spec
        .given([])
        .when(placeOrder({}, item('retired', 'DEEP-CLEAN-4H', deepCleaning)))
        .thenFails('ITEM_NOT_ORDERABLE', 'service item DEEP-CLEAN-4H is retired');
      spec
        .given([])
        .when(placeOrder({ itemCode: 'WINDOW-CLEAN' }, { status: 'none' }))
        .thenFails('ITEM_NOT_ORDERABLE', 'service item WINDOW-CLEAN is not in the catalogue');
    });

    it('refuses a city the item is not offered in', () =>
      spec
        .given([])
        .when(
          placeOrder({
            address: { city: '杭州', district: '西湖区', location: { lat: 30.2741, lng: 120.1551 } },
          }),
        )
        .thenFails('ITEM_NOT_OFFERED_IN_CITY', 'DEEP-CLEAN-4H is not offered in 杭州', {
          field: 'address.city',
        }));

    it('needs the appointment to start at least an hour after the order is placed', () => {
      const startingAt = (start: string) => ({ appointment: { start, end: '2026-05-18T15:00:00+08:00' } });
      spec
        .given([])
        .when(placeOrder(startingAt('2026-05-18T10:59:00+08:00')))
        .thenFails('APPOINTMENT_TOO_SOON', 'at least 60 minutes from now', {
          field: 'appointment.start',
          minLeadMinutes: 60,
        });
      expect(decide([], placeOrder(startingAt('2026-05-18T11:00:00+08:00'))).map((e) => e.type)).toEqual([
        'OrderPlaced',
      ]);
    });

    it('needs the product for an after-sales item', () =>
      spec
        .given([])
        .when(placeOrder({ itemCode: 'LOCK-REPAIR' }, item('published', 'LOCK-REPAIR', lockRepair)))
        .thenFails('PRODUCT_REQUIRED', 'an after-sales order needs the product', { field: 'product' }));

    it('places an after-sales order with its product and the repair standard as checklist', () => {
      const product = {
        category: 'smart_home',
        model: 'Aqara D100',
        purchaseDate: '2025-11-11',
        fault: '指纹无法识别，密码可以开门 / fingerprints not recognised, PIN still works',
      };
      const events = decide(
        [],
        placeOrder({ itemCode: 'LOCK-REPAIR', product }, item('published', 'LOCK-REPAIR', lockRepair)),
      );
      expect(events).toEqual([
        {
          type: 'OrderPlaced',
          data: expect.objectContaining({
            product,
            item: expect.objectContaining({
              code: 'LOCK-REPAIR',
              line: 'after_sales',
              checklist: [
                {
                  key: '1.1',
                  area: '门锁 Lock',
                  criterion: '故障排除，开关锁测试10次 Fault fixed, lock opened and closed 10 times',
                },
                { key: '2.1', area: '现场 Site', criterion: '清理施工垃圾 Debris cleared away' },
              ],
            }),
          }),
        },
      ]);
      expectConforming(events);
    });

    it('refuses to place an order that already exists', () =>
      spec.given([placed]).when(placeOrder()).thenFails('ORDER_EXISTS', `order ${orderId} already exists`));
  });

  describe('rescheduling', () => {
    it('treats a retried customer reschedule inside the notice period as done, not refused', () =>
      spec
        .given([
          placed,
          { type: 'OrderRescheduled', data: { orderId, from: appointment, to: moved, reason: 'moved' } },
        ])
        .when(reschedule(shanghai('2026-05-21T13:00:00'), 'customer', moved))
        .then([]));

    const rescheduled: OrderEvent = {
      type: 'OrderRescheduled',
      data: { orderId, from: appointment, to: moved, reason: '客户临时出差 / customer away on business' },
    };

    it('moves a placed order and an assigned one, recording the old and the new window', () => {
      spec
        .given([placed])
        .when(reschedule(shanghai('2026-05-19T15:00:00'), 'customer'))
        .then([rescheduled]);
      spec
        .given(assigned)
        .when(reschedule(shanghai('2026-05-19T15:00:00'), 'customer'))
        .then([rescheduled]);
    });

    it('keeps the worker on a moved order, who then checks in against the new window', () => {
      spec
        .given([...assigned, rescheduled])
        .when(checkIn(shanghai('2026-05-20T08:50:00')))
        .thenFails('OUTSIDE_SERVICE_WINDOW');
      spec
        .given([...assigned, rescheduled])
        .when(checkIn(shanghai('2026-05-21T13:50:00')))
        .then([checkedIn]);
    });

    it('stops a customer from moving it inside the 2-hour notice, but lets the company do it', () => {
      spec
        .given(assigned)
        .when(reschedule(shanghai('2026-05-20T07:30:00'), 'customer'))
        .thenFails(
          'NOTICE_PERIOD_PASSED',
          'only up to 2 hours before the appointment; contact customer service',
        );
      spec
        .given(assigned)
        .when(reschedule(shanghai('2026-05-20T07:30:00'), 'company'))
        .then([rescheduled]);
    });

    it('lets a customer move it exactly 2 hours before the start', () =>
      spec
        .given(assigned)
        .when(reschedule(shanghai('2026-05-20T07:00:00'), 'customer'))
        .then([rescheduled]));

    it('refuses a new start less than an hour away', () =>
      spec
        .given([placed])
        .when(
          reschedule(placedAt, 'customer', {
            start: '2026-05-18T10:45:00+08:00',
            end: '2026-05-18T14:45:00+08:00',
          }),
        )
        .thenFails('APPOINTMENT_TOO_SOON', 'the new appointment must start at least 60 minutes from now', {
          field: 'to.start',
          minLeadMinutes: 60,
        }));

    it('moves it to a start exactly an hour away', () => {
      const inAnHour = { start: '2026-05-18T11:00:00+08:00', end: '2026-05-18T15:00:00+08:00' };
      spec
        .given([placed])
        .when(reschedule(placedAt, 'company', inAnHour))
        .then([{ type: 'OrderRescheduled', data: { ...rescheduled.data, to: inAnHour } }]);
    });

    it('records a window that keeps its start but ends at another time', () => {
      const longer = { start: appointment.start, end: '2026-05-20T15:00:00+08:00' };
      spec
        .given([placed])
        .when(reschedule(shanghai('2026-05-19T15:00:00'), 'company', longer))
        .then([{ type: 'OrderRescheduled', data: { ...rescheduled.data, to: longer } }]);
    });

    it('changes nothing when moved to the window it already has', () =>
      spec
        .given(assigned)
        .when(reschedule(shanghai('2026-05-19T15:00:00'), 'company', appointment))
        .then([]));

    it('refuses once the worker has checked in, naming the current state', () =>
      spec
        .given(inProgress)
        .when(reschedule(shanghai('2026-05-20T09:10:00'), 'company'))
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot reschedule: the order is in progress (allowed when placed or assigned)',
        ));

    it('refuses a cancelled order and an order that does not exist', () => {
      spec
        .given([
          placed,
          { type: 'OrderCancelled', data: { orderId, reason: '不再需要', by: 'customer', late: false } },
        ])
        .when(reschedule(shanghai('2026-05-19T15:00:00'), 'customer'))
        .thenFails('ILLEGAL_TRANSITION', 'the order is cancelled');
      spec
        .given([])
        .when(reschedule(shanghai('2026-05-19T15:00:00'), 'customer'))
        .thenFails('ORDER_NOT_FOUND');
    });
  });

  describe('cancelling', () => {
    const cancelled = (by: 'customer' | 'company' | 'channel', late: boolean): OrderEvent => ({
      type: 'OrderCancelled',
      data: { orderId, reason: '不再需要 / no longer needed', by, late },
    });

    it('lets a customer cancel before the notice period, not marked late', () => {
      spec
        .given([placed])
        .when(cancel(shanghai('2026-05-19T20:00:00'), 'customer'))
        .then([cancelled('customer', false)]);
      spec
        .given(assigned)
        .when(cancel(shanghai('2026-05-20T07:00:00'), 'customer'))
        .then([cancelled('customer', false)]);
    });

    it('stops a customer from cancelling inside the notice period', () =>
      spec
        .given(assigned)
        .when(cancel(shanghai('2026-05-20T07:01:00'), 'customer'))
        .thenFails(
          'NOTICE_PERIOD_PASSED',
          'a customer can cancel only up to 2 hours before the appointment',
        ));

    it('lets the company or the channel cancel inside the notice period, marked late', () => {
      spec
        .given(assigned)
        .when(cancel(shanghai('2026-05-20T08:30:00'), 'company'))
        .then([cancelled('company', true)]);
      spec
        .given(assigned)
        .when(cancel(shanghai('2026-05-20T08:30:00'), 'channel'))
        .then([cancelled('channel', true)]);
    });

    it('refuses once work is in progress, saying so', () =>
      spec
        .given(inProgress)
        .when(cancel(shanghai('2026-05-20T09:30:00'), 'company'))
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot cancel: the order is in progress (allowed when placed or assigned)',
        ));

    it('changes nothing when the order is already cancelled', () =>
      spec
        .given([placed, cancelled('customer', false)])
        .when(cancel(shanghai('2026-05-20T08:30:00'), 'company'))
        .then([]));

    it('refuses an order that does not exist', () =>
      spec.given([]).when(cancel(placedAt, 'customer')).thenFails('ORDER_NOT_FOUND', 'order not found'));
  });

  describe('assignment', () => {
    const assign = (assignment: typeof zhangLi): OrderCommand => ({ type: 'RecordAssignment', assignment });

    it('records the worker dispatch assigned to a placed order', () =>
      spec
        .given([placed])
        .when(assign(zhangLi))
        .then([assignedTo(zhangLi)]));

    it('changes nothing when the same assignment arrives again', () =>
      spec.given(assigned).when(assign(zhangLi)).then([]));

    it('withdraws the current worker before recording a different assignment', () =>
      spec
        .given(assigned)
        .when(assign(wangFang))
        .then([withdrawn(zhangLi, 'reassigned by dispatch'), assignedTo(wangFang)]));

    it('refuses an assignment on a cancelled order', () =>
      spec
        .given([
          placed,
          { type: 'OrderCancelled', data: { orderId, reason: '不再需要', by: 'customer', late: false } },
        ])
        .when(assign(zhangLi))
        .thenFails('ILLEGAL_TRANSITION', 'cannot assign a worker: the order is cancelled'));
  });

  describe('withdrawing an assignment', () => {
    const withdraw = (assignmentId: string): OrderCommand => ({
      type: 'WithdrawAssignment',
      assignmentId,
      reason: '师傅请病假 / worker off sick',
    });

    it('puts the order back to placed, so the next assignment is recorded without a withdrawal', () => {
      spec
        .given(assigned)
        .when(withdraw(zhangLi.assignmentId))
        .then([withdrawn(zhangLi, '师傅请病假 / worker off sick')]);
      spec
        .given([...assigned, withdrawn(zhangLi, '师傅请病假 / worker off sick')])
        .when({ type: 'RecordAssignment', assignment: wangFang })
        .then([assignedTo(wangFang)]);
    });

    it('changes nothing for a stale assignment that was already replaced', () =>
      spec
        .given([...assigned, withdrawn(zhangLi, 'reassigned by dispatch'), assignedTo(wangFang)])
        .when(withdraw(zhangLi.assignmentId))
        .then([]));

    it('changes nothing for an order with no worker: not yet assigned, or cancelled meanwhile', () => {
      spec.given([placed]).when(withdraw(zhangLi.assignmentId)).then([]);
      spec
        .given([
          ...assigned,
          { type: 'OrderCancelled', data: { orderId, reason: '不再需要', by: 'company', late: false } },
        ])
        .when(withdraw(zhangLi.assignmentId))
        .then([]);
    });

    it('refuses once the worker has checked in', () =>
      spec
        .given(inProgress)
        .when(withdraw(zhangLi.assignmentId))
        .thenFails('ILLEGAL_TRANSITION', 'cannot withdraw the assignment: the order is in progress'));
  });

  describe('checking in', () => {
    it('refuses another worker on a job already started', () =>
      spec
        .given(inProgress)
        .when(checkIn(shanghai('2026-05-20T09:10:00'), atTheDoor, wangFang.workerId))
        .thenFails('NOT_YOUR_JOB', 'assigned to another worker'));

    it('ignores the same assignment redelivered after check-in', () =>
      spec.given(inProgress).when({ type: 'RecordAssignment', assignment: zhangLi }).then([]));

    it('refuses a worker the job is not assigned to', () =>
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:50:00'), atTheDoor, wangFang.workerId))
        .thenFails('NOT_YOUR_JOB', 'assigned to another worker'));

    it('opens an hour before the appointment and closes at its end', () => {
      const window =
        'opens 60 minutes before the appointment (2026-05-20T09:00:00+08:00) and closes at its end';
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T07:59:00')))
        .thenFails('OUTSIDE_SERVICE_WINDOW', window);
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T13:01:00')))
        .thenFails('OUTSIDE_SERVICE_WINDOW', window);
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:00:00')))
        .then([checkedIn]);
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T13:00:00')))
        .then([checkedIn]);
    });

    it('refuses a position too far from the address, saying how far', () => {
      const southRailwayStation = { lat: 31.1545, lng: 121.43 };
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:50:00'), southRailwayStation))
        .thenFails(
          'TOO_FAR_FROM_ADDRESS',
          'check-in position is 4442 m from the address; it must be within 500 m',
        );
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:50:00'), { lat: 31.1982, lng: 121.4398 }))
        .thenFails('TOO_FAR_FROM_ADDRESS', 'is 538 m from the address');
    });

    it('starts the job inside 500 m, recording the distance', () => {
      const acrossTheRoad = { lat: 31.1978, lng: 121.4398 };
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:50:00'), acrossTheRoad))
        .then([
          {
            type: 'JobCheckedIn',
            data: { orderId, workerId: worker, position: acrossTheRoad, distanceMeters: 499 },
          },
        ]);
    });

    it('starts the job exactly 500 m away and refuses it a metre further, naming the position', () => {
      // Due north of the address: the distance is the latitude's arc, 500 m and 501 m exactly.
      const north = (metres: number) => ({
        lat: home.lat + (metres / 6_371_008.8) * (180 / Math.PI),
        lng: home.lng,
      });
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:50:00'), north(500)))
        .then([
          {
            type: 'JobCheckedIn',
            data: { orderId, workerId: worker, position: north(500), distanceMeters: 500 },
          },
        ]);
      spec
        .given(assigned)
        .when(checkIn(shanghai('2026-05-20T08:50:00'), north(501)))
        .thenFails('TOO_FAR_FROM_ADDRESS', 'is 501 m from the address', {
          field: 'position',
          distanceMeters: 501,
          radiusMeters: 500,
        });
    });

    it('changes nothing when the same worker checks in again', () =>
      spec
        .given(inProgress)
        .when(checkIn(shanghai('2026-05-20T09:05:00')))
        .then([]));

    it('refuses an order nobody is assigned to', () =>
      spec
        .given([placed])
        .when(checkIn(shanghai('2026-05-20T08:50:00')))
        .thenFails('ILLEGAL_TRANSITION', 'cannot check in: the order is placed (allowed when assigned)'));
  });

  describe('checklist', () => {
    const record = (key: string, done = true, note: string | null = null): OrderCommand => ({
      type: 'RecordChecklistItem',
      workerId: worker,
      key,
      done,
      note,
    });

    it('refuses a key that is not in the standard', () =>
      spec
        .given(inProgress)
        .when(record('4.1'))
        .thenFails('UNKNOWN_CHECKLIST_ITEM', "checklist item 4.1 is not part of this service's standard"));

    it('records an item as done, with the worker note', () =>
      spec
        .given(inProgress)
        .when(record('1.1', true, '油烟机滤网已拆洗 / hood filter removed and washed'))
        .then([ticked('1.1', true, '油烟机滤网已拆洗 / hood filter removed and washed')]));

    it('refuses another worker and a job that has not started', () => {
      spec
        .given(inProgress)
        .when({
          type: 'RecordChecklistItem',
          workerId: wangFang.workerId,
          key: '1.1',
          done: true,
          note: null,
        })
        .thenFails('NOT_YOUR_JOB');
      spec
        .given(assigned)
        .when(record('1.1'))
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot record the checklist: the order is assigned (allowed when in progress)',
        );
    });
  });

  describe('photos', () => {
    it('adds a before photo for one checklist item', () =>
      spec
        .given(inProgress)
        .when(addPhoto('hob-before', 'before', '1.1'))
        .then([photo('hob-before', 'before', '1.1')]));

    it('refuses a checklist key that is not in the standard', () =>
      spec
        .given(inProgress)
        .when(addPhoto('balcony-before', 'before', '5.2'))
        .thenFails('UNKNOWN_CHECKLIST_ITEM', 'checklist item 5.2 is not part of'));

    it('holds at most 60 photos per job', () => {
      const photos = (n: number) => Array.from({ length: n }, (_, i) => photo(`room-${i}`, 'before'));
      spec
        .given([...inProgress, ...photos(59)])
        .when(addPhoto('last-one', 'after'))
        .then([photo('last-one', 'after')]);
      spec
        .given([...inProgress, ...photos(60)])
        .when(addPhoto('one-too-many', 'after'))
        .thenFails('TOO_MANY_PHOTOS', 'a job holds at most 60 photos');
    });
  });

  describe('spare parts', () => {
    const requestId = '5b7d9f1a-3c5e-4a7b-8d9f-1a3c5e7b9d2f';
    const request = (id: string): OrderCommand => ({
      type: 'RequestSparePart',
      workerId: worker,
      requestId: id,
      partCode: 'HOOD-FILTER-01',
      quantity: 1,
      reason: '油烟机滤网破损，客户同意更换 / hood filter torn, customer agreed to replace it',
    });
    const requested = (id: string): OrderEvent => ({
      type: 'SparePartRequested',
      data: {
        orderId,
        requestId: id,
        partCode: 'HOOD-FILTER-01',
        quantity: 1,
        reason: '油烟机滤网破损，客户同意更换 / hood filter torn, customer agreed to replace it',
      },
    });

    it('requests a part once per request id', () => {
      spec
        .given(inProgress)
        .when(request(requestId))
        .then([requested(requestId)]);
      spec
        .given([...inProgress, requested(requestId)])
        .when(request(requestId))
        .then([]);
      const second = '8e0a2c4d-6f1b-4d3e-a5c7-9e1f3a5c7e0b';
      spec
        .given([...inProgress, requested(requestId)])
        .when(request(second))
        .then([requested(second)]);
    });

    it('counts the requests on the completed job', () =>
      spec
        .given([...finished, requested(requestId)])
        .when({ type: 'CompleteJob', workerId: worker })
        .then([jobCompleted(1)]));
  });

  describe('customer signature', () => {
    const collect: OrderCommand = {
      type: 'CollectSignature',
      workerId: worker,
      signatureFileId: file('signature-chen-jing'),
      signerName: '陈静',
    };

    it('refuses while checklist items are open, listing them', () =>
      spec
        .given([...inProgress, ticked('1.1'), ticked('2.1')])
        .when(collect)
        .thenFails('CHECKLIST_INCOMPLETE', 'checklist items still open: 1.2, 3.1'));

    it('counts an item ticked and then unticked as open', () =>
      spec
        .given([
          ...inProgress,
          ...allTicked,
          ticked('2.1', false, '马桶有裂缝，需复查 / cracked toilet bowl'),
        ])
        .when(collect)
        .thenFails('CHECKLIST_INCOMPLETE', 'checklist items still open: 2.1'));

    it('records the signature once every item is done', () =>
      spec
        .given([...inProgress, ...allTicked])
        .when(collect)
        .then([signed]));

    it('ignores a second signature (a retried upload)', () =>
      spec
        .given([...inProgress, ...allTicked, signed])
        .when(collect)
        .then([]));
  });

  describe('completing the job', () => {
    const complete: OrderCommand = { type: 'CompleteJob', workerId: worker };

    it('lists everything that is missing', () =>
      spec
        .given([...inProgress, ticked('1.1'), ticked('1.2'), photo('kitchen-before', 'before')])
        .when(complete)
        .thenFails(
          'JOB_NOT_FINISHED',
          "missing: checklist item 2.1; checklist item 3.1; a photo of the finished work (kind after); the customer's signature",
        ));

    it('does not count a before photo as the after photo', () =>
      spec
        .given([...inProgress, ...allTicked, photo('kitchen-before', 'before'), signed])
        .when(complete)
        .thenFails(
          'JOB_NOT_FINISHED',
          'cannot complete the job yet; missing: a photo of the finished work (kind after)',
        ));

    it('needs the signature even when the work and photos are done', () =>
      spec
        .given([...inProgress, ...allTicked, photo('kitchen-after', 'after')])
        .when(complete)
        .thenFails('JOB_NOT_FINISHED', "missing: the customer's signature"));

    it('completes with the checklist, photo and spare-part counts', () =>
      spec.given(finished).when(complete).then([completed]));

    it('emits a JobCompleted that matches its contract', () => expectConforming(decide(finished, complete)));

    it('changes nothing when completed again', () =>
      spec
        .given([...finished, completed])
        .when(complete)
        .then([]));

    it('refuses another worker', () =>
      spec
        .given(finished)
        .when({ type: 'CompleteJob', workerId: wangFang.workerId })
        .thenFails('NOT_YOUR_JOB'));
  });

  describe('closing', () => {
    const close: OrderCommand = { type: 'CloseOrder', note: '客户已评价五星 / customer rated 5 stars' };

    it('refuses an order whose job is not completed', () => {
      spec
        .given(finished)
        .when(close)
        .thenFails('ILLEGAL_TRANSITION', 'cannot close: the order is in progress (allowed when completed)');
      spec.given(assigned).when(close).thenFails('ILLEGAL_TRANSITION', 'the order is assigned');
    });

    it('closes a completed order', () =>
      spec
        .given([...finished, completed])
        .when(close)
        .then([closed]));

    it('changes nothing when closed again', () =>
      spec
        .given([...finished, completed, closed])
        .when(close)
        .then([]));

    it('takes no more changes after closing', () =>
      spec
        .given([...finished, completed, closed])
        .when(cancel(shanghai('2026-05-20T14:00:00'), 'company'))
        .thenFails('ILLEGAL_TRANSITION', 'cannot cancel: the order is closed'));
  });

  it('expects only events that match their published contracts', () =>
    expectConforming([
      placed,
      assignedTo(zhangLi),
      withdrawn(zhangLi, 'reassigned by dispatch'),
      checkedIn,
      ticked('1.1', true, '油烟机滤网已拆洗 / hood filter removed and washed'),
      photo('hob-before', 'before', '1.1'),
      signed,
      completed,
      closed,
      {
        type: 'OrderRescheduled',
        data: { orderId, from: appointment, to: moved, reason: '客户临时出差 / customer away on business' },
      },
      {
        type: 'OrderCancelled',
        data: { orderId, reason: '不再需要 / no longer needed', by: 'company', late: true },
      },
      {
        type: 'SparePartRequested',
        data: {
          orderId,
          requestId: '5b7d9f1a-3c5e-4a7b-8d9f-1a3c5e7b9d2f',
          partCode: 'HOOD-FILTER-01',
          quantity: 1,
          reason: '油烟机滤网破损，客户同意更换 / hood filter torn, customer agreed to replace it',
        },
      },
    ]));
});
