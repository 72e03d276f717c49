import { DomainError } from '@platform/eventing';
import { badInput, forbidden, zodProblems, type Caller } from '@platform/service-kit';
import { z } from 'zod';
import type { DispatchWorld, OrderInView } from '../world/domain/dispatch-world';
import { dispatchAccess, dispatchRefusal, maySeeBranch, type InvolvedWorker } from './access';

/** Per-request context of dispatch's resolvers. */
export interface DispatchContext {
  caller: Caller;
}

/** The arguments dispatch's operations share, checked before anything runs. */
export const inputs = {
  day: z.iso.date({ error: 'must be a day YYYY-MM-DD (China Standard Time)' }),
  id: z.uuid({ error: 'must be an id as the graph gave it (a UUID)' }),
  branch: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a branch id such as shanghai'),
  reason: z.string().trim().min(1, 'must not be empty').max(500),
};

/** The argument `field` as `schema` reads it; refused as bad input, naming the field, otherwise. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw badInput(zodProblems(result.error, field));
  return result.data;
}

/** The caller's access to a branch's dispatch, which they must be allowed to look at. */
export function staffOf(caller: Caller, branchId: string) {
  const access = dispatchAccess(caller.principal);
  if (access.kind === 'none') throw forbidden(access.reason);
  if (!maySeeBranch(access, branchId)) throw forbidden(`${caller.principal.role} may not see ${branchId}`);
  return access;
}

/** Refuses a caller who may not dispatch in the branch. */
export function dispatcherOf(caller: Caller, branchId: string): void {
  const refusal = dispatchRefusal(dispatchAccess(caller.principal), branchId);
  if (refusal) throw forbidden(refusal);
}

/** An order this caller may dispatch; others' orders answer like missing ones. */
export function dispatchable(world: DispatchWorld, caller: Caller, orderId: string): OrderInView {
  const o = world.order(orderId);
  if (!o || !maySeeBranch(dispatchAccess(caller.principal), o.order.branchId))
    throw new DomainError('ORDER_NOT_FOUND', `no order ${orderId}`, { field: 'orderId' });
  dispatcherOf(caller, o.order.branchId);
  return o;
}

/** These workers with the station dispatch knows them at (unknown ones have none). */
export const stationsOf = (
  world: DispatchWorld,
  workerIds: readonly (string | null | undefined)[],
): InvolvedWorker[] =>
  workerIds.flatMap((workerId) =>
    workerId ? [{ workerId, stationId: world.workers.get(workerId)?.stationId }] : [],
  );
