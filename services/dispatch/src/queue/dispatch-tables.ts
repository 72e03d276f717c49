import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce, underLock } from '@platform/eventing';
import type { Pool, PoolClient } from 'pg';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Decision } from '../matching';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export type QueueKind = 'dispatch_failed' | 'auto_dispatch_off' | 'sla_breached' | 'released';
export interface QueueItem {
  itemId: string;
  orderId: string;
  branchId: string;
  kind: QueueKind;
  details: Record<string, unknown>;
  raisedAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
}
export interface OfferRow {
  offerId: string;
  orderId: string;
  workerId: string;
  branchId: string;
  rank: number;
  decisionId: string;
  madeAt: Date;
  expiresAt: Date;
  status: 'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
  answeredAt: Date | null;
  reason: string | null;
}

/** How each event that ends an offer leaves it. */
export const offerStatusAfter: Partial<Record<string, Exclude<OfferRow['status'], 'open'>>> = {
  OfferAccepted: 'accepted',
  OfferDeclined: 'declined',
  OfferExpired: 'expired',
  OfferWithdrawn: 'withdrawn',
};

/**
 * Dispatch's PostgreSQL tables: the provenance of every decision (gzipped JSON, ≈ 13 KiB each, up
 * to 1 MiB in a dense district before compression), the dispatcher's queue, the workers' offers
 * and the proposed city-day plans. Queue and offers are projections of dispatch.events, written
 * idempotently (keys derive from event ids; a status moves from `open` only once).
 */
@Injectable()
export class DispatchTables {
  readonly ensure: () => Promise<void>;
  private readonly t: Record<'decisions' | 'queue' | 'offers' | 'plans', string>;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(STORAGE_SCHEMA) schema: string,
  ) {
    const q = (name: string) => `${quoteIdent(schema)}.${name}`;
    this.t = {
      decisions: q('decisions'),
      queue: q('dispatcher_queue'),
      offers: q('offers'),
      plans: q('plans'),
    };
    this.ensure = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.t.decisions} (
         decision_id uuid PRIMARY KEY, order_id uuid NOT NULL, branch_id text NOT NULL,
         decided_at timestamptz NOT NULL, policy text NOT NULL, doc bytea NOT NULL, landed boolean NOT NULL);
       -- Decisions stored before provenance waited for its events count as landed.
       ALTER TABLE ${this.t.decisions} ADD COLUMN IF NOT EXISTS landed boolean NOT NULL DEFAULT true;
       CREATE INDEX IF NOT EXISTS decisions_order ON ${this.t.decisions} (order_id, decided_at);
       CREATE INDEX IF NOT EXISTS decisions_time ON ${this.t.decisions} (branch_id, decided_at);
       CREATE TABLE IF NOT EXISTS ${this.t.queue} (
         item_id text PRIMARY KEY, order_id uuid NOT NULL, branch_id text NOT NULL, kind text NOT NULL,
         details jsonb NOT NULL, raised_at timestamptz NOT NULL, resolved_at timestamptz, resolution text);
       CREATE INDEX IF NOT EXISTS queue_open ON ${this.t.queue} (branch_id, raised_at) WHERE resolved_at IS NULL;
       CREATE TABLE IF NOT EXISTS ${this.t.offers} (
         offer_id uuid PRIMARY KEY, order_id uuid NOT NULL, worker_id text NOT NULL, branch_id text NOT NULL,
         rank integer NOT NULL, decision_id uuid NOT NULL, made_at timestamptz NOT NULL,
         expires_at timestamptz NOT NULL, status text NOT NULL, answered_at timestamptz, reason text);
       CREATE INDEX IF NOT EXISTS offers_worker ON ${this.t.offers} (worker_id, made_at);
       CREATE TABLE IF NOT EXISTS ${this.t.plans} (
         plan_id uuid PRIMARY KEY, branch_id text NOT NULL, day date NOT NULL, proposed_at timestamptz NOT NULL,
         proposed_by text NOT NULL, doc jsonb NOT NULL, accepted_at timestamptz, accepted_by text);`,
    );
  }

  /**
   * Stores a decision's provenance before its events are appended (written after them, a crash in
   * between would lose it for good: the decision cannot be taken again as it was). It stays out of
   * sight until `markLanded`, so no reader meets provenance of a decision whose events never landed.
   */
  async saveDecision(
    decisionId: string,
    branchId: string,
    decision: Decision,
    policy: string,
  ): Promise<void> {
    await this.ensure();
    await this.pool.query(
      `INSERT INTO ${this.t.decisions} (decision_id, order_id, branch_id, decided_at, policy, doc, landed)
       VALUES ($1, $2, $3, $4, $5, $6, false) ON CONFLICT (decision_id) DO NOTHING`,
      [
        decisionId,
        decision.orderId,
        branchId,
        decision.decidedAt,
        policy,
        await zip(JSON.stringify(decision)),
      ],
    );
  }

  /** The decision's events are in its order's stream: its provenance may be read. */
  async markLanded(decisionId: string): Promise<void> {
    await this.ensure();
    await this.pool.query(`UPDATE ${this.t.decisions} SET landed = true WHERE decision_id = $1`, [
      decisionId,
    ]);
  }

  /** Removes provenance whose decision never landed (provenance of a landed one stays). */
  async forgetDecision(decisionId: string): Promise<void> {
    await this.ensure();
    await this.pool.query(`DELETE FROM ${this.t.decisions} WHERE decision_id = $1 AND NOT landed`, [
      decisionId,
    ]);
  }

  async decision(decisionId: string): Promise<Decision | null> {
    await this.ensure();
    const { rows } = await this.pool.query(
      `SELECT doc FROM ${this.t.decisions} WHERE decision_id = $1 AND landed`,
      [decisionId],
    );
    return rows[0] ? (JSON.parse((await unzip(rows[0].doc)).toString('utf8')) as Decision) : null;
  }

  /** Decisions of a period, oldest first, a page at a time (a month can hold hundreds of thousands). */
  async *decisionsBetween(from: Date, to: Date, branchId?: string): AsyncGenerator<Decision> {
    await this.ensure();
    let after: [Date, string] = [new Date(0), '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const { rows } = await this.pool.query(
        `SELECT decision_id, decided_at, doc FROM ${this.t.decisions}
         WHERE landed AND decided_at >= $1 AND decided_at < $2 AND ($3::text IS NULL OR branch_id = $3)
           AND (decided_at, decision_id) > ($4, $5)
         ORDER BY decided_at, decision_id LIMIT 200`,
        [from, to, branchId ?? null, after[0], after[1]],
      );
      for (const row of rows) yield JSON.parse((await unzip(row.doc)).toString('utf8')) as Decision;
      if (rows.length < 200) return;
      const last = rows[rows.length - 1];
      after = [last.decided_at, last.decision_id];
    }
  }

  /**
   * Puts an item in the queue. An order has at most one open item of each kind but SLA breaches: a
   * failed order dispatched again (a worker came free) and failing again updates its open item
   * with the latest reasons rather than adding one per attempt.
   */
  async raise(item: Omit<QueueItem, 'resolvedAt' | 'resolution'>): Promise<void> {
    await this.ensure();
    const details = JSON.stringify(item.details);
    const insert = (db: Pool | PoolClient) =>
      db.query(
        `INSERT INTO ${this.t.queue} (item_id, order_id, branch_id, kind, details, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (item_id) DO NOTHING`,
        [item.itemId, item.orderId, item.branchId, item.kind, details, item.raisedAt],
      );
    if (item.kind === 'sla_breached') return void (await insert(this.pool));
    await underLock(this.pool, `queue:${item.orderId}:${item.kind}`, async (client) => {
      const open = await client.query(
        `UPDATE ${this.t.queue} SET details = $3 WHERE order_id = $1 AND kind = $2 AND resolved_at IS NULL`,
        [item.orderId, item.kind, details],
      );
      if (!open.rowCount) await insert(client);
    });
  }

  /** The order has a worker again: what waited for one is done. SLA breaches stay until a dispatcher acts. */
  async resolveForOrder(orderId: string, resolution: string, at: Date): Promise<void> {
    await this.ensure();
    await this.pool.query(
      `UPDATE ${this.t.queue} SET resolved_at = $3, resolution = $2
       WHERE order_id = $1 AND resolved_at IS NULL AND kind <> 'sla_breached'`,
      [orderId, resolution, at],
    );
  }

  async resolve(itemId: string, resolution: string, at: Date): Promise<QueueItem | null> {
    await this.ensure();
    await this.pool.query(
      `UPDATE ${this.t.queue} SET resolved_at = $3, resolution = $2 WHERE item_id = $1 AND resolved_at IS NULL`,
      [itemId, resolution, at],
    );
    return (await this.queueItems({ itemId }))[0] ?? null;
  }

  async queueItems(filter: {
    itemId?: string;
    branchId?: string;
    orderId?: string;
    open?: boolean;
    /** Only items naming one of these workers, or about an order one of them holds (a station's part). */
    about?: { workerIds: string[]; orderIds: string[] };
    limit?: number;
  }): Promise<QueueItem[]> {
    await this.ensure();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.t.queue}
       WHERE ($1::text IS NULL OR item_id = $1) AND ($2::text IS NULL OR branch_id = $2)
         AND ($3::uuid IS NULL OR order_id = $3) AND (NOT $4 OR resolved_at IS NULL)
         AND ($6::text[] IS NULL OR details->>'workerId' = ANY($6) OR order_id = ANY($7::uuid[]))
       ORDER BY raised_at LIMIT $5`,
      [
        filter.itemId ?? null,
        filter.branchId ?? null,
        filter.orderId ?? null,
        filter.open ?? false,
        filter.limit ?? 200,
        filter.about?.workerIds ?? null,
        filter.about?.orderIds ?? [],
      ],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      orderId: r.order_id,
      branchId: r.branch_id,
      kind: r.kind,
      details: r.details,
      raisedAt: r.raised_at,
      resolvedAt: r.resolved_at,
      resolution: r.resolution,
    }));
  }

  /** Keeps the workers' offers from dispatch's events. */
  async projectOffer(event: EventEnvelope, branchId: string): Promise<void> {
    await this.ensure();
    const d = event.data as Record<string, string & number>;
    if (event.type === 'OfferMade') {
      await this.pool.query(
        `INSERT INTO ${this.t.offers} (offer_id, order_id, worker_id, branch_id, rank, decision_id, made_at, expires_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open') ON CONFLICT (offer_id) DO NOTHING`,
        [d.offerId, d.orderId, d.workerId, branchId, d.rank, d.decisionId, event.occurredAt, d.expiresAt],
      );
      return;
    }
    const status = offerStatusAfter[event.type];
    if (status)
      await this.pool.query(
        `UPDATE ${this.t.offers} SET status = $2, answered_at = $3, reason = $4 WHERE offer_id = $1 AND status = 'open'`,
        [d.offerId, status, event.occurredAt, d.reason ?? null],
      );
  }

  async offers(filter: {
    workerId?: string;
    orderId?: string;
    offerId?: string;
    open?: boolean;
  }): Promise<OfferRow[]> {
    await this.ensure();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.t.offers}
       WHERE ($1::text IS NULL OR worker_id = $1) AND ($2::uuid IS NULL OR order_id = $2)
         AND ($3::uuid IS NULL OR offer_id = $3) AND (NOT $4 OR status = 'open')
       ORDER BY made_at DESC LIMIT 200`,
      [filter.workerId ?? null, filter.orderId ?? null, filter.offerId ?? null, filter.open ?? false],
    );
    return rows.map((r) => ({
      offerId: r.offer_id,
      orderId: r.order_id,
      workerId: r.worker_id,
      branchId: r.branch_id,
      rank: r.rank,
      decisionId: r.decision_id,
      madeAt: r.made_at,
      expiresAt: r.expires_at,
      status: r.status,
      answeredAt: r.answered_at,
      reason: r.reason,
    }));
  }

  async savePlan(plan: { planId: string; branchId: string; day: string; proposedBy: string; doc: unknown }) {
    await this.ensure();
    await this.pool.query(
      `INSERT INTO ${this.t.plans} (plan_id, branch_id, day, proposed_at, proposed_by, doc) VALUES ($1, $2, $3, now(), $4, $5)`,
      [plan.planId, plan.branchId, plan.day, plan.proposedBy, JSON.stringify(plan.doc)],
    );
  }

  async plan(planId: string) {
    await this.ensure();
    const { rows } = await this.pool.query(`SELECT * FROM ${this.t.plans} WHERE plan_id = $1`, [planId]);
    const r = rows[0];
    return r
      ? {
          planId: r.plan_id as string,
          branchId: r.branch_id as string,
          doc: r.doc as unknown,
          proposedAt: r.proposed_at as Date,
          acceptedAt: r.accepted_at as Date | null,
          acceptedBy: r.accepted_by as string | null,
        }
      : null;
  }

  /** True for the one caller that accepted the plan; a second acceptance finds it taken. */
  async markPlanAccepted(planId: string, by: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.t.plans} SET accepted_at = now(), accepted_by = $2 WHERE plan_id = $1 AND accepted_at IS NULL`,
      [planId, by],
    );
    return rowCount === 1;
  }
}
