import { ContractViolation } from '@platform/contracts';
import { DomainError, type CommandMetadata } from '@platform/eventing';
import type { CommandRunner } from '@platform/service-kit';
import { stationDecider, stationStream } from '../organisation/organisation.decider';
import type { WorkerCommands, WorkerRequest } from '../worker/worker-commands';
import { importSteps, type ImportStep } from './domain/import-steps';
import {
  applicationOf,
  StaffSheet,
  type ImportProblem,
  type RowResult,
  type StaffRecord,
} from './domain/staff-row';
import { StaffFileUnreadable, staffLines, type StaffFile } from './staff-file';
import {
  MAX_LISTED,
  type Counters,
  type StaffImportProgress,
  type StaffImportProgressStore,
  type StaffImportStatus,
} from './staff-import-progress';

/** Lines applied at once; each line's commands run in order. */
export const IMPORT_CONCURRENCY = 8;
/** Progress is written at most this often (and when a phase ends), never per line. */
const PROGRESS_EVERY_MS = 250;
/** Written even when no line moves (a slow database), so the import does not look abandoned. */
const HEARTBEAT_MS = 10_000;
const TRANSIENT_ATTEMPTS = 3;

type LineOutcome = 'imported' | 'updated' | 'unchanged' | { problem: Omit<ImportProblem, 'line'> };

export interface RunOptions {
  importId: string;
  attempt: number;
  file: StaffFile;
  stationScope: string | null;
  meta: (commandId: string, at: Date) => CommandMetadata;
}

/** One attempt at one import. */
export class ImportRun {
  private readonly counters: Counters = {
    status: 'validating',
    totalRows: 0,
    validRows: 0,
    processed: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    badRowCount: 0,
    badRows: [],
    badRowsTruncated: false,
    warningCount: 0,
    warnings: [],
    error: null,
  };
  private readonly stations = new Map<string, Promise<boolean>>();
  /** Set when another attempt took the import over: stop, and write nothing more. */
  private superseded = false;
  private interrupted = false;
  private lastSave = 0;
  private saving: Promise<void> | null = null;
  private dirty = false;
  /** The instant the whole import is decided at: ages, certificate validity, the events' time. */
  private readonly at = new Date();

  constructor(
    private readonly workers: WorkerCommands,
    private readonly commands: CommandRunner,
    private readonly store: StaffImportProgressStore,
    private readonly options: RunOptions,
  ) {}

  interrupt(): void {
    this.interrupted = true;
  }

  async execute(): Promise<StaffImportProgress> {
    const heartbeat = setInterval(() => this.save(true), HEARTBEAT_MS);
    try {
      await this.validate();
      if (!this.superseded) {
        this.counters.status = 'running';
        await this.save(true);
        await this.apply();
      }
      this.finish('completed', null);
    } catch (error) {
      this.finish('failed', error instanceof Error ? error.message : String(error));
      if (error instanceof StaffFileUnreadable)
        this.counters.badRows.push({ line: error.line, field: '(file)', reason: error.message });
      else console.error(`[workforce] staff import ${this.options.importId} failed:`, error);
    } finally {
      clearInterval(heartbeat);
    }
    await this.save(true);
    const progress = await this.store.find(this.options.importId);
    return progress!;
  }

  private finish(status: StaffImportStatus, error: string | null) {
    if (this.superseded) return;
    this.counters.status = status;
    this.counters.error = error;
  }

  /** First pass: every line checked and counted; lines naming a station that does not exist are bad too. */
  private async validate(): Promise<void> {
    await this.eachLine(async (result, sheet) => {
      this.counters.totalRows++;
      this.warn(result.warnings);
      if (result.kind === 'bad') return this.bad(result.problems);
      const stationProblem = await this.stationProblem(result.record, sheet);
      if (stationProblem) return this.bad([stationProblem]);
      this.counters.validRows++;
      this.touch();
    });
  }

  /** Second pass over the same bytes: the same checks give the same valid lines, now applied. */
  private async apply(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let fatal: unknown = null;
    await this.eachLine(async (result, sheet) => {
      if (result.kind !== 'good' || (await this.stationProblem(result.record, sheet))) return;
      if (fatal || this.superseded) return;
      const task = this.applyLine(result.record, sheet)
        .catch((error: unknown) => {
          fatal ??= error;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= IMPORT_CONCURRENCY) await Promise.race(inFlight);
    });
    await Promise.all(inFlight);
    if (fatal) throw fatal;
  }

  private async eachLine(
    visit: (result: Exclude<RowResult, { kind: 'empty' }>, sheet: StaffSheet) => Promise<void>,
  ): Promise<void> {
    let sheet: StaffSheet | null = null;
    for await (const { line, cells } of staffLines(this.options.file)) {
      if (this.superseded) return;
      if (this.interrupted)
        throw new Error(`the service stopped at line ${line}: upload the same file again to continue`);
      if (!sheet) {
        if (cells.every((cell) => cell === null || cell === undefined || String(cell).trim() === ''))
          continue;
        const header = StaffSheet.fromHeader(cells, this.at, line);
        // checkHeader let this file in; a header that fails now means the bytes changed under us.
        if (!header.ok) throw new Error(`the header of line ${line} no longer validates`);
        if (this.counters.status === 'validating') this.warn(header.warnings);
        sheet = header.sheet;
        continue;
      }
      const result = sheet.row(line, cells);
      if (result.kind !== 'empty') await visit(result, sheet);
    }
  }

  private stationProblem(
    record: StaffRecord,
    sheet: StaffSheet,
  ): Promise<ImportProblem | null> | ImportProblem | null {
    const column = sheet.columnOf('stationId');
    const problem = (reason: string): ImportProblem => ({
      line: record.line,
      field: 'stationId',
      ...(column ? { column } : {}),
      reason,
    });
    const { stationScope } = this.options;
    if (stationScope !== null && record.stationId !== stationScope)
      return problem(`a station leader imports workers of their own station (${stationScope}) only`);
    let exists = this.stations.get(record.stationId);
    if (!exists) {
      exists = this.commands
        .load(stationDecider, stationStream(record.stationId))
        .then((state) => state.status !== 'none');
      this.stations.set(record.stationId, exists);
    }
    return exists.then((found) => (found ? null : problem(`station ${record.stationId} does not exist`)));
  }

  private async applyLine(record: StaffRecord, sheet: StaffSheet): Promise<void> {
    const outcome = await this.applyWithRetries(record);
    this.counters.processed++;
    if (typeof outcome === 'string') this.counters[outcome]++;
    else {
      const column = sheet.columnOf(outcome.problem.field);
      this.bad([{ line: record.line, ...outcome.problem, ...(column ? { column } : {}) }]);
    }
    this.touch();
  }

  /**
   * A refused command (DomainError, ContractViolation) makes the line bad; anything else (the
   * database away for a moment) is retried, and fails the import when it persists: a re-run then
   * continues where this one stopped.
   */
  private async applyWithRetries(record: StaffRecord): Promise<LineOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applyOnce(record);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'WORKER_EXISTS' && attempt < TRANSIENT_ATTEMPTS)
          continue; // another import applied the same worker meanwhile: plan again from its state
        const refused = refusal(error);
        if (refused) return { problem: { field: refused.field ?? 'staffNo', reason: refused.reason } };
        if (attempt >= TRANSIENT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  private async applyOnce(record: StaffRecord): Promise<LineOutcome> {
    const state = await this.workers.load(record.workerId);
    const { stationScope } = this.options;
    // A station leader's file may name their station, but the worker on file may be elsewhere now.
    if (stationScope !== null && state.status !== 'none' && state.worker.stationId !== stationScope) {
      return {
        problem: {
          field: 'stationId',
          reason: `${record.workerId} belongs to station ${state.worker.stationId}; a station leader imports workers of their own station (${stationScope}) only`,
        },
      };
    }
    const plan = importSteps(record, state);
    this.warn(plan.warnings.map((w) => ({ line: record.line, ...w })));
    let changed = false;
    for (const step of plan.steps) {
      try {
        changed = (await this.step(record, step)) || changed;
      } catch (error) {
        const refused =
          error instanceof DomainError && error.code === 'WORKER_EXISTS' ? null : refusal(error);
        if (!refused) throw error;
        const partly = changed
          ? ' (the worker was recorded up to this step; fix the line and import again)'
          : '';
        return {
          problem: {
            field: fieldOf(refused.field, step),
            reason: `${refused.reason}${partly}`,
          },
        };
      }
    }
    if (!changed) return 'unchanged';
    return state.status === 'none' ? 'imported' : 'updated';
  }

  private async step(record: StaffRecord, step: ImportStep): Promise<boolean> {
    const meta = this.options.meta(step.commandId, this.at);
    if (step.kind === 'apply') {
      const applied = await this.workers.apply(applicationOf(record), meta);
      return applied.outcome.status === 'appended';
    }
    const request: WorkerRequest =
      step.request.type === 'SubmitCertificate' ? { ...step.request, at: this.at } : step.request;
    const outcome = await this.workers.run(record.workerId, request, meta);
    return outcome.status === 'appended';
  }

  private bad(problems: ImportProblem[]) {
    this.counters.badRowCount++;
    for (const problem of problems) {
      if (this.counters.badRows.length < MAX_LISTED) this.counters.badRows.push(problem);
      else this.counters.badRowsTruncated = true;
    }
    this.touch();
  }

  private warn(warnings: ImportProblem[]) {
    for (const warning of warnings) {
      this.counters.warningCount++;
      if (this.counters.warnings.length < MAX_LISTED) this.counters.warnings.push(warning);
    }
  }

  private touch() {
    this.dirty = true;
    if (Date.now() - this.lastSave >= PROGRESS_EVERY_MS) void this.save(false);
  }

  /** One write at a time; `force` writes even when nothing moved (heartbeat, phase ends). */
  private save(force: boolean): Promise<void> {
    if (this.superseded) return Promise.resolve();
    if (this.saving) {
      if (!force) return this.saving;
      return this.saving.then(() => this.save(true));
    }
    if (!force && !this.dirty) return Promise.resolve();
    this.dirty = false;
    this.lastSave = Date.now();
    const snapshot: Counters = {
      ...this.counters,
      badRows: [...this.counters.badRows].sort((a, b) => a.line - b.line),
      warnings: [...this.counters.warnings].sort((a, b) => a.line - b.line),
    };
    this.saving = this.store
      .save(this.options.importId, this.options.attempt, snapshot)
      .then((ours) => {
        if (!ours) this.superseded = true;
      })
      .catch((error: unknown) => {
        // A missed progress write is caught up by the next one; the import itself goes on.
        this.dirty = true;
        console.warn(
          `[workforce] staff import ${this.options.importId}: progress not saved: ${String(error)}`,
        );
      })
      .finally(() => {
        this.saving = null;
      });
    return this.saving;
  }
}

/** A command the domain refused, as a line problem; null for failures that are not about the line. */
function refusal(error: unknown): { field: string | undefined; reason: string } | null {
  if (error instanceof DomainError) {
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    return { field, reason: error.message };
  }
  if (error instanceof ContractViolation) {
    const first = error.problems[0];
    return { field: first?.field.replace(/^data\./, ''), reason: error.message };
  }
  return null;
}

/** The spreadsheet column a refusal is about: the domain's field where it names one, else the step's. */
function fieldOf(field: string | undefined, step: ImportStep): string {
  const known: Record<string, string> = {
    stationId: 'stationId',
    'certificate.validTo': 'certificateValidTo',
    'certificate.validFrom': 'certificateValidFrom',
    'certificate.certificateId': 'certificateNumber',
    certificateId: 'certificateNumber',
    jobTypes: 'jobTypes',
    languages: 'languages',
    serviceAreas: 'serviceAreas',
    experienceYears: 'experienceYears',
    'homeLocation.lat': 'homeLat',
    'homeLocation.lng': 'homeLng',
    employedSince: 'employedSince',
  };
  if (field && known[field]) return known[field];
  return step.kind === 'apply' ? 'staffNo' : step.field;
}
