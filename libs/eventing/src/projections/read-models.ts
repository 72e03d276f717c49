import { eventsTopic, type EventCatalog, type EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { START, type EventStore } from '../event-store/event-store';
import { consumerGroupId, READ_MODELS_CONSUMER } from '../nest/event-transport';
import { quoteIdent, withSchemaLock } from '../postgres/postgres';
import { BulkReplay } from './bulk-replay';
import { applyEvent, type DocumentBackend, type DocumentStore } from './document-store';
import { MongoDocuments } from './mongo-documents';
import { PostgresDocuments } from './postgres-documents';
import type { ReadModel } from './read-model';
import { replayTopics } from './replay-topics';

const namePattern = /^[A-Za-z][A-Za-z0-9_]*$/;
/** The table, in the service's schema, of the read models built and when. */
const BUILDS = 'read_model_builds';

export interface RebuildOptions {
  batchSize?: number;
  log?: (line: string) => void;
  /** Ends the rebuild early (the process is stopping): it rejects, and the read models stay unbuilt. */
  signal?: AbortSignal;
}

export interface ReadModelsOptions {
  readModels: readonly ReadModel<object>[];
  pool: Pool;
  /** The service's PostgreSQL schema. */
  schema: string;
  /** The service's MongoDB database. */
  mongo: Connection;
  store: EventStore;
  catalog: EventCatalog;
  /** The service's context: events of its own topic are replayed from its event log, others from their topics. */
  context: string;
  kafka: Kafka;
  topicPrefix: string;
}

/**
 * A service's read models (docs/adr/0015): their documents for queries, the live path that applies
 * each event, and rebuild by replay of the event log.
 */
export class ReadModels {
  private readonly backends = new Map<string, DocumentBackend<object>>();
  private readonly builds: string;

  private constructor(private readonly options: ReadModelsOptions) {
    this.builds = `${quoteIdent(options.schema)}.${BUILDS}`;
    for (const readModel of options.readModels) {
      if (!namePattern.test(readModel.name))
        throw new Error(
          `read model name "${readModel.name}" must be letters, digits and _ (it names a table or collection)`,
        );
      if (readModel.name === BUILDS) throw new Error(`read model name ${BUILDS} is the library's own`);
      if (this.backends.has(readModel.name))
        throw new Error(`read model ${readModel.name} is registered twice`);
      if (readModel.store === 'mongo' && readModel.indexes?.some((index) => index.expressions))
        throw new Error(
          `read model ${readModel.name}: index expressions are for PostgreSQL read models only`,
        );
      this.backends.set(
        readModel.name,
        readModel.store === 'mongo'
          ? new MongoDocuments(readModel, options.mongo, options.pool)
          : new PostgresDocuments(readModel, options.pool, options.schema),
      );
    }
  }

  /**
   * Registers the read models and creates their collections, tables and indexes, and the table of
   * builds. When that table is new (a deployment from before it), the read models already there
   * are taken as built: the live consumer has been building them.
   */
  static async create(options: ReadModelsOptions): Promise<ReadModels> {
    const readModels = new ReadModels(options);
    await withSchemaLock(options.pool, options.schema, async (client) => {
      const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
        readModels.builds,
      ]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${readModels.builds} (name text PRIMARY KEY, built_at timestamptz NOT NULL)`,
      );
      if (rows[0]!.found !== null) return;
      for (const backend of readModels.backends.values())
        if (await backend.exists())
          await client.query(`INSERT INTO ${readModels.builds} VALUES ($1, now())`, [backend.readModel.name]);
    });
    for (const backend of readModels.backends.values()) await backend.ensure();
    return readModels;
  }

  get names(): string[] {
    return [...this.backends.keys()];
  }

  documents<D extends object>(readModel: ReadModel<D, 'mongo'>): MongoDocuments<D>;
  documents<D extends object>(readModel: ReadModel<D, 'postgres'>): PostgresDocuments<D>;
  documents<D extends object>(readModel: ReadModel<D>): DocumentStore<D>;
  documents<D extends object>(readModel: ReadModel<D>): DocumentStore<D> {
    const backend = this.backends.get(readModel.name);
    if (!backend)
      throw new Error(
        `read model ${readModel.name} is not registered: list it in EventingModule.forRoot({ readModels })`,
      );
    return backend as unknown as DocumentStore<D>;
  }

  /** Applies an event to every read model that handles its type; a repeat changes nothing. */
  async apply(event: EventEnvelope): Promise<void> {
    await this.applyTo([...this.backends.values()], event);
  }

  private async applyTo(
    backends: readonly DocumentBackend<object>[],
    event: EventEnvelope,
  ): Promise<boolean> {
    let handled = false;
    for (const backend of backends) {
      if (!backend.readModel.handles.includes(event.type)) continue;
      await applyEvent(backend, event);
      handled = true;
    }
    return handled;
  }

  /**
   * Refuses while consumer 'read-models' of the service has live members (other processes: this
   * one's are not started by the rebuild's module): one that applied an event ahead of the replay
   * would make the replay skip that stream's older events, and the read model would stay wrong.
   */
  async refuseWhileConsumed(): Promise<void> {
    const { kafka, topicPrefix, context } = this.options;
    const groupId = consumerGroupId(topicPrefix, context, READ_MODELS_CONSUMER);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [group] = (await admin.describeGroups([groupId])).groups;
      const members = group?.members ?? [];
      if (members.length > 0)
        throw new Error(
          `consumer group ${groupId} has ${members.length} live member(s) (${members
            .map((member) => `${member.clientId} on ${member.clientHost}`)
            .join(', ')}): stop the ${context} processes that consume events (their read models' ` +
            `consumer would apply events ahead of the replay, which would then skip older ones) ` +
            `and run the rebuild again`,
        );
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Drops the named read models (all by default) and replays into them the service's event log,
   * then the topics of other contexts' events they handle (from the beginning up to now), printing
   * progress, and records them as built. Queries see them empty, then partly built, until it is
   * done. Offline: the service's read-model consumers must be stopped (see `refuseWhileConsumed`),
   * since an event they applied ahead of the replay would make the replay skip that stream's older
   * events. They resume afterwards without doubling anything.
   */
  async rebuild(
    names: readonly string[] = this.names,
    options: RebuildOptions = {},
  ): Promise<{ applied: number; seconds: number }> {
    const unknown = names.filter((name) => !this.backends.has(name));
    if (unknown.length > 0)
      throw new Error(
        `no read model named ${unknown.join(', ')}; this service has ${this.names.join(', ') || 'none'}`,
      );
    return this.whileBuilding(options, () => this.replay(names, options));
  }

  /**
   * Builds by replay every read model never built (one added to a running deployment, whose
   * consumer group has long passed the events it needs), before the process's read-model consumer
   * starts; one instance at a time, so the others find them built. Returns their names.
   */
  async buildNew(options: RebuildOptions = {}): Promise<string[]> {
    return this.whileBuilding(options, async () => {
      const { rows } = await this.options.pool.query<{ name: string }>(`SELECT name FROM ${this.builds}`);
      const built = new Set(rows.map((row) => row.name));
      const missing = this.names.filter((name) => !built.has(name));
      if (missing.length > 0) await this.replay(missing, options);
      return missing;
    });
  }

  /** Runs `work` holding the service's build lock (a PostgreSQL advisory lock), waiting for it. */
  private async whileBuilding<T>(
    { signal, log = console.log }: RebuildOptions,
    work: () => Promise<T>,
  ): Promise<T> {
    const key = `read-model-builds:${this.options.schema}`;
    const client = await this.options.pool.connect();
    try {
      for (let waited = false; ; waited = true) {
        signal?.throwIfAborted();
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
          [key],
        );
        if (rows[0]!.locked) break;
        if (!waited) log(`read models of ${this.options.schema}: another process is building them; waiting`);
        await sleep(500, undefined, { signal });
      }
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      client.release();
    }
  }

  private async replay(
    names: readonly string[],
    { batchSize = 1000, log = console.log, signal }: RebuildOptions,
  ): Promise<{ applied: number; seconds: number }> {
    const { store, catalog, kafka, topicPrefix, context } = this.options;
    const backends = names.map((name) => this.backends.get(name)!);
    const handled = new Set(backends.flatMap((backend) => backend.readModel.handles));
    const ownTopic = eventsTopic(context);
    const foreignTypes = [...handled].filter(
      (type) => (catalog.latest(type)?.topic ?? ownTopic) !== ownTopic,
    );
    const topics = [...new Set(foreignTypes.map((type) => `${topicPrefix}${catalog.latest(type)!.topic}`))];
    const fromLog = new Set([...handled].filter((type) => !foreignTypes.includes(type)));
    const label = `rebuild ${names.join(', ')}`;

    await this.options.pool.query(`DELETE FROM ${this.builds} WHERE name = ANY($1)`, [names]);
    for (const backend of backends) await backend.recreate();
    const sources = [
      ...(fromLog.size > 0 ? ['the event log'] : []),
      ...topics.map((topic) => `topic ${topic}`),
    ];
    log(
      `${label}: dropped (queries see them empty, then partly built, until the replay ends); replaying ${sources.join(', then ') || 'nothing (no events handled)'}`,
    );
    const started = Date.now();
    let lastReport = started;
    let applied = 0;
    let read = 0;
    const report = () => {
      if (Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      const rate = Math.round(applied / ((lastReport - started) / 1000));
      log(`${label}: ${read} events read, ${applied} applied (${rate}/s)`);
    };
    // Offline, into emptied documents: folded in memory and written in bulk, not through the live path.
    const replay = new BulkReplay(backends);
    const apply = async (event: EventEnvelope) => {
      if (await replay.apply(event)) applied++;
    };

    for (let after = START; fromLog.size > 0;) {
      signal?.throwIfAborted();
      const page = await store.readAll({ after, limit: batchSize });
      if (page.length === 0) break;
      for (const recorded of page) {
        const event = fromLog.has(recorded.type) ? catalog.read(recorded) : undefined;
        if (event) await apply(event);
      }
      read += page.length;
      after = page[page.length - 1]!.position;
      report();
    }
    if (topics.length > 0) {
      await replayTopics({
        kafka,
        topics,
        catalog,
        groupId: `${topicPrefix}${context}-rebuild`,
        signal,
        apply: async (event) => {
          await apply(event);
          read++;
          report();
        },
      });
    }
    await replay.flush();
    await this.options.pool.query(
      `INSERT INTO ${this.builds} SELECT unnest($1::text[]), now()
       ON CONFLICT (name) DO UPDATE SET built_at = excluded.built_at`,
      [names],
    );
    const seconds = (Date.now() - started) / 1000;
    log(`${label}: done, ${applied} events applied in ${seconds.toFixed(1)} s`);
    return { applied, seconds };
  }
}
