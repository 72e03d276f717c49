import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';
import type { ItemRequirements } from '../worker/eligibility';
import { eligibility } from '../worker/eligibility';
import { waitingFor } from '../worker/pipeline';
import type { WorkerState } from '../worker/worker.decider';

/**
 * The workforce read models, in PostgreSQL (docs/adr/0003: boards that are filtered, sorted,
 * paged and counted go there): the worker board (one row per worker, the whole worker as of its
 * stream position), the organisation, the regular workers, and the audit of feature switches.
 */
@Injectable()
export class WorkforceTables {
  readonly workers: string;
  readonly branches: string;
  readonly stations: string;
  readonly regulars: string;
  readonly featureAudit: string;
  readonly ensure: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    const q = quoteIdent(schema);
    this.workers = `${q}.worker_board`;
    this.branches = `${q}.branches`;
    this.stations = `${q}.stations`;
    this.regulars = `${q}.regular_workers`;
    this.featureAudit = `${q}.feature_audit`;
    this.ensure = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.workers} (
        worker_id text PRIMARY KEY,
        profile_id uuid NOT NULL,
        station_id text NOT NULL,
        branch_id text NOT NULL,
        status text NOT NULL,
        waiting_for text[] NOT NULL,
        eligible_items text[] NOT NULL,
        ineligible jsonb NOT NULL,
        job_types text[] NOT NULL,
        employed_since date,
        worker jsonb NOT NULL,
        suspended_reason text,
        position integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now());
      CREATE INDEX IF NOT EXISTS worker_board_station ON ${this.workers} (station_id, status);
      CREATE INDEX IF NOT EXISTS worker_board_branch ON ${this.workers} (branch_id, status);
      CREATE INDEX IF NOT EXISTS worker_board_waiting ON ${this.workers} USING gin (waiting_for);
      CREATE TABLE IF NOT EXISTS ${this.branches} (
        branch_id text PRIMARY KEY, name_zh text NOT NULL, name_en text NOT NULL, city text NOT NULL,
        business_units text[] NOT NULL, switches jsonb NOT NULL DEFAULT '{}');
      CREATE TABLE IF NOT EXISTS ${this.stations} (
        station_id text PRIMARY KEY, branch_id text NOT NULL, name_zh text NOT NULL, name_en text NOT NULL,
        leader_id text NOT NULL, districts text[] NOT NULL);
      CREATE TABLE IF NOT EXISTS ${this.regulars} (
        customer_id text NOT NULL, item_code text NOT NULL, worker_id text NOT NULL, station_id text NOT NULL,
        PRIMARY KEY (customer_id, item_code));
      CREATE INDEX IF NOT EXISTS regular_workers_worker ON ${this.regulars} (worker_id);
      CREATE TABLE IF NOT EXISTS ${this.featureAudit} (
        event_id uuid PRIMARY KEY, branch_id text NOT NULL, business_unit text NOT NULL, feature text NOT NULL,
        enabled boolean NOT NULL, reason text NOT NULL, actor_id text NOT NULL, actor_role text,
        occurred_at timestamptz NOT NULL);`,
    );
  }

  /** The worker's row as of `position`; an older state (a redelivery) never overwrites a newer one. */
  async refreshWorker(
    state: Exclude<WorkerState, { status: 'none' }>,
    position: number,
    requirements: readonly ItemRequirements[],
    at: Date,
  ): Promise<void> {
    await this.ensure();
    const { worker } = state;
    const { ineligible } = eligibility(state, requirements, at);
    await this.pool.query(
      `INSERT INTO ${this.workers} AS w (worker_id, profile_id, station_id, branch_id, status, waiting_for,
         eligible_items, ineligible, job_types, employed_since, worker, suspended_reason, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (worker_id) DO UPDATE SET profile_id = $2, station_id = $3, branch_id = $4, status = $5,
         waiting_for = $6, eligible_items = $7, ineligible = $8, job_types = $9, employed_since = $10,
         worker = $11, suspended_reason = $12, position = $13, updated_at = now()
       WHERE w.position <= $13`,
      [
        worker.application.workerId,
        worker.application.profileId,
        worker.stationId,
        worker.branchId,
        state.status,
        waitingFor(state, requirements, at),
        worker.eligibleItems,
        JSON.stringify(ineligible),
        worker.application.jobTypes,
        worker.employedSince,
        JSON.stringify(worker),
        state.status === 'suspended' ? state.reason : null,
        position,
      ],
    );
  }

  /** Organisation, regular workers and the feature audit, applied idempotently by key. */
  async apply(event: EventEnvelope): Promise<void> {
    await this.ensure();
    const data = event.data as Record<string, string>;
    switch (event.type) {
      case 'BranchOpened': {
        const { branchId, name, city, businessUnits } = event.data as {
          branchId: string;
          name: { zh: string; en: string };
          city: string;
          businessUnits: string[];
        };
        await this.pool.query(
          `INSERT INTO ${this.branches} (branch_id, name_zh, name_en, city, business_units) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (branch_id) DO NOTHING`,
          [branchId, name.zh, name.en, city, businessUnits],
        );
        return;
      }
      case 'StationOpened': {
        const { stationId, branchId, name, leaderId, districts } = event.data as {
          stationId: string;
          branchId: string;
          name: { zh: string; en: string };
          leaderId: string;
          districts: string[];
        };
        await this.pool.query(
          `INSERT INTO ${this.stations} (station_id, branch_id, name_zh, name_en, leader_id, districts)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (station_id) DO NOTHING`,
          [stationId, branchId, name.zh, name.en, leaderId, districts],
        );
        return;
      }
      case 'StationLeaderAppointed':
        await this.pool.query(`UPDATE ${this.stations} SET leader_id = $2 WHERE station_id = $1`, [
          data.stationId,
          data.leaderId,
        ]);
        return;
      case 'FeatureSwitched': {
        const { branchId, businessUnit, feature, enabled, reason } = event.data as {
          branchId: string;
          businessUnit: string;
          feature: string;
          enabled: boolean;
          reason: string;
        };
        await this.pool.query(
          `INSERT INTO ${this.featureAudit} (event_id, branch_id, business_unit, feature, enabled, reason, actor_id,
             actor_role, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING`,
          [
            event.eventId,
            branchId,
            businessUnit,
            feature,
            enabled,
            reason,
            event.actor.id,
            event.actor.role ?? null,
            event.occurredAt,
          ],
        );
        // Always applied (idempotent, in stream order), so a crash between the two writes heals.
        await this.pool.query(
          `UPDATE ${this.branches} SET switches = switches || jsonb_build_object($2::text, $3::boolean)
             WHERE branch_id = $1`,
          [branchId, `${businessUnit}/${feature}`, enabled],
        );
        return;
      }
      case 'RegularWorkerNamed':
        await this.pool.query(
          `INSERT INTO ${this.regulars} (customer_id, item_code, worker_id, station_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (customer_id, item_code) DO UPDATE SET worker_id = $3, station_id = $4`,
          [data.customerId, data.itemCode, data.workerId, data.stationId],
        );
        return;
      case 'RegularWorkerCleared':
        await this.pool.query(
          `DELETE FROM ${this.regulars} WHERE customer_id = $1 AND item_code = $2 AND worker_id = $3`,
          [data.customerId, data.itemCode, data.workerId],
        );
        return;
    }
  }
}
