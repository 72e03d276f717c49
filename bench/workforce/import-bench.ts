import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allEvents } from '@platform/contracts';
import {
  EventingModule,
  MONGO_CONNECTION,
  PG_POOL,
  quoteIdent,
  type CommandMetadata,
} from '@platform/eventing';
import { CommandRunner } from '@platform/service-kit';
import type { Connection } from 'mongoose';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Pool } from 'pg';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
} from '../../services/workforce/src/organisation/organisation.decider';
import { importSteps } from '../../services/workforce/src/import/domain/import-steps';
import {
  applicationOf,
  importedCertificateId,
  type StaffRecord,
} from '../../services/workforce/src/import/domain/staff-row';
import { sampleStaff, sampleStaffCsv } from '../../services/workforce/test/support/sample-staff';
import { CSV_TYPE, declaredFormat, staffFile } from '../../services/workforce/src/import/staff-file';
import { IMPORT_CONCURRENCY } from '../../services/workforce/src/import/import-run';
import { StaffImports } from '../../services/workforce/src/import/staff-import';
import { StaffImportModule } from '../../services/workforce/src/import/staff-import.module';
import { WorkerCommands, type WorkerRequest } from '../../services/workforce/src/worker/worker-commands';

// The staff import of BENCH_IMPORT_ROWS (default 10,000) active workers from one CSV, against its
// reference: the same workers' commands sent straight through WorkerCommands, with the same
// concurrency and command ids, but no file, no parsing, no validation, no station look-up, no
// planning and no progress rows. Each side runs in a child process of its own on a fresh storage
// schema, so the peak RSS is that of the process doing the work, not of this runner.
// Called by bench/workforce/run.ts; alone: tsx bench/workforce/import-bench-cli.ts.

const STATIONS = ['bench-st-1', 'bench-st-2', 'bench-st-3', 'bench-st-4'];
const BRANCH = 'bench-br';

export interface ImportBenchFigures {
  import_rows_per_s: number;
  import_peak_rss_mb: number;
  import_rows: number;
  reference_apply_rows_per_s?: number;
  reference_peak_rss_mb?: number;
}

interface ChildFigures {
  rows: number;
  seconds: number;
  rowsPerS: number;
  peakRssMb: number;
  rssAfterStartMb: number;
  events: number;
  badRows: number;
  /** Import only: reading and validating every line, before the first command. */
  validationSeconds?: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

export async function importBench(log: (line: string) => void): Promise<ImportBenchFigures> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
  const run = randomUUID().replace(/-/g, '').slice(0, 8);
  log(`staff import: ${rows} active workers from a ${mb(sampleStaffCsv(rows, STATIONS).length)} MB CSV`);
  const imported = await child('import', rows, `bench_wf_import_${run}`);
  log(
    `  import     ${round(imported.rowsPerS)} rows/s (${imported.seconds} s, of which validation ${imported.validationSeconds ?? '?'} s; ${imported.events} events), ` +
      `peak RSS ${imported.peakRssMb} MB (${imported.rssAfterStartMb} MB after start-up)`,
  );
  const reference = await child('reference', rows, `bench_wf_importref_${run}`);
  log(
    `  reference  ${round(reference.rowsPerS)} rows/s (${reference.seconds} s, ${reference.events} events), ` +
      `peak RSS ${reference.peakRssMb} MB (${reference.rssAfterStartMb} MB after start-up): the same commands straight through WorkerCommands`,
  );
  log(
    `  import rows/s ${round(imported.rowsPerS)} vs reference ${round(reference.rowsPerS)} ` +
      `(${round((100 * imported.rowsPerS) / reference.rowsPerS, 0)}%); ` +
      `peak RSS ${imported.peakRssMb} MB vs reference ${reference.peakRssMb} MB`,
  );
  if (imported.events !== reference.events)
    throw new Error(
      `the import wrote ${imported.events} events, the reference ${reference.events}: they differ`,
    );
  return {
    import_rows_per_s: round(imported.rowsPerS),
    import_peak_rss_mb: imported.peakRssMb,
    import_rows: rows,
    reference_apply_rows_per_s: round(reference.rowsPerS),
    reference_peak_rss_mb: reference.peakRssMb,
  };
}

function child(mode: 'import' | 'reference', rows: number, storage: string): Promise<ChildFigures> {
  const proc = spawn(process.execPath, ['--import', 'tsx', __filename], {
    cwd: join(__dirname, '..', '..'),
    env: {
      ...process.env,
      IMPORT_BENCH_CHILD: mode,
      BENCH_IMPORT_ROWS: String(rows),
      IMPORT_BENCH_STORAGE: storage,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-10_000)));
  return new Promise((resolve, reject) => {
    proc.on('error', reject).on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('FIGURES '));
      if (code !== 0 || !line)
        return reject(new Error(`${mode} child exited ${code}:\n${out.slice(-5000)}\n${err}`));
      resolve(JSON.parse(line.slice('FIGURES '.length)) as ChildFigures);
    });
  });
}

/** The child: one side of the benchmark, in a process of its own. */
async function runChild(mode: 'import' | 'reference'): Promise<void> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS);
  const storage = process.env.IMPORT_BENCH_STORAGE!;
  // No Kafka forwarding: both sides write the event store only.
  @Module({
    imports: [
      EventingModule.forRoot({ context: 'workforce', storage, events: allEvents, forward: false }),
      StaffImportModule.forRoot({ ownWorkerCommands: true }),
    ],
  })
  class ImportBenchModule {}
  const app = await NestFactory.createApplicationContext(ImportBenchModule, { logger: ['error', 'warn'] });
  const pool = app.get<Pool>(PG_POOL);
  try {
    await openStations(app.get(CommandRunner, { strict: false }));
    const at = new Date();
    const csv = mode === 'import' ? sampleStaffCsv(rows, STATIONS, { at }) : null;
    const records = mode === 'reference' ? referenceRecords(rows, at) : null;
    const rssAfterStart = process.memoryUsage().rss;
    const started = performance.now();
    let badRows = 0;
    let validationSeconds: number | undefined;
    if (csv) {
      const imports = app.get(StaffImports, { strict: false });
      const begun = await imports.start(staffFile(csv, declaredFormat(CSV_TYPE), 'bench.csv'), {
        sub: 'bench',
        role: 'admin',
      });
      // The moment validation ends, seen by polling the progress as a client would.
      let validated: number | undefined;
      const watch = setInterval(() => {
        void imports.find(begun.progress.importId).then((p) => {
          if (validated === undefined && p && p.status !== 'validating') validated = performance.now();
        });
      }, 50);
      const progress = await begun.done();
      clearInterval(watch);
      if (validated !== undefined) validationSeconds = round((validated - started) / 1000, 2);
      if (progress.status !== 'completed' || progress.imported !== rows)
        throw new Error(
          `import ended ${progress.status}, ${progress.imported} imported: ${progress.error ?? ''}`,
        );
      badRows = progress.badRowCount;
    } else {
      await reference(app.get(WorkerCommands, { strict: false }), records!, at);
    }
    const seconds = (performance.now() - started) / 1000;
    const events = Number(
      (await pool.query(`SELECT count(*) AS n FROM ${quoteIdent(storage)}.events`)).rows[0].n,
    );
    const figures: ChildFigures = {
      rows,
      seconds: round(seconds, 2),
      rowsPerS: rows / seconds,
      peakRssMb: round(process.resourceUsage().maxRSS / 1024),
      rssAfterStartMb: mb(rssAfterStart),
      events,
      badRows,
      ...(validationSeconds !== undefined ? { validationSeconds } : {}),
    };
    console.log(`FIGURES ${JSON.stringify(figures)}`);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(storage)} CASCADE`).catch(() => undefined);
    await app
      .get<Connection>(MONGO_CONNECTION)
      .dropDatabase()
      .catch(() => undefined);
    await app.close();
  }
}

const benchMeta = (commandId: string, at: Date): CommandMetadata => ({
  commandId,
  correlationId: 'import-bench',
  causationId: null,
  actor: { kind: 'user', id: 'bench', role: 'admin' },
  at,
});

async function openStations(commands: CommandRunner): Promise<void> {
  const at = new Date();
  await commands.run(
    branchDecider,
    branchStream(BRANCH),
    {
      type: 'OpenBranch',
      branchId: BRANCH,
      name: { zh: '基准', en: 'Bench' },
      city: 'shanghai',
      businessUnits: ['home_cleaning'],
    },
    benchMeta(`bench:${BRANCH}`, at),
  );
  const branch = await commands.load(branchDecider, branchStream(BRANCH));
  for (const stationId of STATIONS) {
    await commands.run(
      stationDecider,
      stationStream(stationId),
      {
        type: 'OpenStation',
        branch,
        stationId,
        branchId: BRANCH,
        name: { zh: stationId, en: stationId },
        leaderId: `leader-${stationId}`,
        districts: ['xuhui'],
      },
      benchMeta(`bench:${stationId}`, at),
    );
  }
}

/** The sample's lines as records, converted directly (no validation), as the reference's input. */
function referenceRecords(rows: number, at: Date): StaffRecord[] {
  return sampleStaff(rows, STATIONS, { at }).rows.map((row, i) => {
    const staffNo = String(row.staffNo);
    const workerId = `staff-${staffNo}`;
    const list = (value: unknown) => String(value).split(';');
    const type = String(row.certificateType) as NonNullable<StaffRecord['certificate']>['type'];
    return {
      line: i + 2,
      staffNo,
      workerId,
      name: String(row.name),
      phone: String(row.phone),
      birthday: String(row.birthday),
      stationId: String(row.stationId),
      jobTypes: list(row.jobTypes),
      languages: list(row.languages),
      experienceYears: Number(row.experienceYears),
      homeLocation: { lat: Number(row.homeLat), lng: Number(row.homeLng) },
      serviceAreas: list(row.serviceAreas),
      certificate: {
        certificateId: importedCertificateId(workerId, type, String(row.certificateNumber)),
        type,
        number: String(row.certificateNumber),
        issuer: String(row.certificateIssuer),
        validFrom: String(row.certificateValidFrom),
        validTo: String(row.certificateValidTo),
      },
      employedSince: String(row.employedSince),
      status: 'active',
    };
  });
}

/**
 * Every command of each record, in order, IMPORT_CONCURRENCY records at a time: what the import
 * sends for a new worker, without reading the worker's state first.
 */
async function reference(workers: WorkerCommands, records: StaffRecord[], at: Date): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IMPORT_CONCURRENCY }, async () => {
      while (next < records.length) {
        const record = records[next++]!;
        for (const step of importSteps(record, { status: 'none' }).steps) {
          const meta = benchMeta(step.commandId, at);
          if (step.kind === 'apply') {
            await workers.apply(applicationOf(record), meta);
          } else {
            const request: WorkerRequest =
              step.request.type === 'SubmitCertificate' ? { ...step.request, at } : step.request;
            await workers.run(record.workerId, request, meta);
          }
        }
      }
    }),
  );
}

if (require.main === module && process.env.IMPORT_BENCH_CHILD) {
  const mode = process.env.IMPORT_BENCH_CHILD === 'reference' ? 'reference' : 'import';
  runChild(mode)
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    });
}
