import type {
  BookedJob,
  DispatchPolicy,
  GeoPoint,
  OrderToDispatch,
  WorkerView,
} from '../../src/matching/domain/dispatch-view';

/**
 * Builders for the matching specs. Everything happens around Xujiahui in Shanghai in the week of
 * Monday 2 June 2025; clock times are China Standard Time.
 */

/** A Shanghai wall-clock time, e.g. `cst('2025-06-02T10:00')`. */
export const cst = (local: string): string => `${local}:00+08:00`;

export const XUJIAHUI: GeoPoint = { lat: 31.195, lng: 121.437 };

/** A point `km` east of `from` (and `northKm` north), for travel distances that are easy to read. */
export function east(km: number, from: GeoPoint = XUJIAHUI, northKm = 0): GeoPoint {
  return {
    lat: from.lat + northKm / 111.195,
    lng: from.lng + km / (111.195 * Math.cos((from.lat * Math.PI) / 180)),
  };
}

export function policy(overrides: Partial<DispatchPolicy> = {}): DispatchPolicy {
  return {
    name: 'spec-policy',
    version: 1,
    dailyJobCap: 4,
    travelSpeedKmh: 25,
    bufferMinutes: 15,
    routingRules: [
      { productCategory: 'smart_home', group: 'smart_home' },
      { productCategory: 'wardrobe', group: 'panel_installers' },
    ],
    weights: { distance: 0.4, regularWorker: 0.3, loadBalance: 0.15, rating: 0.1, skill: 0.05 },
    maxDistanceKm: 20,
    ...overrides,
  };
}

let orders = 0;

/** A two-hour daily clean in Xujiahui on Monday 2 June 2025, 10:00-12:00 CST. */
export function order(overrides: Partial<OrderToDispatch> = {}): OrderToDispatch {
  orders++;
  return {
    orderId: `ord-${String(orders).padStart(4, '0')}`,
    branchId: 'shanghai',
    itemCode: 'HC-DAILY-2H',
    businessUnit: 'home_cleaning',
    productCategory: null,
    location: XUJIAHUI,
    district: 'xuhui',
    window: { start: cst('2025-06-02T10:00'), end: cst('2025-06-02T12:00') },
    expectedMinutes: 120,
    customerId: 'cust-0001',
    regularWorkerId: null,
    ...overrides,
  };
}

/** An active housekeeper living 2 km from Xujiahui, working Monday to Friday 08:00-18:00. */
export function worker(workerId: string, overrides: Partial<WorkerView> = {}): WorkerView {
  return {
    workerId,
    stationId: 'st-xuhui',
    branchId: 'shanghai',
    status: 'active',
    eligibleItems: ['HC-DAILY-2H'],
    homeLocation: east(2),
    serviceAreas: ['xuhui'],
    weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '18:00' })),
    leaves: [],
    groups: [],
    skillLevel: 3,
    rating: 4,
    jobs: [],
    ...overrides,
  };
}

/** A booked job between two CST wall-clock times (`2025-06-02T08:00`). */
export function job(orderId: string, from: string, to: string, location: GeoPoint = XUJIAHUI): BookedJob {
  return { orderId, start: cst(from), end: cst(to), location };
}

export const NOW = cst('2025-06-01T20:00');
