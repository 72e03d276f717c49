import type { Principal, Role } from './principal';

/**
 * The part of the company a caller reaches, one model for every service, so that a role sees the
 * same slice everywhere: branch staff (dispatchers, CS) their branch; a station leader what their
 * own station's workers hold or are offered now; a worker what they hold or are offered; a
 * customer their own; the roles a service names see all of it. Each service then decides how much
 * of each thing in scope a role is shown (data minimisation), which this model does not cover.
 */
export type AccessScope =
  | { kind: 'all' }
  | { kind: 'branch'; branchId: string }
  | { kind: 'station'; branchId: string; stationId: string }
  | { kind: 'worker'; workerId: string }
  | { kind: 'customer'; customerId: string }
  | { kind: 'none'; reason: string };

export interface ScopePolicy {
  /** What the service guards, for the refusal: "orders", "workers", "dispatch". */
  what: string;
  /** Roles that see all of it, in every branch. */
  everything: readonly Role[];
  /** Whether a customer reaches their own part of it (orders) or nothing (workers, dispatch). */
  customers?: boolean;
}

export function accessScope(principal: Principal, policy: ScopePolicy): AccessScope {
  const { role, branch, station } = principal;
  if (policy.everything.includes(role)) return { kind: 'all' };
  switch (role) {
    case 'dispatcher':
    case 'cs_agent':
      return branch
        ? { kind: 'branch', branchId: branch }
        : { kind: 'none', reason: `a ${role} token needs a branch claim` };
    case 'station_leader':
      return branch && station
        ? { kind: 'station', branchId: branch, stationId: station }
        : { kind: 'none', reason: 'a station_leader token needs branch and station claims' };
    case 'worker':
      return { kind: 'worker', workerId: principal.sub };
    case 'customer':
      if (policy.customers) return { kind: 'customer', customerId: principal.sub };
  }
  return { kind: 'none', reason: `${role} has no access to ${policy.what}` };
}

/** A worker something involves (holds it, is offered it, or is it), with their station when known. */
export interface InvolvedWorker {
  workerId: string;
  stationId?: string | null;
}

/** Where a thing sits, as much as scopes ask: its branch, its customer, the workers it involves now. */
export interface Reach {
  branchId: string;
  customerId?: string;
  workers: readonly InvolvedWorker[];
}

export function inScope(scope: AccessScope, reach: Reach): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return reach.branchId === scope.branchId;
    case 'station':
      return reach.branchId === scope.branchId && reach.workers.some((w) => w.stationId === scope.stationId);
    case 'worker':
      return reach.workers.some((w) => w.workerId === scope.workerId);
    case 'customer':
      return reach.customerId === scope.customerId;
    case 'none':
      return false;
  }
}
