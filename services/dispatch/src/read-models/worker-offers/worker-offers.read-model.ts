import type { PostgresDocuments, ReadModel } from '@platform/eventing';

export type OfferStatus = 'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
interface OfferDoc {
  offerId: string;
  orderId: string;
  workerId: string;
  rank: number;
  decisionId: string;
  madeAt: string;
  expiresAt: string;
  status: OfferStatus;
  answeredAt: string | null;
  reason: string | null;
}
/** An offer as the graph shows it. */
export type OfferRow = Omit<OfferDoc, 'madeAt' | 'expiresAt' | 'answeredAt'> & {
  madeAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
};

/** How each event that ends an offer leaves it. */
export const offerStatusAfter: Partial<Record<string, Exclude<OfferStatus, 'open'>>> = {
  OfferAccepted: 'accepted',
  OfferDeclined: 'declined',
  OfferExpired: 'expired',
  OfferWithdrawn: 'withdrawn',
};

/** What the offer events say (OfferMade all of it; the others the offer and a reason). */
type Data = Pick<OfferDoc, 'offerId' | 'orderId' | 'workerId' | 'rank' | 'decisionId' | 'expiresAt'> & {
  reason?: string;
};

/**
 * The workers' offers, from the order's stream: made, then answered, lapsed or withdrawn once.
 * In PostgreSQL (ADR 0010): a worker's offers, newest first, and an order's are queried in SQL.
 */
export const workerOffers: ReadModel<OfferDoc, 'postgres'> = {
  name: 'worker_offers',
  store: 'postgres',
  handles: ['OfferMade', ...Object.keys(offerStatusAfter)],
  ids: (event) => [(event.data as Data).offerId],
  evolve(offer, event) {
    const d = event.data as Data;
    if (event.type === 'OfferMade')
      return (
        offer ?? {
          offerId: d.offerId,
          orderId: d.orderId,
          workerId: d.workerId,
          rank: d.rank,
          decisionId: d.decisionId,
          madeAt: event.occurredAt,
          expiresAt: d.expiresAt,
          status: 'open',
          answeredAt: null,
          reason: null,
        }
      );
    const status = offerStatusAfter[event.type]!;
    return offer && offer.status === 'open'
      ? { ...offer, status, answeredAt: event.occurredAt, reason: d.reason ?? null }
      : offer;
  },
  indexes: [{ fields: { workerId: 1, madeAt: 1 } }, { fields: { orderId: 1 } }],
};

/** Offers, newest first (at most 200). */
export async function offers(
  docs: PostgresDocuments<OfferDoc>,
  filter: { workerId?: string; orderId?: string; open?: boolean },
): Promise<OfferRow[]> {
  const { rows } = await docs.pool.query(
    `SELECT document FROM ${docs.table}
     WHERE document IS NOT NULL AND ($1::text IS NULL OR document->>'workerId' = $1)
       AND ($2::text IS NULL OR document->>'orderId' = $2) AND (NOT $3 OR document->>'status' = 'open')
     ORDER BY document->>'madeAt' DESC LIMIT 200`,
    [filter.workerId ?? null, filter.orderId ?? null, filter.open ?? false],
  );
  return rows.map(({ document: d }: { document: OfferDoc }) => ({
    ...d,
    madeAt: new Date(d.madeAt),
    expiresAt: new Date(d.expiresAt),
    answeredAt: d.answeredAt ? new Date(d.answeredAt) : null,
  }));
}
