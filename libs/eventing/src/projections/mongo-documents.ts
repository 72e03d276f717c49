import { Schema, type Connection, type Model } from 'mongoose';
import type { Pool } from 'pg';
import { underLock } from '../postgres/postgres';
import type { DocumentBackend } from './document-store';
import type { ReadModel, StoredDocument, Where } from './read-model';

/** A read model's document in MongoDB: its fields at top level, beside the library's own. */
export type MongoDocument<D> = D & {
  _id: string;
  _applied: Record<string, number>;
  _version: number;
  _deleted: boolean;
};

/** A stream id as a MongoDB field name: `.` and `$` (and the escape `%`) percent-encoded. */
export const appliedField = (streamId: string) =>
  streamId.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');
const streamIdOf = (field: string) => decodeURIComponent(field);

const internal = new Set(['_id', '_applied', '_version', '_deleted']);
const hidden = '-_applied -_version -_deleted';

function contentOf<D>(raw: Record<string, unknown>): D {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !internal.has(key))) as D;
}

/**
 * A read model in a MongoDB collection. Works the same on FerretDB (docs/adr/0003): no
 * transactions, every write is one document. A deleted document keeps its `_applied` with
 * `_deleted: true`.
 */
export class MongoDocuments<D extends object> implements DocumentBackend<D> {
  /** For queries the store does not offer; add `_deleted: false` to every filter. */
  readonly model: Model<MongoDocument<D>>;

  constructor(
    readonly readModel: ReadModel<D>,
    private readonly connection: Connection,
    private readonly pool: Pool,
  ) {
    const modelName = `ReadModel:${readModel.name}`;
    this.model = (connection.models[modelName] ??
      connection.model(
        modelName,
        new Schema({ _id: String }, { collection: readModel.name, versionKey: false, strict: false }),
      )) as unknown as Model<MongoDocument<D>>;
  }

  /** The documents matching `filter` (tombstones left out), without the library's fields; chain sort, skip, limit, lean. */
  query(filter: Record<string, unknown> = {}) {
    return this.model.find({ ...filter, _deleted: false }).select(hidden);
  }

  async get(id: string): Promise<D | null> {
    const raw = await this.model.collection.findOne({ _id: id as never, _deleted: false });
    return raw ? contentOf<D>(raw) : null;
  }

  async find(where: Where): Promise<D[]> {
    const raws = await this.model.collection
      .find({ ...where, _deleted: false })
      .sort({ _id: 1 })
      .toArray();
    return raws.map((raw) => contentOf<D>(raw));
  }

  async findIds(where: Where): Promise<string[]> {
    const raws = await this.model.collection
      .find({ ...where, _deleted: false }, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return raws.map((raw) => String(raw._id));
  }

  async ensure(): Promise<void> {
    const declared = (this.readModel.indexes ?? []).flatMap((index) => (index.fields ? [index.fields] : []));
    for (const fields of [{ _deleted: 1 as const }, ...declared])
      await this.model.collection.createIndex(fields);
  }

  async exists(): Promise<boolean> {
    return (await this.connection.db!.listCollections({ name: this.readModel.name }).toArray()).length > 0;
  }

  async recreate(): Promise<void> {
    if (await this.exists()) await this.connection.db!.dropCollection(this.readModel.name);
    await this.ensure();
  }

  /**
   * FerretDB 1.x finds the documents a conditional replace matches and then writes them by _id
   * alone, so two writers that read the same version both succeed and one change is lost (the
   * read-models int-spec saw 7 of 12). Writers of one document therefore take turns on a
   * PostgreSQL advisory lock, which every service has and a crashed writer's connection releases.
   */
  exclusive(id: string, work: () => Promise<void>): Promise<void> {
    return underLock(this.pool, `read-model:${this.connection.name}.${this.readModel.name}:${id}`, work);
  }

  async appliedPosition(id: string, streamId: string): Promise<number> {
    return (await this.read(id))?.applied[streamId] ?? -1;
  }

  async read(id: string): Promise<StoredDocument<D> | null> {
    const raw = await this.model.collection.findOne({ _id: id as never });
    if (!raw) return null;
    const applied = Object.fromEntries(
      Object.entries((raw._applied ?? {}) as Record<string, number>).map(([field, position]) => [
        streamIdOf(field),
        position,
      ]),
    );
    return {
      document: raw._deleted ? null : contentOf<D>(raw),
      applied,
      version: raw._version as number,
    };
  }

  /** The stored document as MongoDB holds it, without `_id`. */
  private replacement(next: StoredDocument<D>) {
    return {
      ...(next.document ? contentOf<D>(next.document as Record<string, unknown>) : {}),
      _applied: Object.fromEntries(
        Object.entries(next.applied).map(([streamId, position]) => [appliedField(streamId), position]),
      ),
      _version: next.version,
      _deleted: next.document === null,
    };
  }

  /**
   * Held documents are deleted and all inserted afresh: one delete and one insert command. Not an
   * update command of many replacements, which FerretDB 1.24 cannot serve: it keeps a PostgreSQL
   * connection open for each statement until the command ends, so one with more statements than
   * its pool (50) waits for itself, and every later request with it.
   */
  async writeAll(
    documents: ReadonlyMap<string, StoredDocument<D>>,
    created: ReadonlySet<string>,
  ): Promise<void> {
    const held = [...documents.keys()].filter((id) => !created.has(id));
    if (held.length > 0)
      await this.model.collection.bulkWrite(
        held.map((id) => ({ deleteOne: { filter: { _id: id as never } } })),
        { ordered: false },
      );
    if (documents.size > 0)
      await this.model.collection.insertMany(
        [...documents].map(([id, next]) => ({ _id: id, ...this.replacement(next) }) as never),
        { ordered: false },
      );
  }

  async write(id: string, expectedVersion: number | null, next: StoredDocument<D>): Promise<boolean> {
    const replacement = this.replacement(next);
    if (expectedVersion === null) {
      try {
        await this.model.collection.insertOne({ _id: id, ...replacement } as never);
        return true;
      } catch (error) {
        // Another writer created it first.
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    }
    const result = await this.model.collection.replaceOne(
      { _id: id as never, _version: expectedVersion },
      replacement as never,
    );
    return result.matchedCount === 1;
  }
}
