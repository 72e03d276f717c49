import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { PG_POOL } from '@platform/eventing';
import { forbidden, pageOf } from '@platform/service-kit';
import type { Pool } from 'pg';
import { workforceScope, type WorkforceContext } from '../../platform/access';
import { pipelineSteps } from '../../worker/pipeline';
import { ProfileStore } from '../../worker/profile-store';
import { forCaller } from '../../worker/visible-workers';
import { WorkerCommands } from '../../worker/worker-commands';
import { workerView } from '../../worker/worker-view';
import type { Worker } from '../../worker/worker.decider';
import { WorkforceTables } from '../workforce-tables';

type PipelineFilter = {
  branchId?: string;
  stationId?: string;
  status?: string;
  waitingFor?: string;
  search?: string;
};

/** The operators' pipeline board: who waits for what, filtered and paged, with counts per step. */
@Resolver()
export class PipelineBoardResolver {
  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Query('pipelineBoard')
  async pipelineBoard(
    @Context() ctx: WorkforceContext,
    @Args('filter') filter: PipelineFilter = {},
    @Args('page') page: { offset?: number; limit?: number } = {},
  ) {
    const scope = workforceScope(ctx.caller.principal);
    if (scope.kind === 'none') throw forbidden(scope.reason);
    if (scope.kind === 'worker') throw forbidden('workers see their own profile with `me`');
    const { offset, limit } = pageOf(page);
    await Promise.all([this.tables.ensure(), this.profiles.ensure()]);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.kind === 'branch') add('w.branch_id = ?', scope.branchId);
    if (scope.kind === 'station') add('w.station_id = ?', scope.stationId);
    if (filter.branchId) add('w.branch_id = ?', filter.branchId);
    if (filter.stationId) add('w.station_id = ?', filter.stationId);
    const scoped = [...where];
    const scopedParams = [...params];
    if (filter.status) add('w.status = ?', filter.status);
    if (filter.waitingFor) add('? = ANY(w.waiting_for)', filter.waitingFor);
    if (filter.search) {
      const term = filter.search.trim();
      params.push(term, `%${term}%`);
      where.push(
        `(w.worker_id = $${params.length - 1} OR p.name ILIKE $${params.length} OR (length($${params.length - 1}) >= 4 AND p.phone LIKE '%' || $${params.length - 1}))`,
      );
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `${this.tables.workers} w LEFT JOIN ${this.profiles.table} p ON p.worker_id = w.worker_id`;
    const [rows, total, counts] = await Promise.all([
      this.pool.query(
        `SELECT w.status, w.worker, w.suspended_reason, p.profile_id, p.name, p.phone, to_char(p.birthday, 'YYYY-MM-DD') AS birthday
         FROM ${from} ${whereSql} ORDER BY w.updated_at DESC, w.worker_id LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.pool.query(`SELECT count(*)::int AS n FROM ${from} ${whereSql}`, params),
      this.pool.query(
        `SELECT step, count(*)::int AS n FROM ${this.tables.workers} w, unnest(w.waiting_for) AS step
         ${scoped.length ? `WHERE ${scoped.join(' AND ')}` : ''} GROUP BY step`,
        scopedParams,
      ),
    ]);
    const catalogue = await this.workers.catalogue();
    const requirements = Object.values(catalogue.requirements);
    const now = new Date();
    const byStep = new Map(counts.rows.map((r) => [r.step as string, r.n as number]));
    return {
      total: total.rows[0].n,
      workers: rows.rows.map((row) =>
        forCaller(
          ctx.caller,
          workerView(
            { status: row.status, worker: row.worker as Worker, reason: row.suspended_reason ?? undefined },
            row.profile_id
              ? {
                  profileId: row.profile_id,
                  workerId: (row.worker as Worker).application.workerId,
                  name: row.name,
                  phone: row.phone,
                  birthday: row.birthday ?? '',
                }
              : undefined,
            requirements,
            now,
          ),
        ),
      ),
      counts: pipelineSteps.map((step) => ({ step, workers: byStep.get(step) ?? 0 })),
    };
  }
}
