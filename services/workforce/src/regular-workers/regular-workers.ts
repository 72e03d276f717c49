import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ReadModels, type CommandMetadata } from '@platform/eventing';
import { CommandRunner } from '@platform/service-kit';
import { regularWorkers } from '../read-models/regular-workers/regular-workers.projection';
import { WorkerCommands } from '../worker/worker-commands';
import { eligibility } from '../worker/eligibility';
import { regularWorkerDecider, regularWorkerStream } from './regular-worker.decider';

/** Customers' regular workers: naming one (checked against the worker now), clearing, and cleanup. */
@Injectable()
export class RegularWorkers {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(ReadModels) private readonly readModels: ReadModels,
  ) {}

  async name(customerId: string, itemCode: string, workerId: string, meta: CommandMetadata) {
    const [state, catalogue] = await Promise.all([this.workers.load(workerId), this.workers.catalogue()]);
    if (state.status === 'none')
      throw new DomainError('WORKER_NOT_FOUND', `worker ${workerId} not found`, { field: 'workerId' });
    const requirements = catalogue.requirements[itemCode];
    if (!requirements)
      throw new DomainError('ITEM_NOT_FOUND', `no requirements are set for item ${itemCode}`, {
        field: 'itemCode',
      });
    const eligible = eligibility(state, [requirements], meta.at).eligible.includes(itemCode);
    return this.commands.run(
      regularWorkerDecider,
      regularWorkerStream(customerId, itemCode),
      {
        type: 'NameRegularWorker',
        customerId,
        itemCode,
        worker: { workerId, stationId: state.worker.stationId, active: state.status === 'active', eligible },
      },
      meta,
    );
  }

  async placeOf(workerId: string): Promise<{ stationId: string; branchId: string } | null> {
    const state = await this.workers.load(workerId);
    return state.status === 'none'
      ? null
      : { stationId: state.worker.stationId, branchId: state.worker.branchId };
  }

  clear(customerId: string, itemCode: string, meta: CommandMetadata) {
    return this.commands.run(
      regularWorkerDecider,
      regularWorkerStream(customerId, itemCode),
      { type: 'ClearRegularWorker', customerId, itemCode, reason: 'customer_asked' },
      meta,
    );
  }

  /** A worker who left is nobody's regular worker any more; customers then get normal dispatch. */
  async releaseAllOf(workerId: string, causationId: string): Promise<void> {
    const named = await this.readModels.documents(regularWorkers).find({ workerId });
    for (const { customerId, itemCode } of named)
      await this.release(customerId, itemCode, workerId, causationId);
  }

  /** For a naming that raced with the worker's departure (the table above may not show it yet). */
  async releaseIfLeft(customerId: string, itemCode: string, workerId: string, causationId: string) {
    if ((await this.workers.load(workerId)).status === 'left')
      await this.release(customerId, itemCode, workerId, causationId);
  }

  private release(customerId: string, itemCode: string, workerId: string, causationId: string) {
    return this.commands.run(
      regularWorkerDecider,
      regularWorkerStream(customerId, itemCode),
      { type: 'ClearRegularWorker', customerId, itemCode, reason: 'worker_left', onlyWorkerId: workerId },
      {
        commandId: `release:${causationId}:${customerId}:${itemCode}`,
        correlationId: causationId,
        causationId,
        actor: { kind: 'system', id: 'workforce-regular-workers' },
        at: new Date(),
      },
    );
  }
}
