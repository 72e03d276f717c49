import type { Pool } from 'pg';
import {
  DuplicateEvent,
  WrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
} from './event-store';
import { quoteIdent, withSchemaLock } from '../postgres/postgres';

const COLUMNS = `event_id, type, schema_version, stream_id, stream_position, data, occurred_at, recorded_at,
  correlation_id, causation_id, actor, transaction_id::text AS commit, global_position::text AS prepare`;

interface EventRow {
  event_id: string;
  type: string;
  schema_version: number;
  stream_id: string;
  stream_position: number;
  data: unknown;
  occurred_at: Date;
  recorded_at: Date;
  correlation_id: string;
  causation_id: string | null;
  actor: RecordedEvent['actor'];
  commit: string;
  prepare: string;
}

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  schemaVersion: row.schema_version,
  streamId: row.stream_id,
  streamPosition: row.stream_position,
  occurredAt: row.occurred_at.toISOString(),
  recordedAt: row.recorded_at.toISOString(),
  correlationId: row.correlation_id,
  causationId: row.causation_id,
  actor: row.actor,
  data: row.data,
  position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
});

/**
 * Event store on PostgreSQL, one schema per service (see docs/adr/0002-event-store-on-postgresql.md).
 *
 * The global log is ordered by (writing transaction id, sequence number) and a reader only sees
 * transactions older than the oldest one still running. A sequence number alone is not enough:
 * a slow transaction can take a lower number and commit after a reader has passed it.
 */
export class PostgresEventStore implements EventStore {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.events`;
  }

  static async create(pool: Pool, schema: string): Promise<PostgresEventStore> {
    await withSchemaLock(pool, schema, async (client) => {
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.events (
          global_position bigserial NOT NULL,
          transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
          stream_id text NOT NULL,
          stream_position integer NOT NULL,
          event_id uuid NOT NULL,
          type text NOT NULL,
          schema_version integer NOT NULL,
          data jsonb NOT NULL,
          occurred_at timestamptz NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT now(),
          correlation_id text NOT NULL,
          causation_id text,
          actor jsonb NOT NULL,
          CONSTRAINT events_stream_position PRIMARY KEY (stream_id, stream_position),
          CONSTRAINT events_event_id UNIQUE (event_id)
        );
        CREATE INDEX IF NOT EXISTS events_commit_order ON ${quoteIdent(schema)}.events (transaction_id, global_position);
      `);
    });
    return new PostgresEventStore(pool, schema);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${streamId}: no events given`);
    const expected = expectedVersion === 'no_stream' ? -1 : expectedVersion;
    // One statement: reads the stream's version and inserts only if it matches, so an append costs
    // one round trip. Two writers racing past the check collide on the primary key.
    const text = `
      WITH current AS (SELECT coalesce(max(stream_position), -1) AS version FROM ${this.table} WHERE stream_id = $1)
      INSERT INTO ${this.table} (stream_id, stream_position, event_id, type, schema_version, data, occurred_at,
                                 correlation_id, causation_id, actor)
      SELECT $1, current.version + e.ord, e.event_id, e.type, e.schema_version, e.data, e.occurred_at,
             e.correlation_id, e.causation_id, e.actor
      FROM current, unnest($2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::timestamptz[], $7::text[], $8::text[], $9::jsonb[])
             WITH ORDINALITY AS e(event_id, type, schema_version, data, occurred_at, correlation_id, causation_id, actor, ord)
      WHERE $10::int IS NULL OR current.version = $10::int
      RETURNING stream_position, transaction_id::text AS commit, global_position::text AS prepare`;
    const values = [
      streamId,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.occurredAt),
      events.map((e) => e.correlationId),
      events.map((e) => e.causationId),
      events.map((e) => JSON.stringify(e.actor)),
      expectedVersion === 'any' ? null : expected,
    ];
    let rows: { stream_position: number; commit: string; prepare: string }[];
    try {
      ({ rows } = await this.pool.query({ name: `append:${this.table}`, text, values }));
    } catch (error) {
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint === 'events_event_id') {
        const detail = (error as { detail?: string }).detail ?? '';
        throw new DuplicateEvent(/\(event_id\)=\(([^)]+)\)/.exec(detail)?.[1] ?? events[0]!.eventId);
      }
      if (constraint === 'events_stream_position') {
        if (expectedVersion === 'any') return this.appendToStream(streamId, events, { expectedVersion });
        throw new WrongExpectedVersion(streamId, expectedVersion, await this.currentVersion(streamId));
      }
      throw error;
    }
    if (rows.length === 0)
      throw new WrongExpectedVersion(streamId, expectedVersion, await this.currentVersion(streamId));
    const last = rows[rows.length - 1]!;
    return {
      nextExpectedVersion: last.stream_position,
      position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
    };
  }

  async readStream(streamId: string, options: { fromPosition?: number } = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: `read-stream:${this.table}`,
      text: `SELECT ${COLUMNS} FROM ${this.table} WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position`,
      values: [streamId, options.fromPosition ?? 0],
    });
    return rows.map(toRecorded);
  }

  async readAll({ after, limit }: { after: LogPosition; limit: number }): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: `read-all:${this.table}`,
      text: `SELECT ${COLUMNS} FROM ${this.table}
             WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
               AND (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
             ORDER BY transaction_id, global_position
             LIMIT $3`,
      values: [after.commit.toString(), after.prepare.toString(), limit],
    });
    return rows.map(toRecorded);
  }

  async close(): Promise<void> {
    // The pool belongs to the caller, who may share it with checkpoints and timers.
  }

  private async currentVersion(streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await this.pool.query<{ version: number | null }>(
      `SELECT max(stream_position) AS version FROM ${this.table} WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.version ?? 'no_stream';
  }
}
