import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Pool } from 'pg';

/** A worker's personal data, kept out of events so that it can be erased (STYLE.md). */
export interface Profile {
  profileId: string;
  workerId: string;
  name: string;
  phone: string;
  /** YYYY-MM-DD. */
  birthday: string;
}

@Injectable()
export class ProfileStore {
  readonly table: string;
  readonly ensure: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.table = `${quoteIdent(schema)}.worker_profiles`;
    this.ensure = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        profile_id uuid PRIMARY KEY,
        worker_id text NOT NULL UNIQUE,
        name text NOT NULL,
        phone text NOT NULL,
        birthday date,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  }

  /**
   * Written before the WorkerApplied that references it. The worker id is unique, so a retried
   * application finds the profile it wrote first (whose id it must then use) and changes nothing.
   */
  async save(profile: Profile): Promise<Profile> {
    await this.ensure();
    const { rows } = await this.pool.query(
      `WITH inserted AS (
         INSERT INTO ${this.table} (profile_id, worker_id, name, phone, birthday) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (worker_id) DO NOTHING RETURNING profile_id, worker_id, name, phone, birthday)
       SELECT * FROM inserted UNION ALL
       SELECT profile_id, worker_id, name, phone, birthday FROM ${this.table} WHERE worker_id = $2`,
      [profile.profileId, profile.workerId, profile.name, profile.phone, profile.birthday],
    );
    return toProfile(rows[0]);
  }

  async find(workerIds: readonly string[]): Promise<Map<string, Profile>> {
    await this.ensure();
    const { rows } = await this.pool.query(
      `SELECT profile_id, worker_id, name, phone, birthday FROM ${this.table} WHERE worker_id = ANY($1::text[])`,
      [workerIds],
    );
    return new Map(rows.map((row) => [row.worker_id as string, toProfile(row)]));
  }

  /** Right to erasure: the events keep only the profile id, which now leads nowhere personal. */
  async erase(workerId: string): Promise<boolean> {
    await this.ensure();
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET name = '(erased)', phone = '', birthday = NULL, erased_at = now()
       WHERE worker_id = $1 AND erased_at IS NULL`,
      [workerId],
    );
    return (rowCount ?? 0) > 0;
  }
}

const toProfile = (row: Record<string, unknown>): Profile => ({
  profileId: row.profile_id as string,
  workerId: row.worker_id as string,
  name: row.name as string,
  phone: row.phone as string,
  birthday: row.birthday ? isoDay(row.birthday as Date) : '',
});

/** node-postgres reads a `date` as local midnight; format it back without a zone shift. */
const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
