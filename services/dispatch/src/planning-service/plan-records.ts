import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';

/** What a plan does, order by order: the part of a city-day plan its event leaves out. */
export interface PlanBody {
  assignments: { orderId: string; workerId: string; start: string; travelKm: number }[];
  unassigned: string[];
}

/**
 * Each city-day plan's assignments in dispatch's PostgreSQL schema, keyed by the plan id and written
 * before `CityDayPlanProposed` (a claim check, ADR 0012): a whole city's day would take the event
 * past Kafka's 1 MB message limit. Written once and never changed; a body whose event never landed
 * is never reached, because plans are found through their stream or the plans read model.
 */
@Injectable()
export class PlanRecords {
  private readonly ensure: () => Promise<void>;
  private readonly table: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(STORAGE_SCHEMA) schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.city_day_plan_bodies`;
    this.ensure = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (plan_id uuid PRIMARY KEY, body jsonb NOT NULL);`,
    );
  }

  async save(planId: string, body: PlanBody): Promise<void> {
    await this.ensure();
    await this.pool.query(
      `INSERT INTO ${this.table} (plan_id, body) VALUES ($1, $2) ON CONFLICT (plan_id) DO NOTHING`,
      [planId, JSON.stringify(body)],
    );
  }

  async body(planId: string): Promise<PlanBody | null> {
    await this.ensure();
    const { rows } = await this.pool.query(`SELECT body FROM ${this.table} WHERE plan_id = $1`, [planId]);
    return (rows[0]?.body as PlanBody | undefined) ?? null;
  }
}
