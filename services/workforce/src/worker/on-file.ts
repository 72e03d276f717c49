import { DomainError } from '@platform/eventing/decider';
import type { Known, WorkerState, WorkerStatus } from './worker.decider';

export const wrongState = (state: WorkerState, action: string, allowed: WorkerStatus[]) =>
  new DomainError(
    state.status === 'none' ? 'WORKER_NOT_FOUND' : 'ILLEGAL_TRANSITION',
    state.status === 'none'
      ? 'worker not found'
      : `cannot ${action}: the worker is ${state.status === 'left' ? 'gone (left)' : state.status} (allowed when ${allowed.join(' or ')})`,
    { currentStatus: state.status },
  );

/** Vetting and training go on while the worker is an applicant, active or suspended. */
export function onFile(
  state: WorkerState,
  action: string,
): asserts state is Exclude<Known, { status: 'left' }> {
  if (state.status === 'none' || state.status === 'left')
    throw wrongState(state, action, ['applicant', 'active', 'suspended']);
}
