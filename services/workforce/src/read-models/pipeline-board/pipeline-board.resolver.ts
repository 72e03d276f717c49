import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { documentField, PG_POOL, ReadModels } from '@platform/eventing';
import { forbidden, pageOf } from '@platform/service-kit';
import type { Pool } from 'pg';
import { workforceScope, type WorkforceContext } from '../../platform/access';
import { pipelineSteps, waitingFor } from '../../worker/pipeline';
import { ProfileStore } from '../../worker/profile-store';
import { forCaller } from '../../worker/visible-workers';
import { WorkerCommands } from '../../worker/worker-commands';
import { workerView } from '../../worker/worker-view';
import { boardState, pipelineBoard, type PipelineBoardRow } from './pipeline-board.projection';

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
    @Inject(ReadModels) private readonly readModels: ReadModels,
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
    await this.profiles.ensure();
    const board = this.readModels.documents(pipelineBoard);
    const field = (name: string) => documentField(name).replace('(document', '(w.document');
    const where: string[] = ['w.document IS NOT NULL'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.kind === 'branch') add(`${field('branchId')} = ?`, scope.branchId);
    if (scope.kind === 'station') add(`${field('stationId')} = ?`, scope.stationId);
    if (filter.branchId) add(`${field('branchId')} = ?`, filter.branchId);
    if (filter.stationId) add(`${field('stationId')} = ?`, filter.stationId);
    // The steps are counted over the scope; the status and the search narrow the list only.
    const narrowing: string[] = [];
    if (filter.status) {
      params.push(filter.status);
      narrowing.push(`${field('status')} = $${params.length}`);
    }
    if (filter.search) {
      const term = filter.search.trim();
      params.push(term, `%${term}%`);
      narrowing.push(
        `(w.id = $${params.length - 1} OR p.name ILIKE $${params.length} OR (length($${params.length - 1}) >= 4 AND p.phone LIKE '%' || $${params.length - 1}))`,
      );
    }
    const { rows } = await this.pool.query<
      { document: PipelineBoardRow; listed: boolean } & Record<
        'profile_id' | 'name' | 'phone' | 'birthday',
        string | null
      >
    >(
      `SELECT w.document, ${narrowing.length ? narrowing.join(' AND ') : 'true'} AS listed,
              p.profile_id, p.name, p.phone, to_char(p.birthday, 'YYYY-MM-DD') AS birthday
       FROM ${board.table} w LEFT JOIN ${this.profiles.table} p ON p.worker_id = w.id
       WHERE ${where.join(' AND ')}
       ORDER BY (${field('updatedAt')})::timestamptz DESC, w.id`,
      params,
    );
    const catalogue = await this.workers.catalogue();
    const requirements = Object.values(catalogue.requirements);
    const now = new Date();
    const byStep = new Map<string, number>();
    const listed = [];
    for (const row of rows) {
      const steps = waitingFor(boardState(row.document), requirements, now);
      for (const step of steps) byStep.set(step, (byStep.get(step) ?? 0) + 1);
      if (row.listed && (!filter.waitingFor || (steps as string[]).includes(filter.waitingFor)))
        listed.push(row);
    }
    return {
      total: listed.length,
      workers: listed.slice(offset, offset + limit).map((row) =>
        forCaller(
          ctx.caller,
          workerView(
            {
              status: row.document.status,
              worker: row.document.worker,
              reason: row.document.suspendedReason ?? undefined,
            },
            row.profile_id
              ? {
                  profileId: row.profile_id,
                  workerId: row.document.workerId,
                  name: row.name ?? '',
                  phone: row.phone ?? '',
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
