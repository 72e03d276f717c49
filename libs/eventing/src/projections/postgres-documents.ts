import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { quoteIdent, withSchemaLock } from '../postgres/postgres';
import type { DocumentBackend } from './document-store';
import type { ReadModel, StoredDocument, Where } from './read-model';

const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A document field as SQL text, `(document->>'branchId')` or `(document#>>'{address,city}')`:
 * the expression declared indexes are built on, so a query written with it can use them.
 */
export function documentField(field: string): string {
  if (!fieldPattern.test(field)) throw new Error(`not a document field name: "${field}"`);
  return field.includes('.') ? `(document#>>'{${field.split('.').join(',')}}')` : `(document->>'${field}')`;
}

/** An index name unique per read model and expressions, within PostgreSQL's 63 characters. */
function indexName(table: string, expressions: readonly string[]): string {
  const hash = createHash('sha256').update(expressions.join(',')).digest('hex').slice(0, 10);
  return `${table.slice(0, 40)}_${hash}`;
}

/**
 * A read model as JSON documents in a table of the service's PostgreSQL schema (ADR 0010's
 * reasons: filtered, sorted, counted and joined in SQL). `document` is null for a deleted one.
 */
export class PostgresDocuments<D extends object> implements DocumentBackend<D> {
  /** The qualified, quoted table name, for queries the store does not offer; add `document IS NOT NULL`. */
  readonly table: string;

  constructor(
    readonly readModel: ReadModel<D>,
    readonly pool: Pool,
    private readonly schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.${quoteIdent(readModel.name)}`;
    // Checked now, so a bad index declaration stops the service at start-up, not at the first query.
    this.indexes();
  }

  private indexes(): string[] {
    return (this.readModel.indexes ?? []).map((index) => {
      const expressions = [
        ...Object.entries(index.fields ?? {}).map(
          ([field, direction]) => `${documentField(field)}${direction === -1 ? ' DESC' : ''}`,
        ),
        ...(index.expressions ?? []),
      ];
      return `CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName(this.readModel.name, expressions))}
        ON ${this.table} (${expressions.join(', ')})`;
    });
  }

  private async createTable(run: (sql: string) => Promise<unknown>): Promise<void> {
    await run(`CREATE TABLE IF NOT EXISTS ${this.table} (
      id text PRIMARY KEY, document jsonb, applied jsonb NOT NULL, version integer NOT NULL)`);
    for (const sql of this.indexes()) await run(sql);
    for (const sql of this.readModel.postgres?.setup(this.table, this.qualify) ?? []) await run(sql);
  }

  /** A table of the read model's schema, qualified and quoted (for its companion tables). */
  readonly qualify = (name: string) => `${quoteIdent(this.schema)}.${quoteIdent(name)}`;

  async exists(): Promise<boolean> {
    const { rows } = await this.pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
      this.table,
    ]);
    return rows[0]!.found !== null;
  }

  ensure(): Promise<void> {
    return withSchemaLock(this.pool, this.schema, (client) => this.createTable((sql) => client.query(sql)));
  }

  recreate(): Promise<void> {
    return withSchemaLock(this.pool, this.schema, async (client) => {
      await client.query(`DROP TABLE IF EXISTS ${this.table}`);
      for (const name of this.readModel.postgres?.tables ?? []) await client.query(`DROP TABLE IF EXISTS ${this.qualify(name)}`);
      await this.createTable((sql) => client.query(sql));
    });
  }

  async get(id: string): Promise<D | null> {
    const { rows } = await this.pool.query<{ document: D }>(
      `SELECT document FROM ${this.table} WHERE id = $1 AND document IS NOT NULL`,
      [id],
    );
    return rows[0]?.document ?? null;
  }

  private matching(columns: string, where: Where) {
    const fields = Object.keys(where);
    return this.pool.query(
      `SELECT ${columns} FROM ${this.table} WHERE document IS NOT NULL
       ${fields.map((field, i) => `AND ${documentField(field)} = $${i + 1}`).join(' ')} ORDER BY id`,
      fields.map((field) => String(where[field])),
    );
  }

  async find(where: Where): Promise<D[]> {
    return (await this.matching('document', where)).rows.map((row: { document: D }) => row.document);
  }

  async findIds(where: Where): Promise<string[]> {
    return (await this.matching('id', where)).rows.map((row: { id: string }) => row.id);
  }

  /** Nothing to exclude: the conditional UPDATE is atomic, and a writer that lost the race retries. */
  exclusive(_id: string, work: () => Promise<void>): Promise<void> {
    return work();
  }

  async appliedPosition(id: string, streamId: string): Promise<number> {
    return (await this.read(id))?.applied[streamId] ?? -1;
  }

  async read(id: string): Promise<StoredDocument<D> | null> {
    const { rows } = await this.pool.query<StoredDocument<D>>(
      `SELECT document, applied, version FROM ${this.table} WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** One INSERT … ON CONFLICT for new and held documents alike. */
  async writeAll(documents: ReadonlyMap<string, StoredDocument<D>>): Promise<void> {
    if (documents.size === 0) return;
    const ids: string[] = [];
    const contents: (string | null)[] = [];
    const applied: string[] = [];
    const versions: number[] = [];
    for (const [id, stored] of documents) {
      ids.push(id);
      contents.push(stored.document === null ? null : JSON.stringify(stored.document));
      applied.push(JSON.stringify(stored.applied));
      versions.push(stored.version);
    }
    // Arrays, not a row of parameters per document: four parameters however many documents.
    await this.pool.query(
      `INSERT INTO ${this.table} (id, document, applied, version)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::jsonb[], $4::integer[])
       ON CONFLICT (id) DO UPDATE
       SET document = excluded.document, applied = excluded.applied, version = excluded.version`,
      [ids, contents, applied, versions],
    );
  }

  async write(id: string, expectedVersion: number | null, next: StoredDocument<D>): Promise<boolean> {
    const values = [
      id,
      next.document === null ? null : JSON.stringify(next.document),
      JSON.stringify(next.applied),
      next.version,
    ];
    const { rowCount } =
      expectedVersion === null
        ? await this.pool.query(
            `INSERT INTO ${this.table} (id, document, applied, version) VALUES ($1, $2::jsonb, $3::jsonb, $4)
             ON CONFLICT (id) DO NOTHING`,
            values,
          )
        : await this.pool.query(
            `UPDATE ${this.table} SET document = $2::jsonb, applied = $3::jsonb, version = $4
             WHERE id = $1 AND version = $5`,
            [...values, expectedVersion],
          );
    return rowCount === 1;
  }
}
