import { accessScope, inScope, type AccessScope, type Principal, type Role } from '@platform/auth';
import { forbidden, requireRole, type Caller } from '@platform/service-kit';

/**
 * Who sees which workers, enforced here in the subgraph that owns them, on the platform's one
 * scope model (`accessScope`): admins all, dispatchers and CS their branch, a station leader
 * their station, a worker themselves.
 */
export type WorkforceScope = AccessScope;

// Finance, legal and QA work across branches, but on orders and money, not on people's files.
export const workforceScope = (principal: Principal): WorkforceScope =>
  accessScope(principal, { what: 'workers', everything: ['admin'] });

/**
 * Birthday, background check and suspension reason are for the people who run the worker's file:
 * admins, the leader of the worker's station, and the worker. Dispatchers and CS see the rest.
 */
export function mayReadPersonal(principal: Principal, worker: WorkerPlace): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'station_leader') return principal.station === worker.stationId;
  return principal.role === 'worker' && principal.sub === worker.workerId;
}

/**
 * What a customer sees of a worker: who is coming to their order (`Order.worker`), by the name the
 * worker is introduced by (王师傅), and nothing else: no full name, phone, station or file. Workforce
 * does not know which worker holds which customer's order, so a customer's reference to any worker
 * resolves, to this only; a surname and 师傅 point to no one in particular.
 */
export const customerWorkerFields: readonly string[] = ['id', 'displayName'];

/** Refuses a customer's ask for anything of a worker beyond `customerWorkerFields`, naming it. */
export function requireCustomerFields(asked: Iterable<string>): void {
  const beyond = [...asked].filter(
    (field) => field !== '__typename' && !customerWorkerFields.includes(field),
  );
  if (beyond.length)
    throw forbidden(
      `a customer is shown only a worker's ${customerWorkerFields.join(' and ')}, not ${beyond.join(', ')}`,
    );
}

export type WorkerPlace = { workerId: string; stationId: string; branchId: string };

export const maySee = (scope: WorkforceScope, worker: WorkerPlace): boolean =>
  inScope(scope, { branchId: worker.branchId, workers: [worker] });

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

/** What every workforce resolver gets from its request. */
export interface WorkforceContext {
  caller: Caller;
}

/** The organisation and the training catalogue are for staff; customers and hosts see none of it. */
export function requireStaff(caller: Caller, what: string): void {
  if (['customer', 'host'].includes(caller.principal.role))
    throw forbidden(`${caller.principal.role} may not ${what}`);
}

/** A customer for themselves; customer service and admins for any customer. */
export function requireCustomerDesk(caller: Caller, customerId: string, what: string): void {
  const { principal } = caller;
  if (principal.role === 'customer' && principal.sub === customerId) return;
  if (principal.role === 'customer') throw forbidden(`a customer may ${what} only for themselves`);
  requireRole(caller, ['admin', 'cs_agent', 'customer'], what);
}
