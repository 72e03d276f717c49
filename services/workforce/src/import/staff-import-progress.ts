import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';
import type { ImportProblem } from './domain/staff-row';
import type { StaffFileFormat } from './staff-file';

export type StaffImportStatus = 'validating' | 'running' | 'completed' | 'failed';

/** What `GET /imports/staff/:importId` and the `staffImport` query answer. */
export interface StaffImportProgress {
  /** SHA-256 of the file's bytes: the same file is the same import. */
  importId: string;
  fileName: string | null;
  format: StaffFileFormat;
  status: StaffImportStatus;
  /** Worker lines read so far (empty lines not counted); final once status is running. */
  totalRows: number;
  /** Lines that passed validation; these are the ones applied. */
  validRows: number;
  /** Valid lines applied so far (whatever their outcome). */
  processed: number;
  /** New workers. */
  imported: number;
  /** Workers already on file to whom the line added something (a certificate, the activation). */
  updated: number;
  /** Lines that changed nothing: everything they say was already recorded. */
  unchanged: number;
  /** Lines not imported: failed validation, or refused when applied. */
  badRowCount: number;
  /** Every problem of the bad lines, by line (the first MAX_LISTED of them). */
  badRows: ImportProblem[];
  badRowsTruncated: boolean;
  warningCount: number;
  warnings: ImportProblem[];
  /** Why the import stopped, when it failed (the file became unreadable, the database was away). */
  error: string | null;
  startedBy: string;
  /** A station leader's import is limited to their station; null for an admin's. */
  stationScope: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Problems and warnings kept per import; the counts stay exact past it. */
export const MAX_LISTED = 1000;
/** A validating or running import whose progress has not moved for this long is taken over. */
export const STALE_AFTER_SECONDS = 60;

export type Counters = Pick<
  StaffImportProgress,
  | 'status'
  | 'totalRows'
  | 'validRows'
  | 'processed'
  | 'imported'
  | 'updated'
  | 'unchanged'
  | 'badRowCount'
  | 'badRows'
  | 'badRowsTruncated'
  | 'warningCount'
  | 'warnings'
  | 'error'
>;

const columns = `import_id, file_name, format, status, attempt, total_rows, valid_rows, processed, imported, updated,
  unchanged, bad_row_count, bad_rows, bad_rows_truncated, warning_count, warnings, error, started_by, station_scope,
  started_at, updated_at, finished_at`;

/**
 * One row per import in `<schema>.staff_imports`. Several API processes may receive the same file:
 * the row is claimed atomically, and `attempt` fences a process that was taken over (it finds its
 * progress updates refused and stops).
 */
@Injectable()
export class StaffImportProgressStore {
  private readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.table = `${quoteIdent(schema)}.staff_imports`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        import_id text PRIMARY KEY,
        file_name text,
        format text NOT NULL,
        status text NOT NULL,
        attempt int NOT NULL DEFAULT 1,
        total_rows int NOT NULL DEFAULT 0,
        valid_rows int NOT NULL DEFAULT 0,
        processed int NOT NULL DEFAULT 0,
        imported int NOT NULL DEFAULT 0,
        updated int NOT NULL DEFAULT 0,
        unchanged int NOT NULL DEFAULT 0,
        bad_row_count int NOT NULL DEFAULT 0,
        bad_rows jsonb NOT NULL DEFAULT '[]',
        bad_rows_truncated boolean NOT NULL DEFAULT false,
        warning_count int NOT NULL DEFAULT 0,
        warnings jsonb NOT NULL DEFAULT '[]',
        error text,
        started_by text NOT NULL,
        station_scope text,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`,
    );
  }

  /**
   * Starts the import, or starts it again when it failed, was abandoned (no progress for
   * STALE_AFTER_SECONDS: its process died) or `rerun` asks to go over a completed one. Otherwise
   * answers the import as it is, unclaimed.
   */
  async claim(start: {
    importId: string;
    fileName: string | null;
    format: StaffFileFormat;
    startedBy: string;
    stationScope: string | null;
    rerun: boolean;
  }): Promise<{ claimed: true; attempt: number } | { claimed: false; progress: StaffImportProgress }> {
    await this.ensureTable();
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.table} AS t (import_id, file_name, format, status, started_by, station_scope)
       VALUES ($1, $2, $3, 'validating', $4, $5)
       ON CONFLICT (import_id) DO UPDATE SET
         file_name = EXCLUDED.file_name, format = EXCLUDED.format, status = 'validating', attempt = t.attempt + 1,
         total_rows = 0, valid_rows = 0, processed = 0, imported = 0, updated = 0, unchanged = 0,
         bad_row_count = 0, bad_rows = '[]', bad_rows_truncated = false, warning_count = 0, warnings = '[]',
         error = NULL, started_by = EXCLUDED.started_by, station_scope = EXCLUDED.station_scope,
         started_at = now(), updated_at = now(), finished_at = NULL
       WHERE t.status = 'failed'
          OR (t.status IN ('validating', 'running') AND t.updated_at < now() - make_interval(secs => $6))
          OR ($7 AND t.status = 'completed')
       RETURNING attempt`,
      [
        start.importId,
        start.fileName,
        start.format,
        start.startedBy,
        start.stationScope,
        STALE_AFTER_SECONDS,
        start.rerun,
      ],
    );
    if (rows[0]) return { claimed: true, attempt: rows[0].attempt as number };
    const progress = await this.find(start.importId);
    if (!progress) throw new Error(`import ${start.importId} was neither claimed nor found`);
    return { claimed: false, progress };
  }

  /** False when another attempt has taken the import over: the caller must stop. */
  async save(importId: string, attempt: number, counters: Counters): Promise<boolean> {
    await this.ensureTable();
    const finished = counters.status === 'completed' || counters.status === 'failed';
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET status = $3, total_rows = $4, valid_rows = $5, processed = $6, imported = $7,
         updated = $8, unchanged = $9, bad_row_count = $10, bad_rows = $11, bad_rows_truncated = $12,
         warning_count = $13, warnings = $14, error = $15, updated_at = now(),
         finished_at = CASE WHEN $16 THEN now() ELSE NULL END
       WHERE import_id = $1 AND attempt = $2`,
      [
        importId,
        attempt,
        counters.status,
        counters.totalRows,
        counters.validRows,
        counters.processed,
        counters.imported,
        counters.updated,
        counters.unchanged,
        counters.badRowCount,
        JSON.stringify(counters.badRows),
        counters.badRowsTruncated,
        counters.warningCount,
        JSON.stringify(counters.warnings),
        counters.error,
        finished,
      ],
    );
    return (rowCount ?? 0) > 0;
  }

  async find(importId: string): Promise<StaffImportProgress | null> {
    await this.ensureTable();
    const { rows } = await this.pool.query(`SELECT ${columns} FROM ${this.table} WHERE import_id = $1`, [
      importId,
    ]);
    return rows[0] ? toProgress(rows[0]) : null;
  }
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

function toProgress(row: Record<string, unknown>): StaffImportProgress {
  return {
    importId: row.import_id as string,
    fileName: (row.file_name as string | null) ?? null,
    format: row.format as StaffFileFormat,
    status: row.status as StaffImportStatus,
    totalRows: row.total_rows as number,
    validRows: row.valid_rows as number,
    processed: row.processed as number,
    imported: row.imported as number,
    updated: row.updated as number,
    unchanged: row.unchanged as number,
    badRowCount: row.bad_row_count as number,
    badRows: row.bad_rows as ImportProblem[],
    badRowsTruncated: row.bad_rows_truncated as boolean,
    warningCount: row.warning_count as number,
    warnings: row.warnings as ImportProblem[],
    error: (row.error as string | null) ?? null,
    startedBy: row.started_by as string,
    stationScope: (row.station_scope as string | null) ?? null,
    startedAt: iso(row.started_at)!,
    updatedAt: iso(row.updated_at)!,
    finishedAt: iso(row.finished_at),
  };
}
