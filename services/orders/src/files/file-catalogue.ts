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
 * What was uploaded, by whom and when: one row per file in `<schema>.files`, and one per person
 * who uploaded the same bytes in `<schema>.file_uploads` (sending the bytes proves one has them,
 * which is what entitles one to attach them to an order). A row is written only after the bytes
 * are stored, so every catalogued file can be read. Other slices ask it whether the file ids an
 * order refers to were uploaded by the caller: inject it by its class from FilesModule.
 */
export class FileCatalogue {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly uploads: string,
  ) {}

  static async create(pool: Pool, schema: string): Promise<FileCatalogue> {
    const table = `${quoteIdent(schema)}.files`;
    const uploads = `${quoteIdent(schema)}.file_uploads`;
    await withSchemaLock(pool, schema, async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        file_id text PRIMARY KEY,
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        kind text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${uploads} (
        file_id text NOT NULL REFERENCES ${table} (file_id),
        uploaded_by text NOT NULL,
        PRIMARY KEY (file_id, uploaded_by)
      )`);
    });
    return new FileCatalogue(pool, table, uploads);
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
    await this.pool.query(
      `INSERT INTO ${this.uploads} (file_id, uploaded_by) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [file.fileId, uploadedBy],
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

  /**
   * Returns the ids among `fileIds` that `uploader` never uploaded (whether or not someone else
   * did): empty when they may refer to every one. Files recorded before `file_uploads` existed
   * count for their first uploader.
   */
  async notUploadedBy(uploader: string, fileIds: readonly string[]): Promise<string[]> {
    if (fileIds.length === 0) return [];
    const { rows } = await this.pool.query<Pick<FileRow, 'file_id'>>(
      `SELECT file_id FROM ${this.uploads} WHERE uploaded_by = $1 AND file_id = ANY($2::text[])
       UNION SELECT file_id FROM ${this.table} WHERE uploaded_by = $1 AND file_id = ANY($2::text[])`,
      [uploader, fileIds],
    );
    const found = new Set(rows.map((row) => row.file_id));
    return [...new Set(fileIds)].filter((fileId) => !found.has(fileId));
  }
}
