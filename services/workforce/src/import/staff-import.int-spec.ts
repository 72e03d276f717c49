import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { issueToken, loadTokenConfig, type Principal, type Role } from '@platform/auth';
import { allEvents } from '@platform/contracts';
import {
  EventingModule,
  MONGO_CONNECTION,
  PG_POOL,
  quoteIdent,
  type CommandMetadata,
} from '@platform/eventing';
import { eventually, uniqueName } from '@platform/eventing/testing';
import { CommandRunner, DateTimeScalar, ExpectedErrorsFilter, federatedGraphQL } from '@platform/service-kit';
import express from 'express';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
} from '../organisation/organisation.decider';
import { ProfileStore } from '../worker/profile-store';
import { WorkerCommands } from '../worker/worker-commands';
import { sampleStaff, sampleStaffCsv, sampleStaffXlsx } from '../../test/support/sample-staff';
import { importSteps } from './domain/import-steps';
import { StaffSheet, type StaffRecord } from './domain/staff-row';
import { CSV_TYPE, declaredFormat, staffFile, staffLines, XLSX_TYPE } from './staff-file';
import { StaffImports } from './staff-import';
import { StaffImportProgressStore } from './staff-import-progress';
import { StaffImportModule } from './staff-import.module';

// Answers are checked by the assertions, not by the compiler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** What the workforce service's own schema defines; the import extends it. */
const baseSchema = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
scalar DateTime
type Query { staffImportSpecBase: Boolean }
`;

const BRANCH = 'sh';
const STATION = 'sh-xuhui';
const OTHER_STATION = 'sh-jingan';

describe('staff import from spreadsheets (real PostgreSQL)', () => {
  const storage = uniqueName('wf_import');
  const schemaDir = mkdtempSync(join(tmpdir(), 'staff-import-schema-'));
  const tokens = loadTokenConfig();
  let app: INestApplication;
  let url: string;
  let pool: Pool;
  let admin: string;

  const token = (role: Role, extra: Partial<Principal> = {}) =>
    issueToken(tokens, { sub: `${role}-${randomUUID().slice(0, 8)}`, role, ...extra });

  async function post(
    body: Buffer,
    options: { type?: string; token?: string | null; query?: string; headers?: Record<string, string> } = {},
  ) {
    const auth = options.token === undefined ? admin : options.token;
    const response = await fetch(`${url}/imports/staff${options.query ?? ''}`, {
      method: 'POST',
      headers: {
        'content-type': options.type ?? CSV_TYPE,
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...options.headers,
      },
      body: Uint8Array.from(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function get(path: string, auth: string | null = admin) {
    const response = await fetch(`${url}${path}`, {
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  const eventCount = async () =>
    Number((await pool.query(`SELECT count(*) AS n FROM ${quoteIdent(storage)}.events`)).rows[0].n);

  beforeAll(async () => {
    writeFileSync(join(schemaDir, 'base.graphql'), baseSchema);

    @Module({
      imports: [
        EventingModule.forRoot({ context: 'workforce', storage, events: allEvents, forward: false }),
        StaffImportModule.forRoot({ ownWorkerCommands: true }),
        federatedGraphQL({
          service: 'workforce',
          typePaths: [join(__dirname, 'staff-import.graphql'), join(schemaDir, 'base.graphql')],
          tokens,
          perRequest: (caller) => ({ caller }),
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ExpectedErrorsFilter }, DateTimeScalar],
    })
    class StaffImportSpecModule {}

    app = await NestFactory.create(StaffImportSpecModule, { bodyParser: false, logger: ['error', 'warn'] });
    app.use('/graphql', express.json({ limit: '1mb' }));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    pool = app.get<Pool>(PG_POOL);
    admin = await token('admin');

    const commands = app.get(CommandRunner, { strict: false });
    const meta = (): CommandMetadata => ({
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      actor: { kind: 'user', id: 'spec-admin', role: 'admin' },
      at: new Date(),
    });
    await commands.run(
      branchDecider,
      branchStream(BRANCH),
      {
        type: 'OpenBranch',
        branchId: BRANCH,
        name: { zh: '上海', en: 'Shanghai' },
        city: 'shanghai',
        businessUnits: ['home_cleaning'],
      },
      meta(),
    );
    const branch = await commands.load(branchDecider, branchStream(BRANCH));
    for (const stationId of [STATION, OTHER_STATION]) {
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
        meta(),
      );
    }
  });

  afterAll(async () => {
    if (app) {
      await app.get<Connection>(MONGO_CONNECTION).dropDatabase();
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(storage)} CASCADE`);
      await app.close();
    }
    rmSync(schemaDir, { recursive: true, force: true });
  });

  const at = new Date();
  const csv = sampleStaffCsv(50, [STATION], { bad: 3, at });
  const { bad } = sampleStaff(50, [STATION], { bad: 3, at });

  it('imports the good lines of a CSV and reports each bad one with its line and field', async () => {
    const before = await eventCount();
    const { status, body } = await post(csv, { query: '?wait=true&fileName=staff.csv' });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'completed',
      outcome: 'started',
      fileName: 'staff.csv',
      format: 'csv',
      totalRows: 50,
      validRows: 47,
      processed: 47,
      imported: 47,
      updated: 0,
      unchanged: 0,
      badRowCount: 3,
    });
    expect(bad.map((b) => b.kind)).toEqual(['phone', 'unknown-station', 'duplicate-staff-no']);
    expect(body.badRows.map((p: Json) => ({ line: p.line, field: p.field }))).toEqual(
      bad.map(({ line, field }) => ({ line, field })),
    );
    expect(body.badRows[1].reason).toMatch(/station no-such-station does not exist/);
    expect(body.badRows[2].reason).toMatch(/already on line 2/);

    // Each active worker: applied, certificate submitted and verified, background check,
    // reference, activation (plus any eligibility announcements).
    expect((await eventCount()) - before).toBeGreaterThanOrEqual(47 * 6);
    const worker = await app.get(WorkerCommands, { strict: false }).load('staff-S000001');
    expect(worker.status).toBe('active');
    if (worker.status !== 'active') return;
    expect(worker.worker.employedSince).toBe(sampleStaff(1, [STATION], { at }).rows[0]!.employedSince);
    expect(worker.worker.certificates).toEqual([expect.objectContaining({ status: 'verified' })]);
    const profiles = await app.get(ProfileStore, { strict: false }).find(['staff-S000001']);
    expect(profiles.get('staff-S000001')?.phone).toBe('13900000001');
  });

  it('changes nothing when the same file comes again, or is gone over again with rerun=true', async () => {
    const before = await eventCount();
    const again = await post(csv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'completed', status: 'completed', imported: 47 });
    expect(again.body.message).toMatch(/nothing changed/);

    const rerun = await post(csv, { query: '?wait=true&rerun=true' });
    expect(rerun.status).toBe(200);
    expect(rerun.body).toMatchObject({
      status: 'completed',
      importId: again.body.importId,
      imported: 0,
      updated: 0,
      unchanged: 47,
      badRowCount: 3,
    });
    expect(await eventCount()).toBe(before);
  });

  it('imports an XLSX workbook with Chinese headers and date cells; lines already imported are unchanged', async () => {
    // Staff numbers 41-60: 41-50 came with the CSV, 51-60 are new; odd lines are applicants.
    const xlsx = await sampleStaffXlsx(20, [STATION], {
      firstNo: 41,
      headers: 'chinese',
      status: 'mixed',
      at,
    });
    const { status, body } = await post(xlsx, { type: XLSX_TYPE, query: '?wait=true' });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'completed',
      format: 'xlsx',
      totalRows: 20,
      validRows: 20,
      imported: 10,
      unchanged: 10,
      badRowCount: 0,
    });
    // The applicant lines for workers the CSV activated keep them active, and say so.
    expect(body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', reason: expect.stringMatching(/already active/) }),
      ]),
    );
    const applicant = await app.get(WorkerCommands, { strict: false }).load('staff-S000052');
    expect(applicant.status).toBe('applicant');
    if (applicant.status === 'applicant')
      expect(applicant.worker.certificates).toEqual([expect.objectContaining({ status: 'submitted' })]);
  });

  it('answers 202 at once and shows progress until the import is done', async () => {
    const file = sampleStaffCsv(120, [STATION], { firstNo: 1001, status: 'applicant', at });
    const { status, body } = await post(file);
    expect(status).toBe(202);
    expect(body).toMatchObject({ outcome: 'started', statusUrl: `/imports/staff/${body.importId}` });
    expect(['validating', 'running']).toContain(body.status);

    const seen = new Set<string>();
    const final = await eventually('the import to complete', async () => {
      const progress = await get(body.statusUrl);
      expect(progress.status).toBe(200);
      seen.add(`${progress.body.status}:${progress.body.processed}`);
      return progress.body.status === 'completed' ? progress.body : undefined;
    });
    expect(final).toMatchObject({ totalRows: 120, validRows: 120, processed: 120, imported: 120 });
    expect(final.finishedAt).toEqual(expect.any(String));
    // Polled every 50 ms while the progress is written every 250 ms: part-way figures show.
    const partWay = [...seen].filter((s) => !s.startsWith('completed'));
    expect(partWay.length).toBeGreaterThan(0);

    const graphql = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query:
          'query($id: ID!) { staffImport(importId: $id) { status imported badRowCount badRows { line field column reason } finishedAt } }',
        variables: { id: body.importId },
      }),
    });
    expect(await graphql.json()).toEqual({
      data: {
        staffImport: {
          status: 'completed',
          imported: 120,
          badRowCount: 0,
          badRows: [],
          finishedAt: expect.any(String),
        },
      },
    });
  });

  it('lets a station leader import the workers of their own station only', async () => {
    const leader = await token('station_leader', { branch: 'shanghai', station: STATION });
    const file = sampleStaffCsv(6, [STATION, OTHER_STATION], { firstNo: 2001, status: 'applicant', at });
    const { status, body } = await post(file, { token: leader, query: '?wait=true' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ imported: 3, badRowCount: 3, stationScope: STATION });
    expect(body.badRows.map((p: Json) => [p.line, p.field])).toEqual([
      [3, 'stationId'],
      [5, 'stationId'],
      [7, 'stationId'],
    ]);
    const otherLeader = await token('station_leader', { branch: 'shanghai', station: OTHER_STATION });
    expect((await get(`/imports/staff/${body.importId}`, otherLeader)).status).toBe(403);
    expect((await get(`/imports/staff/${body.importId}`, leader)).status).toBe(200);

    // The same file from an admin is not "done already": the other station's lines are imported.
    const byAdmin = await post(file, { query: '?wait=true' });
    expect(byAdmin.body).toMatchObject({
      outcome: 'started',
      imported: 3,
      unchanged: 3,
      badRowCount: 0,
      stationScope: null,
    });
  });

  it('finishes an import whose process died midway when the same file is posted again', async () => {
    const file = sampleStaffCsv(10, [STATION], { firstNo: 3001, at });
    // The dead attempt: its progress row stopped moving two minutes ago, after it had applied
    // four workers and submitted the certificate of the first.
    const importId = StaffImports.importId(staffFile(file, declaredFormat(CSV_TYPE), null));
    const store = app.get(StaffImportProgressStore, { strict: false });
    await store.claim({
      importId,
      fileName: null,
      format: 'csv',
      startedBy: 'x',
      stationScope: null,
      rerun: false,
    });
    await pool.query(
      `UPDATE ${quoteIdent(storage)}.staff_imports SET status = 'running', updated_at = now() - interval '2 minutes' WHERE import_id = $1`,
      [importId],
    );
    const records: StaffRecord[] = [];
    let sheet: StaffSheet | null = null;
    for await (const { line, cells } of staffLines(staffFile(file, declaredFormat(CSV_TYPE), null))) {
      if (!sheet) {
        const header = StaffSheet.fromHeader(cells, new Date(), line);
        if (header.ok) sheet = header.sheet;
        continue;
      }
      const result = sheet.row(line, cells);
      if (result.kind === 'good') records.push(result.record);
    }
    const workers = app.get(WorkerCommands, { strict: false });
    const meta = (commandId: string): CommandMetadata => ({
      commandId,
      correlationId: `import:${importId}`,
      causationId: null,
      actor: { kind: 'user', id: 'x', role: 'admin' },
      at: new Date(),
    });
    for (const record of records.slice(0, 4)) {
      const [apply, submit] = importSteps(record, { status: 'none' }).steps;
      const { workerId, name, phone, birthday, stationId, jobTypes, languages, experienceYears } = record;
      const application = {
        workerId,
        name,
        phone,
        birthday,
        stationId,
        jobTypes,
        languages,
        experienceYears,
      };
      await workers.apply(
        { ...application, homeLocation: record.homeLocation, serviceAreas: record.serviceAreas },
        meta(apply!.commandId),
      );
      if (record === records[0] && submit?.kind === 'request' && submit.request.type === 'SubmitCertificate')
        await workers.run(workerId, { ...submit.request, at: new Date() }, meta(submit.commandId));
    }

    const { status, body } = await post(file, { query: '?wait=true' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      outcome: 'started',
      status: 'completed',
      imported: 6,
      updated: 4,
      unchanged: 0,
    });
    for (const record of records) expect((await workers.load(record.workerId)).status).toBe('active');

    const before = await eventCount();
    const again = await post(file, { query: '?wait=true&rerun=true' });
    expect(again.body).toMatchObject({ imported: 0, updated: 0, unchanged: 10 });
    expect(await eventCount()).toBe(before);
  });

  it('refuses what is not a staff list, with a clear status and message', async () => {
    const unauthenticated = await post(csv, { token: null });
    expect(unauthenticated.status).toBe(401);
    const worker = await post(csv, { token: await token('worker') });
    expect(worker.status).toBe(403);
    const pdf = await post(Buffer.from('%PDF-1.4'), { type: 'application/pdf' });
    expect(pdf).toMatchObject({ status: 415, body: { message: expect.stringMatching(/text\/csv/) } });
    const empty = await post(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const header = await post(Buffer.from('工号,姓名\nS1,张三\n'));
    expect(header.status).toBe(422);
    expect(header.body.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: 1, field: 'phone' })]),
    );
    const large = await post(Buffer.alloc(21 * 1024 * 1024, 0x61));
    expect(large.status).toBe(413);
    expect((await get(`/imports/staff/${'0'.repeat(64)}`)).status).toBe(404);
  });
});
