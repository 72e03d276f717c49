// Vetting and training: certificates, references, background checks, courses and exams.
import { DomainError } from '@platform/eventing/decider';
import { certificateExpiresAt, certificateStartsAt } from './eligibility';
import { onFile } from './on-file';
import type {
  Certificate,
  CertificateFacts,
  Command,
  Worker,
  WorkerEvent,
  WorkerState,
} from './worker.decider';

const sameCertificate = (a: CertificateFacts, b: CertificateFacts) =>
  a.type === b.type &&
  a.number === b.number &&
  a.issuer === b.issuer &&
  a.validFrom === b.validFrom &&
  a.validTo === b.validTo;

export function submitCertificate(command: Command<'SubmitCertificate'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'submit a certificate');
  const { certificate } = command;
  const known = state.worker.certificates.find((c) => c.certificateId === certificate.certificateId);
  if (known) {
    if (sameCertificate(known, certificate)) return [];
    throw new DomainError(
      'CERTIFICATE_EXISTS',
      `certificate ${certificate.certificateId} was already submitted with other details`,
      { field: 'certificate.certificateId' },
    );
  }
  if (certificateExpiresAt(certificate.validTo) <= certificateStartsAt(certificate.validFrom)) {
    throw new DomainError('INVALID_VALIDITY', 'a certificate must be valid to a day after it is valid from', {
      field: 'certificate.validTo',
    });
  }
  if (certificateExpiresAt(certificate.validTo) <= command.at) {
    throw new DomainError('CERTIFICATE_EXPIRED', `the certificate expired on ${certificate.validTo}`, {
      field: 'certificate.validTo',
    });
  }
  return [
    { type: 'CertificateSubmitted', data: { workerId: state.worker.application.workerId, ...certificate } },
  ];
}

function submittedCertificate(worker: Worker, certificateId: string, action: string): Certificate {
  const certificate = worker.certificates.find((c) => c.certificateId === certificateId);
  if (!certificate)
    throw new DomainError('CERTIFICATE_NOT_FOUND', `certificate ${certificateId} was not submitted`, {
      field: 'certificateId',
    });
  if (certificate.status === 'submitted') return certificate;
  throw new DomainError(
    'CERTIFICATE_ALREADY_DECIDED',
    `cannot ${action} certificate ${certificateId}: it is already ${certificate.status}`,
    { currentStatus: certificate.status },
  );
}

export function verifyCertificate(command: Command<'VerifyCertificate'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'verify a certificate');
  const { worker } = state;
  const known = worker.certificates.find((c) => c.certificateId === command.certificateId);
  if (known?.status === 'verified') return [];
  submittedCertificate(worker, command.certificateId, 'verify');
  return [
    {
      type: 'CertificateVerified',
      data: { workerId: worker.application.workerId, certificateId: command.certificateId },
    },
  ];
}

export function rejectCertificate(command: Command<'RejectCertificate'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'reject a certificate');
  const { worker } = state;
  const known = worker.certificates.find((c) => c.certificateId === command.certificateId);
  if (known?.status === 'rejected') return [];
  submittedCertificate(worker, command.certificateId, 'reject');
  const { certificateId, reason } = command;
  return [
    { type: 'CertificateRejected', data: { workerId: worker.application.workerId, certificateId, reason } },
  ];
}

export function recordReference(command: Command<'RecordReference'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record a reference');
  if (state.worker.references.some((r) => r.referenceId === command.referenceId)) return [];
  const { referenceId, employer, outcome, note } = command;
  return [
    {
      type: 'ReferenceRecorded',
      data: { workerId: state.worker.application.workerId, referenceId, employer, outcome, note },
    },
  ];
}

export function recordBackgroundCheck(
  command: Command<'RecordBackgroundCheck'>,
  state: WorkerState,
): WorkerEvent[] {
  onFile(state, 'record a background check');
  if (state.worker.backgroundCheckIds.includes(command.checkId)) return [];
  const { checkId, result, source } = command;
  return [
    {
      type: 'BackgroundCheckRecorded',
      data: { workerId: state.worker.application.workerId, checkId, result, source },
    },
  ];
}

export function attendCourse(command: Command<'AttendCourse'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record course attendance');
  const { courseCode, sessionId, on } = command;
  if (state.worker.attendance.includes(`${courseCode}/${sessionId}`)) return [];
  return [
    {
      type: 'CourseAttended',
      data: { workerId: state.worker.application.workerId, courseCode, sessionId, on },
    },
  ];
}

export function completeCourse(command: Command<'CompleteCourse'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record a completed course');
  if (state.worker.courses.includes(command.courseCode)) return [];
  return [
    {
      type: 'CourseCompleted',
      data: { workerId: state.worker.application.workerId, courseCode: command.courseCode },
    },
  ];
}

export function takeExam(command: Command<'TakeExam'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record an exam');
  const { examCode, kind, score, passMark } = command;
  if (state.worker.exams[examCode]?.[kind] === 'passed') {
    throw new DomainError(
      'EXAM_ALREADY_PASSED',
      `the ${kind} part of exam ${examCode} is already passed; only a failed part can be retaken`,
      { field: 'kind' },
    );
  }
  return [
    {
      type: 'ExamTaken',
      data: {
        workerId: state.worker.application.workerId,
        examCode,
        kind,
        score,
        passMark,
        passed: score >= passMark,
      },
    },
  ];
}

/** What still stands between an applicant and activation at `at`; empty when vetting is complete. */
export function missingVetting(worker: Worker, at: Date): string[] {
  const validCertificate = worker.certificates.some(
    (c) =>
      c.status === 'verified' &&
      certificateStartsAt(c.validFrom) <= at &&
      at < certificateExpiresAt(c.validTo),
  );
  return [
    ...(worker.backgroundCheck === 'clear'
      ? []
      : [
          worker.backgroundCheck === null
            ? 'a background check'
            : `a clear background check (the latest is ${worker.backgroundCheck})`,
        ]),
    ...(validCertificate ? [] : ['a verified certificate that is valid now']),
    ...(worker.references.some((r) => r.outcome === 'positive') ? [] : ['a positive reference']),
  ];
}
