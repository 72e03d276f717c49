import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { workerReference as referenceTo } from '@platform/service-kit';

/** The types of dispatch's graph that name a worker by `workerId`. */
const NAMING_A_WORKER = [
  'OrderDispatch',
  'DispatchStep',
  'Offer',
  'RankedWorker',
  'ShortlistedWorker',
  'RejectedWorker',
  'WhyThisWorker',
  'SlaBreach',
  'BoardOrder',
  'WorkerDay',
  'ScheduleRow',
  'ManualAssignment',
  'PlannedAssignment',
  'WorkerLoad',
] as const;

/**
 * `worker` beside each `workerId`: a reference the gateway resolves in workforce, which owns the
 * worker (name, station, phone) and decides who may see them. Dispatch keeps no names of its own.
 */
function workerReference(typeName: string) {
  @Resolver(typeName)
  class WorkerReference {
    @ResolveField('worker')
    worker(@Parent() parent: { workerId?: string | null }) {
      return referenceTo(parent.workerId);
    }
  }
  // Nest tells providers apart by class name as well.
  Object.defineProperty(WorkerReference, 'name', { value: `${typeName}WorkerReference` });
  return WorkerReference;
}

export const workerReferences = NAMING_A_WORKER.map(workerReference);
