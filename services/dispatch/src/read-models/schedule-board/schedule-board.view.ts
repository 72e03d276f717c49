import { haversineKm } from '@platform/domain-kit';
import { travelMinutes, type GeoPoint } from '../../matching';

interface TimedJob {
  orderId: string;
  start: Date;
  end: Date;
}

/**
 * The drive between each job and the next on a worker's day (jobs in start order), with dispatch's
 * own estimate: straight-line km at the branch's travel speed, as the schedule guard measures it.
 */
export function drivesBetween(
  jobs: readonly TimedJob[],
  locationOf: (orderId: string) => GeoPoint | undefined,
  travelSpeedKmh: number,
) {
  return jobs.slice(1).flatMap((next, i) => {
    const previous = jobs[i]!;
    const from = locationOf(previous.orderId);
    const to = locationOf(next.orderId);
    if (!from || !to) return [];
    const km = haversineKm(from, to);
    return [
      {
        fromOrderId: previous.orderId,
        toOrderId: next.orderId,
        km: Math.round(km * 10) / 10,
        minutes: Math.ceil(travelMinutes(km, travelSpeedKmh)),
        gapMinutes: Math.floor((next.start.getTime() - previous.end.getTime()) / 60_000),
      },
    ];
  });
}
