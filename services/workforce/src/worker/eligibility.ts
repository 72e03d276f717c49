import type { CertificateType, IneligibilityReason } from '@platform/contracts';
import type { WorkerEvent, WorkerState } from './worker.decider';
import { businessDayStart } from '@platform/domain-kit';

/** What a service item asks of a worker; the handler reads it from the catalogue. */
export type ItemRequirements = {
  itemCode: string;
  /** A verified certificate of each type, valid at the time of the check. */
  certificates: CertificateType[];
  courses: string[];
  /** Exam codes whose theory AND practical parts are both passed. */
  exams: string[];
};

export type Eligibility = {
  eligible: string[];
  ineligible: Record<string, IneligibilityReason[]>;
};

type Known = Exclude<WorkerState, { status: 'none' }>;

const day = 86_400_000;

/** Certificate dates are calendar days in China Standard Time. */
export const certificateStartsAt = (validFrom: string) => businessDayStart(validFrom);

/** `validTo` is the last valid day, so a certificate expires at the following midnight; schedule the expiry timer then. */
export const certificateExpiresAt = (validTo: string) => new Date(businessDayStart(validTo).getTime() + day);

const statusReasons: Record<Known['status'], IneligibilityReason[]> = {
  applicant: ['not_active'],
  active: [],
  suspended: ['suspended'],
  left: ['left'],
};

function certificateReason(state: Known, type: CertificateType, at: Date): IneligibilityReason | null {
  const verified = state.worker.certificates.filter((c) => c.type === type && c.status === 'verified');
  if (verified.some((c) => certificateStartsAt(c.validFrom) <= at && at < certificateExpiresAt(c.validTo)))
    return null;
  return verified.some((c) => certificateExpiresAt(c.validTo) <= at)
    ? 'certificate_expired'
    : 'certificate_missing';
}

function examReason(state: Known, examCode: string): IneligibilityReason | null {
  const exam = state.worker.exams[examCode];
  if (!exam) return 'exam_missing';
  if (exam.theory === 'passed' && exam.practical === 'passed') return null;
  return exam.theory === 'failed' || exam.practical === 'failed' ? 'exam_failed' : 'exam_missing';
}

/** Which service items the worker may be dispatched to at `at`, and why not for the others. */
export function eligibility(state: Known, requirements: readonly ItemRequirements[], at: Date): Eligibility {
  const result: Eligibility = { eligible: [], ineligible: {} };
  for (const item of requirements) {
    const reasons = [
      ...statusReasons[state.status],
      ...item.certificates.map((type) => certificateReason(state, type, at)),
      ...item.courses.map((course) => (state.worker.courses.includes(course) ? null : 'course_missing')),
      ...item.exams.map((exam) => examReason(state, exam)),
    ].filter((reason): reason is IneligibilityReason => reason !== null);
    if (reasons.length === 0) result.eligible.push(item.itemCode);
    else result.ineligible[item.itemCode] = [...new Set(reasons)];
  }
  return result;
}

/**
 * The WorkerBecameEligible / WorkerBecameIneligible events that bring the worker's announced
 * eligible items in line with `eligibility` at `at`; none when nothing changed.
 */
export function eligibilityChanges(
  state: Known,
  requirements: readonly ItemRequirements[],
  at: Date,
): WorkerEvent[] {
  const { workerId } = state.worker.application;
  const announced = new Set(state.worker.eligibleItems);
  const now = eligibility(state, requirements, at);
  const events: WorkerEvent[] = [];
  for (const itemCode of new Set(requirements.map((r) => r.itemCode))) {
    const reasons = now.ineligible[itemCode];
    if (!reasons && !announced.has(itemCode))
      events.push({ type: 'WorkerBecameEligible', data: { workerId, itemCode } });
    if (reasons && announced.has(itemCode))
      events.push({ type: 'WorkerBecameIneligible', data: { workerId, itemCode, reasons } });
  }
  // An item no longer in the catalogue keeps its announcement while the worker is active (its
  // requirements are unknown), but a worker who is not active is dispatchable for nothing.
  const reasons = statusReasons[state.status];
  if (reasons.length > 0) {
    for (const itemCode of announced) {
      if (!requirements.some((r) => r.itemCode === itemCode))
        events.push({ type: 'WorkerBecameIneligible', data: { workerId, itemCode, reasons } });
    }
  }
  return events;
}
