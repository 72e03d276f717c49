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
import { fold, type Decider } from '@platform/eventing/decider';
import { cancelLeave, changeServiceAreas, recordLeave, setWorkingHours } from './availability';
import { eligibilityChanges, type ItemRequirements } from './eligibility';
import { activate, apply, checkExpiry, leave, moveStation, reinstate, suspend } from './lifecycle';
import {
  attendCourse,
  completeCourse,
  recordBackgroundCheck,
  recordReference,
  rejectCertificate,
  submitCertificate,
  takeExam,
  verifyCertificate,
} from './vetting';

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
export type CertificateFacts = Omit<EventData<typeof CertificateSubmitted>, 'workerId'>;
export type Certificate = CertificateFacts & {
  status: 'submitted' | 'verified' | 'rejected';
  /** Why staff rejected it, told to the worker (rejected certificates only). */
  rejectionReason?: string;
};
export type ExamPart = 'passed' | 'failed' | 'not_taken';
export type BackgroundCheckResult = EventData<typeof BackgroundCheckRecorded>['result'];
export type WeeklyHours = EventData<typeof WorkingHoursSet>['weekly'];
export type Leave = Omit<EventData<typeof LeaveRecorded>, 'workerId'>;

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
  /** Each exam's parts, with the latest score of each part taken. */
  exams: Record<string, { theory: ExamPart; practical: ExamPart; theoryScore?: number; practicalScore?: number }>;
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

export type Command<T extends WorkerCommand['type']> = Extract<WorkerCommand, { type: T }>;
export type Known = Exclude<WorkerState, { status: 'none' }>;

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
      return updateWorker(state, (w) => ({
        certificates: w.certificates.map((c) =>
          c.certificateId === event.data.certificateId ? { ...c, status: 'verified' } : c,
        ),
      }));
    case 'CertificateRejected':
      return updateWorker(state, (w) => ({
        certificates: w.certificates.map((c) =>
          c.certificateId === event.data.certificateId
            ? { ...c, status: 'rejected', rejectionReason: event.data.reason }
            : c,
        ),
      }));
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
      const { examCode, kind, passed, score } = event.data;
      return updateWorker(state, (w) => {
        const exam = w.exams[examCode] ?? { theory: 'not_taken', practical: 'not_taken' };
        const taken = { ...exam, [kind]: passed ? 'passed' : 'failed', [`${kind}Score`]: score };
        return { exams: { ...w.exams, [examCode]: taken } };
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
