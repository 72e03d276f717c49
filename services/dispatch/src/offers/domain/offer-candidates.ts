import { businessDay } from '@platform/domain-kit';
import type { Decision } from '../../matching';
import { bookedJob, type DispatchWorld, type OrderInView } from '../../world/domain/dispatch-world';
import { derivedId, type Hold, type SlotRef } from './offer-flow.actions';

/**
 * The worker's time an offer or an assignment holds: the job and the branch's buffer after it, and
 * unless a dispatcher knowingly assigns, the drive from and to the jobs around it and a place under
 * the daily cap.
 */
export function holdFor(
  world: Pick<DispatchWorld, 'policyOf'>,
  o: OrderInView,
  workerId: string,
  reservationId: string,
  { knowingly = false } = {},
): Hold {
  const job = bookedJob(o.order);
  const { bufferMinutes, travelSpeedKmh, dailyJobCap } = world.policyOf(o.order.branchId).settings;
  return {
    workerId,
    orderId: o.order.orderId,
    reservationId,
    day: businessDay(job.start.getTime()),
    start: job.start.toISOString(),
    end: new Date(job.end.getTime() + bufferMinutes * 60_000).toISOString(),
    location: o.order.location,
    travelSpeedKmh: knowingly ? undefined : travelSpeedKmh,
    dailyJobCap: knowingly ? undefined : dailyJobCap,
  };
}

export const slotOf = (hold: Hold): SlotRef => ({
  workerId: hold.workerId,
  orderId: hold.orderId,
  day: hold.day,
  reservationId: hold.reservationId,
});

/** The decision as the order's stream records it: the offer list and why the others were ruled out. */
export function candidateList(
  decision: Pick<Decision, 'ranked' | 'rejected' | 'summary'>,
  decisionId: string,
  first?: string,
) {
  // A plan's choice goes first; the rest keep the ranking's order behind it.
  const ordered = first
    ? [...decision.ranked].sort((a, b) => Number(b.workerId === first) - Number(a.workerId === first))
    : decision.ranked;
  // Only the 50 kept get an offer id (a SHA-1 each): a ranking runs to hundreds or thousands of
  // workers, and deriving ids for all of them cost more than the decision itself.
  const ranked = ordered.slice(0, 50).map((r) => ({
    workerId: r.workerId,
    offerId: derivedId(`${decisionId}/${r.workerId}`),
    score: Math.round(r.score.total * 1e6) / 1e6,
  }));
  return {
    ranked,
    ruledOut: decision.rejected.map((r) => ({ workerId: r.workerId, rules: r.failed.map((f) => f.code) })),
    moreRuledOut: decision.summary.excludedByIndex.total,
  };
}
