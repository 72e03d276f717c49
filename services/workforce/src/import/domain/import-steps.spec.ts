import { fold } from '@platform/eventing/decider';
import { randomUUID } from 'node:crypto';
import {
  workerDecider,
  type WorkerCommand,
  type WorkerEvent,
  type WorkerState,
} from '../../worker/worker.decider';
import { importSteps, type ImportStep } from './import-steps';
import { importedCertificateId, type StaffRecord } from './staff-row';

const at = new Date('2025-06-15T10:00:00+08:00');
const certificateId = importedCertificateId('staff-S1', 'housekeeping', 'HK-1');

const active: StaffRecord = {
  line: 2,
  staffNo: 'S1',
  workerId: 'staff-S1',
  name: '王秀英',
  phone: '13912345678',
  birthday: '1980-03-04',
  stationId: 'sh-xuhui',
  jobTypes: ['HC-DAILY'],
  languages: ['zh'],
  experienceYears: 8,
  homeLocation: { lat: 31.19, lng: 121.43 },
  serviceAreas: ['xuhui'],
  certificate: {
    certificateId,
    type: 'housekeeping',
    number: 'HK-1',
    issuer: 'SH',
    validFrom: '2023-01-01',
    validTo: '2027-12-31',
  },
  employedSince: '2019-05-01',
  status: 'active',
};
const applicant: StaffRecord = { ...active, status: 'applicant', employedSince: null };

/** What WorkerCommands would send for each step (its handler adds the time and requirements). */
function commandOf(record: StaffRecord, step: ImportStep): WorkerCommand {
  if (step.kind === 'apply') {
    const { workerId, stationId, jobTypes, languages, experienceYears, homeLocation, serviceAreas } = record;
    return {
      type: 'ApplyAsWorker',
      workerId,
      profileId: randomUUID(),
      branchId: 'sh',
      stationId,
      jobTypes,
      languages,
      experienceYears,
      homeLocation,
      serviceAreas,
    };
  }
  const { request } = step;
  switch (request.type) {
    case 'SubmitCertificate':
      return { ...request, at };
    case 'VerifyCertificate':
    case 'ActivateWorker':
      return { ...request, at, requirements: [] };
    default:
      return request;
  }
}

/** Runs the plan through the real decider, as the import would. */
function run(record: StaffRecord, state: WorkerState): WorkerState {
  let current = state;
  for (const step of importSteps(record, state).steps) {
    const events = workerDecider.decide(commandOf(record, step), current);
    current = fold({ initialState: current, evolve: workerDecider.evolve }, events as WorkerEvent[]);
  }
  return current;
}

describe('import steps', () => {
  it('applies, records the vetting done before the platform and activates a new active worker', () => {
    const plan = importSteps(active, { status: 'none' });
    expect(plan.steps.map((s) => s.commandId)).toEqual([
      'import:staff-S1:apply',
      `import:staff-S1:certificate:${certificateId}`,
      `import:staff-S1:verify:${certificateId}`,
      'import:staff-S1:background-check',
      'import:staff-S1:reference',
      'import:staff-S1:activate',
    ]);
    const state = run(active, { status: 'none' });
    expect(state.status).toBe('active');
    if (state.status !== 'active') return;
    expect(state.worker.employedSince).toBe('2019-05-01');
    expect(state.worker.backgroundCheckIds).toEqual(['import-S1']);
  });

  it('has nothing left to do once the line is imported (a re-run changes nothing)', () => {
    for (const record of [active, applicant]) {
      const state = run(record, { status: 'none' });
      expect(importSteps(record, state)).toEqual({ steps: [], warnings: [] });
    }
  });

  it('applies an applicant and submits their certificate, unverified', () => {
    const state = run(applicant, { status: 'none' });
    expect(state.status).toBe('applicant');
    if (state.status === 'applicant')
      expect(state.worker.certificates).toEqual([expect.objectContaining({ status: 'submitted' })]);
  });

  it('completes an applicant already on file whom the spreadsheet lists as active', () => {
    const state = run(applicant, { status: 'none' });
    expect(importSteps(active, state).steps.map((s) => s.commandId.split(':')[2])).toEqual([
      'verify',
      'background-check',
      'reference',
      'activate',
    ]);
    expect(run(active, state).status).toBe('active');
  });

  it('never takes a worker back: active stays active, left and suspended are not changed', () => {
    const activeState = run(active, { status: 'none' });
    expect(importSteps(applicant, activeState)).toEqual({
      steps: [],
      warnings: [{ field: 'status', reason: expect.stringMatching(/already active/) }],
    });
    if (activeState.status !== 'active') throw new Error('expected active');
    expect(importSteps(active, { status: 'left', worker: activeState.worker })).toEqual({
      steps: [],
      warnings: [{ field: 'status', reason: expect.stringMatching(/left/) }],
    });
    expect(importSteps(active, { status: 'suspended', worker: activeState.worker, reason: 'x' })).toEqual({
      steps: [],
      warnings: [{ field: 'status', reason: expect.stringMatching(/does not reinstate/) }],
    });
  });

  it('adds a new certificate to a worker already on file, and says it does not move them', () => {
    const state = run(active, { status: 'none' });
    const renewed = importedCertificateId('staff-S1', 'housekeeping', 'HK-2');
    const moved: StaffRecord = {
      ...active,
      stationId: 'sh-jingan',
      certificate: { ...active.certificate!, certificateId: renewed, number: 'HK-2' },
    };
    const plan = importSteps(moved, state);
    expect(plan.steps.map((s) => s.commandId)).toEqual([
      `import:staff-S1:certificate:${renewed}`,
      `import:staff-S1:verify:${renewed}`,
    ]);
    expect(plan.warnings).toEqual([
      { field: 'stationId', reason: expect.stringMatching(/does not move workers/) },
    ]);
  });
});
