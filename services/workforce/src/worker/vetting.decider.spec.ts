import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import {
  shanghai,
  workerId,
  housekeepingCertificateId,
  elderlyCareCertificateId,
  referenceId,
  requirements,
  appliedAt,
  monday,
  applied,
  certificate,
  housekeepingSubmitted,
  housekeepingVerified,
  elderlyCareSubmitted,
  elderlyCareVerified,
  positiveReference,
  clearCheck,
  activated,
  eligible,
  ineligible,
  exam,
  vetted,
  active,
  almostElderlyCare,
  activeForBoth,
  decide,
  envelope,
} from '../../test/support/worker-history';
import { workerDecider, type WorkerCommand, type WorkerEvent } from './worker.decider';

const spec = deciderSpec(workerDecider);
const catalog = new EventCatalog(allEvents);

describe('worker decider: vetting and training', () => {
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
});
