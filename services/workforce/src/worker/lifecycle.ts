// A worker's life: applying, moving station, activation, suspension, reinstatement and leaving.
import { businessDay } from '@platform/domain-kit';
import { DomainError } from '@platform/eventing/decider';
import { onFile, wrongState } from './on-file';
import { missingVetting } from './vetting';
import type { Command, WorkerEvent, WorkerState } from './worker.decider';

export function apply(command: Command<'ApplyAsWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status !== 'none')
    throw new DomainError('WORKER_EXISTS', `worker ${command.workerId} already exists (${state.status})`);
  const { type: _type, ...data } = command;
  return [{ type: 'WorkerApplied', data }];
}

export function moveStation(command: Command<'MoveStation'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'move the worker to another station');
  const { worker } = state;
  if (worker.stationId === command.stationId && worker.branchId === command.branchId) return [];
  return [
    {
      type: 'WorkerMovedStation',
      data: {
        workerId: worker.application.workerId,
        fromStationId: worker.stationId,
        toStationId: command.stationId,
        branchId: command.branchId,
      },
    },
  ];
}

export function activate(command: Command<'ActivateWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'active') return [];
  if (state.status !== 'applicant') throw wrongState(state, 'activate', ['applicant']);
  const missing = missingVetting(state.worker, command.at);
  if (missing.length > 0) {
    throw new DomainError(
      'VETTING_INCOMPLETE',
      `cannot activate: the worker is an applicant whose vetting is incomplete; missing: ${missing.join('; ')}`,
      { missing },
    );
  }
  const employedSince = command.employedSince ?? businessDay(command.at);
  return [{ type: 'WorkerActivated', data: { workerId: state.worker.application.workerId, employedSince } }];
}

export function suspend(command: Command<'SuspendWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'suspended') return [];
  if (state.status !== 'active') throw wrongState(state, 'suspend', ['active']);
  return [
    {
      type: 'WorkerSuspended',
      data: { workerId: state.worker.application.workerId, reason: command.reason },
    },
  ];
}

export function reinstate(command: Command<'ReinstateWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'active') return [];
  if (state.status !== 'suspended') throw wrongState(state, 'reinstate', ['suspended']);
  return [
    {
      type: 'WorkerReinstated',
      data: { workerId: state.worker.application.workerId, reason: command.reason },
    },
  ];
}

export function leave(command: Command<'RecordLeaving'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'left') return [];
  onFile(state, 'record leaving');
  return [
    { type: 'WorkerLeft', data: { workerId: state.worker.application.workerId, reason: command.reason } },
  ];
}

export function checkExpiry(_command: Command<'ReevaluateEligibility'>, state: WorkerState): WorkerEvent[] {
  // A timer set before the worker left may still fire; there is nothing left to re-evaluate.
  if (state.status === 'left') return [];
  onFile(state, 'check certificate expiry');
  return [];
}
