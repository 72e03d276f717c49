// When and where a worker works: weekly hours, leave and service areas.
import { DomainError } from '@platform/eventing/decider';
import { onFile } from './on-file';
import type { Command, WorkerEvent, WorkerState } from './worker.decider';

/** Replacing a list with an equal one is a retry, not a change. */
const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

export function setWorkingHours(command: Command<'SetWorkingHours'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'set working hours');
  if (sameList(state.worker.weeklyHours, command.weekly)) return [];
  return [
    {
      type: 'WorkingHoursSet',
      data: { workerId: state.worker.application.workerId, weekly: command.weekly },
    },
  ];
}

export function recordLeave(command: Command<'RecordLeave'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record leave');
  const { type: _type, ...leave } = command;
  if (leave.to < leave.from)
    throw new DomainError('INVALID_LEAVE', `the leave ends (${leave.to}) before it starts (${leave.from})`, {
      field: 'to',
    });
  const known = state.worker.leaves.find((l) => l.leaveId === leave.leaveId);
  if (known) {
    if (known.kind === leave.kind && known.from === leave.from && known.to === leave.to) return [];
    throw new DomainError('LEAVE_EXISTS', `leave ${leave.leaveId} was already recorded with other days`, {
      field: 'leaveId',
    });
  }
  const overlapping = state.worker.leaves.find((l) => l.from <= leave.to && leave.from <= l.to);
  if (overlapping) {
    throw new DomainError(
      'LEAVE_OVERLAPS',
      `the worker is already on ${overlapping.kind} leave from ${overlapping.from} to ${overlapping.to}`,
      { field: 'from', leaveId: overlapping.leaveId },
    );
  }
  return [{ type: 'LeaveRecorded', data: { workerId: state.worker.application.workerId, ...leave } }];
}

export function cancelLeave(command: Command<'CancelLeave'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'cancel leave');
  if (!state.worker.leaves.some((l) => l.leaveId === command.leaveId)) {
    if (state.worker.cancelledLeaves.includes(command.leaveId)) return [];
    throw new DomainError('LEAVE_NOT_FOUND', `the worker has no leave ${command.leaveId}`, {
      field: 'leaveId',
    });
  }
  return [
    {
      type: 'LeaveCancelled',
      data: { workerId: state.worker.application.workerId, leaveId: command.leaveId },
    },
  ];
}

export function changeServiceAreas(
  command: Command<'ChangeServiceAreas'>,
  state: WorkerState,
): WorkerEvent[] {
  onFile(state, 'change service areas');
  const areas = [...new Set(command.serviceAreas)];
  if (areas.length === 0)
    throw new DomainError('SERVICE_AREAS_EMPTY', 'a worker serves at least one district', {
      field: 'serviceAreas',
    });
  if (sameList(state.worker.serviceAreas, areas)) return [];
  return [
    {
      type: 'ServiceAreasChanged',
      data: { workerId: state.worker.application.workerId, serviceAreas: areas },
    },
  ];
}
