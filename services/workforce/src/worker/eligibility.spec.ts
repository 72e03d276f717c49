import { fold } from '@platform/eventing/decider';
import { certificateExpiresAt, eligibility, eligibilityChanges, type ItemRequirements } from './eligibility';
import { workerDecider, type WorkerEvent, type WorkerState } from './worker.decider';

const shanghai = (local: string) => new Date(`${local}+08:00`);
const workerId = 'wkr-sh-0588';
const at = shanghai('2026-04-15T09:00:00');

const applied: WorkerEvent = {
  type: 'WorkerApplied',
  data: {
    workerId,
    profileId: '2f4a6c8e-0b1d-4e3f-9a5b-7c9d1e3f5a77',
    branchId: 'sh-pudong',
    stationId: 'sh-pudong-zhangjiang',
    jobTypes: ['electrician'],
    languages: ['zh'],
    experienceYears: 3,
    homeLocation: { lat: 31.204, lng: 121.59 },
    serviceAreas: ['pudong'],
  },
};
const certificateId = 'b7d9f1a3-5c7e-4a9b-8d1f-3e5a7c9b1d66';
const electricianSubmitted = (validFrom: string, validTo: string, id = certificateId): WorkerEvent => ({
  type: 'CertificateSubmitted',
  data: {
    workerId,
    certificateId: id,
    type: 'electrician',
    number: 'T-310115-2023-4410',
    issuer: '上海市应急管理局 Shanghai Emergency Management Bureau',
    validFrom,
    validTo,
  },
});
const verified = (id = certificateId): WorkerEvent => ({
  type: 'CertificateVerified',
  data: { workerId, certificateId: id },
});
const activated: WorkerEvent = { type: 'WorkerActivated', data: { workerId, employedSince: '2026-03-09' } };
const exam = (kind: 'theory' | 'practical', passed: boolean): WorkerEvent => ({
  type: 'ExamTaken',
  data: { workerId, examCode: 'EL-SAFETY', kind, score: passed ? 80 : 40, passMark: 60, passed },
});

const wiring: ItemRequirements = {
  itemCode: 'ELEC-WIRING',
  certificates: ['electrician'],
  courses: ['EL-201'],
  exams: ['EL-SAFETY'],
};
const socketRepair: ItemRequirements = {
  itemCode: 'SOCKET-FIX',
  certificates: ['electrician'],
  courses: [],
  exams: [],
};
const handyman: ItemRequirements = { itemCode: 'HANDYMAN-1H', certificates: [], courses: [], exams: [] };

const known = (history: WorkerEvent[]) =>
  fold(workerDecider, history) as Exclude<WorkerState, { status: 'none' }>;

describe('eligibility', () => {
  it('gives every missing requirement of an active worker as a reason', () =>
    expect(eligibility(known([applied, activated]), [wiring, handyman], at)).toEqual({
      eligible: ['HANDYMAN-1H'],
      ineligible: { 'ELEC-WIRING': ['certificate_missing', 'course_missing', 'exam_missing'] },
    }));

  it('makes an applicant eligible for nothing, not even an item without requirements', () =>
    expect(eligibility(known([applied]), [handyman], at)).toEqual({
      eligible: [],
      ineligible: { 'HANDYMAN-1H': ['not_active'] },
    }));

  it('needs the theory and the practical part passed; a failed part is exam_failed until retaken', () => {
    const base = [
      applied,
      activated,
      electricianSubmitted('2023-01-01', '2029-12-31'),
      verified(),
      { type: 'CourseCompleted', data: { workerId, courseCode: 'EL-201' } } as WorkerEvent,
    ];
    expect(eligibility(known([...base, exam('theory', true)]), [wiring], at).ineligible).toEqual({
      'ELEC-WIRING': ['exam_missing'],
    });
    expect(
      eligibility(known([...base, exam('theory', true), exam('practical', false)]), [wiring], at).ineligible,
    ).toEqual({ 'ELEC-WIRING': ['exam_failed'] });
    expect(
      eligibility(
        known([...base, exam('theory', true), exam('practical', false), exam('practical', true)]),
        [wiring],
        at,
      ).eligible,
    ).toEqual(['ELEC-WIRING']);
  });

  it('counts only verified certificates that are valid at the time of the check', () => {
    const check = (history: WorkerEvent[]) =>
      eligibility(known([applied, activated, ...history]), [socketRepair], at).ineligible['SOCKET-FIX'];
    expect(check([electricianSubmitted('2023-01-01', '2029-12-31')])).toEqual(['certificate_missing']);
    expect(check([electricianSubmitted('2023-01-01', '2026-04-14'), verified()])).toEqual([
      'certificate_expired',
    ]);
    expect(check([electricianSubmitted('2026-05-01', '2029-04-30'), verified()])).toEqual([
      'certificate_missing',
    ]);
    expect(check([electricianSubmitted('2023-01-01', '2026-04-15'), verified()])).toBeUndefined();
  });

  it('is met by any valid certificate of the type when an older one has expired', () => {
    const renewed = 'c9e1a3b5-7d9f-4b1c-8e3a-5b7d9f1a3c88';
    const history = [
      applied,
      activated,
      electricianSubmitted('2020-01-01', '2025-12-31'),
      verified(),
      electricianSubmitted('2026-01-01', '2030-12-31', renewed),
      verified(renewed),
    ];
    expect(eligibility(known(history), [socketRepair], at).eligible).toEqual(['SOCKET-FIX']);
  });

  it('adds the status to the requirement reasons of a suspended worker', () =>
    expect(
      eligibility(
        known([applied, activated, { type: 'WorkerSuspended', data: { workerId, reason: 'no-show twice' } }]),
        [socketRepair],
        at,
      ).ineligible,
    ).toEqual({ 'SOCKET-FIX': ['suspended', 'certificate_missing'] }));

  it('expires a certificate at the midnight (Shanghai) after its last valid day', () =>
    expect(certificateExpiresAt('2026-06-30').toISOString()).toBe('2026-06-30T16:00:00.000Z'));
});

describe('eligibility changes', () => {
  const eligibleFor = (itemCode: string): WorkerEvent => ({
    type: 'WorkerBecameEligible',
    data: { workerId, itemCode },
  });

  it('announces only the items whose eligibility differs from what was announced', () =>
    expect(
      eligibilityChanges(
        known([applied, activated, eligibleFor('HANDYMAN-1H')]),
        [handyman, socketRepair],
        at,
      ),
    ).toEqual([]));

  it('leaves an item that left the catalogue alone while the worker is active', () =>
    expect(eligibilityChanges(known([applied, activated, eligibleFor('OLD-ITEM')]), [handyman], at)).toEqual([
      eligibleFor('HANDYMAN-1H'),
    ]));

  it('withdraws even an item that left the catalogue once the worker is suspended', () =>
    expect(
      eligibilityChanges(
        known([
          applied,
          activated,
          eligibleFor('OLD-ITEM'),
          { type: 'WorkerSuspended', data: { workerId, reason: 'no-show twice' } },
        ]),
        [],
        at,
      ),
    ).toEqual([
      { type: 'WorkerBecameIneligible', data: { workerId, itemCode: 'OLD-ITEM', reasons: ['suspended'] } },
    ]));
});
