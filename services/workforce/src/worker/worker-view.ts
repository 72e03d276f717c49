import { displayName } from './display-name';
import { eligibility, type ItemRequirements } from './eligibility';
import { waitingFor } from './pipeline';
import type { Profile } from './profile-store';
import type { Worker, WorkerState } from './worker.decider';

type Known = Exclude<WorkerState, { status: 'none' }>;

/** The GraphQL Worker, from the worker's state (stream or board row) and their profile. */
export function workerView(
  state: { status: Known['status']; worker: Worker; reason?: string },
  profile: Profile | undefined,
  requirements: readonly ItemRequirements[],
  at: Date,
) {
  const known = state as Known;
  const { worker } = state;
  const { ineligible } = eligibility(known, requirements, at);
  return {
    id: worker.application.workerId,
    status: state.status,
    name: profile?.name ?? '(unknown)',
    displayName: displayName(profile?.name ?? ''),
    phone: profile?.phone ?? '',
    birthday: profile?.birthday || null,
    stationId: worker.stationId,
    branchId: worker.branchId,
    jobTypes: worker.application.jobTypes,
    languages: worker.application.languages,
    experienceYears: worker.application.experienceYears,
    serviceAreas: worker.serviceAreas,
    employedSince: worker.employedSince,
    suspendedReason: state.status === 'suspended' ? (state.reason ?? null) : null,
    certificates: worker.certificates.map((c) => ({ ...c, id: c.certificateId, rejectionReason: c.rejectionReason ?? null })),
    backgroundCheck: worker.backgroundCheck,
    references: worker.references.map((r) => ({ id: r.referenceId, outcome: r.outcome })),
    coursesCompleted: worker.courses,
    exams: Object.entries(worker.exams).map(([examCode, parts]) => ({
      examCode,
      ...parts,
      theoryScore: parts.theoryScore ?? null,
      practicalScore: parts.practicalScore ?? null,
    })),
    eligibleItems: worker.eligibleItems,
    ineligibleItems: Object.entries(ineligible).map(([itemCode, reasons]) => ({ itemCode, reasons })),
    waitingFor: waitingFor(known, requirements, at),
    weeklyHours: worker.weeklyHours,
    leaves: worker.leaves.map((l) => ({ id: l.leaveId, kind: l.kind, from: l.from, to: l.to })),
  };
}
export type WorkerView = ReturnType<typeof workerView>;
