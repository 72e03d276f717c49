import type { EventEnvelope } from '@platform/contracts';
import { idsOf, nextWrite, type ReadModel, type StoredDocument, type Where } from './read-model';

/** A read model's documents, for queries. Deleted documents (tombstones) are never returned. */
export interface DocumentStore<D extends object> {
  readonly readModel: ReadModel<D>;
  get(id: string): Promise<D | null>;
  /** Documents whose fields equal the given values, in id order. */
  find(where: Where): Promise<D[]>;
  findIds(where: Where): Promise<string[]>;
  /**
   * The last position of `streamId` applied to the document (a deleted one too), or -1: a command
   * that appended at position p waits for p before answering from the read model.
   */
  appliedPosition(id: string, streamId: string): Promise<number>;
}

/** What the library needs of a store to apply events and rebuild; one implementation per store kind. */
export interface DocumentBackend<D extends object> extends DocumentStore<D> {
  /** Whether the collection or table is there. */
  exists(): Promise<boolean>;
  /** Creates the collection or table and its indexes, if missing. */
  ensure(): Promise<void>;
  /** Removes every document, tombstones included, and creates the collection or table afresh. */
  recreate(): Promise<void>;
  read(id: string): Promise<StoredDocument<D> | null>;
  /**
   * Writes `next` if the document is still at `expectedVersion` (null: does not exist yet).
   * Returns false when another writer got there first.
   */
  write(id: string, expectedVersion: number | null, next: StoredDocument<D>): Promise<boolean>;
  /**
   * Writes the documents as given, whatever is stored, in one round trip: for a rebuild, which
   * folds events in memory (bulk-replay.ts) while no other writer runs. `created` names those the
   * store does not hold yet, which a store may insert rather than replace.
   */
  writeAll(documents: ReadonlyMap<string, StoredDocument<D>>, created: ReadonlySet<string>): Promise<void>;
  /** Runs one document's read-evolve-write cycles, excluding other writers of it where `write` alone cannot. */
  exclusive(id: string, work: () => Promise<void>): Promise<void>;
}

const maxAttempts = 30;

/**
 * Applies one event to every document it changes: read, evolve, write if unchanged since the read;
 * on a lost race (another partition changed the same document) read again and retry. Returns how
 * many documents changed.
 */
export async function applyEvent<D extends object>(
  backend: DocumentBackend<D>,
  event: EventEnvelope,
): Promise<number> {
  const { readModel } = backend;
  let changed = 0;
  for (const id of await idsOf(readModel, event, (where) => backend.findIds(where))) {
    await backend.exclusive(id, async () => {
      for (let attempt = 1; ; attempt++) {
        const step = nextWrite(readModel, await backend.read(id), event, id);
        if (!step.write) return;
        if (await backend.write(id, step.expectedVersion, step.next)) {
          changed++;
          return;
        }
        if (attempt === maxAttempts) {
          throw new Error(
            `read model ${readModel.name}: document ${id} changed under each of ${maxAttempts} attempts to apply ${event.type} ${event.eventId}`,
          );
        }
        // Writers that collided back off by different amounts, so that one of them wins the next round.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt * 5));
      }
    });
  }
  return changed;
}
