import { EventCatalog, allEvents, type IneligibilityReason } from '@platform/contracts';
import { fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import type { ItemRequirements } from './eligibility';
import { workerDecider, workerStream, type WorkerCommand, type WorkerEvent } from './worker.decider';

const spec = deciderSpec(workerDecider);
const catalog = new EventCatalog(allEvents);

/** A wall-clock time in Shanghai, where the branch works. */
const shanghai = (local: string) => new Date(`${local}+08:00`);

const workerId = 'wkr-sh-0417';
const profileId = '6b2e9c41-3d7a-4f18-b5c2-8e0a1f4d7c93';
const housekeepingCertificateId = 'c1f0a9d2-4b6e-4c8a-9d3f-2a7b5e1c0d44';
const elderlyCareCertificateId = 'd8e2b4c6-1a3f-4e5d-8b7c-9f0a2e4c6b11';
const referenceId = 'a4c6e8f0-2b4d-4f6a-8c0e-1d3f5a7b9c22';

/** Every service item's requirements as the catalogue has them. */
const requirements: ItemRequirements[] = [
  { itemCode: 'HOME-CLEAN-3H', certificates: ['housekeeping'], courses: [], exams: [] },
  {
    itemCode: 'ELDER-CARE-DAY',
    certificates: ['elderly_care'],
    courses: ['EC-101'],
    exams: ['EC-EXAM'],
  },
];

const appliedAt = shanghai('2026-03-02T10:00:00');
const monday = shanghai('2026-03-09T09:30:00');

const application = {
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
const applied: WorkerEvent = { type: 'WorkerApplied', data: application };

const certificate = {
  certificateId: housekeepingCertificateId,
  type: 'housekeeping' as const,
  number: 'HK-2024-310104-8821',
  issuer: '上海市家庭服务业行业协会 Shanghai Home Services Association',
  validFrom: '2024-06-01',
  validTo: '2026-06-30',
};
const housekeepingSubmitted: WorkerEvent = {
  type: 'CertificateSubmitted',
  data: { workerId, ...certificate },
};
const housekeepingVerified: WorkerEvent = {
  type: 'CertificateVerified',
  data: { workerId, certificateId: housekeepingCertificateId },
};
const elderlyCareSubmitted: WorkerEvent = {
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
const elderlyCareVerified: WorkerEvent = {
  type: 'CertificateVerified',
  data: { workerId, certificateId: elderlyCareCertificateId },
};
const positiveReference: WorkerEvent = {
  type: 'ReferenceRecorded',
  data: {
    workerId,
    referenceId,
    employer: 'Jinjiang Home Services',
    outcome: 'positive',
    note: 'Four years, reliable, customers asked for her by name',
  },
};
const clearCheck: WorkerEvent = {
  type: 'BackgroundCheckRecorded',
  data: { workerId, checkId: 'bg-77120', result: 'clear', source: 'provider' },
};
const activated: WorkerEvent = { type: 'WorkerActivated', data: { workerId, employedSince: '2026-03-09' } };
const eligible = (itemCode: string): WorkerEvent => ({
  type: 'WorkerBecameEligible',
  data: { workerId, itemCode },
});
const ineligible = (itemCode: string, reasons: IneligibilityReason[]): WorkerEvent => ({
  type: 'WorkerBecameIneligible',
  data: { workerId, itemCode, reasons },
});
const exam = (kind: 'theory' | 'practical', score: number): WorkerEvent => ({
  type: 'ExamTaken',
  data: { workerId, examCode: 'EC-EXAM', kind, score, passMark: 60, passed: score >= 60 },
});

const vetted = [applied, housekeepingSubmitted, housekeepingVerified, positiveReference, clearCheck];
const active = [...vetted, activated, eligible('HOME-CLEAN-3H')];
/** Active, eligible for home cleaning, and one practical exam away from elderly care. */
const almostElderlyCare = [
  ...active,
  elderlyCareSubmitted,
  elderlyCareVerified,
  { type: 'CourseCompleted', data: { workerId, courseCode: 'EC-101' } } as WorkerEvent,
  exam('theory', 82),
];
const activeForBoth = [...almostElderlyCare, exam('practical', 75), eligible('ELDER-CARE-DAY')];

const decide = (history: WorkerEvent[], command: WorkerCommand) =>
  workerDecider.decide(command, fold(workerDecider, history));

const envelope = (event: WorkerEvent, position: number, at: Date) => ({
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

describe('worker decider', () => {
  describe('applying', () => {
    const apply: WorkerCommand = { type: 'ApplyAsWorker', ...application };

    it('records the application with the profile referenced by id', () =>
      spec.given([]).when(apply).then([applied]));

    it('emits a WorkerApplied that passes the event catalogue write check unchanged', () => {
      const [event] = decide([], apply);
      const written = envelope(event!, 0, appliedAt);
      expect(catalog.validateForWrite(written)).toEqual(written);
    });

    it('refuses a second application for the same worker', () =>
      spec
        .given([applied])
        .when(apply)
        .thenFails('WORKER_EXISTS', `worker ${workerId} already exists (applicant)`));
  });

  describe('vetting', () => {
    it('records a certificate, a reference and a background check while the worker is an applicant', () => {
      spec
        .given([applied])
        .when({ type: 'SubmitCertificate', at: appliedAt, certificate })
        .then([housekeepingSubmitted]);
      spec
        .given([applied])
        .when({
          type: 'RecordReference',
          referenceId,
          employer: 'Jinjiang Home Services',
          outcome: 'positive',
          note: 'Four years, reliable, customers asked for her by name',
        })
        .then([positiveReference]);
      spec
        .given([applied])
        .when({ type: 'RecordBackgroundCheck', checkId: 'bg-77120', result: 'clear', source: 'provider' })
        .then([clearCheck]);
    });

    it('records a redelivered reference or background check once', () => {
      spec
        .given([applied, positiveReference])
        .when({
          type: 'RecordReference',
          referenceId,
          employer: 'Jinjiang Home Services',
          outcome: 'positive',
          note: '',
        })
        .then([]);
      spec
        .given([applied, clearCheck])
        .when({ type: 'RecordBackgroundCheck', checkId: 'bg-77120', result: 'clear', source: 'provider' })
        .then([]);
    });

    it('refuses activation and says everything that is missing', () =>
      spec
        .given([applied])
        .when({ type: 'ActivateWorker', at: monday, requirements })
        .thenFails(
          'VETTING_INCOMPLETE',
          'cannot activate: the worker is an applicant whose vetting is incomplete; missing: a background check; a verified certificate that is valid now; a positive reference',
        ));

    it('refuses activation on a background check that is not clear, a submitted certificate or a negative reference', () =>
      spec
        .given([
          applied,
          housekeepingSubmitted,
          {
            type: 'ReferenceRecorded',
            data: { ...positiveReference.data, outcome: 'negative' },
          } as WorkerEvent,
          {
            type: 'BackgroundCheckRecorded',
            data: { ...clearCheck.data, result: 'consider' },
          } as WorkerEvent,
        ])
        .when({ type: 'ActivateWorker', at: monday, requirements })
        .thenFails(
          'VETTING_INCOMPLETE',
          /missing: a clear background check \(the latest is consider\); a verified certificate that is valid now; a positive reference$/,
        ));

    it('counts the latest background check, so a clear manual check after "consider" completes vetting', () =>
      spec
        .given([
          applied,
          housekeepingSubmitted,
          housekeepingVerified,
          positiveReference,
          {
            type: 'BackgroundCheckRecorded',
            data: { ...clearCheck.data, result: 'consider' },
          } as WorkerEvent,
          {
            type: 'BackgroundCheckRecorded',
            data: { ...clearCheck.data, checkId: 'manual-3', source: 'manual' },
          } as WorkerEvent,
        ])
        .when({ type: 'ActivateWorker', at: monday, requirements })
        .then([activated, eligible('HOME-CLEAN-3H')]));

    it('refuses activation when the only verified certificate has expired', () =>
      spec
        .given(vetted)
        .when({ type: 'ActivateWorker', at: shanghai('2026-07-01T09:00:00'), requirements })
        .thenFails('VETTING_INCOMPLETE', /missing: a verified certificate that is valid now$/));

    it('activates a vetted applicant and announces the items their verified certificates cover', () =>
      spec
        .given(vetted)
        .when({ type: 'ActivateWorker', at: monday, requirements })
        .then([activated, eligible('HOME-CLEAN-3H')]));

    it('treats activating an active worker as done', () =>
      spec.given(active).when({ type: 'ActivateWorker', at: monday, requirements }).then([]));
  });

  describe('certificates', () => {
    it('verifies a submitted certificate; an applicant becomes eligible for nothing yet', () =>
      spec
        .given([applied, housekeepingSubmitted])
        .when({
          type: 'VerifyCertificate',
          at: monday,
          certificateId: housekeepingCertificateId,
          requirements,
        })
        .then([housekeepingVerified]));

    it('rejects a submitted certificate with a reason', () =>
      spec
        .given([applied, housekeepingSubmitted])
        .when({
          type: 'RejectCertificate',
          certificateId: housekeepingCertificateId,
          reason: 'issuer has no record of this number',
        })
        .then([
          {
            type: 'CertificateRejected',
            data: {
              workerId,
              certificateId: housekeepingCertificateId,
              reason: 'issuer has no record of this number',
            },
          },
        ]));

    it('does not change its mind about a certificate once decided', () => {
      const rejected: WorkerEvent = {
        type: 'CertificateRejected',
        data: { workerId, certificateId: housekeepingCertificateId, reason: 'forged' },
      };
      spec
        .given([applied, housekeepingSubmitted, rejected])
        .when({
          type: 'VerifyCertificate',
          at: monday,
          certificateId: housekeepingCertificateId,
          requirements,
        })
        .thenFails(
          'CERTIFICATE_ALREADY_DECIDED',
          `cannot verify certificate ${housekeepingCertificateId}: it is already rejected`,
        );
      spec
        .given([applied, housekeepingSubmitted, housekeepingVerified])
        .when({ type: 'RejectCertificate', certificateId: housekeepingCertificateId, reason: 'forged' })
        .thenFails('CERTIFICATE_ALREADY_DECIDED', /it is already verified/);
      spec
        .given([applied, housekeepingSubmitted, housekeepingVerified])
        .when({
          type: 'VerifyCertificate',
          at: monday,
          certificateId: housekeepingCertificateId,
          requirements,
        })
        .then([]);
    });

    it('refuses to verify a certificate that was never submitted', () =>
      spec
        .given([applied])
        .when({
          type: 'VerifyCertificate',
          at: monday,
          certificateId: elderlyCareCertificateId,
          requirements,
        })
        .thenFails('CERTIFICATE_NOT_FOUND'));

    it('refuses an expired certificate, or other details under a known certificate id', () => {
      spec
        .given([applied])
        .when({ type: 'SubmitCertificate', at: shanghai('2026-07-01T00:00:00'), certificate })
        .thenFails('CERTIFICATE_EXPIRED', 'the certificate expired on 2026-06-30');
      spec
        .given([applied, housekeepingSubmitted])
        .when({
          type: 'SubmitCertificate',
          at: monday,
          certificate: { ...certificate, number: 'HK-2024-000' },
        })
        .thenFails('CERTIFICATE_EXISTS');
      spec
        .given([applied, housekeepingSubmitted])
        .when({ type: 'SubmitCertificate', at: monday, certificate })
        .then([]);
    });

    it('makes an active worker eligible when the verified certificate is the last requirement', () =>
      spec
        .given([
          ...active,
          { type: 'CourseCompleted', data: { workerId, courseCode: 'EC-101' } },
          exam('theory', 82),
          exam('practical', 75),
          elderlyCareSubmitted,
        ])
        .when({
          type: 'VerifyCertificate',
          at: monday,
          certificateId: elderlyCareCertificateId,
          requirements,
        })
        .then([elderlyCareVerified, eligible('ELDER-CARE-DAY')]));
  });

  describe('exams', () => {
    const takeExam = (kind: 'theory' | 'practical', score: number): WorkerCommand => ({
      type: 'TakeExam',
      at: monday,
      examCode: 'EC-EXAM',
      kind,
      score,
      passMark: 60,
      requirements,
    });

    it('records a failed part, then a passed retake', () => {
      spec
        .given(active)
        .when(takeExam('theory', 48))
        .then([exam('theory', 48)]);
      spec
        .given([...active, exam('theory', 48)])
        .when(takeExam('theory', 71))
        .then([exam('theory', 71)]);
    });

    it('refuses to retake a passed part', () =>
      spec
        .given([...active, exam('theory', 82)])
        .when(takeExam('theory', 90))
        .thenFails(
          'EXAM_ALREADY_PASSED',
          'the theory part of exam EC-EXAM is already passed; only a failed part can be retaken',
        ));

    it('makes the worker eligible when the last exam part is passed', () =>
      spec
        .given(almostElderlyCare)
        .when(takeExam('practical', 75))
        .then([exam('practical', 75), eligible('ELDER-CARE-DAY')]));

    it('keeps the worker ineligible after a failed practical, and eligible after the retake', () => {
      spec
        .given(almostElderlyCare)
        .when(takeExam('practical', 40))
        .then([exam('practical', 40)]);
      spec
        .given([...almostElderlyCare, exam('practical', 40)])
        .when(takeExam('practical', 66))
        .then([exam('practical', 66), eligible('ELDER-CARE-DAY')]);
    });

    it('emits ExamTaken and WorkerBecameEligible that pass the event catalogue write check', () => {
      const events = decide(almostElderlyCare, takeExam('practical', 75));
      events.forEach((event, i) => {
        const written = envelope(event, almostElderlyCare.length + i, monday);
        expect(catalog.validateForWrite(written)).toEqual(written);
      });
    });
  });

  describe('suspension', () => {
    it('makes every eligible item ineligible, reason suspended', () =>
      spec
        .given(activeForBoth)
        .when({ type: 'SuspendWorker', at: monday, reason: 'customer complaint under review', requirements })
        .then([
          { type: 'WorkerSuspended', data: { workerId, reason: 'customer complaint under review' } },
          ineligible('HOME-CLEAN-3H', ['suspended']),
          ineligible('ELDER-CARE-DAY', ['suspended']),
        ]));

    it('makes the items eligible again on reinstatement', () =>
      spec
        .given([
          ...activeForBoth,
          { type: 'WorkerSuspended', data: { workerId, reason: 'complaint' } },
          ineligible('HOME-CLEAN-3H', ['suspended']),
          ineligible('ELDER-CARE-DAY', ['suspended']),
        ])
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .then([
          { type: 'WorkerReinstated', data: { workerId, reason: 'complaint found unjustified' } },
          eligible('HOME-CLEAN-3H'),
          eligible('ELDER-CARE-DAY'),
        ]));

    it('reinstates without the items whose certificate expired meanwhile', () =>
      spec
        .given([
          ...active,
          { type: 'WorkerSuspended', data: { workerId, reason: 'complaint' } },
          ineligible('HOME-CLEAN-3H', ['suspended']),
        ])
        .when({
          type: 'ReinstateWorker',
          reason: 'complaint found unjustified',
          at: shanghai('2026-07-01T08:00:00'),
          requirements,
        })
        .then([{ type: 'WorkerReinstated', data: { workerId, reason: 'complaint found unjustified' } }]));

    it('suspends only an active worker and reinstates only a suspended one', () => {
      spec
        .given([applied])
        .when({ type: 'SuspendWorker', at: monday, reason: 'complaint', requirements })
        .thenFails('ILLEGAL_TRANSITION', 'cannot suspend: the worker is applicant (allowed when active)');
      spec
        .given(active)
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .then([]);
      spec
        .given([applied])
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot reinstate: the worker is applicant (allowed when suspended)',
        );
      spec
        .given([])
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .thenFails('WORKER_NOT_FOUND');
    });
  });

  describe('certificate expiry', () => {
    const check = (at: Date): WorkerCommand => ({ type: 'ReevaluateEligibility', at, requirements });

    it('changes nothing on the last valid day', () =>
      spec
        .given(activeForBoth)
        .when(check(shanghai('2026-06-30T23:59:00')))
        .then([]));

    it('makes the items needing the expired certificate ineligible, and only those', () =>
      spec
        .given(activeForBoth)
        .when(check(shanghai('2026-07-01T00:00:00')))
        .then([ineligible('HOME-CLEAN-3H', ['certificate_expired'])]));

    it('announces an expiry once', () =>
      spec
        .given([...activeForBoth, ineligible('HOME-CLEAN-3H', ['certificate_expired'])])
        .when(check(shanghai('2026-07-02T00:00:00')))
        .then([]));

    it('makes the item eligible again when a renewed certificate is verified', () => {
      const renewedId = 'e3a5c7e9-0b2d-4f4a-8c6e-7f9a1b3c5d55';
      spec
        .given([
          ...activeForBoth,
          ineligible('HOME-CLEAN-3H', ['certificate_expired']),
          {
            type: 'CertificateSubmitted',
            data: {
              ...housekeepingSubmitted.data,
              certificateId: renewedId,
              validFrom: '2026-07-01',
              validTo: '2029-06-30',
            },
          } as WorkerEvent,
        ])
        .when({
          type: 'VerifyCertificate',
          at: shanghai('2026-07-03T10:00:00'),
          certificateId: renewedId,
          requirements,
        })
        .then([
          { type: 'CertificateVerified', data: { workerId, certificateId: renewedId } },
          eligible('HOME-CLEAN-3H'),
        ]);
    });
  });

  describe('leaving', () => {
    const left: WorkerEvent[] = [
      ...activeForBoth,
      { type: 'WorkerLeft', data: { workerId, reason: 'moved back to Anhui' } },
      ineligible('HOME-CLEAN-3H', ['left']),
      ineligible('ELDER-CARE-DAY', ['left']),
    ];

    it('makes every item ineligible, reason left', () =>
      spec
        .given(activeForBoth)
        .when({ type: 'RecordLeaving', at: monday, reason: 'moved back to Anhui', requirements })
        .then(left.slice(activeForBoth.length)));

    it('lets an applicant leave too', () =>
      spec
        .given([applied])
        .when({ type: 'RecordLeaving', at: monday, reason: 'withdrew the application', requirements })
        .then([{ type: 'WorkerLeft', data: { workerId, reason: 'withdrew the application' } }]));

    it('accepts nothing after leaving', () => {
      spec
        .given(left)
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot reinstate: the worker is gone (left) (allowed when suspended)',
        );
      spec
        .given(left)
        .when({
          type: 'SubmitCertificate',
          at: monday,
          certificate: { ...certificate, certificateId: referenceId },
        })
        .thenFails('ILLEGAL_TRANSITION', /the worker is gone \(left\)/);
      spec
        .given(left)
        .when({ type: 'MoveStation', stationId: 'sh-minhang-qibao', branchId: 'sh-minhang' })
        .thenFails('ILLEGAL_TRANSITION');
      spec
        .given(left)
        .when({ type: 'ActivateWorker', at: monday, requirements })
        .thenFails('ILLEGAL_TRANSITION');
    });

    it('ignores a redelivered leaving and an expiry timer that fires after leaving', () => {
      spec.given(left).when({ type: 'RecordLeaving', at: monday, reason: 'again', requirements }).then([]);
      spec
        .given(left)
        .when({ type: 'ReevaluateEligibility', at: shanghai('2026-07-01T00:00:00'), requirements })
        .then([]);
    });
  });

  describe('moving station', () => {
    it('moves the worker to a station of another branch', () =>
      spec
        .given(active)
        .when({ type: 'MoveStation', stationId: 'sh-minhang-qibao', branchId: 'sh-minhang' })
        .then([
          {
            type: 'WorkerMovedStation',
            data: {
              workerId,
              fromStationId: 'sh-xuhui-tianlin',
              toStationId: 'sh-minhang-qibao',
              branchId: 'sh-minhang',
            },
          },
        ]));

    it('treats a move to the current station as done', () =>
      spec
        .given(active)
        .when({ type: 'MoveStation', stationId: 'sh-xuhui-tianlin', branchId: 'sh-xuhui' })
        .then([]));

    it('refuses to move a worker that does not exist', () =>
      spec
        .given([])
        .when({ type: 'MoveStation', stationId: 'sh-minhang-qibao', branchId: 'sh-minhang' })
        .thenFails('WORKER_NOT_FOUND', 'worker not found'));
  });

  it('writes a whole life that passes the event catalogue write check event by event', () => {
    const history = [
      ...activeForBoth,
      ...[{ type: 'WorkerLeft', data: { workerId, reason: 'retired' } } as WorkerEvent],
    ];
    history.forEach((event, i) => {
      const written = envelope(event, i, monday);
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});
