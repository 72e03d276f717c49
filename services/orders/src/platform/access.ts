import { crossBranchRoles, type Principal, type Role } from '@platform/auth';

/**
 * Who sees which orders (ARCHITECTURE.md, "Gateway and clients"): a customer their own, a worker
 * the jobs assigned to them, branch staff their branch, cross-branch roles everything. Enforced
 * here, in the subgraph that owns orders, whatever the gateway did.
 */
export const branchRoles: readonly Role[] = ['dispatcher', 'cs_agent', 'station_leader'];
/** Staff who may act on orders (place for a customer, move, cancel, close). */
export const orderDeskRoles: readonly Role[] = ['admin', 'dispatcher', 'cs_agent'];

export type OrderScope =
  | { kind: 'all' }
  | { kind: 'branch'; branchId: string }
  | { kind: 'customer'; customerId: string }
  | { kind: 'worker'; workerId: string }
  | { kind: 'none'; reason: string };

export function orderScope(principal: Principal): OrderScope {
  if (crossBranchRoles.includes(principal.role)) return { kind: 'all' };
  if (principal.role === 'customer') return { kind: 'customer', customerId: principal.sub };
  if (principal.role === 'worker') return { kind: 'worker', workerId: principal.sub };
  if (branchRoles.includes(principal.role)) {
    return principal.branch
      ? { kind: 'branch', branchId: principal.branch }
      : { kind: 'none', reason: `a ${principal.role} token needs a branch claim` };
  }
  return { kind: 'none', reason: `${principal.role} has no access to orders` };
}

export interface OrderOwnership {
  branchId: string;
  customerId: string;
  workerId: string | null;
}

export function maysee(scope: OrderScope, order: OrderOwnership): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return order.branchId === scope.branchId;
    case 'customer':
      return order.customerId === scope.customerId;
    case 'worker':
      return order.workerId === scope.workerId;
    case 'none':
      return false;
  }
}

/** How long before and after the appointment a worker sees the customer's full phone number. */
export const PHONE_VISIBLE_MARGIN_MS = 2 * 3600_000;

/** Workers see the customer's number only around the job's service window; everyone else who may see the order sees it. */
export function phoneVisible(
  principal: Principal,
  order: { workerId: string | null; appointmentStart: Date; appointmentEnd: Date },
  now: Date,
): boolean {
  if (principal.role !== 'worker') return true;
  if (order.workerId !== principal.sub) return false;
  return (
    now.getTime() >= order.appointmentStart.getTime() - PHONE_VISIBLE_MARGIN_MS &&
    now.getTime() <= order.appointmentEnd.getTime() + PHONE_VISIBLE_MARGIN_MS
  );
}
