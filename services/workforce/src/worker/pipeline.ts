import type { ItemRequirements } from './eligibility';
import { certificateExpiresAt, eligibility } from './eligibility';
import { missingVetting } from './vetting';
import type { WorkerState } from './worker.decider';

/** The pipeline steps an operator can be waiting on, in the order a worker goes through them. */
export const pipelineSteps = [
  'background_check',
  'background_check_review',
  'certificate',
  'certificate_verification',
  'reference',
  'activation',
  'training',
  'exam',
] as const;
export type PipelineStep = (typeof pipelineSteps)[number];

type Known = Exclude<WorkerState, { status: 'none' }>;

/**
 * What the worker is waiting for at `at`: the operators' pipeline board groups workers by it.
 * An applicant waits for vetting steps, then activation; an active worker eligible for nothing
 * waits for training or an exam. Suspended and departed workers wait for nothing.
 */
export function waitingFor(
  state: Known,
  requirements: readonly ItemRequirements[],
  at: Date,
): PipelineStep[] {
  const { worker } = state;
  if (state.status === 'applicant') {
    const steps: PipelineStep[] = [];
    if (worker.backgroundCheck === null) steps.push('background_check');
    else if (worker.backgroundCheck === 'consider') steps.push('background_check_review');
    const usable = worker.certificates.some(
      (c) => c.status === 'submitted' || (c.status === 'verified' && at < certificateExpiresAt(c.validTo)),
    );
    if (!usable) steps.push('certificate');
    if (worker.certificates.some((c) => c.status === 'submitted')) steps.push('certificate_verification');
    if (!worker.references.some((r) => r.outcome === 'positive')) steps.push('reference');
    if (missingVetting(worker, at).length === 0) steps.push('activation');
    return steps;
  }
  if (state.status !== 'active') return [];
  const { eligible, ineligible } = eligibility(state, requirements, at);
  if (eligible.length > 0 || requirements.length === 0) return [];
  const reasons = new Set(Object.values(ineligible).flat());
  const steps: PipelineStep[] = [];
  if (reasons.has('course_missing')) steps.push('training');
  if (reasons.has('exam_missing') || reasons.has('exam_failed')) steps.push('exam');
  return steps;
}
