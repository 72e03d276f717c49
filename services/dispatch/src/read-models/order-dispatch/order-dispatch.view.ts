import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  EVENT_STORE,
  ReadModels,
  type EventStore,
  type RecordedEvent,
} from '@platform/eventing';
import { assignmentStream } from '../../assignment/assignment.decider';
import { DecisionRecords } from '../../provenance/decision-records';
import { slaStream } from '../../sla/domain/sla.decider';
import type { OrderInView } from '../../world/domain/dispatch-world';
import { WorldFeed } from '../../world/world-feed';
import { decisions, decisionsOf } from '../decisions/decisions.read-model';
import { decisionSummaryView, rankedWorker, ruleCounts } from '../decisions/decisions.view';
import {
  offers,
  offerStatusAfter,
  workerOffers,
  type OfferRow,
} from '../worker-offers/worker-offers.read-model';

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
    case 'AssignmentMoved':
      return { ...base, detail: `kept at the new time ${d.start} – ${d.end}: ${d.reason}` };
    case 'DispatchFailed':
      return {
        ...base,
        detail: `no candidate left (${(d.reasons as unknown[]).length + (d.moreRuledOut as number)} ruled out)`,
      };
    default:
      return { ...base, detail: null };
  }
}

/** An order's dispatch as the graph shows it: from its streams, its offers and its decision's provenance. */
@Injectable()
export class OrderDispatchView {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DecisionRecords) private readonly records: DecisionRecords,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(ReadModels) private readonly readModels: ReadModels,
  ) {}

  /** An order's offers, newest first. */
  offersOf(orderId: string): Promise<OfferRow[]> {
    return offers(this.readModels.documents(workerOffers), { orderId });
  }

  async orderDispatch(o: OrderInView) {
    const orderId = o.order.orderId;
    const [history, sla, offers] = await Promise.all([
      this.store.readStream(assignmentStream(orderId)),
      this.store.readStream(slaStream(orderId)),
      this.offersOf(orderId),
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
      decisions: async () =>
        (await decisionsOf(this.readModels.documents(decisions), orderId)).map(decisionSummaryView),
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
    const decision = decisionId ? await this.records.decision(decisionId) : null;
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
      alternatives: alternatives.map(rankedWorker),
      ruledOut,
      explanation,
    };
  }

  /**
   * The offer as the worker's answer left it, from its order's stream (the offers read model follows
   * the stream a moment later), for the answer to the worker who just answered it.
   */
  async answeredOffer(offerId: string): Promise<OfferRow> {
    const o = this.feed.world.orderOfOffer(offerId);
    const offer = o && (await this.offerOnStream(o, offerId));
    if (!offer) throw new DomainError('OFFER_NOT_FOUND', `no offer ${offerId}`, { field: 'offerId' });
    return offer;
  }

  private async offerOnStream(o: OrderInView, offerId: string): Promise<OfferRow | null> {
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
      rank: d.rank,
      decisionId: d.decisionId,
      madeAt: new Date(made.occurredAt),
      expiresAt: new Date(d.expiresAt),
      status: ended ? offerStatusAfter[ended.type]! : 'open',
      answeredAt: ended ? new Date(ended.occurredAt) : null,
      reason: ((ended?.data as Data | undefined)?.reason as string | undefined) ?? null,
    };
  }
}
