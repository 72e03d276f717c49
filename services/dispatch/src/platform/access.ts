import type { Principal } from '@platform/auth';

/**
 * Who may see and run dispatch, enforced in this subgraph: admins everywhere; dispatchers see and
 * run their branch; CS see their branch (to answer customers) but do not dispatch; a station leader
 * sees the orders their own station's workers hold or are offered (as in workforce, their station
 * only); a worker sees their own offers, schedule and jobs. The rest (finance, legal, QA, live ops,
 * hosts, customers) see none of it.
 */
export type DispatchAccess =
  | { kind: 'all'; mayDispatch: true }
  | { kind: 'branch'; branchId: string; mayDispatch: boolean }
  | { kind: 'station'; branchId: string; stationId: string }
  | { kind: 'self'; workerId: string }
  | { kind: 'none'; reason: string };

/** A worker an order involves (holds it, or was offered it), with their station when dispatch knows it. */
export interface InvolvedWorker {
  workerId: string;
  stationId?: string;
}

export function dispatchAccess(principal: Principal): DispatchAccess {
  switch (principal.role) {
    case 'admin':
      return { kind: 'all', mayDispatch: true };
    case 'worker':
      return { kind: 'self', workerId: principal.sub };
    case 'station_leader':
      if (!principal.branch || !principal.station)
        return { kind: 'none', reason: 'a station_leader token needs branch and station claims' };
      return { kind: 'station', branchId: principal.branch, stationId: principal.station };
    case 'dispatcher':
    case 'cs_agent':
      return principal.branch
        ? { kind: 'branch', branchId: principal.branch, mayDispatch: principal.role === 'dispatcher' }
        : { kind: 'none', reason: `a ${principal.role} token needs a branch claim` };
    default:
      return { kind: 'none', reason: `${principal.role} has no access to dispatch` };
  }
}

/** May this caller look at `branchId`'s dispatch at all (what they then see may be narrower)? */
export function maySeeBranch(access: DispatchAccess, branchId: string): boolean {
  if (access.kind === 'all') return true;
  if (access.kind === 'branch' || access.kind === 'station') return access.branchId === branchId;
  return false;
}

/** May this caller see the dispatch of an order of `branchId` that involves these workers? */
export function maySeeOrder(
  access: DispatchAccess,
  branchId: string,
  involved: readonly InvolvedWorker[],
): boolean {
  if (access.kind === 'station')
    return access.branchId === branchId && involved.some((w) => w.stationId === access.stationId);
  if (access.kind === 'self') return involved.some((w) => w.workerId === access.workerId);
  return maySeeBranch(access, branchId);
}

/** Why this caller may not dispatch in `branchId`, or null when they may. */
export function dispatchRefusal(access: DispatchAccess, branchId: string): string | null {
  if (access.kind === 'all') return null;
  if (access.kind === 'branch') {
    if (access.branchId !== branchId) return `you dispatch for ${access.branchId}, not ${branchId}`;
    return access.mayDispatch ? null : 'only dispatchers and admins dispatch';
  }
  return access.kind === 'none' ? access.reason : 'only dispatchers and admins dispatch';
}

/** May this caller see a worker's day: the worker, their station's leader, or staff of the branch. */
export function maySeeWorker(
  access: DispatchAccess,
  worker: { workerId: string; branchId: string; stationId?: string },
): boolean {
  return maySeeOrder(access, worker.branchId, [worker]);
}
