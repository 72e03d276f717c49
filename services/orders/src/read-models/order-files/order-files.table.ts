import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';
import type { FileUse } from '../../platform/access';

type FileEventData = {
  orderId: string;
  attachments?: { fileId: string }[];
  fileId?: string;
  signatureFileId?: string;
};

/** The files an order event attaches, and as what. */
function attachedBy(event: EventEnvelope): { fileId: string; use: FileUse }[] {
  const data = event.data as FileEventData;
  switch (event.type) {
    case 'OrderPlaced':
      return (data.attachments ?? []).map(({ fileId }) => ({ fileId, use: 'attachment' }));
    case 'JobPhotoAdded':
      return [{ fileId: data.fileId!, use: 'job_photo' }];
    case 'CustomerSigned':
      return [{ fileId: data.signatureFileId!, use: 'signature' }];
    default:
      return [];
  }
}

/**
 * Which orders each file is attached to, and as what: the question a download asks, since a file
 * follows the access rules of what it is attached to. Fed by order events; attachments are never
 * taken back, so applying an event twice inserts nothing new.
 */
@Injectable()
export class OrderFilesTable {
  /** Public for the download check, which joins it with the board and the involvement view in one query. */
  readonly table: string;
  readonly ready: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.table = `${quoteIdent(schema)}.order_files`;
    this.ready = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        file_id text NOT NULL, order_id uuid NOT NULL, use text NOT NULL, PRIMARY KEY (file_id, order_id, use))`,
    );
  }

  async apply(event: EventEnvelope): Promise<void> {
    const attached = attachedBy(event);
    if (attached.length === 0) return;
    await this.ready();
    const orderId = (event.data as FileEventData).orderId;
    await this.pool.query(
      `INSERT INTO ${this.table} (file_id, order_id, use)
       SELECT file_id, $1, use FROM unnest($2::text[], $3::text[]) AS a(file_id, use) ON CONFLICT DO NOTHING`,
      [orderId, attached.map((a) => a.fileId), attached.map((a) => a.use)],
    );
  }

  /** Empties the table for a rebuild by replay. */
  async truncate(): Promise<void> {
    await this.ready();
    await this.pool.query(`TRUNCATE ${this.table}`);
  }
}
