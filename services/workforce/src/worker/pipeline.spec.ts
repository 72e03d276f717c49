import { fold } from '@platform/eventing/decider';
import type { ItemRequirements } from './eligibility';
import { waitingFor } from './pipeline';
import { workerDecider, type WorkerEvent, type WorkerState } from './worker.decider';

const workerId = 'w-pipeline-1';
const at = new Date('2026-03-09T09:30:00+08:00');
const requirements: ItemRequirements[] = [
  { itemCode: 'ELDER-CARE-DAY', certificates: ['elderly_care'], courses: ['EC-101'], exams: ['EC-EXAM'] },
];
const applied: WorkerEvent = {
  type: 'WorkerApplied',
  data: {
    workerId,
    profileId: '6b2e9c41-3d7a-4f18-b5c2-8e0a1f4d7c93',
    branchId: 'sh',
    stationId: 'sh-xuhui',
    jobTypes: ['elderly_care'],
    languages: ['zh'],
    experienceYears: 3,
    homeLocation: { lat: 31.17, lng: 121.42 },
    serviceAreas: ['xuhui'],
  },
};
const certificateId = 'c1f0a9d2-4b6e-4c8a-9d3f-2a7b5e1c0d44';
const submitted: WorkerEvent = {
  type: 'CertificateSubmitted',
  data: {
    workerId,
    certificateId,
    type: 'elderly_care',
    number: 'EC-1',
    issuer: 'Shanghai Elderly Care Association',
    validFrom: '2025-01-01',
    validTo: '2027-12-31',
  },
};
const verified: WorkerEvent = { type: 'CertificateVerified', data: { workerId, certificateId } };
const reference: WorkerEvent = {
  type: 'ReferenceRecorded',
  data: {
    workerId,
    referenceId: 'a4c6e8f0-2b4d-4f6a-8c0e-1d3f5a7b9c22',
    employer: 'Jinjiang',
    outcome: 'positive',
    note: '',
  },
};
const check = (result: 'clear' | 'consider'): WorkerEvent => ({
  type: 'BackgroundCheckRecorded',
  data: { workerId, checkId: `bg-${result}`, result, source: 'provider' },
});
const activated: WorkerEvent = { type: 'WorkerActivated', data: { workerId, employedSince: '2026-03-09' } };

const state = (...events: WorkerEvent[]) =>
  fold(workerDecider, events) as Exclude<WorkerState, { status: 'none' }>;

describe('the pipeline board: who waits for what', () => {
  it('a fresh applicant waits for a background check, a certificate and a reference', () => {
    expect(waitingFor(state(applied), requirements, at)).toEqual([
      'background_check',
      'certificate',
      'reference',
    ]);
  });

  it('a submitted certificate waits for verification; a "consider" check waits for review', () => {
    expect(waitingFor(state(applied, submitted, check('consider')), requirements, at)).toEqual([
      'background_check_review',
      'certificate_verification',
      'reference',
    ]);
  });

  it('an applicant whose only certificate was rejected waits for a certificate again', () => {
    const rejected: WorkerEvent = {
      type: 'CertificateRejected',
      data: { workerId, certificateId, reason: 'the issuer has no record of this number' },
    };
    expect(
      waitingFor(state(applied, submitted, rejected, reference, check('clear')), requirements, at),
    ).toEqual(['certificate']);
  });

  it('a fully vetted applicant waits only for activation', () => {
    expect(
      waitingFor(state(applied, submitted, verified, reference, check('clear')), requirements, at),
    ).toEqual(['activation']);
  });

  it('an active worker eligible for nothing waits for training and the exam', () => {
    const active = state(applied, submitted, verified, reference, check('clear'), activated);
    expect(waitingFor(active, requirements, at)).toEqual(['training', 'exam']);
  });
});
