import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@platform/service-kit';
import { mayReadPersonal, maySee, workforceScope } from '../platform/access';
import { displayName } from './display-name';
import { ProfileStore } from './profile-store';
import { WorkerCommands } from './worker-commands';
import { workerView, type WorkerView } from './worker-view';

/** The worker as this caller may see them: personal details only for those who run the file. */
export const forCaller = (caller: Caller, view: WorkerView): WorkerView =>
  mayReadPersonal(caller.principal, { workerId: view.id, stationId: view.stationId, branchId: view.branchId })
    ? view
    : {
        ...view,
        birthday: null,
        backgroundCheck: null,
        suspendedReason: null,
        certificates: view.certificates.map((c) => ({ ...c, rejectionReason: null })),
      };

/** Workers as their readers may see them; another party's worker answers exactly like a missing one. */
@Injectable()
export class VisibleWorkers {
  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
  ) {}

  /** From the worker's stream, so a mutation's answer already shows its own change. */
  async visibleWorker(caller: Caller, workerId: string): Promise<WorkerView | null> {
    const [state, catalogue] = await Promise.all([this.workers.load(workerId), this.workers.catalogue()]);
    if (state.status === 'none') return null;
    const place = { workerId, stationId: state.worker.stationId, branchId: state.worker.branchId };
    if (!maySee(workforceScope(caller.principal), place)) return null;
    const profile = (await this.profiles.find([workerId])).get(workerId);
    return forCaller(caller, workerView(state, profile, Object.values(catalogue.requirements), new Date()));
  }

  /** The worker as a customer is told who is coming (platform/access.ts, customerWorkerFields). */
  async introduced(workerId: string): Promise<{ id: string; displayName: string } | null> {
    const profile = (await this.profiles.find([workerId])).get(workerId);
    return profile ? { id: workerId, displayName: displayName(profile.name) } : null;
  }
}
