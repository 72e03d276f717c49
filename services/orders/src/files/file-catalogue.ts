import { quoteIdent, withSchemaLock } from '@platform/eventing';
import type { Pool } from 'pg';
import type { AcceptedFile, FileKind } from './file-policy';

export interface CataloguedFile {
  fileId: string;
  contentType: string;
  size: number;
  kind: FileKind;
  uploadedBy: string;
  uploadedAt: Date;
}

interface FileRow {
  file_id: string;
  content_type: string;
  size_bytes: number;
  kind: FileKind;
  uploaded_by: string;
  uploaded_at: Date;
}

const fromRow = (row: FileRow): CataloguedFile => ({
  fileId: row.file_id,
  contentType: row.content_type,
  size: row.size_bytes,
  kind: row.kind,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});

/**
 * What was uploaded, by whom and when: one row per file in `<schema>.files`. A row is written only
 * after the bytes are stored, so every catalogued file can be read. Other slices ask it whether
 * the file ids an order refers to were really uploaded: inject it by its class from FilesModule.
 */
export class FileCatalogue {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async create(pool: Pool, schema: string): Promise<FileCatalogue> {
    const table = `${quoteIdent(schema)}.files`;
    await withSchemaLock(pool, schema, async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        file_id text PRIMARY KEY,
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        kind text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
    return new FileCatalogue(pool, table);
  }

  /**
   * Records an upload; the first upload of the same bytes stays the one on record (its uploader,
   * time and kind), so a repeated upload changes nothing and answers with the file as first recorded.
   */
  async record(file: AcceptedFile, uploadedBy: string): Promise<CataloguedFile> {
    const inserted = await this.pool.query<FileRow>(
      `INSERT INTO ${this.table} (file_id, content_type, size_bytes, kind, uploaded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (file_id) DO NOTHING RETURNING *`,
      [file.fileId, file.contentType, file.size, file.kind, uploadedBy],
    );
    if (inserted.rows[0]) return fromRow(inserted.rows[0]);
    const first = await this.find(file.fileId);
    if (!first) throw new Error(`file ${file.fileId} was neither inserted nor found`);
    return first;
  }

  async find(fileId: string): Promise<CataloguedFile | undefined> {
    const { rows } = await this.pool.query<FileRow>(`SELECT * FROM ${this.table} WHERE file_id = $1`, [
      fileId,
    ]);
    return rows[0] && fromRow(rows[0]);
  }

  /** Returns the ids among `fileIds` that were never uploaded: empty when every reference is good. */
  async exists(fileIds: readonly string[]): Promise<string[]> {
    if (fileIds.length === 0) return [];
    const { rows } = await this.pool.query<Pick<FileRow, 'file_id'>>(
      `SELECT file_id FROM ${this.table} WHERE file_id = ANY($1::text[])`,
      [fileIds],
    );
    const found = new Set(rows.map((row) => row.file_id));
    return [...new Set(fileIds)].filter((fileId) => !found.has(fileId));
  }
}
