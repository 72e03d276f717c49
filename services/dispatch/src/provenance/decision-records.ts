import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Decision } from '../matching';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/**
 * The provenance of every decision (gzipped JSON, ≈ 13 KiB each, up to 1 MiB in a dense district
 * before compression) in dispatch's PostgreSQL schema, stored before the decision's events like a
 * claim check. It is a record of the decision, not a read model: the log cannot rebuild it (its
 * events carry the first 50 ranked and 200 reasons, not every candidate's scores and rules). What
 * the events do carry is the decisions read model (read-models/decisions), ADR 0012.
 */
@Injectable()
export class DecisionRecords {
  readonly ensure: () => Promise<void>;
  private readonly table: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(STORAGE_SCHEMA) schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.decisions`;
    this.ensure = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         decision_id uuid PRIMARY KEY, order_id uuid NOT NULL, branch_id text NOT NULL,
         decided_at timestamptz NOT NULL, policy text NOT NULL, doc bytea NOT NULL, landed boolean NOT NULL);
       -- Decisions stored before provenance waited for its events count as landed.
       ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS landed boolean NOT NULL DEFAULT true;
       CREATE INDEX IF NOT EXISTS decisions_order ON ${this.table} (order_id, decided_at);
       CREATE INDEX IF NOT EXISTS decisions_time ON ${this.table} (branch_id, decided_at);`,
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
      `INSERT INTO ${this.table} (decision_id, order_id, branch_id, decided_at, policy, doc, landed)
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
    await this.pool.query(`UPDATE ${this.table} SET landed = true WHERE decision_id = $1`, [decisionId]);
  }

  /** Removes provenance whose decision never landed (provenance of a landed one stays). */
  async forgetDecision(decisionId: string): Promise<void> {
    await this.ensure();
    await this.pool.query(`DELETE FROM ${this.table} WHERE decision_id = $1 AND NOT landed`, [decisionId]);
  }

  async decision(decisionId: string): Promise<Decision | null> {
    await this.ensure();
    const { rows } = await this.pool.query(
      `SELECT doc FROM ${this.table} WHERE decision_id = $1 AND landed`,
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
        `SELECT decision_id, decided_at, doc FROM ${this.table}
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
}
