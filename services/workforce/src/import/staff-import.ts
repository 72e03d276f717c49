import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Principal } from '@platform/auth';
import { CommandRunner } from '@platform/service-kit';
import { createHash } from 'node:crypto';
import { WorkerCommands } from '../worker/worker-commands';
import { StaffSheet } from './domain/staff-row';
import { ImportRun } from './import-run';
import { StaffFileRejected, StaffFileUnreadable, staffLines, type StaffFile } from './staff-file';
import { StaffImportProgressStore, type StaffImportProgress } from './staff-import-progress';

/** Who may import staff and read imports: admins everywhere, station leaders for their station. */
export const IMPORT_ROLES = ['admin', 'station_leader'] as const;

export function mayRead(principal: Principal, progress: StaffImportProgress): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'station_leader') return false;
  return (
    progress.startedBy === principal.sub ||
    (progress.stationScope !== null && progress.stationScope === principal.station)
  );
}

export interface StartedImport {
  /** started: a new run; running: this file is being imported already; completed: it was, nothing changed. */
  outcome: 'started' | 'running' | 'completed';
  progress: StaffImportProgress;
  /** Settles with the final progress (also for an import another process runs). */
  done: () => Promise<StaffImportProgress>;
}

/**
 * Imports existing staff from a spreadsheet: every line is validated first (nothing is written
 * while the file is read the first time), then the valid lines are applied, IMPORT_CONCURRENCY at
 * a time, through WorkerCommands. The import's id is the SHA-256 of the file, so posting the same
 * file again finds the import (completed: nothing changed); the commands' ids derive from the
 * worker and the step, so an overlapping file, a re-run or a retry after a crash changes nothing
 * that was done (see domain/import-steps.ts). Progress lives in `<schema>.staff_imports`.
 */
@Injectable()
export class StaffImports implements BeforeApplicationShutdown {
  private readonly running = new Map<string, { run: ImportRun; done: Promise<StaffImportProgress> }>();
  private shuttingDown = false;

  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(StaffImportProgressStore) private readonly store: StaffImportProgressStore,
  ) {}

  static importId(file: StaffFile): string {
    return createHash('sha256').update(file.bytes).digest('hex');
  }

  find(importId: string): Promise<StaffImportProgress | null> {
    return this.store.find(importId);
  }

  /**
   * Checks the header (a bad one is refused with 422 before anything is recorded), then starts the
   * import in the background, or answers the one this file already has. A station leader's import
   * takes lines of their own station only.
   */
  async start(file: StaffFile, by: Principal, options: { rerun?: boolean } = {}): Promise<StartedImport> {
    if (this.shuttingDown) throw new Error('the service is shutting down; upload the file again in a moment');
    await checkHeader(file);
    const importId = StaffImports.importId(file);
    const stationScope = by.role === 'admin' ? null : (by.station ?? null);
    const inProcess = this.running.get(importId);
    if (inProcess) return this.answer('running', importId, inProcess.done);
    const claimAs = (rerun: boolean) =>
      this.store.claim({
        importId,
        fileName: file.fileName,
        format: file.format,
        startedBy: by.sub,
        stationScope,
        rerun,
      });
    let claim = await claimAs(options.rerun ?? false);
    // A station leader's earlier import of this file took their station's lines only: for a
    // caller of another scope the file is not done yet.
    if (
      !claim.claimed &&
      claim.progress.status === 'completed' &&
      claim.progress.stationScope !== stationScope
    )
      claim = await claimAs(true);
    if (!claim.claimed) {
      const { progress } = claim;
      if (progress.status === 'completed')
        return { outcome: 'completed', progress, done: async () => progress };
      return { outcome: 'running', progress, done: () => this.awaitElsewhere(importId) };
    }
    const run = new ImportRun(this.workers, this.commands, this.store, {
      importId,
      attempt: claim.attempt,
      file,
      stationScope,
      meta: (commandId, at) => ({
        commandId,
        correlationId: `import:${importId}`,
        causationId: null,
        actor: { kind: 'user', id: by.sub, role: by.role },
        at,
      }),
    });
    const done = run.execute().finally(() => this.running.delete(importId));
    // Nobody may be waiting (202 answered at once); a failure is in the progress row and the log.
    done.catch((error: unknown) => console.error(`[workforce] staff import ${importId}:`, error));
    this.running.set(importId, { run, done });
    return this.answer('started', importId, done);
  }

  private async answer(
    outcome: 'started' | 'running',
    importId: string,
    done: Promise<StaffImportProgress>,
  ): Promise<StartedImport> {
    const progress = await this.store.find(importId);
    if (!progress) throw new Error(`import ${importId} has no progress row`);
    return { outcome, progress, done: () => done };
  }

  private async awaitElsewhere(importId: string): Promise<StaffImportProgress> {
    for (;;) {
      const progress = await this.store.find(importId);
      if (!progress) throw new Error(`import ${importId} disappeared`);
      if (progress.status === 'completed' || progress.status === 'failed') return progress;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * Stops running imports after the lines in flight (before the pool closes), recorded as failed
   * with how far they got: posting the same file again continues, the lines done change nothing.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const { run } of this.running.values()) run.interrupt();
    await Promise.allSettled([...this.running.values()].map(({ done }) => done));
  }
}

/** The header must be fine and at least one worker line must follow, else the upload is refused. */
async function checkHeader(file: StaffFile): Promise<void> {
  let sheet: StaffSheet | null = null;
  try {
    for await (const { line, cells } of staffLines(file)) {
      if (!sheet) {
        if (cells.every((cell) => cell === null || cell === undefined || String(cell).trim() === ''))
          continue;
        const header = StaffSheet.fromHeader(cells, new Date(), line);
        if (!header.ok)
          throw new StaffFileRejected(422, 'the header line is not a staff list', header.problems);
        sheet = header.sheet;
        continue;
      }
      if (sheet.row(line, cells).kind !== 'empty') return;
    }
  } catch (error) {
    if (error instanceof StaffFileUnreadable)
      throw new StaffFileRejected(422, error.message, [
        { line: error.line, field: '(file)', reason: error.message },
      ]);
    throw error;
  }
  throw new StaffFileRejected(
    422,
    sheet ? 'the file has a header but no worker lines' : 'the file has no header line',
  );
}
