import type { Principal, Role } from '@platform/auth';
import { forbidden } from '@platform/service-kit';

/**
 * Who sees which workers, enforced here in the subgraph that owns them: admins all,
 * dispatchers and CS their branch, a station leader their station, a worker themselves.
 */
export type WorkforceScope =
  | { kind: 'all' }
  | { kind: 'branch'; branchId: string }
  | { kind: 'station'; stationId: string }
  | { kind: 'self'; workerId: string }
  | { kind: 'none'; reason: string };

export function workforceScope(principal: Principal): WorkforceScope {
  switch (principal.role) {
    case 'admin':
      return { kind: 'all' };
    case 'worker':
      return { kind: 'self', workerId: principal.sub };
    case 'station_leader':
      return principal.station
        ? { kind: 'station', stationId: principal.station }
        : { kind: 'none', reason: 'a station_leader token needs a station claim' };
    case 'dispatcher':
    case 'cs_agent':
      return principal.branch
        ? { kind: 'branch', branchId: principal.branch }
        : { kind: 'none', reason: `a ${principal.role} token needs a branch claim` };
    default:
      // Finance, legal and QA work across branches, but on orders and money, not on people's files.
      return { kind: 'none', reason: `${principal.role} has no access to workers` };
  }
}

/**
 * Birthday, background check and suspension reason are for the people who run the worker's file:
 * admins, the leader of the worker's station, and the worker. Dispatchers and CS see the rest.
 */
export function mayReadPersonal(principal: Principal, worker: WorkerPlace): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'station_leader') return principal.station === worker.stationId;
  return principal.role === 'worker' && principal.sub === worker.workerId;
}

export type WorkerPlace = { workerId: string; stationId: string; branchId: string };

export function maySee(scope: WorkforceScope, worker: WorkerPlace): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return scope.branchId === worker.branchId;
    case 'station':
      return scope.stationId === worker.stationId;
    case 'self':
      return scope.workerId === worker.workerId;
    case 'none':
      return false;
  }
}

/** Staff who run the pipeline: admins anywhere, station leaders at their own station. */
export const pipelineRoles: readonly Role[] = ['admin', 'station_leader'];

export function requireManager(principal: Principal, stationId: string, what: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'station_leader' && principal.station === stationId) return;
  throw forbidden(
    principal.role === 'station_leader'
      ? `a station leader may ${what} only at their own station (${principal.station ?? 'none'}), not at ${stationId}`
      : `${principal.role} may not ${what} (allowed: ${pipelineRoles.join(', ')})`,
  );
}
