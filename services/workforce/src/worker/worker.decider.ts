import type {
  BackgroundCheckRecorded,
  CertificateRejected,
  CertificateSubmitted,
  CertificateVerified,
  CourseAttended,
  CourseCompleted,
  EventData,
  ExamTaken,
  LeaveCancelled,
  LeaveRecorded,
  ReferenceRecorded,
  ServiceAreasChanged,
  WorkerActivated,
  WorkerApplied,
  WorkerBecameEligible,
  WorkerBecameIneligible,
  WorkerLeft,
  WorkerMovedStation,
  WorkerReinstated,
  WorkerSuspended,
  WorkingHoursSet,
} from '@platform/contracts';
import { DomainError, fold, type Decider } from '@platform/eventing/decider';
import {
  certificateExpiresAt,
  certificateStartsAt,
  eligibilityChanges,
  type ItemRequirements,
} from './eligibility';
import { businessDay } from '@platform/domain-kit';

export type WorkerEvent =
  | { type: 'WorkerApplied'; data: EventData<typeof WorkerApplied> }
  | { type: 'WorkerMovedStation'; data: EventData<typeof WorkerMovedStation> }
  | { type: 'CertificateSubmitted'; data: EventData<typeof CertificateSubmitted> }
  | { type: 'CertificateVerified'; data: EventData<typeof CertificateVerified> }
  | { type: 'CertificateRejected'; data: EventData<typeof CertificateRejected> }
  | { type: 'ReferenceRecorded'; data: EventData<typeof ReferenceRecorded> }
  | { type: 'BackgroundCheckRecorded'; data: EventData<typeof BackgroundCheckRecorded> }
  | { type: 'CourseAttended'; data: EventData<typeof CourseAttended> }
  | { type: 'CourseCompleted'; data: EventData<typeof CourseCompleted> }
  | { type: 'ExamTaken'; data: EventData<typeof ExamTaken> }
  | { type: 'WorkerActivated'; data: EventData<typeof WorkerActivated> }
  | { type: 'WorkerSuspended'; data: EventData<typeof WorkerSuspended> }
  | { type: 'WorkerReinstated'; data: EventData<typeof WorkerReinstated> }
  | { type: 'WorkerLeft'; data: EventData<typeof WorkerLeft> }
  | { type: 'WorkerBecameEligible'; data: EventData<typeof WorkerBecameEligible> }
  | { type: 'WorkerBecameIneligible'; data: EventData<typeof WorkerBecameIneligible> }
  | { type: 'WorkingHoursSet'; data: EventData<typeof WorkingHoursSet> }
  | { type: 'LeaveRecorded'; data: EventData<typeof LeaveRecorded> }
  | { type: 'LeaveCancelled'; data: EventData<typeof LeaveCancelled> }
  | { type: 'ServiceAreasChanged'; data: EventData<typeof ServiceAreasChanged> };

type Applied = EventData<typeof WorkerApplied>;
type CertificateFacts = Omit<EventData<typeof CertificateSubmitted>, 'workerId'>;
export type Certificate = CertificateFacts & { status: 'submitted' | 'verified' | 'rejected' };
export type ExamPart = 'passed' | 'failed' | 'not_taken';
export type BackgroundCheckResult = EventData<typeof BackgroundCheckRecorded>['result'];
export type WeeklyHours = EventData<typeof WorkingHoursSet>['weekly'];
type Leave = Omit<EventData<typeof LeaveRecorded>, 'workerId'>;

/** What the company knows about a worker, in every status but `none`. */
export type Worker = {
  application: Applied;
  stationId: string;
  branchId: string;
  certificates: Certificate[];
  references: { referenceId: string; outcome: 'positive' | 'negative' }[];
  /** The latest result counts; ids are kept so a redelivered result is recorded once. */
  backgroundCheck: BackgroundCheckResult | null;
  backgroundCheckIds: string[];
  courses: string[];
  /** Course sessions attended, as `<courseCode>/<sessionId>`. */
  attendance: string[];
  exams: Record<string, { theory: ExamPart; practical: ExamPart }>;
  /** Set on activation; anniversaries count from it. */
  employedSince: string | null;
  weeklyHours: WeeklyHours;
  leaves: Leave[];
  /** Leave ids cancelled, so that cancelling one again is told apart from a mistyped id. */
  cancelledLeaves: string[];
  serviceAreas: string[];
  /** The service items the worker was last announced eligible for (WorkerBecameEligible). */
  eligibleItems: string[];
};

/**
 * applicant: applied, vetting steps (certificates, references, background checks) and training are
 * being recorded. active: vetted, may be dispatched to the items they are eligible for.
 * suspended: temporarily not dispatchable. left: final.
 */
export type WorkerState =
  | { status: 'none' }
  | { status: 'applicant'; worker: Worker }
  | { status: 'active'; worker: Worker }
  | { status: 'suspended'; worker: Worker; reason: string }
  | { status: 'left'; worker: Worker };
export type WorkerStatus = WorkerState['status'];

/**
 * Commands that can change what the worker is eligible for carry `at` (the instant the command
 * takes effect) and `requirements` (every service item's requirements, looked up by the handler).
 */
type Evaluated = { at: Date; requirements: ItemRequirements[] };

export type WorkerCommand =
  | ({ type: 'ApplyAsWorker' } & Applied)
  | { type: 'MoveStation'; stationId: string; branchId: string }
  | { type: 'SubmitCertificate'; at: Date; certificate: CertificateFacts }
  | ({ type: 'VerifyCertificate'; certificateId: string } & Evaluated)
  | { type: 'RejectCertificate'; certificateId: string; reason: string }
  | {
      type: 'RecordReference';
      referenceId: string;
      employer: string;
      outcome: 'positive' | 'negative';
      note: string;
    }
  | {
      type: 'RecordBackgroundCheck';
      checkId: string;
      result: BackgroundCheckResult;
      source: 'provider' | 'manual';
    }
  | { type: 'AttendCourse'; courseCode: string; sessionId: string; on: string }
  | ({ type: 'CompleteCourse'; courseCode: string } & Evaluated)
  | ({
      type: 'TakeExam';
      examCode: string;
      kind: 'theory' | 'practical';
      score: number;
      /** The exam's pass mark as the exam catalogue has it now. */
      passMark: number;
    } & Evaluated)
  /** `employedSince` defaults to the day of `at`; an import gives the historic hiring date. */
  | ({ type: 'ActivateWorker'; employedSince?: string } & Evaluated)
  | { type: 'SetWorkingHours'; weekly: WeeklyHours }
  | ({ type: 'RecordLeave' } & Leave)
  | { type: 'CancelLeave'; leaveId: string }
  | { type: 'ChangeServiceAreas'; serviceAreas: string[] }
  | ({ type: 'SuspendWorker'; reason: string } & Evaluated)
  | ({ type: 'ReinstateWorker'; reason: string } & Evaluated)
  | ({ type: 'RecordLeaving'; reason: string } & Evaluated)
  /** Sent by a durable timer when a certificate's validity starts or ends; re-evaluates eligibility. */
  | ({ type: 'ReevaluateEligibility' } & Evaluated);

type Command<T extends WorkerCommand['type']> = Extract<WorkerCommand, { type: T }>;
type Known = Exclude<WorkerState, { status: 'none' }>;

const wrongState = (state: WorkerState, action: string, allowed: WorkerStatus[]) =>
  new DomainError(
    state.status === 'none' ? 'WORKER_NOT_FOUND' : 'ILLEGAL_TRANSITION',
    state.status === 'none'
      ? 'worker not found'
      : `cannot ${action}: the worker is ${state.status === 'left' ? 'gone (left)' : state.status} (allowed when ${allowed.join(' or ')})`,
    { currentStatus: state.status },
  );

/** Vetting and training go on while the worker is an applicant, active or suspended. */
function onFile(state: WorkerState, action: string): asserts state is Exclude<Known, { status: 'left' }> {
  if (state.status === 'none' || state.status === 'left')
    throw wrongState(state, action, ['applicant', 'active', 'suspended']);
}

function apply(command: Command<'ApplyAsWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status !== 'none')
    throw new DomainError('WORKER_EXISTS', `worker ${command.workerId} already exists (${state.status})`);
  const { type: _type, ...data } = command;
  return [{ type: 'WorkerApplied', data }];
}

function moveStation(command: Command<'MoveStation'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'move the worker to another station');
  const { worker } = state;
  if (worker.stationId === command.stationId && worker.branchId === command.branchId) return [];
  return [
    {
      type: 'WorkerMovedStation',
      data: {
        workerId: worker.application.workerId,
        fromStationId: worker.stationId,
        toStationId: command.stationId,
        branchId: command.branchId,
      },
    },
  ];
}

const sameCertificate = (a: CertificateFacts, b: CertificateFacts) =>
  a.type === b.type &&
  a.number === b.number &&
  a.issuer === b.issuer &&
  a.validFrom === b.validFrom &&
  a.validTo === b.validTo;

function submitCertificate(command: Command<'SubmitCertificate'>, state: WorkerState): WorkerEvent[] {
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

function verifyCertificate(command: Command<'VerifyCertificate'>, state: WorkerState): WorkerEvent[] {
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

function rejectCertificate(command: Command<'RejectCertificate'>, state: WorkerState): WorkerEvent[] {
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

function recordReference(command: Command<'RecordReference'>, state: WorkerState): WorkerEvent[] {
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

function recordBackgroundCheck(command: Command<'RecordBackgroundCheck'>, state: WorkerState): WorkerEvent[] {
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

function attendCourse(command: Command<'AttendCourse'>, state: WorkerState): WorkerEvent[] {
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

/** Replacing a list with an equal one is a retry, not a change. */
const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

function setWorkingHours(command: Command<'SetWorkingHours'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'set working hours');
  if (sameList(state.worker.weeklyHours, command.weekly)) return [];
  return [
    {
      type: 'WorkingHoursSet',
      data: { workerId: state.worker.application.workerId, weekly: command.weekly },
    },
  ];
}

function recordLeave(command: Command<'RecordLeave'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record leave');
  const { type: _type, ...leave } = command;
  if (leave.to < leave.from)
    throw new DomainError('INVALID_LEAVE', `the leave ends (${leave.to}) before it starts (${leave.from})`, {
      field: 'to',
    });
  const known = state.worker.leaves.find((l) => l.leaveId === leave.leaveId);
  if (known) {
    if (known.kind === leave.kind && known.from === leave.from && known.to === leave.to) return [];
    throw new DomainError('LEAVE_EXISTS', `leave ${leave.leaveId} was already recorded with other days`, {
      field: 'leaveId',
    });
  }
  const overlapping = state.worker.leaves.find((l) => l.from <= leave.to && leave.from <= l.to);
  if (overlapping) {
    throw new DomainError(
      'LEAVE_OVERLAPS',
      `the worker is already on ${overlapping.kind} leave from ${overlapping.from} to ${overlapping.to}`,
      { field: 'from', leaveId: overlapping.leaveId },
    );
  }
  return [{ type: 'LeaveRecorded', data: { workerId: state.worker.application.workerId, ...leave } }];
}

function cancelLeave(command: Command<'CancelLeave'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'cancel leave');
  if (!state.worker.leaves.some((l) => l.leaveId === command.leaveId)) {
    if (state.worker.cancelledLeaves.includes(command.leaveId)) return [];
    throw new DomainError('LEAVE_NOT_FOUND', `the worker has no leave ${command.leaveId}`, {
      field: 'leaveId',
    });
  }
  return [
    {
      type: 'LeaveCancelled',
      data: { workerId: state.worker.application.workerId, leaveId: command.leaveId },
    },
  ];
}

function changeServiceAreas(command: Command<'ChangeServiceAreas'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'change service areas');
  const areas = [...new Set(command.serviceAreas)];
  if (areas.length === 0)
    throw new DomainError('SERVICE_AREAS_EMPTY', 'a worker serves at least one district', {
      field: 'serviceAreas',
    });
  if (sameList(state.worker.serviceAreas, areas)) return [];
  return [
    {
      type: 'ServiceAreasChanged',
      data: { workerId: state.worker.application.workerId, serviceAreas: areas },
    },
  ];
}

function completeCourse(command: Command<'CompleteCourse'>, state: WorkerState): WorkerEvent[] {
  onFile(state, 'record a completed course');
  if (state.worker.courses.includes(command.courseCode)) return [];
  return [
    {
      type: 'CourseCompleted',
      data: { workerId: state.worker.application.workerId, courseCode: command.courseCode },
    },
  ];
}

function takeExam(command: Command<'TakeExam'>, state: WorkerState): WorkerEvent[] {
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

function activate(command: Command<'ActivateWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'active') return [];
  if (state.status !== 'applicant') throw wrongState(state, 'activate', ['applicant']);
  const missing = missingVetting(state.worker, command.at);
  if (missing.length > 0) {
    throw new DomainError(
      'VETTING_INCOMPLETE',
      `cannot activate: the worker is an applicant whose vetting is incomplete; missing: ${missing.join('; ')}`,
      { missing },
    );
  }
  const employedSince = command.employedSince ?? businessDay(command.at);
  return [{ type: 'WorkerActivated', data: { workerId: state.worker.application.workerId, employedSince } }];
}

function suspend(command: Command<'SuspendWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'suspended') return [];
  if (state.status !== 'active') throw wrongState(state, 'suspend', ['active']);
  return [
    {
      type: 'WorkerSuspended',
      data: { workerId: state.worker.application.workerId, reason: command.reason },
    },
  ];
}

function reinstate(command: Command<'ReinstateWorker'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'active') return [];
  if (state.status !== 'suspended') throw wrongState(state, 'reinstate', ['suspended']);
  return [
    {
      type: 'WorkerReinstated',
      data: { workerId: state.worker.application.workerId, reason: command.reason },
    },
  ];
}

function leave(command: Command<'RecordLeaving'>, state: WorkerState): WorkerEvent[] {
  if (state.status === 'left') return [];
  onFile(state, 'record leaving');
  return [
    { type: 'WorkerLeft', data: { workerId: state.worker.application.workerId, reason: command.reason } },
  ];
}

function checkExpiry(_command: Command<'ReevaluateEligibility'>, state: WorkerState): WorkerEvent[] {
  // A timer set before the worker left may still fire; there is nothing left to re-evaluate.
  if (state.status === 'left') return [];
  onFile(state, 'check certificate expiry');
  return [];
}

function decideOwn(command: WorkerCommand, state: WorkerState): WorkerEvent[] {
  switch (command.type) {
    case 'ApplyAsWorker':
      return apply(command, state);
    case 'MoveStation':
      return moveStation(command, state);
    case 'SubmitCertificate':
      return submitCertificate(command, state);
    case 'VerifyCertificate':
      return verifyCertificate(command, state);
    case 'RejectCertificate':
      return rejectCertificate(command, state);
    case 'RecordReference':
      return recordReference(command, state);
    case 'RecordBackgroundCheck':
      return recordBackgroundCheck(command, state);
    case 'AttendCourse':
      return attendCourse(command, state);
    case 'CompleteCourse':
      return completeCourse(command, state);
    case 'SetWorkingHours':
      return setWorkingHours(command, state);
    case 'RecordLeave':
      return recordLeave(command, state);
    case 'CancelLeave':
      return cancelLeave(command, state);
    case 'ChangeServiceAreas':
      return changeServiceAreas(command, state);
    case 'TakeExam':
      return takeExam(command, state);
    case 'ActivateWorker':
      return activate(command, state);
    case 'SuspendWorker':
      return suspend(command, state);
    case 'ReinstateWorker':
      return reinstate(command, state);
    case 'RecordLeaving':
      return leave(command, state);
    case 'ReevaluateEligibility':
      return checkExpiry(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The command's own events, then the eligibility changes they cause at `command.at`. A command
 * that changed nothing (a redelivery) announces nothing either, except the expiry check, whose
 * only purpose is to re-evaluate.
 */
function decide(command: WorkerCommand, state: WorkerState): WorkerEvent[] {
  const own = decideOwn(command, state);
  if (!('requirements' in command)) return own;
  if (own.length === 0 && command.type !== 'ReevaluateEligibility') return own;
  const after = fold({ initialState: state, evolve }, own);
  if (after.status === 'none') return own;
  return [...own, ...eligibilityChanges(after, command.requirements, command.at)];
}

const updateWorker = (state: WorkerState, change: (worker: Worker) => Partial<Worker>): WorkerState =>
  state.status === 'none' ? state : { ...state, worker: { ...state.worker, ...change(state.worker) } };

function evolve(state: WorkerState, event: WorkerEvent): WorkerState {
  switch (event.type) {
    case 'WorkerApplied':
      return {
        status: 'applicant',
        worker: {
          application: event.data,
          stationId: event.data.stationId,
          branchId: event.data.branchId,
          certificates: [],
          references: [],
          backgroundCheck: null,
          backgroundCheckIds: [],
          courses: [],
          attendance: [],
          exams: {},
          eligibleItems: [],
          employedSince: null,
          weeklyHours: [],
          leaves: [],
          cancelledLeaves: [],
          serviceAreas: event.data.serviceAreas,
        },
      };
    case 'WorkerMovedStation':
      return updateWorker(state, () => ({
        stationId: event.data.toStationId,
        branchId: event.data.branchId,
      }));
    case 'CertificateSubmitted': {
      const { workerId: _workerId, ...certificate } = event.data;
      return updateWorker(state, (w) => ({
        certificates: [...w.certificates, { ...certificate, status: 'submitted' }],
      }));
    }
    case 'CertificateVerified':
    case 'CertificateRejected': {
      const status = event.type === 'CertificateVerified' ? 'verified' : 'rejected';
      return updateWorker(state, (w) => ({
        certificates: w.certificates.map((c) =>
          c.certificateId === event.data.certificateId ? { ...c, status } : c,
        ),
      }));
    }
    case 'ReferenceRecorded':
      return updateWorker(state, (w) => ({
        references: [...w.references, { referenceId: event.data.referenceId, outcome: event.data.outcome }],
      }));
    case 'BackgroundCheckRecorded':
      return updateWorker(state, (w) => ({
        backgroundCheck: event.data.result,
        backgroundCheckIds: [...w.backgroundCheckIds, event.data.checkId],
      }));
    case 'CourseAttended':
      return updateWorker(state, (w) => ({
        attendance: [...w.attendance, `${event.data.courseCode}/${event.data.sessionId}`],
      }));
    case 'WorkingHoursSet':
      return updateWorker(state, () => ({ weeklyHours: event.data.weekly }));
    case 'LeaveRecorded': {
      const { workerId: _workerId, ...leave } = event.data;
      return updateWorker(state, (w) => ({ leaves: [...w.leaves, leave] }));
    }
    case 'LeaveCancelled':
      return updateWorker(state, (w) => ({
        leaves: w.leaves.filter((l) => l.leaveId !== event.data.leaveId),
        cancelledLeaves: [...w.cancelledLeaves, event.data.leaveId],
      }));
    case 'ServiceAreasChanged':
      return updateWorker(state, () => ({ serviceAreas: event.data.serviceAreas }));
    case 'CourseCompleted':
      return updateWorker(state, (w) => ({ courses: [...w.courses, event.data.courseCode] }));
    case 'ExamTaken': {
      const { examCode, kind, passed } = event.data;
      return updateWorker(state, (w) => {
        const exam = w.exams[examCode] ?? { theory: 'not_taken', practical: 'not_taken' };
        return { exams: { ...w.exams, [examCode]: { ...exam, [kind]: passed ? 'passed' : 'failed' } } };
      });
    }
    case 'WorkerActivated':
      return state.status === 'none'
        ? state
        : { status: 'active', worker: { ...state.worker, employedSince: event.data.employedSince } };
    case 'WorkerReinstated':
      return state.status === 'none' ? state : { status: 'active', worker: state.worker };
    case 'WorkerSuspended':
      return state.status === 'none'
        ? state
        : { status: 'suspended', worker: state.worker, reason: event.data.reason };
    case 'WorkerLeft':
      return state.status === 'none' ? state : { status: 'left', worker: state.worker };
    case 'WorkerBecameEligible':
      return updateWorker(state, (w) => ({ eligibleItems: [...w.eligibleItems, event.data.itemCode] }));
    case 'WorkerBecameIneligible':
      return updateWorker(state, (w) => ({
        eligibleItems: w.eligibleItems.filter((code) => code !== event.data.itemCode),
      }));
  }
}

export const workerDecider: Decider<WorkerCommand, WorkerState, WorkerEvent> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};

export const workerStream = (workerId: string) => `worker-${workerId}`;
