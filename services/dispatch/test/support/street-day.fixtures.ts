import type { GeoPoint, PlanOrder, PlanPolicy } from '../../src/planning/domain/city-day';

// Hand-made days for specs lie on one east-west street of Shanghai: a point is its km east of the origin.
const LAT = 31.2;
export const at = (km: number): GeoPoint => ({
  lat: LAT,
  lng: 121.4 + km / (((6371.0088 * Math.PI) / 180) * Math.cos((LAT * Math.PI) / 180)),
});
/** An instant of the specs' day, 10 June 2025, in China Standard Time. */
export const cst = (hhmm: string) => Date.parse(`2025-06-10T${hhmm}:00+08:00`);
export const policy: PlanPolicy = { travelSpeedKmh: 30, bufferMinutes: 10 };

/** A cleaning order on the street, `km` east, in the window from–to. */
export const streetOrder = (
  orderId: string,
  km: number,
  from: string,
  to: string,
  extra: Partial<PlanOrder> = {},
): PlanOrder => ({
  orderId,
  itemCode: 'clean-standard',
  district: 'xuhui',
  location: at(km),
  window: { start: cst(from), end: cst(to) },
  durationMinutes: 60,
  ...extra,
});
