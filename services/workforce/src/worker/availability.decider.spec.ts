import { EventCatalog, allEvents } from '@platform/contracts';
import { DomainError, fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import type { ItemRequirements } from './eligibility';
import { workerDecider, workerStream, type WorkerCommand, type WorkerEvent } from './worker.decider';

const spec = deciderSpec(workerDecider);
const catalog = new EventCatalog(allEvents);

/** A wall-clock time in Shanghai, where the branch works. */
const shanghai = (local: string) => new Date(`${local}+08:00`);
const monday = shanghai('2026-03-09T09:30:00');

const workerId = 'wkr-sh-0417';
const certificateId = 'c1f0a9d2-4b6e-4c8a-9d3f-2a7b5e1c0d44';
const requirements: ItemRequirements[] = [
  { itemCode: 'HOME-CLEAN-3H', certificates: ['housekeeping'], courses: [], exams: [] },
];

const applied: WorkerEvent = {
  type: 'WorkerApplied',
  data: {
    workerId,
    profileId: '6b2e9c41-3d7a-4f18-b5c2-8e0a1f4d7c93',
    branchId: 'sh-xuhui',
    stationId: 'sh-xuhui-tianlin',
    jobTypes: ['housekeeping'],
    languages: ['zh'],
    experienceYears: 6,
    homeLocation: { lat: 31.171, lng: 121.421 },
    serviceAreas: ['xuhui', 'minhang'],
  },
};
const vetted: WorkerEvent[] = [
  applied,
  {
    type: 'CertificateSubmitted',
    data: {
      workerId,
      certificateId,
      type: 'housekeeping',
      number: 'HK-2024-310104-8821',
      issuer: '上海市家庭服务业行业协会 Shanghai Home Services Association',
      validFrom: '2024-06-01',
      validTo: '2026-06-30',
    },
  },
  { type: 'CertificateVerified', data: { workerId, certificateId } },
  {
    type: 'ReferenceRecorded',
    data: {
      workerId,
      referenceId: 'a4c6e8f0-2b4d-4f6a-8c0e-1d3f5a7b9c22',
      employer: 'Jinjiang Home Services',
      outcome: 'positive',
      note: 'Four years, reliable',
    },
  },
  {
    type: 'BackgroundCheckRecorded',
    data: { workerId, checkId: 'bg-77120', result: 'clear', source: 'provider' },
  },
];
const activated = (employedSince: string): WorkerEvent => ({
  type: 'WorkerActivated',
  data: { workerId, employedSince },
});
const eligibleForCleaning: WorkerEvent = {
  type: 'WorkerBecameEligible',
  data: { workerId, itemCode: 'HOME-CLEAN-3H' },
};
const active = [...vetted, activated('2026-03-09'), eligibleForCleaning];

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '17:00' }));
const hoursSet = (weekly: typeof weekdays): WorkerEvent => ({
  type: 'WorkingHoursSet',
  data: { workerId, weekly },
});

const springLeaveId = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01';
const sickLeaveId = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c02';
type LeaveCommand = Extract<WorkerCommand, { type: 'RecordLeave' }>;
type Leave = Omit<LeaveCommand, 'type'>;
const springLeave: Leave = { leaveId: springLeaveId, kind: 'annual', from: '2026-04-01', to: '2026-04-05' };
const recordLeave = (leave: Leave): WorkerCommand => ({ type: 'RecordLeave', ...leave });
const leaveRecorded = (leave: Leave): WorkerEvent => ({
  type: 'LeaveRecorded',
  data: { workerId, ...leave },
});
const leaveCancelled = (leaveId: string): WorkerEvent => ({
  type: 'LeaveCancelled',
  data: { workerId, leaveId },
});

const areasChanged = (serviceAreas: string[]): WorkerEvent => ({
  type: 'ServiceAreasChanged',
  data: { workerId, serviceAreas },
});
const attended = (sessionId: string): WorkerEvent => ({
  type: 'CourseAttended',
  data: { workerId, courseCode: 'EC-101', sessionId, on: '2026-03-14' },
});
const attend = (sessionId: string): WorkerCommand => ({
  type: 'AttendCourse',
  courseCode: 'EC-101',
  sessionId,
  on: '2026-03-14',
});

const refusal = (history: WorkerEvent[], command: WorkerCommand): DomainError => {
  try {
    workerDecider.decide(command, fold(workerDecider, history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
};

describe('worker availability', () => {
  describe('working hours', () => {
    it("sets the worker's weekly working hours", () =>
      spec
        .given(active)
        .when({ type: 'SetWorkingHours', weekly: weekdays })
        .then([hoursSet(weekdays)]));

    it('treats setting equal hours again as done', () =>
      spec
        .given([...active, hoursSet(weekdays)])
        .when({ type: 'SetWorkingHours', weekly: weekdays.map((slot) => ({ ...slot })) })
        .then([]));

    it('replaces the hours when they change', () => {
      const withSaturday = [...weekdays, { weekday: 6, from: '09:00', to: '12:00' }];
      spec
        .given([...active, hoursSet(weekdays)])
        .when({ type: 'SetWorkingHours', weekly: withSaturday })
        .then([hoursSet(withSaturday)]);
    });
  });

  describe('leave', () => {
    it('records a leave for whole days', () =>
      spec
        .given(active)
        .when(recordLeave(springLeave))
        .then([leaveRecorded(springLeave)]));

    it("refuses leave that overlaps a recorded leave, and says that leave's days", () => {
      const sick: Leave = { leaveId: sickLeaveId, kind: 'sick', from: '2026-04-05', to: '2026-04-06' };
      const history = [...active, leaveRecorded(springLeave)];
      spec
        .given(history)
        .when(recordLeave(sick))
        .thenFails('LEAVE_OVERLAPS', 'the worker is already on annual leave from 2026-04-01 to 2026-04-05');
      expect(refusal(history, recordLeave(sick)).details).toMatchObject({ leaveId: springLeaveId });
      spec
        .given(history)
        .when(recordLeave({ ...sick, from: '2026-03-30', to: '2026-04-10' }))
        .thenFails('LEAVE_OVERLAPS');
    });

    it('refuses a leave that ends before it starts', () =>
      spec
        .given(active)
        .when(recordLeave({ ...springLeave, from: '2026-04-05', to: '2026-04-01' }))
        .thenFails('INVALID_LEAVE', 'the leave ends (2026-04-01) before it starts (2026-04-05)'));

    it('records leave that starts the day after another ends', () => {
      const sick: Leave = { leaveId: sickLeaveId, kind: 'sick', from: '2026-04-06', to: '2026-04-06' };
      spec
        .given([...active, leaveRecorded(springLeave)])
        .when(recordLeave(sick))
        .then([leaveRecorded(sick)]);
    });

    it('treats the same leave recorded again as done', () =>
      spec
        .given([...active, leaveRecorded(springLeave)])
        .when(recordLeave(springLeave))
        .then([]));

    it('refuses other days under a leave id already recorded', () =>
      spec
        .given([...active, leaveRecorded(springLeave)])
        .when(recordLeave({ ...springLeave, to: '2026-04-07' }))
        .thenFails('LEAVE_EXISTS', `leave ${springLeaveId} was already recorded with other days`));

    it('refuses to cancel a leave that was never recorded, naming the id', () =>
      spec
        .given(active)
        .when({ type: 'CancelLeave', leaveId: springLeaveId })
        .thenFails('LEAVE_NOT_FOUND', `the worker has no leave ${springLeaveId}`));

    it('cancels a recorded leave, once', () => {
      spec
        .given([...active, leaveRecorded(springLeave)])
        .when({ type: 'CancelLeave', leaveId: springLeaveId })
        .then([leaveCancelled(springLeaveId)]);
      spec
        .given([...active, leaveRecorded(springLeave), leaveCancelled(springLeaveId)])
        .when({ type: 'CancelLeave', leaveId: springLeaveId })
        .then([]);
    });

    it("frees a cancelled leave's days for a new leave", () => {
      const sick: Leave = { leaveId: sickLeaveId, kind: 'sick', from: '2026-04-02', to: '2026-04-03' };
      spec
        .given([...active, leaveRecorded(springLeave), leaveCancelled(springLeaveId)])
        .when(recordLeave(sick))
        .then([leaveRecorded(sick)]);
    });

    it('refuses leave for a worker who has left', () =>
      spec
        .given([...active, { type: 'WorkerLeft', data: { workerId, reason: 'moved back to Anhui' } }])
        .when(recordLeave(springLeave))
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot record leave: the worker is gone (left) (allowed when applicant or active or suspended)',
        ));
  });

  describe('service areas', () => {
    it('changes the service areas, each area once, in the order given', () =>
      spec
        .given(active)
        .when({ type: 'ChangeServiceAreas', serviceAreas: ['xuhui', 'changning', 'xuhui'] })
        .then([areasChanged(['xuhui', 'changning'])]));

    it('refuses to leave a worker with no district to serve', () =>
      spec
        .given(active)
        .when({ type: 'ChangeServiceAreas', serviceAreas: [] })
        .thenFails('SERVICE_AREAS_EMPTY'));

    it('treats the same areas again as done', () => {
      spec
        .given([...active, areasChanged(['xuhui', 'changning'])])
        .when({ type: 'ChangeServiceAreas', serviceAreas: ['xuhui', 'changning', 'changning'] })
        .then([]);
      spec
        .given(active)
        .when({ type: 'ChangeServiceAreas', serviceAreas: ['xuhui', 'minhang'] })
        .then([]);
    });
  });

  describe('course attendance', () => {
    it('records each session attended', () => {
      spec
        .given(active)
        .when(attend('2026-03-A'))
        .then([attended('2026-03-A')]);
      spec
        .given([...active, attended('2026-03-A')])
        .when(attend('2026-03-B'))
        .then([attended('2026-03-B')]);
    });

    it('records a session once', () =>
      spec
        .given([...active, attended('2026-03-A')])
        .when(attend('2026-03-A'))
        .then([]));
  });

  describe('employment start', () => {
    it('counts employment from the day of activation in Shanghai', () => {
      spec
        .given(vetted)
        .when({ type: 'ActivateWorker', at: shanghai('2026-03-09T23:30:00'), requirements })
        .then([activated('2026-03-09'), eligibleForCleaning]);
      spec
        .given(vetted)
        .when({ type: 'ActivateWorker', at: new Date('2026-03-09T16:30:00Z'), requirements })
        .then([activated('2026-03-10'), eligibleForCleaning]);
    });

    it('keeps the hiring date an import gives', () =>
      spec
        .given(vetted)
        .when({ type: 'ActivateWorker', at: monday, employedSince: '2019-05-20', requirements })
        .then([activated('2019-05-20'), eligibleForCleaning]));
  });

  it('emits availability, attendance and activation events that pass the event catalogue write check', () => {
    const commands: WorkerCommand[] = [
      { type: 'ActivateWorker', at: monday, requirements },
      { type: 'SetWorkingHours', weekly: weekdays },
      recordLeave(springLeave),
      { type: 'CancelLeave', leaveId: springLeaveId },
      { type: 'ChangeServiceAreas', serviceAreas: ['xuhui', 'changning', 'xuhui'] },
      attend('2026-03-A'),
    ];
    const history = commands.reduce<WorkerEvent[]>(
      (events, command) => [...events, ...workerDecider.decide(command, fold(workerDecider, events))],
      vetted,
    );
    const emitted = history.slice(vetted.length);
    expect(emitted.map((event) => event.type)).toEqual([
      'WorkerActivated',
      'WorkerBecameEligible',
      'WorkingHoursSet',
      'LeaveRecorded',
      'LeaveCancelled',
      'ServiceAreasChanged',
      'CourseAttended',
    ]);
    emitted.forEach((event, i) => {
      const position = vetted.length + i;
      const written = {
        eventId: `0d4b8f2a-6c1e-4a3b-9f5d-${String(position).padStart(12, '0')}`,
        type: event.type,
        schemaVersion: catalog.latest(event.type)!.version,
        streamId: workerStream(workerId),
        streamPosition: position,
        occurredAt: monday.toISOString(),
        recordedAt: monday.toISOString(),
        correlationId: 'ops-console-req-31',
        causationId: null,
        actor: { kind: 'user' as const, id: 'staff-0192', role: 'station_manager' },
        data: event.data,
      };
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});
