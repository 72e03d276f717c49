import { Inject, Injectable } from '@nestjs/common';
import type { AccessScope, InvolvedWorker } from '@platform/auth';
import {
  OfferAccepted,
  OfferDeclined,
  OfferExpired,
  OfferMade,
  OfferWithdrawn,
  WorkerApplied,
  WorkerMovedStation,
  type EventEnvelope,
} from '@platform/contracts';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';

/** The events this view is fed: workers' stations from workforce, open offers from dispatch. */
export const involvementEventDefinitions = [
  WorkerApplied,
  WorkerMovedStation,
  OfferMade,
  OfferAccepted,
  OfferDeclined,
  OfferExpired,
  OfferWithdrawn,
];
const involvementEvents = new Set<string>(involvementEventDefinitions.map((definition) => definition.type));
const offerClosings = ['OfferAccepted', 'OfferDeclined', 'OfferExpired', 'OfferWithdrawn'];

type Data = { workerId: string; orderId?: string; offerId?: string; stationId?: string };

/**
 * Which workers an order involves now, and their stations, for the scope model shared with
 * dispatch and workforce (a station leader sees what their station's workers hold or are offered;
 * a worker what they hold or are offered). The holder is on the order board; this view adds each
 * worker's station (workforce.events) and the offers open now (dispatch.events). It is fed from
 * other services' topics, so it is rebuilt by replaying them (its consumer group from the start),
 * not from the orders log.
 */
@Injectable()
export class OrderInvolvement {
  readonly stations: string;
  readonly offers: string;
  readonly ready: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.stations = `${quoteIdent(schema)}.worker_stations`;
    this.offers = `${quoteIdent(schema)}.open_offers`;
    this.ready = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.stations} (
        worker_id text PRIMARY KEY, branch_id text NOT NULL, station_id text NOT NULL, applied_position integer NOT NULL);
      CREATE INDEX IF NOT EXISTS worker_stations_station ON ${this.stations} (station_id);
      CREATE TABLE IF NOT EXISTS ${this.offers} (
        offer_id uuid PRIMARY KEY, order_id uuid NOT NULL, worker_id text NOT NULL, open boolean NOT NULL);
      CREATE INDEX IF NOT EXISTS open_offers_order ON ${this.offers} (order_id) WHERE open;
      CREATE INDEX IF NOT EXISTS open_offers_worker ON ${this.offers} (worker_id) WHERE open;`,
    );
  }

  /** Applies one event; a redelivered or older one changes nothing. */
  async apply(event: EventEnvelope): Promise<void> {
    if (!involvementEvents.has(event.type)) return;
    await this.ready();
    const data = event.data as Data;
    if (event.type === 'WorkerApplied' || event.type === 'WorkerMovedStation') {
      const { branchId, stationId, toStationId } = event.data as {
        branchId: string;
        stationId?: string;
        toStationId?: string;
      };
      await this.pool.query(
        `INSERT INTO ${this.stations} (worker_id, branch_id, station_id, applied_position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (worker_id) DO UPDATE SET branch_id = $2, station_id = $3, applied_position = $4
         WHERE ${this.stations}.applied_position < $4`,
        [data.workerId, branchId, stationId ?? toStationId, event.streamPosition],
      );
      return;
    }
    // A closed offer stays as a closed row, so that a redelivered OfferMade cannot reopen it.
    const open = !offerClosings.includes(event.type);
    await this.pool.query(
      `INSERT INTO ${this.offers} (offer_id, order_id, worker_id, open) VALUES ($1, $2, $3, $4)
       ON CONFLICT (offer_id) DO UPDATE SET open = false WHERE NOT $4`,
      [data.offerId, data.orderId, data.workerId, open],
    );
  }

  /** The workers an order involves now: its holder and those offered it, each with their station if known. */
  async workersOf(orderId: string, holder: string | null): Promise<InvolvedWorker[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ workers: InvolvedWorker[] }>(
      `SELECT ${this.workersSql('$1::uuid', '$2::text')} AS workers`,
      [orderId, holder],
    );
    return rows[0]?.workers ?? [];
  }

  /**
   * SQL for `workersOf` as a JSON array of InvolvedWorker, from SQL expressions for the order's id
   * and its holder, so that a query over many orders (a file's downloads) asks it in one go.
   */
  workersSql(orderId: string, holder: string): string {
    return `(SELECT COALESCE(json_agg(json_build_object('workerId', w.worker_id, 'stationId', s.station_id)), '[]'::json)
       FROM (SELECT ${holder} AS worker_id WHERE ${holder} IS NOT NULL
             UNION SELECT worker_id FROM ${this.offers} WHERE order_id = ${orderId} AND open) w
       LEFT JOIN ${this.stations} s USING (worker_id))`;
  }

  /** The station a worker belongs to now, if workforce has said. */
  async stationOf(workerId: string): Promise<string | null> {
    await this.ready();
    const { rows } = await this.pool.query<{ station_id: string }>(
      `SELECT station_id FROM ${this.stations} WHERE worker_id = $1`,
      [workerId],
    );
    return rows[0]?.station_id ?? null;
  }

  /**
   * The SQL condition on the board (`order_id`, `worker_id` columns) for the workers a scope
   * reaches through: a worker's own, or a station's; `param` binds a value and names its placeholder.
   */
  boardCondition(
    scope: Extract<AccessScope, { kind: 'worker' | 'station' }>,
    param: (value: unknown) => string,
  ): string {
    if (scope.kind === 'worker') {
      const worker = param(scope.workerId);
      return `(worker_id = ${worker} OR order_id IN (SELECT order_id FROM ${this.offers} WHERE open AND worker_id = ${worker}))`;
    }
    const station = param(scope.stationId);
    const stationWorkers = `SELECT worker_id FROM ${this.stations} WHERE station_id = ${station}`;
    return `(worker_id IN (${stationWorkers}) OR order_id IN (SELECT order_id FROM ${this.offers} WHERE open AND worker_id IN (${stationWorkers})))`;
  }
}
