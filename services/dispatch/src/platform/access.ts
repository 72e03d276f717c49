import type { Principal } from '@platform/auth';

/**
 * Who may see and run dispatch, enforced in this subgraph: admins everywhere; dispatchers see and
 * run their branch; CS and station leaders see their branch (to answer customers and their
 * workers) but do not dispatch; a worker sees their own offers, schedule and jobs. The rest
 * (finance, legal, QA, live ops, hosts, customers) see none of it.
 */
export type DispatchAccess =
  | { kind: 'all'; mayDispatch: true }
  | { kind: 'branch'; branchId: string; mayDispatch: boolean }
  | { kind: 'self'; workerId: string }
  | { kind: 'none'; reason: string };

export function dispatchAccess(principal: Principal): DispatchAccess {
  switch (principal.role) {
    case 'admin':
      return { kind: 'all', mayDispatch: true };
    case 'worker':
      return { kind: 'self', workerId: principal.sub };
    case 'dispatcher':
    case 'cs_agent':
    case 'station_leader':
      return principal.branch
        ? { kind: 'branch', branchId: principal.branch, mayDispatch: principal.role === 'dispatcher' }
        : { kind: 'none', reason: `a ${principal.role} token needs a branch claim` };
    default:
      return { kind: 'none', reason: `${principal.role} has no access to dispatch` };
  }
}

/** May this caller see the dispatch of an order of `branchId` held or offered to `workerIds`? */
export function maySeeOrder(access: DispatchAccess, branchId: string, workerIds: readonly string[]): boolean {
  if (access.kind === 'all') return true;
  if (access.kind === 'branch') return access.branchId === branchId;
  if (access.kind === 'self') return workerIds.includes(access.workerId);
  return false;
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

/** May this caller see a worker's day: the worker, or staff of the branch. */
export function maySeeWorker(
  access: DispatchAccess,
  worker: { workerId: string; branchId: string },
): boolean {
  if (access.kind === 'self') return access.workerId === worker.workerId;
  return maySeeOrder(access, worker.branchId, []);
}
