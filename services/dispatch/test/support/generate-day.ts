import { seededRandom } from '../../src/shared/seeded-random';
import type {
  ExistingJob,
  GeoPoint,
  Interval,
  PlanOrder,
  PlanPolicy,
  PlanWorker,
} from '../../src/planning/domain/city-day';

/** A generated city-day around Shanghai: the same seed gives the same day. */
export interface GeneratedDay {
  /** The day in China Standard Time (YYYY-MM-DD). */
  day: string;
  /** In the order they were placed. */
  orders: PlanOrder[];
  workers: PlanWorker[];
  policy: PlanPolicy;
}

const DAY = '2025-06-10';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const cst = (hour: number) => Date.parse(`${DAY}T00:00:00+08:00`) + hour * HOUR;

// Centres of the built-up part of ten districts, the spread of addresses around them (km) and their share of orders.
const DISTRICTS = [
  { name: 'huangpu', at: { lat: 31.2317, lng: 121.4846 }, spreadKm: 1.8, weight: 6 },
  { name: 'xuhui', at: { lat: 31.1886, lng: 121.4365 }, spreadKm: 2.5, weight: 10 },
  { name: 'changning', at: { lat: 31.2204, lng: 121.4241 }, spreadKm: 2.5, weight: 7 },
  { name: 'jingan', at: { lat: 31.2496, lng: 121.456 }, spreadKm: 2.5, weight: 9 },
  { name: 'putuo', at: { lat: 31.2494, lng: 121.3971 }, spreadKm: 2.5, weight: 9 },
  { name: 'hongkou', at: { lat: 31.2646, lng: 121.5052 }, spreadKm: 2, weight: 6 },
  { name: 'yangpu', at: { lat: 31.2595, lng: 121.526 }, spreadKm: 2.5, weight: 9 },
  { name: 'pudong', at: { lat: 31.2215, lng: 121.5447 }, spreadKm: 6, weight: 25 },
  { name: 'minhang', at: { lat: 31.1128, lng: 121.3816 }, spreadKm: 5, weight: 17 },
  { name: 'baoshan', at: { lat: 31.4053, lng: 121.4898 }, spreadKm: 5, weight: 14 },
];

const ITEMS = [
  { code: 'clean-standard', minutes: [120, 180], weight: 25 },
  { code: 'clean-deep', minutes: [180, 240], weight: 12 },
  { code: 'sofa-clean', minutes: [60, 150], weight: 8 },
  { code: 'kitchen-hood-clean', minutes: [60, 120], weight: 10 },
  { code: 'ac-clean', minutes: [60, 120], weight: 15 },
  { code: 'appliance-repair', minutes: [60, 180], weight: 12 },
  { code: 'smart-lock-repair', minutes: [60, 120], weight: 8 },
  { code: 'wardrobe-install', minutes: [120, 240], weight: 10 },
] as const;

// Worker groups: the items a worker may be eligible for, the first always.
const GROUPS = [
  { share: 0.6, items: ['clean-standard', 'clean-deep', 'sofa-clean', 'kitchen-hood-clean'] },
  { share: 0.3, items: ['ac-clean', 'appliance-repair', 'kitchen-hood-clean', 'smart-lock-repair'] },
  { share: 0.1, items: ['wardrobe-install', 'smart-lock-repair', 'appliance-repair'] },
];

export function generateDay(nOrders: number, nWorkers: number, seed: number): GeneratedDay {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T extends { weight: number }>(list: readonly T[]): T => {
    const total = list.reduce((sum, x) => sum + x.weight, 0);
    let r = random() * total;
    for (const x of list) if ((r -= x.weight) < 0) return x;
    return list[list.length - 1]!;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const near = (at: GeoPoint, spreadKm: number): GeoPoint => ({
    lat: round6(at.lat + (gauss() * spreadKm) / 111.2),
    lng: round6(at.lng + (gauss() * spreadKm) / (111.2 * Math.cos((at.lat * Math.PI) / 180))),
  });

  const orders: PlanOrder[] = [];
  for (let i = 0; i < nOrders; i++) {
    const district = pick(DISTRICTS);
    const item = pick(ITEMS);
    const durationMinutes = 30 * int(item.minutes[0] / 30, item.minutes[1] / 30);
    const windowHours = int(2, 4);
    const latestStart = 20 - Math.max(windowHours, durationMinutes / 60);
    const startHour = 8 + 0.5 * int(0, Math.floor((latestStart - 8) * 2));
    orders.push({
      orderId: `ord-${seed}-${String(i).padStart(5, '0')}`,
      itemCode: item.code,
      district: district.name,
      location: near(district.at, district.spreadKm),
      window: { start: cst(startHour), end: cst(startHour + windowHours) },
      durationMinutes,
    });
  }

  const workers: PlanWorker[] = [];
  for (let i = 0; i < nWorkers; i++) {
    const district = pick(DISTRICTS);
    const neighbours = DISTRICTS.filter((d) => d !== district)
      .map((d) => ({ d, km: Math.hypot(d.at.lat - district.at.lat, d.at.lng - district.at.lng) }))
      .sort((a, b) => a.km - b.km)
      .slice(0, int(0, 2))
      .map(({ d }) => d.name);
    const r = random();
    const group =
      r < GROUPS[0]!.share ? GROUPS[0]! : r < GROUPS[0]!.share + GROUPS[1]!.share ? GROUPS[1]! : GROUPS[2]!;
    const [first, ...rest] = group.items;
    const extra = rest
      .map((code) => ({ code, key: random() }))
      .sort((a, b) => a.key - b.key)
      .slice(0, int(1, Math.min(3, rest.length)))
      .map(({ code }) => code);
    const early = random() < 0.5;
    const shift: Interval = early ? { start: cst(8), end: cst(18) } : { start: cst(10), end: cst(20) };
    const home = near(district.at, district.spreadKm);
    const existingJobs: ExistingJob[] = [];
    const leave: Interval[] = [];
    const roll = random();
    if (roll < 0.1) {
      const startHour = (early ? 8 : 10) + 0.5 * int(0, 14);
      existingJobs.push({
        orderId: `ord-booked-${seed}-${i}`,
        start: cst(startHour),
        end: cst(startHour) + 30 * int(2, 4) * MINUTE,
        location: near(district.at, district.spreadKm),
      });
    } else if (roll < 0.13) {
      leave.push(random() < 0.5 ? { start: cst(8), end: cst(13) } : { start: cst(13), end: cst(20) });
    }
    workers.push({
      workerId: `wkr-${seed}-${String(i).padStart(4, '0')}`,
      home,
      eligibleItems: [first!, ...extra],
      serviceAreas: [district.name, ...neighbours],
      shifts: [shift],
      dailyCap: int(4, 6),
      existingJobs,
      leave,
    });
  }
  return { day: DAY, orders, workers, policy: POLICY };
}

// Online dispatch's Shanghai policy (matching's shanghaiPolicy), so plans are made under its rules, reach included.
const POLICY: PlanPolicy = { travelSpeedKmh: 25, bufferMinutes: 15, maxDistanceKm: 20 };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
