import type { EventEnvelope } from '@platform/contracts';

/** Where a read model's documents live (docs/adr/0015): MongoDB, or JSON in the service's PostgreSQL schema. */
export type DocumentStoreKind = 'mongo' | 'postgres';

/** Field values a fan-out lookup can match on (top-level document fields, compared for equality). */
export type Where = Record<string, string | number | boolean>;

/**
 * An index on document fields, in order (1 ascending, -1 descending). PostgreSQL indexes the
 * fields as text (`document->>'field'`), the same expressions `find` and hand-written queries use;
 * `expressions` (PostgreSQL only) indexes anything else over column `document`, e.g. a number:
 * `((document->>'rank')::int)`.
 */
export interface ReadModelIndex {
  fields?: Record<string, 1 | -1>;
  expressions?: readonly string[];
}

/**
 * A read model (docs/adr/0015): one document per id, changed by events through a pure `evolve`.
 * The library applies each event to each document at most once, keeps concurrent changes to one
 * document from losing each other, and can drop the documents and replay the event log into them.
 */
export interface ReadModel<D extends object, S extends DocumentStoreKind = DocumentStoreKind> {
  /** The MongoDB collection or the PostgreSQL table (in the service's schema). */
  name: string;
  /** PostgreSQL where ADR 0010's reasons hold (filtered, sorted, counted or joined in SQL). */
  store: S;
  /** The event types it evolves on. */
  handles: readonly string[];
  /**
   * The documents the event changes; by default the one named by `event.streamId`. `find` gives
   * the ids of documents whose fields equal the given values, for fan-out (every order a renamed
   * worker holds).
   */
  ids?(
    event: EventEnvelope,
    find: (where: Where) => Promise<string[]>,
  ): readonly string[] | Promise<readonly string[]>;
  /**
   * The document after the event; null deletes it. Pure: no I/O and no clock (time comes from
   * `event.occurredAt`). Documents are JSON, so times are ISO strings.
   */
  evolve(document: D | null, event: EventEnvelope, id: string): D | null;
  indexes?: readonly ReadModelIndex[];
  /** PostgreSQL only: what the store keeps beside the documents (a summary kept by a trigger). */
  postgres?: PostgresCompanion;
}

/**
 * Tables a PostgreSQL read model keeps beside its documents, such as a summary a trigger on the
 * documents keeps in step (in the same transaction as each write, so it holds what the documents
 * hold, whoever writes them). `setup` is run after the table and its indexes are made, at every
 * start and after a rebuild re-creates the table, under the schema lock: repeatable statements
 * that make what is missing. `tables` are dropped with the documents when they are rebuilt.
 */
export interface PostgresCompanion {
  setup(table: string, qualify: (name: string) => string): readonly string[];
  tables: readonly string[];
}

/**
 * A document as stored: its content (null once deleted, kept as a tombstone so a replayed older
 * event cannot bring it back), the last position applied from each source stream, and a version
 * that every write increments, so that a write based on a stale read is refused and retried.
 */
export interface StoredDocument<D> {
  document: D | null;
  applied: Record<string, number>;
  version: number;
}

/** What to write after an event, given what was read: nothing, or the next state if the version is unchanged. */
export type NextWrite<D> =
  | { write: false; reason: 'applied before' | 'nothing to delete' }
  | { write: true; expectedVersion: number | null; next: StoredDocument<D> };

/** Decides the write an event makes to one document: the guard and the version step, without I/O. */
export function nextWrite<D extends object>(
  readModel: Pick<ReadModel<D>, 'evolve'>,
  stored: StoredDocument<D> | null,
  event: EventEnvelope,
  id: string,
): NextWrite<D> {
  const last = stored?.applied[event.streamId];
  if (last !== undefined && last >= event.streamPosition) return { write: false, reason: 'applied before' };
  const document = readModel.evolve(stored?.document ?? null, event, id);
  if (document === null && !stored) return { write: false, reason: 'nothing to delete' };
  return {
    write: true,
    expectedVersion: stored?.version ?? null,
    next: {
      document,
      applied: { ...stored?.applied, [event.streamId]: event.streamPosition },
      version: (stored?.version ?? 0) + 1,
    },
  };
}

/** The ids an event changes in a read model. */
export async function idsOf<D extends object>(
  readModel: ReadModel<D>,
  event: EventEnvelope,
  find: (where: Where) => Promise<string[]>,
): Promise<readonly string[]> {
  return readModel.ids ? readModel.ids(event, find) : [event.streamId];
}
