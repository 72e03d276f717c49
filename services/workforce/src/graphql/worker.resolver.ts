import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { PG_POOL } from '@platform/eventing';
import { forbidden, type Caller } from '@platform/service-kit';
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { Pool } from 'pg';
import { mayReadPersonal, maySee, requireCustomerFields, workforceScope } from '../platform/access';
import { WorkforceTables } from '../read-models/workforce-tables';
import { ProfileStore } from '../worker/profile-store';
import { WorkerCommands } from '../worker/worker-commands';
import { displayName } from '../worker/display-name';
import { pipelineSteps } from '../worker/pipeline';
import type { Worker } from '../worker/worker.decider';
import { workerView, type WorkerView } from './worker-view';

export interface WorkforceContext {
  caller: Caller;
}

const MAX_PAGE = 100;

/** The worker as this caller may see them: personal details only for those who run the file. */
const forCaller = (caller: Caller, view: WorkerView): WorkerView =>
  mayReadPersonal(caller.principal, { workerId: view.id, stationId: view.stationId, branchId: view.branchId })
    ? view
    : { ...view, birthday: null, backgroundCheck: null, suspendedReason: null };
type PipelineFilter = {
  branchId?: string;
  stationId?: string;
  status?: string;
  waitingFor?: string;
  search?: string;
};

/** Workers as their readers may see them; another party's worker answers exactly like a missing one. */
@Resolver()
export class WorkerQueriesResolver {
  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** From the worker's stream, so a mutation's answer already shows its own change. */
  async visibleWorker(caller: Caller, workerId: string): Promise<WorkerView | null> {
    const [state, catalogue] = await Promise.all([this.workers.load(workerId), this.workers.catalogue()]);
    if (state.status === 'none') return null;
    const place = { workerId, stationId: state.worker.stationId, branchId: state.worker.branchId };
    if (!maySee(workforceScope(caller.principal), place)) return null;
    const profile = (await this.profiles.find([workerId])).get(workerId);
    return forCaller(caller, workerView(state, profile, Object.values(catalogue.requirements), new Date()));
  }

  /** The worker as a customer is told who is coming (platform/access.ts, customerWorkerFields). */
  async introduced(workerId: string): Promise<{ id: string; displayName: string } | null> {
    const profile = (await this.profiles.find([workerId])).get(workerId);
    return profile ? { id: workerId, displayName: displayName(profile.name) } : null;
  }

  @Query('worker')
  worker(@Context() ctx: WorkforceContext, @Args('id') id: string) {
    return this.visibleWorker(ctx.caller, id);
  }

  @Query('me')
  me(@Context() ctx: WorkforceContext) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('`me` is for workers; staff use worker(id)');
    return this.visibleWorker(ctx.caller, ctx.caller.principal.sub);
  }

  @Query('pipelineBoard')
  async pipelineBoard(
    @Context() ctx: WorkforceContext,
    @Args('filter') filter: PipelineFilter = {},
    @Args('page') page: { offset?: number; limit?: number } = {},
  ) {
    const scope = workforceScope(ctx.caller.principal);
    if (scope.kind === 'none') throw forbidden(scope.reason);
    if (scope.kind === 'worker') throw forbidden('workers see their own profile with `me`');
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 20;
    if (offset < 0 || limit < 1 || limit > MAX_PAGE)
      throw new GraphQLError(`page.limit must be between 1 and ${MAX_PAGE} and page.offset 0 or more`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'page' },
      });
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

@Resolver('Worker')
export class WorkerReferenceResolver {
  constructor(@Inject(WorkerQueriesResolver) private readonly queries: WorkerQueriesResolver) {}

  /**
   * Another subgraph's reference (e.g. an order's worker) resolves within the caller's scope; for a
   * customer, who has no scope over workers, to the name the worker is introduced by and no more.
   */
  @ResolveReference()
  resolveReference(reference: { id: string }, ctx: WorkforceContext, info: GraphQLResolveInfo) {
    if (ctx.caller.principal.role !== 'customer') return this.queries.visibleWorker(ctx.caller, reference.id);
    requireCustomerFields(
      askedOfWorker(
        info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []),
        info,
      ),
    );
    return this.queries.introduced(reference.id);
  }
}

/** The Worker fields a reference's selection asks for, through inline fragments and named ones. */
function askedOfWorker(selections: readonly SelectionNode[], info: GraphQLResolveInfo): Set<string> {
  const asked = new Set<string>();
  const onWorker = (type: { name: { value: string } } | undefined) => !type || type.name.value === 'Worker';
  const walk = (nodes: readonly SelectionNode[]) => {
    for (const node of nodes) {
      if (node.kind === Kind.FIELD) asked.add(node.name.value);
      else if (node.kind === Kind.INLINE_FRAGMENT) {
        if (onWorker(node.typeCondition)) walk(node.selectionSet.selections);
      } else {
        const fragment = info.fragments[node.name.value];
        if (fragment && onWorker(fragment.typeCondition)) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(selections);
  return asked;
}
