import type { IneligibilityReason } from '@platform/contracts';
import { EventCatalog, allEvents } from '@platform/contracts';
import { fold } from '@platform/eventing/decider';
import type { ItemRequirements } from '../../src/worker/eligibility';
import {
  workerDecider,
  workerStream,
  type WorkerCommand,
  type WorkerEvent,
} from '../../src/worker/worker.decider';

// One worker's history, from application to eligibility for two service items, for the worker decider's specs.

const catalog = new EventCatalog(allEvents);

/** A wall-clock time in Shanghai, where the branch works. */
export const shanghai = (local: string) => new Date(`${local}+08:00`);

export const workerId = 'wkr-sh-0417';
export const profileId = '6b2e9c41-3d7a-4f18-b5c2-8e0a1f4d7c93';
export const housekeepingCertificateId = 'c1f0a9d2-4b6e-4c8a-9d3f-2a7b5e1c0d44';
export const elderlyCareCertificateId = 'd8e2b4c6-1a3f-4e5d-8b7c-9f0a2e4c6b11';
export const referenceId = 'a4c6e8f0-2b4d-4f6a-8c0e-1d3f5a7b9c22';

/** Every service item's requirements as the catalogue has them. */
export const requirements: ItemRequirements[] = [
  { itemCode: 'HOME-CLEAN-3H', certificates: ['housekeeping'], courses: [], exams: [] },
  {
    itemCode: 'ELDER-CARE-DAY',
    certificates: ['elderly_care'],
    courses: ['EC-101'],
    exams: ['EC-EXAM'],
  },
];

export const appliedAt = shanghai('2026-03-02T10:00:00');
export const monday = shanghai('2026-03-09T09:30:00');

export const application = {
  workerId,
  profileId,
  branchId: 'sh-xuhui',
  stationId: 'sh-xuhui-tianlin',
  jobTypes: ['housekeeping', 'elderly_care'],
  languages: ['zh', 'yue'],
  experienceYears: 6,
  homeLocation: { lat: 31.171, lng: 121.421 },
  serviceAreas: ['xuhui', 'minhang'],
};
export const applied: WorkerEvent = { type: 'WorkerApplied', data: application };

export const certificate = {
  certificateId: housekeepingCertificateId,
  type: 'housekeeping' as const,
  number: 'HK-2024-310104-8821',
  issuer: '上海市家庭服务业行业协会 Shanghai Home Services Association',
  validFrom: '2024-06-01',
  validTo: '2026-06-30',
};
export const housekeepingSubmitted: WorkerEvent = {
  type: 'CertificateSubmitted',
  data: { workerId, ...certificate },
};
export const housekeepingVerified: WorkerEvent = {
  type: 'CertificateVerified',
  data: { workerId, certificateId: housekeepingCertificateId },
};
export const elderlyCareSubmitted: WorkerEvent = {
  type: 'CertificateSubmitted',
  data: {
    workerId,
    certificateId: elderlyCareCertificateId,
    type: 'elderly_care',
    number: 'EC-2025-0093',
    issuer: '上海市养老服务行业协会 Shanghai Elderly Care Association',
    validFrom: '2025-01-01',
    validTo: '2027-12-31',
  },
};
export const elderlyCareVerified: WorkerEvent = {
  type: 'CertificateVerified',
  data: { workerId, certificateId: elderlyCareCertificateId },
};
export const positiveReference: WorkerEvent = {
  type: 'ReferenceRecorded',
  data: {
    workerId,
    referenceId,
    employer: 'Jinjiang Home Services',
    outcome: 'positive',
    note: 'Four years, reliable, customers asked for her by name',
  },
};
export const clearCheck: WorkerEvent = {
  type: 'BackgroundCheckRecorded',
  data: { workerId, checkId: 'bg-77120', result: 'clear', source: 'provider' },
};
export const activated: WorkerEvent = {
  type: 'WorkerActivated',
  data: { workerId, employedSince: '2026-03-09' },
};
export const eligible = (itemCode: string): WorkerEvent => ({
  type: 'WorkerBecameEligible',
  data: { workerId, itemCode },
});
export const ineligible = (itemCode: string, reasons: IneligibilityReason[]): WorkerEvent => ({
  type: 'WorkerBecameIneligible',
  data: { workerId, itemCode, reasons },
});
export const exam = (kind: 'theory' | 'practical', score: number): WorkerEvent => ({
  type: 'ExamTaken',
  data: { workerId, examCode: 'EC-EXAM', kind, score, passMark: 60, passed: score >= 60 },
});

export const vetted = [applied, housekeepingSubmitted, housekeepingVerified, positiveReference, clearCheck];
export const active = [...vetted, activated, eligible('HOME-CLEAN-3H')];
/** Active, eligible for home cleaning, and one practical exam away from elderly care. */
export const almostElderlyCare = [
  ...active,
  elderlyCareSubmitted,
  elderlyCareVerified,
  { type: 'CourseCompleted', data: { workerId, courseCode: 'EC-101' } } as WorkerEvent,
  exam('theory', 82),
];
export const activeForBoth = [...almostElderlyCare, exam('practical', 75), eligible('ELDER-CARE-DAY')];

export const decide = (history: WorkerEvent[], command: WorkerCommand) =>
  workerDecider.decide(command, fold(workerDecider, history));

export const envelope = (event: WorkerEvent, position: number, at: Date) => ({
  eventId: `0d4b8f2a-6c1e-4a3b-9f5d-${String(position).padStart(12, '0')}`,
  type: event.type,
  schemaVersion: catalog.latest(event.type)!.version,
  streamId: workerStream(workerId),
  streamPosition: position,
  occurredAt: at.toISOString(),
  recordedAt: at.toISOString(),
  correlationId: 'ops-console-req-31',
  causationId: null,
  actor: { kind: 'user' as const, id: 'staff-0192', role: 'station_manager' },
  data: event.data,
});
