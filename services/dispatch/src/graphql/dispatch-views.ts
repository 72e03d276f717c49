import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@platform/eventing';
import { assignmentStream } from '../assignment/assignment.decider';
import type { Decision } from '../matching';
import { DispatchTables, offerStatusAfter, type OfferRow } from '../queue/dispatch-tables';
import { slaStream } from '../sla/domain/sla.decider';
import type { OrderInView } from '../world/domain/dispatch-world';
import { WorldFeed } from '../world/world-feed';
import { businessDay } from '@platform/domain-kit';

type Data = Record<string, unknown>;
const TOP_ALTERNATIVES = 5;

/** One line of an order's dispatch history, as the console shows it. */
function step(event: RecordedEvent) {
  const d = event.data as Data;
  const by = event.actor.kind === 'user' ? `${event.actor.role} ${event.actor.id}` : event.actor.id;
  const base = {
    at: new Date(event.occurredAt),
    what: event.type,
    workerId: (d.workerId as string) ?? null,
    by,
  };
  switch (event.type) {
    case 'DispatchDecided':
      return {
        ...base,
        detail: `${(d.ranked as unknown[]).length} candidates ranked under ${d.policy}; ${(d.ruledOut as unknown[]).length + (d.moreRuledOut as number)} ruled out`,
      };
    case 'OfferMade':
      return { ...base, detail: `rank ${d.rank}, open until ${d.expiresAt}` };
    case 'OfferDeclined':
    case 'OfferWithdrawn':
    case 'TechnicianUnassigned':
      return { ...base, detail: d.reason as string };
    case 'TechnicianAssigned':
      return { ...base, detail: d.how as string };
    case 'DispatchFailed':
      return {
        ...base,
        detail: `no candidate left (${(d.reasons as unknown[]).length + (d.moreRuledOut as number)} ruled out)`,
      };
    default:
      return { ...base, detail: null };
  }
}

export function ruleCounts(
  rejected: Decision['rejected'],
  excluded?: Decision['summary']['excludedByIndex'],
) {
  const counts = new Map<string, number>();
  for (const r of rejected) for (const f of r.failed) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  for (const [rule, n] of Object.entries(excluded ?? {}))
    if (rule !== 'total' && n > 0) counts.set(rule, (counts.get(rule) ?? 0) + n);
  return [...counts].map(([rule, workers]) => ({ rule, workers })).sort((a, b) => b.workers - a.workers);
}

const ranked = (r: Decision['ranked'][number]) => ({
  rank: r.rank,
  workerId: r.workerId,
  stationId: r.stationId,
  distanceKm: Math.round(r.distanceKm * 100) / 100,
  regularWorker: r.regularWorker,
  score: { total: r.score.total, ...r.score.components },
});

/** The read side of dispatch for GraphQL: from the order's streams, the tables and the view. */
@Injectable()
export class DispatchViews {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DispatchTables) private readonly tables: DispatchTables,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
  ) {}

  async orderDispatch(o: OrderInView) {
    const orderId = o.order.orderId;
    const [history, sla, offers] = await Promise.all([
      this.store.readStream(assignmentStream(orderId)),
      this.store.readStream(slaStream(orderId)),
      this.tables.offers({ orderId }),
    ]);
    const manual = [...history].reverse().find((e) => e.type === 'TechnicianAssigned');
    const lastDecided = [...history].reverse().find((e) => e.type === 'DispatchDecided');
    return {
      orderId,
      status: o.dispatch.status,
      workerId: o.dispatch.workerId,
      how: o.dispatch.how,
      openOffer: offers.find((f) => f.status === 'open') ?? null,
      offers,
      history: history.map(step),
      slaBreaches: sla.map((e) => ({
        ...(e.data as { kind: string; dueAt: string; workerId: string | null }),
        at: new Date(e.occurredAt),
      })),
      whyThisWorker: () =>
        this.whyThisWorker(
          o,
          (lastDecided?.data as Data | undefined)?.decisionId as string | undefined,
          manual,
        ),
    };
  }

  private async whyThisWorker(o: OrderInView, decisionId: string | undefined, assignedBy?: RecordedEvent) {
    const workerId = o.dispatch.workerId;
    if (o.dispatch.status !== 'assigned' || !workerId) return null;
    const decision = decisionId ? await this.tables.decision(decisionId) : null;
    const mine = decision?.ranked.find((r) => r.workerId === workerId);
    const alternatives = (decision?.ranked ?? [])
      .filter((r) => r.workerId !== workerId)
      .slice(0, TOP_ALTERNATIVES);
    const ruledOut = decision ? ruleCounts(decision.rejected, decision.summary.excludedByIndex) : [];
    const how = o.dispatch.how ?? 'auto';
    const manualReason =
      how === 'manual'
        ? (((assignedBy?.data as Data | undefined)?.reason as string | undefined) ?? null)
        : null;
    const explanation = mine
      ? `${workerId} was rank ${mine.rank} of ${decision!.ranked.length} under ${decision!.policy.name}@${decision!.policy.version}: ` +
        (mine.regularWorker ? "the customer's regular worker, always offered first; " : '') +
        `${mine.distanceKm.toFixed(1)} km away, score ${mine.score.total.toFixed(3)}` +
        (how === 'manual' ? `; then assigned by a dispatcher (${manualReason})` : '')
      : how === 'manual'
        ? `assigned by ${assignedBy?.actor.id ?? 'a dispatcher'}: ${manualReason}`
        : `${workerId} accepted the offer`;
    return {
      workerId,
      how,
      manualReason,
      decisionId: decisionId ?? null,
      policy: decision ? `${decision.policy.name}@${decision.policy.version}` : null,
      rank: mine?.rank ?? null,
      score: mine ? { total: mine.score.total, ...mine.score.components } : null,
      distanceKm: mine ? Math.round(mine.distanceKm * 100) / 100 : null,
      regularWorker: mine?.regularWorker ?? null,
      alternatives: alternatives.map(ranked),
      ruledOut,
      explanation,
    };
  }

  /**
   * One offer as its order's stream tells it, for the answer to the worker who just answered it:
   * the offers table follows the stream a moment later. Null for an offer the stream never made.
   */
  async offer(o: OrderInView, offerId: string): Promise<OfferRow | null> {
    const history = await this.store.readStream(assignmentStream(o.order.orderId));
    const about = history.filter((e) => (e.data as Data).offerId === offerId);
    const made = about.find((e) => e.type === 'OfferMade');
    if (!made) return null;
    const d = made.data as { workerId: string; rank: number; decisionId: string; expiresAt: string };
    const ended = about.find((e) => offerStatusAfter[e.type]);
    return {
      offerId,
      orderId: o.order.orderId,
      workerId: d.workerId,
      branchId: o.order.branchId,
      rank: d.rank,
      decisionId: d.decisionId,
      madeAt: new Date(made.occurredAt),
      expiresAt: new Date(d.expiresAt),
      status: ended ? offerStatusAfter[ended.type]! : 'open',
      answeredAt: ended ? new Date(ended.occurredAt) : null,
      reason: ((ended?.data as Data | undefined)?.reason as string | undefined) ?? null,
    };
  }

  async decision(decisionId: string) {
    const decision = await this.tables.decision(decisionId);
    if (!decision) return null;
    return {
      decisionId,
      orderId: decision.orderId,
      decidedAt: new Date(decision.decidedAt),
      policy: `${decision.policy.name}@${decision.policy.version}`,
      considered: decision.summary.considered,
      ranked: decision.ranked.map(ranked),
      ruledOut: ruleCounts(decision.rejected, decision.summary.excludedByIndex),
      rejected: decision.rejected.slice(0, 50).map((r) => ({
        workerId: r.workerId,
        rules: r.failed.map((f) => f.code),
        messages: r.failed.map((f) => f.message),
      })),
    };
  }

  /** A branch's day, narrowed to the orders `visible` keeps (a station leader's part of it). */
  board(branchId: string, day: string, visible: (o: OrderInView) => boolean) {
    const orders = [...this.feed.world.orders.values()]
      .filter(
        (o) =>
          o.order.branchId === branchId &&
          businessDay(new Date(o.order.window.start).getTime()) === day &&
          visible(o),
      )
      .sort((a, b) => Date.parse(String(a.order.window.start)) - Date.parse(String(b.order.window.start)));
    const counts = { waiting: 0, offering: 0, assigned: 0, failed: 0, started: 0, done: 0, cancelled: 0 };
    for (const o of orders) {
      if (o.progress === 'cancelled') counts.cancelled++;
      else if (o.progress === 'checked_in') counts.started++;
      else if (o.progress !== 'placed') counts.done++;
      else counts[o.dispatch.status]++;
    }
    return {
      branchId,
      day,
      counts,
      orders: orders.map((o) => ({
        orderId: o.order.orderId,
        itemCode: o.order.itemCode,
        district: o.order.district,
        start: new Date(o.order.window.start),
        end: new Date(o.order.window.end),
        progress: o.progress,
        dispatchStatus: o.dispatch.status,
        workerId: o.dispatch.workerId,
        offerExpiresAt: o.dispatch.offerExpiresAt ? new Date(o.dispatch.offerExpiresAt) : null,
      })),
    };
  }

  schedule(workerId: string, day: string) {
    const view = this.feed.world.workers.get(workerId);
    const jobs = (view?.jobs ?? [])
      .filter((j) => businessDay(new Date(j.start).getTime()) === day)
      .sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime())
      .flatMap((j) => {
        const o = this.feed.world.order(j.orderId);
        if (!o) return [];
        return [
          {
            orderId: j.orderId,
            itemCode: o.order.itemCode,
            district: o.order.district,
            start: new Date(j.start),
            end: new Date(j.end),
            holding: o.dispatch.status === 'assigned' ? 'assigned' : 'offered',
            progress: o.progress,
          },
        ];
      });
    return { workerId, day, jobs };
  }
}
