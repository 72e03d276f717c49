import type { EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import { workerDecider, type Worker, type WorkerEvent, type WorkerState } from '../../worker/worker.decider';

/** One worker as the operators' pipeline board shows them: their whole file, as of their latest event. */
export interface PipelineBoardRow {
  workerId: string;
  status: Exclude<WorkerState, { status: 'none' }>['status'];
  stationId: string;
  branchId: string;
  worker: Worker;
  suspendedReason: string | null;
  /** When the worker's file last changed (the latest event's time): the board lists the latest first. */
  updatedAt: string;
}

const workerEventTypes = [
  'WorkerApplied',
  'WorkerMovedStation',
  'CertificateSubmitted',
  'CertificateVerified',
  'CertificateRejected',
  'ReferenceRecorded',
  'BackgroundCheckRecorded',
  'CourseAttended',
  'CourseCompleted',
  'ExamTaken',
  'WorkerActivated',
  'WorkerSuspended',
  'WorkerReinstated',
  'WorkerLeft',
  'WorkerBecameEligible',
  'WorkerBecameIneligible',
  'WorkingHoursSet',
  'LeaveRecorded',
  'LeaveCancelled',
  'ServiceAreasChanged',
] as const satisfies readonly WorkerEvent['type'][];

const stateOf = (row: PipelineBoardRow | null): WorkerState =>
  row === null
    ? workerDecider.initialState
    : row.status === 'suspended'
      ? { status: 'suspended', worker: row.worker, reason: row.suspendedReason ?? '' }
      : { status: row.status, worker: row.worker };

/**
 * The pipeline board (PostgreSQL: filtered, searched, joined with the profiles and counted): each
 * worker's state as the worker decider folds it. What a worker waits for depends on the time and
 * on the training catalogue, so the board works it out when it is asked (pipeline-board.resolver.ts).
 */
export const pipelineBoard: ReadModel<PipelineBoardRow, 'postgres'> = {
  name: 'pipeline_board',
  store: 'postgres',
  handles: workerEventTypes,
  ids: (event) => [(event.data as { workerId: string }).workerId],
  evolve(row: PipelineBoardRow | null, event: EventEnvelope): PipelineBoardRow | null {
    const state = workerDecider.evolve(stateOf(row), event as unknown as WorkerEvent);
    if (state.status === 'none') return null;
    return {
      workerId: state.worker.application.workerId,
      status: state.status,
      stationId: state.worker.stationId,
      branchId: state.worker.branchId,
      worker: state.worker,
      suspendedReason: state.status === 'suspended' ? state.reason : null,
      updatedAt: event.occurredAt,
    };
  },
  indexes: [{ fields: { stationId: 1, status: 1 } }, { fields: { branchId: 1, status: 1 } }],
};

/** The worker's state from their board row. */
export const boardState = (row: PipelineBoardRow) => stateOf(row) as Exclude<WorkerState, { status: 'none' }>;
