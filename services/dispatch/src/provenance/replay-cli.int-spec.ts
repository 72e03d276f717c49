import { createPool, quoteIdent } from '@platform/eventing';
import { serverUrls, uniqueName } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { DispatchPolicy, Instant, OrderToDispatch } from '../matching/domain/dispatch-view';
import { cst, policy } from '../../test/support/matching.fixtures';
import { decide, type Decision } from '../matching/domain/ranking';
import { DecisionRecords } from './decision-records';
import { DEFAULT_POLICY_SETTINGS } from '../world/domain/branch-policy';
import type { PolicyComparison } from './domain/compare-policies';
import {
  dispatchInTurn,
  oneHourClean,
  weightsOnly,
  xujiahuiStation,
} from '../../test/support/replay.fixtures';
import { runReplay, type ReplayOptions } from './replay-cli';

const loadOnly = policy({ name: 'load-only', version: 5, weights: weightsOnly({ loadBalance: 1 }) });
const olderLoadOnly = policy({ name: 'load-only', version: 4, weights: weightsOnly({ loadBalance: 1 }) });
const distanceOnly = policy({ name: 'distance-only', version: 3, weights: weightsOnly({ distance: 1 }) });
const beijing = policy({ name: 'beijing', version: 2 });

// One-hour cleans in Xujiahui on Monday 2 June, decided at the given times, one after another.
const clean = (from: string) => oneHourClean(from, randomUUID());
const inTurn = (p: DispatchPolicy, orders: [OrderToDispatch, Instant][]) =>
  dispatchInTurn(xujiahuiStation(), orders, p);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('npm run dispatch:replay on the real PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  let dir: string;
  const file = (name: string) => join(dir, name);

  const replay = async (options: ReplayOptions, extra: { now?: Date; progressEvery?: number } = {}) => {
    const run: Run = { code: -1, stdout: '', stderr: '' };
    run.code = await runReplay(options, {
      stdout: (text) => (run.stdout += text),
      stderr: (text) => (run.stderr += text),
      env: { PG_URL: serverUrls().pgUrl, DISPATCH_STORAGE: schema },
      now: () => extra.now ?? new Date('2025-07-15T12:00:00+08:00'),
      progressEvery: extra.progressEvery,
    });
    return run;
  };
  const comparisonOf = (run: Run): PolicyComparison => JSON.parse(run.stdout).comparison;

  beforeAll(async () => {
    pool = createPool(serverUrls().pgUrl, 2);
    schema = uniqueName('replay');
    dir = await mkdtemp(join(tmpdir(), 'dispatch-replay-'));
    const records = new DecisionRecords(pool, schema);
    // Decisions whose events landed (dispatch marks them so once it reads their DispatchDecided).
    const save = (branchId: string, label: string) => async (d: Decision) => {
      const decisionId = randomUUID();
      await records.saveDecision(decisionId, branchId, d, label);
      await records.markLanded(decisionId);
    };

    // June in China Standard Time, both edges: 00:00 CST on 1 June is still 31 May in UTC.
    const june = inTurn(loadOnly, [
      [clean('08:00'), cst('2025-06-01T00:00')],
      [clean('10:00'), cst('2025-06-01T08:00')],
      [clean('12:00'), cst('2025-06-01T20:00')],
      [clean('14:00'), cst('2025-06-02T07:00')],
    ]);
    // As recorded under load balance: A (all idle, the nearest), then the idle B and C, then A again.
    expect(june.map((d) => d.offerOrder[0])).toEqual(['wkr-a', 'wkr-b', 'wkr-c', 'wkr-a']);
    for (const d of june) await save('shanghai', 'load-only@5')(d);

    // Just outside June in CST, on either side, under an older version so they would show if counted.
    const outside = inTurn(olderLoadOnly, [
      [clean('16:00'), '2025-05-31T23:59:59.999+08:00'],
      [clean('17:00'), cst('2025-07-01T00:00')],
    ]);
    for (const d of outside) await save('shanghai', 'load-only@4')(d);

    // Another branch, inside June.
    await save(
      'beijing',
      'beijing@2',
    )(decide(clean('09:00'), xujiahuiStation(), beijing, cst('2025-06-10T09:00')));

    await writeFile(file('distance.json'), JSON.stringify(distanceOnly));
  });

  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await pool?.end();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("replays exactly the period's decisions of one branch and prints the change", async () => {
    const run = await replay({
      policy: file('distance.json'),
      from: '2025-06-01',
      to: '2025-07-01',
      branch: 'shanghai',
    });

    expect(run.code).toBe(0);
    const report = run.stdout;
    expect(report).toContain(
      'before  recorded, 2025-06-01 to 2025-06-30 (CST), branch shanghai: as recorded under load-only@5 (4 decisions)',
    );
    expect(report).toContain('after   distance.json: replayed under distance-only@3');
    expect(report).toContain('4 decisions made 2025-06-01 to 2025-06-02 (CST)');
    expect(report).not.toMatch(/load-only@4|beijing/);
    // Replayed for distance, the two orders spread to B and C go back to the nearest, A.
    expect(report).toMatch(/first choice unchanged +2 +50\.0%/);
    expect(report).toMatch(/first choice changed +2 +50\.0%/);
    expect(report).toMatch(/mean km +2\.13 +0\.13 +-2\.00/);
    expect(report).toMatch(/wkr-c 5\.00 km +wkr-a 0\.00 km +-5\.00 +rank 3/);
    expect(run.stderr).toContain('replayed 4 decisions');
  });

  it('gives the same figures as JSON', async () => {
    const run = await replay({
      policy: file('distance.json'),
      from: '2025-06-01',
      to: '2025-07-01',
      branch: 'shanghai',
      json: true,
    });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).period).toEqual({
      from: '2025-05-31T16:00:00.000Z',
      to: '2025-06-30T16:00:00.000Z',
      branchId: 'shanghai',
    });
    const c = comparisonOf(run);
    expect(c.decisions).toBe(4);
    expect(c.recordedUnder).toEqual([{ name: 'load-only', version: 5, decisions: 4 }]);
    expect(c.outcomes).toMatchObject({ sameFirstChoice: 2, firstChoiceChanged: 2 });
    expect(c.firstChoiceDistance.meanKm).toEqual({ before: 2.125, after: 0.125 });
    expect(c.biggestChanges.map((ch) => [ch.before.workerId, ch.after.workerId, ch.changeKm])).toEqual([
      ['wkr-c', 'wkr-a', -5],
      ['wkr-b', 'wkr-a', -3],
    ]);
  });

  it('defaults to last calendar month in CST, every branch', async () => {
    // 00:30 on 1 July in Shanghai is still 30 June in UTC: last month is June all the same.
    const run = await replay(
      { policy: file('distance.json'), json: true },
      { now: new Date('2025-07-01T00:30:00+08:00') },
    );

    expect(run.code).toBe(0);
    expect(comparisonOf(run).recordedUnder).toEqual([
      { name: 'beijing', version: 2, decisions: 1 },
      { name: 'load-only', version: 5, decisions: 4 },
    ]);
    expect(run.stderr).toContain('the decisions of 2025-06-01 to 2025-06-30 (CST), every branch');
  });

  it('reports progress on stderr and keeps only --top changes', async () => {
    const run = await replay(
      { policy: file('distance.json'), branch: 'shanghai', top: '1', json: true },
      { now: new Date('2025-07-15T12:00:00+08:00'), progressEvery: 2 },
    );

    expect(run.code).toBe(0);
    expect(run.stderr.match(/^ {2}\d+ decisions replayed/gm)).toEqual([
      '  2 decisions replayed',
      '  4 decisions replayed',
    ]);
    expect(comparisonOf(run).biggestChanges.map((ch) => ch.changeKm)).toEqual([-5]);
  });

  it("reads a branch's policy settings as an admin sets them", async () => {
    await writeFile(
      file('nearest-first.json'),
      JSON.stringify({ ...DEFAULT_POLICY_SETTINGS, weights: weightsOnly({ distance: 1 }) }),
    );
    const run = await replay({ policy: file('nearest-first.json'), branch: 'shanghai' });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('after   nearest-first.json: replayed under nearest-first@0');
    expect(run.stdout).toMatch(/first choice changed +2 +50\.0%/);
  });

  it('says there is nothing to compare in a period without decisions, and succeeds', async () => {
    const run = await replay({ policy: file('distance.json'), from: '2025-04-01', to: '2025-05-01' });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing to compare: no dispatch decisions were given.');
    expect(run.stderr).toContain('replayed 0 decisions');
  });

  it('lists every bad field of a policy file with its path and reason, and replays nothing', async () => {
    await writeFile(
      file('bad.json'),
      JSON.stringify({
        ...distanceOnly,
        maxDistanceKm: undefined,
        maxDistanceKM: 10,
        weights: { ...distanceOnly.weights, distance: -1 },
        routingRules: [{ group: 'smart_home' }],
        travelSpeedKmh: 'fast',
      }),
    );
    const run = await replay({ policy: file('bad.json'), branch: 'shanghai' });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').map((line) => line.trim());
    expect(lines[0]).toBe(
      `dispatch:replay: the policy file ${file('bad.json')} is not a valid dispatch policy (read as a matching policy):`,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'travelSpeedKmh: expected a number of km/h (got "fast")',
        'routingRules[0]: must name a productCategory or an itemCode (or both) (got {"group":"smart_home"})',
        'weights.distance: must be 0 or more (got -1)',
        'maxDistanceKm: missing (expected a number of km)',
        'maxDistanceKM: not a policy field; correct its spelling or remove it',
      ]),
    );
    expect(lines.filter((line) => /^[\w.[\]]+: /.test(line))).toHaveLength(5);
    expect(run.stderr).not.toContain('replaying');
  });

  it('refuses a DISPATCH_STORAGE without decisions instead of creating it', async () => {
    const missing = uniqueName('replay_none');
    let stderr = '';
    const run = await runReplay(
      { policy: file('distance.json') },
      {
        stdout: () => undefined,
        stderr: (text) => (stderr += text),
        env: { PG_URL: serverUrls().pgUrl, DISPATCH_STORAGE: missing },
      },
    );

    expect(run).toBe(1);
    expect(stderr).toContain(`DISPATCH_STORAGE=${missing}`);
    const { rows } = await pool.query('SELECT to_regnamespace($1) AS found', [missing]);
    expect(rows[0].found).toBeNull();
  });
});
