import { eventsTopic, type EventCatalog, type EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';
import { START, type EventStore } from '../event-store/event-store';
import { consumerGroupId, READ_MODELS_CONSUMER } from '../nest/event-transport';
import { BulkReplay } from './bulk-replay';
import { applyEvent, type DocumentBackend, type DocumentStore } from './document-store';
import { MongoDocuments } from './mongo-documents';
import { PostgresDocuments } from './postgres-documents';
import type { ReadModel } from './read-model';
import { replayTopics } from './replay-topics';

const namePattern = /^[A-Za-z][A-Za-z0-9_]*$/;

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

  private constructor(private readonly options: ReadModelsOptions) {
    for (const readModel of options.readModels) {
      if (!namePattern.test(readModel.name))
        throw new Error(
          `read model name "${readModel.name}" must be letters, digits and _ (it names a table or collection)`,
        );
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

  /** Registers the read models and creates their collections, tables and indexes. */
  static async create(options: ReadModelsOptions): Promise<ReadModels> {
    const readModels = new ReadModels(options);
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
   * progress. Stop the service's read-model consumers first: an event they applied ahead of the
   * replay would make the replay skip that stream's older events. They resume afterwards without
   * doubling anything.
   */
  async rebuild(
    names: readonly string[] = this.names,
    { batchSize = 1000, log = console.log }: { batchSize?: number; log?: (line: string) => void } = {},
  ): Promise<{ applied: number; seconds: number }> {
    const { store, catalog, kafka, topicPrefix, context } = this.options;
    const unknown = names.filter((name) => !this.backends.has(name));
    if (unknown.length > 0)
      throw new Error(
        `no read model named ${unknown.join(', ')}; this service has ${this.names.join(', ') || 'none'}`,
      );
    const backends = names.map((name) => this.backends.get(name)!);
    const handled = new Set(backends.flatMap((backend) => backend.readModel.handles));
    const ownTopic = eventsTopic(context);
    const foreignTypes = [...handled].filter(
      (type) => (catalog.latest(type)?.topic ?? ownTopic) !== ownTopic,
    );
    const topics = [...new Set(foreignTypes.map((type) => `${topicPrefix}${catalog.latest(type)!.topic}`))];
    const fromLog = new Set([...handled].filter((type) => !foreignTypes.includes(type)));
    const label = `rebuild ${names.join(', ')}`;

    for (const backend of backends) await backend.recreate();
    const sources = [
      ...(fromLog.size > 0 ? ['the event log'] : []),
      ...topics.map((topic) => `topic ${topic}`),
    ];
    log(`${label}: dropped; replaying ${sources.join(', then ') || 'nothing (no events handled)'}`);
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
        apply: async (event) => {
          await apply(event);
          read++;
          report();
        },
      });
    }
    await replay.flush();
    const seconds = (Date.now() - started) / 1000;
    log(`${label}: done, ${applied} events applied in ${seconds.toFixed(1)} s`);
    return { applied, seconds };
  }
}
