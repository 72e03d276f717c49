import { EventCatalog, allEvents, type CatalogueItemDetails } from '@platform/contracts';
import { fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import type { CatalogueItemState } from '../catalogue/catalogue-item.decider';
import {
  packageDecider,
  visitsToOrder,
  type PackageCommand,
  type PackageEvent,
  type PackageTerms,
} from './package.decider';

const spec = deciderSpec(packageDecider);
const catalog = new EventCatalog(allEvents);

const shanghai = (local: string) => new Date(`${local}+08:00`);
const hoursLater = (instant: Date, hours: number) => new Date(instant.getTime() + hours * 3_600_000);

const packageId = '7a2c4e6f-1b3d-4f5a-8c7e-9d1b3f5a7c2e';
const orderIds = ['1c3e5a7b-9d2f-4b6d-8f1a-3c5e7a9b1d4f', '2d4f6b8c-0e3a-4c7e-9a2b-4d6f8b0c2e5a'];

const dailyCleaning: CatalogueItemDetails = {
  name: { zh: '日常保洁（3小时）', en: 'Daily home cleaning (3 h)' },
  line: 'home_services',
  category: 'daily_cleaning',
  productCategory: null,
  standard: [{ area: '全屋 Whole home', criteria: ['地面吸尘拖地 Floors vacuumed and mopped'] }],
  expectedMinutes: 180,
  qualification: 'daily_cleaning',
  basePrice: { amountMinor: 15_000, currency: 'CNY' },
  cities: ['上海'],
};
const publishedItem: CatalogueItemState = {
  status: 'published',
  code: 'DAILY-CLEAN-3H',
  details: dailyCleaning,
};

/** Every Wednesday 09:00-12:00 for a year, from Monday 1 June 2026. */
const terms: PackageTerms = {
  packageId,
  customerId: 'cust-20931',
  contactId: '9a1d4e2b-7c3f-4b8e-a5d6-1e2f3a4b5c6d',
  branchId: 'sh-pudong',
  address: { city: '上海', district: '浦东新区', location: { lat: 31.2231, lng: 121.5444 } },
  itemCode: 'DAILY-CLEAN-3H',
  weekday: 3,
  window: { from: '09:00', to: '12:00' },
  everyWeeks: 1,
  startDate: '2026-06-01',
  endDate: '2027-05-31',
  timeZone: 'Asia/Shanghai',
};
const subscribedAt = shanghai('2026-05-25T14:00:00');

const subscribe = (
  change: Partial<PackageTerms> = {},
  catalogueItem: CatalogueItemState = publishedItem,
  at: Date = subscribedAt,
): PackageCommand => ({ type: 'SubscribePackage', at, terms: { ...terms, ...change }, catalogueItem });

const subscribed = (change: Partial<PackageTerms> = {}): PackageEvent => ({
  type: 'PackageSubscribed',
  data: { ...terms, ...change },
});
const visitOrdered = (visitDate: string, orderId = orderIds[0]!): PackageEvent => ({
  type: 'PackageVisitOrdered',
  data: { packageId, visitDate, orderId },
});
const paused: PackageEvent = {
  type: 'PackagePaused',
  data: { packageId, reason: '客户出国三个月 / customer abroad for three months' },
};
const resumed: PackageEvent = { type: 'PackageResumed', data: { packageId } };
const cancelled: PackageEvent = {
  type: 'PackageCancelled',
  data: { packageId, reason: '客户搬家 / customer moved away' },
};

const stateAfter = (events: PackageEvent[]) => fold(packageDecider, events);
/** The usual planner call: order what starts at least a day from now, looking ahead three weeks. */
const plan = (events: PackageEvent[], now: Date, horizonDays = 21, earliestStart = hoursLater(now, 24)) =>
  visitsToOrder(stateAfter(events), now, horizonDays, earliestStart);

describe('package decider', () => {
  describe('subscribing', () => {
    it('subscribes a customer to a published home-service item', () =>
      spec.given([]).when(subscribe()).then([subscribed()]));

    it('refuses an item that is not published', () => {
      spec
        .given([])
        .when(subscribe({}, { ...publishedItem, status: 'draft' }))
        .thenFails('ITEM_NOT_ORDERABLE', 'service item DAILY-CLEAN-3H is not orderable');
      spec
        .given([])
        .when(subscribe({}, { status: 'none' }))
        .thenFails('ITEM_NOT_ORDERABLE');
    });

    it('sells yearly packages for home services only, not after-sales repairs', () =>
      spec
        .given([])
        .when(
          subscribe(
            { itemCode: 'LOCK-REPAIR' },
            {
              status: 'published',
              code: 'LOCK-REPAIR',
              details: {
                ...dailyCleaning,
                line: 'after_sales',
                category: 'repair',
                productCategory: 'smart_home',
              },
            },
          ),
        )
        .thenFails('ITEM_NOT_RECURRING', 'yearly packages are sold for home services only'));

    it('refuses a city the item is not offered in', () =>
      spec
        .given([])
        .when(
          subscribe({
            address: { city: '苏州', district: '工业园区', location: { lat: 31.3162, lng: 120.7128 } },
          }),
        )
        .thenFails('ITEM_NOT_OFFERED_IN_CITY', 'DAILY-CLEAN-3H is not offered in 苏州'));

    it('refuses a start date in the past, by the calendar of the package time zone', () => {
      spec
        .given([])
        .when(subscribe({ startDate: '2026-05-24' }))
        .thenFails('START_IN_PAST', 'cannot start in the past');
      spec
        .given([])
        .when(subscribe({ startDate: '2026-05-25' }))
        .then([subscribed({ startDate: '2026-05-25' })]);
      // 01:00 on 1 June in Shanghai is still 31 May in UTC.
      spec
        .given([])
        .when(subscribe({ startDate: '2026-05-31' }, publishedItem, new Date('2026-05-31T17:00:00Z')))
        .thenFails('START_IN_PAST');
    });

    it('refuses to subscribe the same package twice', () =>
      spec
        .given([subscribed()])
        .when(subscribe())
        .thenFails('PACKAGE_EXISTS', `package ${packageId} already exists`));
  });

  describe('recording ordered visits', () => {
    const record = (visitDate: string, orderId = orderIds[0]!): PackageCommand => ({
      type: 'RecordVisitOrdered',
      visitDate,
      orderId,
    });

    it('records the order placed for a visit date, once', () => {
      spec
        .given([subscribed()])
        .when(record('2026-06-03'))
        .then([visitOrdered('2026-06-03')]);
      spec
        .given([subscribed(), visitOrdered('2026-06-03')])
        .when(record('2026-06-03'))
        .then([]);
      spec
        .given([subscribed(), visitOrdered('2026-06-03')])
        .when(record('2026-06-10', orderIds[1]))
        .then([visitOrdered('2026-06-10', orderIds[1])]);
    });

    it('refuses a new visit while paused or cancelled, but accepts a repeat of one already recorded', () => {
      spec
        .given([subscribed(), paused])
        .when(record('2026-06-03'))
        .thenFails('ILLEGAL_TRANSITION', 'cannot order a visit: the package is paused (allowed when active)');
      spec
        .given([subscribed(), cancelled])
        .when(record('2026-06-03'))
        .thenFails('ILLEGAL_TRANSITION', 'is cancelled');
      spec
        .given([subscribed(), visitOrdered('2026-06-03'), paused])
        .when(record('2026-06-03'))
        .then([]);
    });

    it('refuses a package that does not exist', () =>
      spec.given([]).when(record('2026-06-03')).thenFails('PACKAGE_NOT_FOUND', 'package not found'));
  });

  describe('pause, resume and cancel', () => {
    const pause: PackageCommand = {
      type: 'PausePackage',
      reason: '客户出国三个月 / customer abroad for three months',
    };
    const resume: PackageCommand = { type: 'ResumePackage' };
    const cancel: PackageCommand = { type: 'CancelPackage', reason: '客户搬家 / customer moved away' };

    it('pauses an active package; pausing again changes nothing', () => {
      spec.given([subscribed()]).when(pause).then([paused]);
      spec.given([subscribed(), paused]).when(pause).then([]);
    });

    it('resumes a paused package; resuming an active one changes nothing', () => {
      spec.given([subscribed(), paused]).when(resume).then([resumed]);
      spec.given([subscribed(), paused, resumed]).when(resume).then([]);
    });

    it('cancels an active or a paused package; cancelling again changes nothing', () => {
      spec.given([subscribed()]).when(cancel).then([cancelled]);
      spec.given([subscribed(), paused]).when(cancel).then([cancelled]);
      spec.given([subscribed(), cancelled]).when(cancel).then([]);
    });

    it('refuses to pause or resume a cancelled package', () => {
      spec
        .given([subscribed(), cancelled])
        .when(pause)
        .thenFails('ILLEGAL_TRANSITION', 'cannot pause: the package is cancelled (allowed when active)');
      spec
        .given([subscribed(), cancelled])
        .when(resume)
        .thenFails('ILLEGAL_TRANSITION', 'cannot resume: the package is cancelled (allowed when paused)');
    });

    it('refuses commands on a package that does not exist', () => {
      spec.given([]).when(pause).thenFails('PACKAGE_NOT_FOUND');
      spec.given([]).when(resume).thenFails('PACKAGE_NOT_FOUND');
      spec.given([]).when(cancel).thenFails('PACKAGE_NOT_FOUND');
    });
  });

  it('emits only events that match their published contracts', () => {
    for (const event of [subscribed(), visitOrdered('2026-06-03'), paused, resumed, cancelled]) {
      expect(catalog.latest(event.type)!.schema.parse(event.data)).toEqual(event.data);
    }
  });
});

describe('visitsToOrder', () => {
  it('plans every Wednesday within the horizon, 09:00 Shanghai time being 01:00Z', () =>
    expect(plan([subscribed()], subscribedAt)).toEqual([
      {
        visitDate: '2026-06-03',
        appointment: { start: '2026-06-03T01:00:00.000Z', end: '2026-06-03T04:00:00.000Z' },
      },
      {
        visitDate: '2026-06-10',
        appointment: { start: '2026-06-10T01:00:00.000Z', end: '2026-06-10T04:00:00.000Z' },
      },
    ]));

  it('includes the last day of the horizon', () =>
    expect(plan([subscribed()], subscribedAt, 23).map((visit) => visit.visitDate)).toEqual([
      '2026-06-03',
      '2026-06-10',
      '2026-06-17',
    ]));

  it('counts the horizon from the date in the package time zone', () =>
    // 17:00Z on 31 May is already 1 June in Shanghai, so two days ahead reaches Wednesday 3 June.
    expect(plan([subscribed()], new Date('2026-05-31T17:00:00Z'), 2).map((visit) => visit.visitDate)).toEqual(
      ['2026-06-03'],
    ));

  it('plans every other Wednesday for a fortnightly package', () =>
    expect(plan([subscribed({ everyWeeks: 2 })], subscribedAt, 35).map((visit) => visit.visitDate)).toEqual([
      '2026-06-03',
      '2026-06-17',
    ]));

  it('starts on the start date when it falls on the weekday', () =>
    expect(plan([subscribed({ weekday: 1 })], subscribedAt, 14).map((visit) => visit.visitDate)).toEqual([
      '2026-06-01',
      '2026-06-08',
    ]));

  it('stops at the end date and leaves out visits already past', () => {
    const now = shanghai('2027-05-10T14:00:00');
    expect(plan([subscribed()], now, 28).map((visit) => visit.visitDate)).toEqual([
      '2027-05-12',
      '2027-05-19',
      '2027-05-26',
    ]);
  });

  it('skips dates already ordered', () =>
    expect(
      plan([subscribed(), visitOrdered('2026-06-03')], subscribedAt).map((visit) => visit.visitDate),
    ).toEqual(['2026-06-10']));

  it('skips a visit that starts before the earliest time a worker can be found', () => {
    const tuesdayEvening = shanghai('2026-06-02T20:00:00');
    expect(plan([subscribed()], tuesdayEvening, 14).map((visit) => visit.visitDate)).toEqual(['2026-06-10']);
    expect(
      visitsToOrder(stateAfter([subscribed()]), tuesdayEvening, 14, shanghai('2026-06-03T09:00:00')).map(
        (visit) => visit.visitDate,
      ),
    ).toEqual(['2026-06-03', '2026-06-10']);
  });

  it('plans nothing while paused or after cancelling, and again once resumed', () => {
    expect(plan([subscribed(), paused], subscribedAt)).toEqual([]);
    expect(plan([subscribed(), cancelled], subscribedAt)).toEqual([]);
    expect(plan([], subscribedAt)).toEqual([]);
    expect(plan([subscribed(), paused, resumed], subscribedAt)).toHaveLength(2);
  });

  it('follows the daylight-saving offset of each visit date (Europe/Berlin, last Sunday of March)', () => {
    const berlin = subscribed({
      address: { city: 'Berlin', district: 'Mitte', location: { lat: 52.52, lng: 13.405 } },
      weekday: 7,
      startDate: '2026-03-16',
      endDate: '2027-03-15',
      timeZone: 'Europe/Berlin',
    });
    expect(plan([berlin], new Date('2026-03-16T08:00:00Z'), 14)).toEqual([
      {
        visitDate: '2026-03-22',
        appointment: { start: '2026-03-22T08:00:00.000Z', end: '2026-03-22T11:00:00.000Z' },
      },
      {
        visitDate: '2026-03-29',
        appointment: { start: '2026-03-29T07:00:00.000Z', end: '2026-03-29T10:00:00.000Z' },
      },
    ]);
  });
});
