import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { crossBranchRoles, type Role } from '@platform/auth';
import { badInput, forbidden, requireRole, type Caller } from '@platform/service-kit';
import {
  hoursOf,
  isMonth,
  leaderboardMetrics,
  monthOf,
  rank,
  type LeaderboardMetric,
  type Month,
  type Standing,
  type StationRef,
} from './domain/leaderboard';
import { LeaderboardBoards, WORKER_STATIONS, type WorkerStations } from './leaderboard.boards';

export interface LeaderboardContext {
  caller: Caller;
}

type Scope = 'STATION' | 'BRANCH';

/** Staff who see the boards of their own branch (the `branch` claim of their token). */
const branchStaff: readonly Role[] = ['station_leader', 'dispatcher', 'cs_agent'];
const viewers: readonly Role[] = [...crossBranchRoles, ...branchStaff, 'worker'];
const MAX_LIMIT = 100;

type Access =
  | { kind: 'all' }
  | { kind: 'branch'; branchId: string }
  | { kind: 'worker'; workerId: string; station: StationRef | null };

async function accessOf(caller: Caller, stations: WorkerStations): Promise<Access> {
  requireRole(caller, viewers, 'see leaderboards');
  const { principal } = caller;
  if (crossBranchRoles.includes(principal.role)) return { kind: 'all' };
  if (principal.role === 'worker')
    return { kind: 'worker', workerId: principal.sub, station: await stations.stationOf(principal.sub) };
  if (!principal.branch)
    throw forbidden(`a ${principal.role} token needs a branch claim to see leaderboards`);
  return { kind: 'branch', branchId: principal.branch };
}

function checkMonth(month: string): Month {
  if (!isMonth(month))
    throw badInput([
      { field: 'month', reason: `must be a month as YYYY-MM (Shanghai time), e.g. 2025-03; got "${month}"` },
    ]);
  return month;
}

const totalsOf = (row: Standing) => ({
  jobsCompleted: row.jobsCompleted,
  hoursServed: hoursOf(row.servedMs),
  hoursWithoutIncident: hoursOf(row.servedMsWithoutIncident),
  hoursWithoutComplaint: hoursOf(row.servedMsWithoutComplaint),
});

const displayValue = (value: number, metric: LeaderboardMetric) =>
  metric === 'JOBS_COMPLETED' ? value : hoursOf(value);

@Resolver()
export class LeaderboardResolver {
  constructor(
    @Inject(LeaderboardBoards) private readonly boards: LeaderboardBoards,
    @Inject(WORKER_STATIONS) private readonly stations: WorkerStations,
  ) {}

  @Query('leaderboard')
  async leaderboard(
    @Context() { caller }: LeaderboardContext,
    @Args('month') month: string,
    @Args('scope') scope: Scope,
    @Args('scopeId') scopeId: string,
    @Args('metric') metric: LeaderboardMetric,
    @Args('limit') limit: number | null,
  ) {
    checkMonth(month);
    const size = limit ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_LIMIT)
      throw badInput([{ field: 'limit', reason: `must be between 1 and ${MAX_LIMIT}; got ${size}` }]);
    const access = await accessOf(caller, this.stations);
    if (access.kind === 'worker') {
      const own = scope === 'STATION' ? access.station?.stationId : access.station?.branchId;
      if (own !== scopeId)
        throw forbidden(
          `a worker sees the boards of their own station and branch only, not ${scope.toLowerCase()} ${scopeId}`,
        );
    }
    if (access.kind === 'branch' && scope === 'BRANCH' && scopeId !== access.branchId)
      throw forbidden(
        `a ${caller.principal.role} of branch ${access.branchId} may not see branch ${scopeId}'s board`,
      );
    let rows: Standing[];
    if (scope === 'STATION') {
      const docs = await this.boards.stationBoard(month, scopeId);
      if (access.kind === 'branch' && docs.some((doc) => doc.branchId !== access.branchId))
        throw forbidden(`station ${scopeId} is not in branch ${access.branchId}`);
      rows = docs;
    } else {
      rows = await this.boards.branchBoard(month, scopeId);
    }
    const ranked = rank(rows, metric);
    return {
      month,
      scope,
      scopeId,
      metric,
      workers: ranked.length,
      entries: ranked.slice(0, size).map((row) => ({
        rank: row.rank,
        workerId: row.workerId,
        value: displayValue(row.value, metric),
        totals: totalsOf(row),
      })),
    };
  }
}

/** `Worker.leaderboardPosition`; the parent is the service's Worker (or a federation reference) with its `id`. */
@Resolver('Worker')
export class WorkerLeaderboardResolver {
  constructor(
    @Inject(LeaderboardBoards) private readonly boards: LeaderboardBoards,
    @Inject(WORKER_STATIONS) private readonly stations: WorkerStations,
  ) {}

  @ResolveField('leaderboardPosition')
  async leaderboardPosition(
    @Parent() worker: { id?: string; workerId?: string },
    @Context() { caller }: LeaderboardContext,
    @Args('month') month: string | null,
  ) {
    const wanted = month === null || month === undefined ? monthOf(Date.now()) : checkMonth(month);
    const workerId = worker.id ?? worker.workerId;
    if (!workerId) return null;
    const access = await accessOf(caller, this.stations);
    if (access.kind === 'worker' && access.workerId !== workerId)
      throw forbidden('a worker sees their own leaderboard position only');
    const rows = (await this.boards.workerMonth(wanted, workerId))
      .filter(
        (row) => row.stationId !== null && (access.kind !== 'branch' || row.branchId === access.branchId),
      )
      .sort((a, b) => (a.stationId! < b.stationId! ? -1 : 1));
    const boards: { scope: Scope; scopeId: string; rows: () => Promise<Standing[]> }[] = [
      ...rows.map((row) => ({
        scope: 'STATION' as const,
        scopeId: row.stationId!,
        rows: () => this.boards.stationBoard(wanted, row.stationId!),
      })),
      ...[...new Set(rows.map((row) => row.branchId!))].map((branchId) => ({
        scope: 'BRANCH' as const,
        scopeId: branchId,
        rows: () => this.boards.branchBoard(wanted, branchId),
      })),
    ];
    const standings = [];
    for (const board of boards) {
      const boardRows = await board.rows();
      const own = boardRows.find((r) => r.workerId === workerId);
      if (!own) continue;
      const ranks = leaderboardMetrics.map((metric) => {
        const ranked = rank(boardRows, metric);
        return { metric, rank: ranked.find((r) => r.workerId === workerId)!.rank, of: ranked.length };
      });
      standings.push({ scope: board.scope, scopeId: board.scopeId, totals: totalsOf(own), ranks });
    }
    return standings.length > 0 ? { month: wanted, standings } : null;
  }
}
