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
} from '@platform/contracts';
import { ReadModels, type PostgresDocuments, type ReadModel } from '@platform/eventing';

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
const offerClosings = ['OfferAccepted', 'OfferDeclined', 'OfferExpired', 'OfferWithdrawn'];

/** A worker's station, as workforce last said. */
export interface WorkerStationDocument {
  workerId: string;
  branchId: string;
  stationId: string;
}

/** An offer of an order to a worker, and whether it is still open. */
export interface OfferDocument {
  offerId: string;
  orderId: string;
  workerId: string;
  open: boolean;
}

export const workerStations: ReadModel<WorkerStationDocument, 'postgres'> = {
  name: 'worker_station_docs',
  store: 'postgres',
  handles: [WorkerApplied.type, WorkerMovedStation.type],
  ids: (event) => [(event.data as { workerId: string }).workerId],
  evolve(_document, event) {
    const { workerId, branchId, stationId, toStationId } = event.data as {
      workerId: string;
      branchId: string;
      stationId?: string;
      toStationId?: string;
    };
    return { workerId, branchId, stationId: (stationId ?? toStationId)! };
  },
  indexes: [{ fields: { stationId: 1 } }],
};

export const offers: ReadModel<OfferDocument, 'postgres'> = {
  name: 'offer_docs',
  store: 'postgres',
  handles: [OfferMade, OfferAccepted, OfferDeclined, OfferExpired, OfferWithdrawn].map((d) => d.type),
  ids: (event) => [(event.data as { offerId: string }).offerId],
  evolve(document, event) {
    const { offerId, orderId, workerId } = event.data as { offerId: string; orderId: string; workerId: string };
    // A closed offer stays closed, whatever arrives after its closing.
    const open = !offerClosings.includes(event.type) && (document?.open ?? true);
    return { offerId, orderId, workerId, open };
  },
  indexes: [{ fields: { orderId: 1, open: 1 } }, { fields: { workerId: 1, open: 1 } }],
};

/**
 * Which workers an order involves now, and their stations, for the scope model shared with
 * dispatch and workforce (a station leader sees what their station's workers hold or are offered;
 * a worker what they hold or are offered). The holder is on the order board; these read models
 * add each worker's station (workforce.events) and the offers open now (dispatch.events).
 */
@Injectable()
export class OrderInvolvement {
  private readonly stations: PostgresDocuments<WorkerStationDocument>;
  private readonly offers: PostgresDocuments<OfferDocument>;

  constructor(@Inject(ReadModels) readModels: ReadModels) {
    this.stations = readModels.documents(workerStations);
    this.offers = readModels.documents(offers);
  }

  /** The ids of the orders offered now to the workers `workers` (SQL) names. */
  private openOffersTo(workers: string): string {
    return `SELECT o.document->>'orderId' FROM ${this.offers.table} o
      WHERE o.document->>'open' = 'true' AND o.document->>'workerId' IN (${workers})`;
  }

  /** The workers an order involves now: its holder and those offered it, each with their station if known. */
  async workersOf(orderId: string, holder: string | null): Promise<InvolvedWorker[]> {
    const { rows } = await this.offers.pool.query<{ workers: InvolvedWorker[] }>(
      `SELECT ${this.workersSql('$1::text', '$2::text')} AS workers`,
      [orderId, holder],
    );
    return rows[0]?.workers ?? [];
  }

  /**
   * SQL for `workersOf` as a JSON array of InvolvedWorker, from SQL expressions for the order's id
   * and its holder, so that a query over many orders (a file's downloads) asks it in one go.
   */
  workersSql(orderId: string, holder: string): string {
    return `(SELECT COALESCE(json_agg(json_build_object('workerId', w.worker_id, 'stationId', s.document->>'stationId')), '[]'::json)
       FROM (SELECT ${holder} AS worker_id WHERE ${holder} IS NOT NULL
             UNION SELECT o.document->>'workerId' FROM ${this.offers.table} o
             WHERE o.document->>'orderId' = ${orderId} AND o.document->>'open' = 'true') w
       LEFT JOIN ${this.stations.table} s ON s.id = w.worker_id)`;
  }

  /** The station a worker belongs to now, if workforce has said. */
  async stationOf(workerId: string): Promise<string | null> {
    return (await this.stations.get(workerId))?.stationId ?? null;
  }

  /**
   * The SQL condition on the board (alias `b`) for the workers a scope reaches through: a worker's
   * own, or a station's; `param` binds a value and names its placeholder.
   */
  boardCondition(
    scope: Extract<AccessScope, { kind: 'worker' | 'station' }>,
    param: (value: unknown) => string,
  ): string {
    const workers =
      scope.kind === 'worker'
        ? param(scope.workerId)
        : `SELECT s.id FROM ${this.stations.table} s WHERE s.document->>'stationId' = ${param(scope.stationId)}`;
    return `(b.document->>'workerId' IN (${workers}) OR b.id IN (${this.openOffersTo(workers)}))`;
  }
}
