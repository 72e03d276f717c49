import type { EventCatalog, EventHeader } from '@platform/contracts';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import {
  START,
  decodePosition,
  encodePosition,
  type EventStore,
  type RecordedEvent,
} from '../event-store/event-store';
import { quoteIdent, withSchemaLock } from '../postgres/postgres';
import { Pause } from '../util/pause';
import { ensureTopics } from './kafka';

export interface ForwarderOptions {
  /** Names the checkpoint; one forwarder of that name runs at a time (the others wait as standbys). */
  name: string;
  store: EventStore;
  catalog: EventCatalog;
  kafka: Kafka;
  /** Holds the checkpoint and the leader lock, in the service's schema. */
  pool: Pool;
  schema: string;
  /** Put before every topic name, so that tests and tenants can share one cluster. */
  topicPrefix?: string;
  batchSize?: number;
  /** How long to wait before looking again when the log had nothing new. */
  idleMs?: number;
  log?: (message: string) => void;
  /** Called after each batch is published and checkpointed; tests and benchmarks watch it. */
  onForwarded?: (events: RecordedEvent[]) => void;
}

/**
 * Publishes each committed event to Kafka in commit order, then records how far it got.
 * At least once: a crash between publishing and checkpointing republishes that batch, never
 * skips it. Consumers deduplicate by eventId.
 */
export class Forwarder {
  private producer?: Producer;
  private lockClient?: PoolClient;
  private lockLost?: unknown;
  private running = false;
  private loop?: Promise<void>;
  private readonly pause = new Pause();
  private readonly table: string;

  constructor(private readonly options: ForwarderOptions) {
    this.table = `${quoteIdent(options.schema)}.checkpoints`;
  }

  async start(): Promise<void> {
    const { pool, schema, kafka, catalog } = this.options;
    await withSchemaLock(pool, schema, async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    });
    await ensureTopics(kafka, [...new Set(catalog.definitions().map((d) => this.topicOf(d.type)))]);
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pause.interrupt();
    await this.loop;
    await this.producer?.disconnect();
    this.lockClient?.release();
    this.lockClient = undefined;
  }

  private async run(): Promise<void> {
    const { name, log } = this.options;
    const warn = log ?? ((message: string) => console.warn(message));
    while (this.running) {
      try {
        await this.forward();
      } catch (error) {
        // One failed read, publish or checkpoint (a connection dropped or timing out under load, a
        // broker restarting) must not end forwarding until a restart, with the rejection surfacing
        // nowhere but as an unhandled one. Leadership is given up (its session may be gone anyway)
        // and taken again, and publishing resumes from the checkpoint: a batch published but not
        // checkpointed is published again, which consumers absorb (they deduplicate by eventId).
        warn(`forwarder ${name}: ${String(error)}; resuming from the checkpoint`);
        this.lockClient?.release(true);
        this.lockClient = undefined;
        this.lockLost = undefined;
        await this.pause.for(1000);
      }
    }
  }

  private async forward(): Promise<void> {
    const { batchSize = 500, idleMs = 10, log = () => undefined } = this.options;
    await this.becomeLeader();
    if (!this.running) return;
    let after = await this.readCheckpoint();
    log(`forwarder ${this.options.name}: leading, from ${encodePosition(after)}`);
    let batch = await this.options.store.readAll({ after, limit: batchSize });
    while (this.running) {
      if (this.lockLost) throw new Error(`lost the leader lock: ${String(this.lockLost)}`);
      if (batch.length === 0) {
        await this.pause.for(idleMs);
        batch = await this.options.store.readAll({ after, limit: batchSize });
        continue;
      }
      const last = batch[batch.length - 1]!.position;
      // Reading the next page overlaps publishing this one; the checkpoint still moves only
      // after Kafka has acknowledged the whole batch.
      const [next] = await Promise.all([
        this.options.store.readAll({ after: last, limit: batchSize }),
        this.publish(batch).then(() =>
          this.options.pool.query(
            `INSERT INTO ${this.table} (name, position) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
            [this.options.name, encodePosition(last)],
          ),
        ),
      ]);
      after = last;
      this.options.onForwarded?.(batch);
      batch = next;
    }
  }

  private async publish(batch: RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const event of batch) {
      // A stored event that no longer matches its contract must stop the line, not be skipped.
      this.options.catalog.read(event);
      const { position, ...envelope } = event;
      const topic = this.topicOf(event.type);
      const messages = byTopic.get(topic) ?? [];
      messages.push({
        key: event.streamId,
        value: JSON.stringify(envelope),
        headers: {
          'event-id': event.eventId,
          'event-type': event.type,
          'schema-version': String(event.schemaVersion),
          'log-position': encodePosition(position),
        } satisfies Record<EventHeader, string>,
      });
      byTopic.set(topic, messages);
    }
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  private topicOf(type: string): string {
    return `${this.options.topicPrefix ?? ''}${this.options.catalog.latest(type)!.topic}`;
  }

  /** Session-level advisory lock: held while this process lives, released by PostgreSQL if it dies. */
  private async becomeLeader(): Promise<void> {
    this.lockClient = await this.options.pool.connect();
    const client = this.lockClient;
    // The lock lives as long as this session. A session lost while idle is reported as an 'error'
    // event (unheard, it would crash the process); this process must then stop leading, since a
    // standby may take the lock over.
    client.on('error', (error) => {
      if (this.lockClient === client) this.lockLost = error;
    });
    while (this.running) {
      const { rows } = await this.lockClient.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [`forwarder:${this.options.schema}:${this.options.name}`],
      );
      if (rows[0]?.locked) return;
      await this.pause.for(1000);
    }
  }

  private async readCheckpoint() {
    const { rows } = await this.options.pool.query<{ position: string }>(
      `SELECT position FROM ${this.table} WHERE name = $1`,
      [this.options.name],
    );
    return rows[0] ? decodePosition(rows[0].position) : START;
  }
}
