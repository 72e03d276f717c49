import type { WorkerState } from '../../worker/worker.decider';
import { importedReferenceId, type StaffRecord } from './staff-row';

/**
 * What an imported line still needs, given the worker as the event store has it. Every step's
 * command id derives from the worker and the step (never from the file or the run), so a re-run,
 * an overlapping file or a retry after a crash finds its commands already handled; planning from
 * the current state only saves those round trips, the deciders would answer "unchanged" anyway.
 *
 * The import adds, it never takes back: a worker already on file keeps their station, profile and
 * status (an active worker listed as applicant stays active; a suspended or departed one is not
 * activated), and the differences are reported as warnings on the line.
 */

/** The requests the import sends through WorkerCommands (which adds the time and requirements). */
export type ImportRequest =
  | { type: 'SubmitCertificate'; certificate: NonNullable<StaffRecord['certificate']> }
  | { type: 'VerifyCertificate'; certificateId: string }
  | { type: 'RecordBackgroundCheck'; checkId: string; result: 'clear'; source: 'manual' }
  | { type: 'RecordReference'; referenceId: string; employer: string; outcome: 'positive'; note: string }
  | { type: 'ActivateWorker'; employedSince: string };

export type ImportStep =
  | { kind: 'apply'; commandId: string }
  | { kind: 'request'; commandId: string; request: ImportRequest; field: string };

export interface ImportPlan {
  steps: ImportStep[];
  /** Why the line changes less than it says, as `field: reason`. */
  warnings: { field: string; reason: string }[];
}

export const IMPORT_REFERENCE_EMPLOYER = 'imported staff record';

export function importSteps(record: StaffRecord, state: WorkerState): ImportPlan {
  const { workerId, certificate } = record;
  const id = (step: string) => `import:${workerId}:${step}`;
  const warnings: ImportPlan['warnings'] = [];
  if (state.status === 'left') {
    warnings.push({
      field: 'status',
      reason: `worker ${workerId} has left the company: the line changes nothing`,
    });
    return { steps: [], warnings };
  }
  const worker = state.status === 'none' ? null : state.worker;
  const steps: ImportStep[] = worker ? [] : [{ kind: 'apply', commandId: id('apply') }];
  if (worker && worker.stationId !== record.stationId) {
    warnings.push({
      field: 'stationId',
      reason: `worker ${workerId} is already on file at station ${worker.stationId}: the import does not move workers`,
    });
  }

  const known = worker?.certificates.find((c) => c.certificateId === certificate?.certificateId);
  if (certificate && !known) {
    steps.push({
      kind: 'request',
      commandId: id(`certificate:${certificate.certificateId}`),
      request: { type: 'SubmitCertificate', certificate },
      field: 'certificateNumber',
    });
  }
  if (record.status === 'applicant') {
    if (state.status === 'active' || state.status === 'suspended')
      warnings.push({
        field: 'status',
        reason: `worker ${workerId} is already ${state.status}: the import keeps that`,
      });
    return { steps, warnings };
  }

  // Active: vetting was done before the platform, so it is recorded as done, then the activation;
  // a worker the platform already activated keeps the vetting it recorded.
  if (certificate && known?.status !== 'verified') {
    steps.push({
      kind: 'request',
      commandId: id(`verify:${certificate.certificateId}`),
      request: { type: 'VerifyCertificate', certificateId: certificate.certificateId },
      field: 'certificateNumber',
    });
  }
  if (state.status === 'active' || state.status === 'suspended') {
    if (state.status === 'suspended')
      warnings.push({
        field: 'status',
        reason: `worker ${workerId} is suspended: the import does not reinstate`,
      });
    return { steps, warnings };
  }
  const checkId = `import-${record.staffNo}`;
  if (!worker?.backgroundCheckIds.includes(checkId)) {
    steps.push({
      kind: 'request',
      commandId: id('background-check'),
      request: { type: 'RecordBackgroundCheck', checkId, result: 'clear', source: 'manual' },
      field: 'status',
    });
  }
  const referenceId = importedReferenceId(workerId);
  if (!worker?.references.some((r) => r.referenceId === referenceId)) {
    steps.push({
      kind: 'request',
      commandId: id('reference'),
      request: {
        type: 'RecordReference',
        referenceId,
        employer: IMPORT_REFERENCE_EMPLOYER,
        outcome: 'positive',
        note: 'vetted before the platform; imported from the staff spreadsheet',
      },
      field: 'status',
    });
  }
  steps.push({
    kind: 'request',
    commandId: id('activate'),
    request: { type: 'ActivateWorker', employedSince: record.employedSince! },
    field: 'employedSince',
  });
  return { steps, warnings };
}
