import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@platform/eventing';
import { commandMeta } from '@platform/service-kit';
import { z } from 'zod';
import { maySee, requireManager, workforceScope, type WorkforceContext } from '../platform/access';
import { VisibleWorkers } from './visible-workers';
import { WorkerCommands, type WorkerRequest } from './worker-commands';

/** A day as the mutations take it: YYYY-MM-DD. */
export const day = z.iso.date();

export type Who = 'manager' | 'manager or the worker';

/** How a caller acts on a worker's file: every worker mutation but applying and erasure goes through here. */
@Injectable()
export class ActOnWorker {
  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(VisibleWorkers) private readonly visible: VisibleWorkers,
  ) {}

  /** Checks the caller may act on the worker (at their current station), runs, answers the worker. */
  async act(
    ctx: WorkforceContext,
    workerId: string,
    what: string,
    request: WorkerRequest,
    who: Who = 'manager',
  ) {
    const { principal } = ctx.caller;
    const state = await this.workers.load(workerId);
    // Outsiders learn nothing: a worker they may not manage looks like a missing one.
    if (
      state.status === 'none' ||
      !maySee(workforceScope(principal), {
        workerId,
        stationId: state.worker.stationId,
        branchId: state.worker.branchId,
      })
    )
      throw new DomainError('WORKER_NOT_FOUND', `worker ${workerId} not found`, { field: 'workerId' });
    const self = principal.role === 'worker' && principal.sub === workerId;
    if (!(who === 'manager or the worker' && self)) requireManager(principal, state.worker.stationId, what);
    await this.workers.run(workerId, request, commandMeta(ctx.caller, `${request.type}:${workerId}`));
    return this.visible.visibleWorker(ctx.caller, workerId);
  }
}
