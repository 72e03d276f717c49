import { accessScope, inScope, type InvolvedWorker, type Principal } from '@platform/auth';

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

export type { InvolvedWorker };

/** The platform's one scope model (`accessScope`), with who of those in scope may dispatch. */
export function dispatchAccess(principal: Principal): DispatchAccess {
  const scope = accessScope(principal, { what: 'dispatch', everything: ['admin'] });
  switch (scope.kind) {
    case 'all':
      return { kind: 'all', mayDispatch: true };
    case 'branch':
      return { ...scope, mayDispatch: principal.role === 'dispatcher' };
    case 'worker':
      return { kind: 'self', workerId: scope.workerId };
    case 'customer':
      return { kind: 'none', reason: 'customer has no access to dispatch' };
    default:
      return scope;
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
  const scope = access.kind === 'self' ? { kind: 'worker' as const, workerId: access.workerId } : access;
  return inScope(scope, { branchId, workers: involved });
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
