import { seededRandom } from '../../src/shared/seeded-random';
import {
  clockMinutes,
  toIso,
  type BookedJob,
  type BusinessUnit,
  type DispatchPolicy,
  type GeoPoint,
  type Leave,
  type OrderToDispatch,
  type WeeklySlot,
  type WorkerStatus,
  type WorkerView,
} from '../../src/matching/domain/dispatch-view';
import { BUSINESS_UTC_OFFSET_MS } from '@platform/domain-kit';

/**
 * A deterministic pseudo-random city around Shanghai for specs and the dispatch benchmark: the
 * same (n, seed) always gives the same city. About 2% of the workers belong to the neighbouring
 * Suzhou branch, so that branch filtering is exercised. Booked jobs fill the generated week
 * (Monday `firstDay` and the six days after it) inside each active worker's hours.
 */

export interface CityDistrict {
  code: string;
  center: GeoPoint;
  /** Relative share of stations and orders. */
  weight: number;
}

export interface CityStation {
  stationId: string;
  branchId: string;
  district: string;
  location: GeoPoint;
}

export interface CityItem {
  itemCode: string;
  businessUnit: BusinessUnit;
  productCategory: string | null;
  expectedMinutes: number;
  /** Relative share of orders. */
  weight: number;
}

export interface GeneratedCity {
  branchId: string;
  seed: number;
  /** The Monday the generated week starts on (CST). */
  firstDay: string;
  days: string[];
  districts: CityDistrict[];
  stations: CityStation[];
  items: CityItem[];
  workers: WorkerView[];
  /** A plausible policy for the city. */
  policy: DispatchPolicy;
}

export const shanghaiPolicy: DispatchPolicy = {
  name: 'shanghai-default',
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
};

const SHANGHAI_DISTRICTS: CityDistrict[] = [
  { code: 'huangpu', center: { lat: 31.2317, lng: 121.4846 }, weight: 5 },
  { code: 'xuhui', center: { lat: 31.1885, lng: 121.4365 }, weight: 8 },
  { code: 'changning', center: { lat: 31.2204, lng: 121.4241 }, weight: 6 },
  { code: 'jingan', center: { lat: 31.229, lng: 121.448 }, weight: 7 },
  { code: 'putuo', center: { lat: 31.2496, lng: 121.3956 }, weight: 7 },
  { code: 'hongkou', center: { lat: 31.2646, lng: 121.5052 }, weight: 5 },
  { code: 'yangpu', center: { lat: 31.2596, lng: 121.526 }, weight: 7 },
  { code: 'minhang', center: { lat: 31.1128, lng: 121.3816 }, weight: 11 },
  { code: 'baoshan', center: { lat: 31.4045, lng: 121.4894 }, weight: 8 },
  { code: 'jiading', center: { lat: 31.3747, lng: 121.2655 }, weight: 6 },
  { code: 'pudong', center: { lat: 31.2215, lng: 121.5447 }, weight: 18 },
  { code: 'songjiang', center: { lat: 31.0322, lng: 121.2277 }, weight: 6 },
  { code: 'qingpu', center: { lat: 31.1497, lng: 121.1241 }, weight: 4 },
  { code: 'fengxian', center: { lat: 30.918, lng: 121.474 }, weight: 4 },
  { code: 'jinshan', center: { lat: 30.7416, lng: 121.342 }, weight: 2 },
  { code: 'chongming', center: { lat: 31.623, lng: 121.397 }, weight: 1 },
];

const SUZHOU_DISTRICTS: CityDistrict[] = [
  { code: 'gusu', center: { lat: 31.3116, lng: 120.6178 }, weight: 1 },
  { code: 'kunshan', center: { lat: 31.3856, lng: 120.9807 }, weight: 1 },
];

const ITEMS: CityItem[] = [
  {
    itemCode: 'HC-DAILY-2H',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 120,
    weight: 30,
  },
  {
    itemCode: 'HC-DAILY-4H',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 240,
    weight: 12,
  },
  {
    itemCode: 'HC-DEEP',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 300,
    weight: 8,
  },
  {
    itemCode: 'HC-APPLIANCE',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 120,
    weight: 6,
  },
  {
    itemCode: 'HC-COOK',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 90,
    weight: 4,
  },
  {
    itemCode: 'HC-ORGANISE',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 180,
    weight: 4,
  },
  {
    itemCode: 'HC-PET',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 150,
    weight: 3,
  },
  {
    itemCode: 'HC-DISINFECT',
    businessUnit: 'home_cleaning',
    productCategory: null,
    expectedMinutes: 120,
    weight: 3,
  },
  {
    itemCode: 'AS-SMART-INSTALL',
    businessUnit: 'after_sales',
    productCategory: 'smart_home',
    expectedMinutes: 90,
    weight: 6,
  },
  {
    itemCode: 'AS-SMART-REPAIR',
    businessUnit: 'after_sales',
    productCategory: 'smart_home',
    expectedMinutes: 60,
    weight: 6,
  },
  {
    itemCode: 'AS-WARDROBE-INSTALL',
    businessUnit: 'after_sales',
    productCategory: 'wardrobe',
    expectedMinutes: 180,
    weight: 4,
  },
  {
    itemCode: 'AS-WARDROBE-REPAIR',
    businessUnit: 'after_sales',
    productCategory: 'wardrobe',
    expectedMinutes: 90,
    weight: 4,
  },
  {
    itemCode: 'AS-SOFA-REPAIR',
    businessUnit: 'after_sales',
    productCategory: 'sofa',
    expectedMinutes: 120,
    weight: 3,
  },
  { itemCode: 'RT-ASSEMBLY', businessUnit: 'retail', productCategory: null, expectedMinutes: 120, weight: 7 },
];

const HOME_ITEMS = ITEMS.filter((i) => i.businessUnit === 'home_cleaning').map((i) => i.itemCode);
const SMART_ITEMS = ['AS-SMART-INSTALL', 'AS-SMART-REPAIR'];
const WARDROBE_ITEMS = ['AS-WARDROBE-INSTALL', 'AS-WARDROBE-REPAIR'];

const slots = (weekdays: number[], ...ranges: [string, string][]): WeeklySlot[] =>
  weekdays.flatMap((weekday) => ranges.map(([from, to]) => ({ weekday, from, to })));

const HOUR_PATTERNS: { weight: number; hours: WeeklySlot[] }[] = [
  { weight: 40, hours: slots([1, 2, 3, 4, 5], ['08:00', '18:00']) },
  { weight: 25, hours: slots([1, 2, 3, 4, 5, 6], ['09:00', '12:00'], ['13:00', '19:00']) },
  { weight: 20, hours: slots([2, 3, 4, 5, 6, 7], ['08:00', '17:00']) },
  { weight: 10, hours: [...slots([6, 7], ['08:00', '20:00']), ...slots([3], ['14:00', '20:00'])] },
  { weight: 5, hours: slots([1, 2, 3, 4, 5], ['07:00', '12:00']) },
];

const FIRST_DAY = '2025-06-02';
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

type Random = () => number;
const int = (r: Random, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
function weighted<T extends { weight: number }>(r: Random, list: readonly T[]): T {
  let x = r() * list.reduce((s, e) => s + e.weight, 0);
  for (const e of list) if ((x -= e.weight) < 0) return e;
  return list[list.length - 1]!;
}
function sample<T>(r: Random, list: readonly T[], n: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}
function jitter(r: Random, p: GeoPoint, sigmaKm: number): GeoPoint {
  const radius = sigmaKm * Math.sqrt(-2 * Math.log(1 - r()));
  const angle = 2 * Math.PI * r();
  const dLat = (radius * Math.cos(angle)) / 111.32;
  const dLng = (radius * Math.sin(angle)) / (111.32 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: round6(p.lat + dLat), lng: round6(p.lng + dLng) };
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const dist2 = (a: GeoPoint, b: GeoPoint) => (a.lat - b.lat) ** 2 + (a.lng - b.lng) ** 2;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function uuid(r: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Epoch ms of a CST wall-clock time on a CST day. */
const cstInstant = (day: string, minute: number) =>
  Date.parse(`${day}T00:00:00Z`) - BUSINESS_UTC_OFFSET_MS + minute * MINUTE_MS;

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function generateCity(n: number, seed = 1): GeneratedCity {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`a city needs a positive whole number of workers, not ${n}`);
  const r = seededRandom(seed);
  const days = Array.from({ length: 7 }, (_, i) => addDays(FIRST_DAY, i));
  const districts = [...SHANGHAI_DISTRICTS, ...SUZHOU_DISTRICTS];
  const neighbours = new Map(
    districts.map((d) => [
      d.code,
      districts
        .filter((o) => o.code !== d.code)
        .sort((a, b) => dist2(a.center, d.center) - dist2(b.center, d.center))
        .map((o) => o.code),
    ]),
  );

  const stations: CityStation[] = [];
  const stationCount = Math.max(2, Math.round(n / 100));
  const suzhouCount = Math.max(1, Math.round(stationCount / 50));
  for (let i = 0; i < stationCount; i++) {
    const suzhou = i >= stationCount - suzhouCount;
    const district = weighted(r, suzhou ? SUZHOU_DISTRICTS : SHANGHAI_DISTRICTS);
    stations.push({
      stationId: `st-${pad(i + 1, 3)}`,
      branchId: suzhou ? 'suzhou' : 'shanghai',
      district: district.code,
      location: jitter(r, district.center, 2.5),
    });
  }
  // Suzhou gets about 2% of the workers whatever its share of stations.
  const shanghaiStations = stations.filter((s) => s.branchId === 'shanghai');
  const suzhouStations = stations.filter((s) => s.branchId === 'suzhou');

  const workers: WorkerView[] = [];
  for (let i = 0; i < n; i++) {
    const station =
      suzhouStations.length > 0 && r() < 0.02 ? pick(r, suzhouStations) : pick(r, shanghaiStations);
    const sameBranch = (code: string) =>
      (station.branchId === 'suzhou') === SUZHOU_DISTRICTS.some((d) => d.code === code);
    const serviceAreas = [
      station.district,
      ...neighbours
        .get(station.district)!
        .filter(sameBranch)
        .slice(0, int(r, 1, 3)),
    ];
    const kind = r();
    let eligibleItems: string[];
    let groups: string[] = [];
    if (kind < 0.7) {
      eligibleItems = ['HC-DAILY-2H', ...sample(r, HOME_ITEMS.slice(1), int(r, 1, 5))];
    } else if (kind < 0.9) {
      const speciality = r();
      if (speciality < 0.4) {
        groups = ['smart_home'];
        eligibleItems = [...SMART_ITEMS, ...(r() < 0.3 ? ['AS-SOFA-REPAIR'] : [])];
      } else if (speciality < 0.8) {
        groups = ['panel_installers'];
        eligibleItems = [...WARDROBE_ITEMS, ...(r() < 0.3 ? ['AS-SOFA-REPAIR'] : [])];
      } else {
        // Generalists: qualified for everything after-sales, in no routing group.
        groups = ['furniture'];
        eligibleItems = [...SMART_ITEMS, ...WARDROBE_ITEMS, 'AS-SOFA-REPAIR'];
      }
    } else {
      groups = ['retail_assembly'];
      eligibleItems = ['RT-ASSEMBLY', ...(r() < 0.5 ? ['AS-SOFA-REPAIR'] : [])];
    }
    const statusRoll = r();
    const status: WorkerStatus =
      statusRoll < 0.9
        ? 'active'
        : statusRoll < 0.94
          ? 'applicant'
          : statusRoll < 0.98
            ? 'suspended'
            : 'left';
    const weeklyHours = weighted(r, HOUR_PATTERNS).hours;
    const leaves: Leave[] = [];
    if (r() < 0.06) {
      const start = int(r, -2, 6);
      leaves.push({ from: addDays(FIRST_DAY, start), to: addDays(FIRST_DAY, start + int(r, 0, 2)) });
    }
    const workerId = `wkr-${pad(i + 1, 5)}`;
    const homeLocation = jitter(r, station.location, 3);
    const jobs: BookedJob[] = [];
    if (status === 'active') {
      for (const day of days) {
        const weekday = ((Date.parse(`${day}T00:00:00Z`) / DAY_MS + 3) % 7) + 1;
        if (leaves.some((l) => l.from <= day && l.to >= day)) continue;
        const todays = weeklyHours.filter((s) => s.weekday === weekday);
        if (todays.length === 0) continue;
        let wanted = weighted(r, [
          { n: 0, weight: 2 },
          { n: 1, weight: 3 },
          { n: 2, weight: 3 },
          { n: 3, weight: 2 },
          { n: 4, weight: 1 },
          { n: 5, weight: 0.5 },
        ]).n;
        let minute = clockMinutes(todays[0]!.from) + 30 * int(r, 0, 4);
        for (const slot of todays) {
          minute = Math.max(minute, clockMinutes(slot.from));
          while (wanted > 0) {
            const itemCode = pick(r, eligibleItems);
            const item = ITEMS.find((it) => it.itemCode === itemCode)!;
            if (minute + item.expectedMinutes > clockMinutes(slot.to)) break;
            const area = pick(r, serviceAreas);
            const district = districts.find((d) => d.code === area)!;
            const start = cstInstant(day, minute);
            const end = start + item.expectedMinutes * MINUTE_MS;
            jobs.push({
              orderId: uuid(r),
              start: toIso(start),
              end: toIso(end),
              location: jitter(r, district.center, 2.5),
            });
            wanted--;
            minute += item.expectedMinutes + 30 * int(r, 1, 3);
          }
        }
      }
    }
    const rated = r() < 0.7;
    // Two draws where a display name was drawn before (dispatch keeps no names): seeded cities stay the same.
    r();
    r();
    workers.push({
      workerId,
      stationId: station.stationId,
      branchId: station.branchId,
      status,
      eligibleItems,
      homeLocation,
      serviceAreas,
      weeklyHours,
      leaves,
      groups,
      skillLevel: weighted(r, [
        { level: 1, weight: 1 },
        { level: 2, weight: 3 },
        { level: 3, weight: 4 },
        { level: 4, weight: 2 },
        { level: 5, weight: 1 },
      ]).level,
      rating: rated ? Math.round((3 + 2 * r()) * 10) / 10 : null,
      jobs,
    });
  }

  return {
    branchId: 'shanghai',
    seed,
    firstDay: FIRST_DAY,
    days,
    districts: SHANGHAI_DISTRICTS,
    stations,
    items: ITEMS,
    workers,
    policy: shanghaiPolicy,
  };
}

/**
 * Orders for the generated week in the Shanghai branch, deterministic in (city, count, seed): an
 * item and district by their shares, a start between 08:00 and 18:30 CST on the half hour, the
 * item's expected duration, and for one order in five the customer's regular worker (an active
 * worker qualified for the item and serving the district, so usually eligible).
 */
export function generateOrders(city: GeneratedCity, count: number, seed = 1): OrderToDispatch[] {
  const r = seededRandom(seed ^ 0x9e3779b9);
  const regulars = new Map<string, string[]>();
  for (const w of city.workers) {
    if (w.branchId !== city.branchId || w.status !== 'active') continue;
    for (const item of w.eligibleItems) {
      for (const area of w.serviceAreas) {
        const k = `${item}|${area}`;
        regulars.set(k, [...(regulars.get(k) ?? []), w.workerId]);
      }
    }
  }
  const orders: OrderToDispatch[] = [];
  for (let i = 0; i < count; i++) {
    const item = weighted(r, city.items);
    const district = weighted(r, city.districts);
    const day = pick(r, city.days);
    const start = cstInstant(day, 8 * 60 + 30 * int(r, 0, 21));
    const pool = regulars.get(`${item.itemCode}|${district.code}`) ?? [];
    orders.push({
      orderId: uuid(r),
      branchId: city.branchId,
      itemCode: item.itemCode,
      businessUnit: item.businessUnit,
      productCategory: item.productCategory,
      location: jitter(r, district.center, 2.5),
      district: district.code,
      window: { start: toIso(start), end: toIso(start + item.expectedMinutes * MINUTE_MS) },
      expectedMinutes: item.expectedMinutes,
      customerId: `cust-${pad(int(r, 1, 99_999), 5)}`,
      regularWorkerId: pool.length > 0 && r() < 0.2 ? pick(r, pool) : null,
    });
  }
  return orders;
}
