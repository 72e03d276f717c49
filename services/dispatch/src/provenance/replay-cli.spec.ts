import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOW, order, policy, worker } from '../../test/support/matching.fixtures';
import { decide } from '../matching/domain/ranking';
import { DEFAULT_POLICY_SETTINGS } from '../world/domain/branch-policy';
import {
  loadReplayPolicy,
  parseReplayArgs,
  periodLabel,
  replayPeriod,
  runReplay,
  type ReplayOptions,
} from './replay-cli';

// Everything here fails before the command connects to PostgreSQL; the database side is in
// replay-cli.int-spec.ts.

const at = (iso: string) => new Date(iso);

describe('dispatch:replay command line', () => {
  it('reads the options and refuses unknown ones with the usage', () => {
    expect(
      parseReplayArgs([
        '--policy',
        'p.json',
        '--from',
        '2025-06-01',
        '--to',
        '2025-07-01',
        '--branch',
        'shanghai',
        '--top',
        '3',
        '--json',
      ]),
    ).toEqual({
      policy: 'p.json',
      from: '2025-06-01',
      to: '2025-07-01',
      branch: 'shanghai',
      top: '3',
      json: true,
    });
    expect(() => parseReplayArgs(['--policy', 'p.json', '--since', '2025-06-01'])).toThrow(
      /Unknown option '--since'[\s\S]*usage: npm run dispatch:replay -- --policy <file.json>/,
    );
    expect(() => parseReplayArgs(['p.json'])).toThrow(/usage:/);
  });
});

describe('the period replayed', () => {
  it('is last calendar month in China Standard Time unless told', () => {
    const period = replayPeriod({}, at('2025-07-15T12:00:00+08:00'));
    expect(period).toEqual({ from: at('2025-06-01T00:00:00+08:00'), to: at('2025-07-01T00:00:00+08:00') });
    expect(periodLabel(period)).toBe('2025-06-01 to 2025-06-30');
  });

  it('counts the first hours of a month in Shanghai as that month, though UTC still has the one before', () => {
    expect(replayPeriod({}, at('2025-07-01T00:30:00+08:00')).from).toEqual(at('2025-06-01T00:00:00+08:00'));
    expect(replayPeriod({}, at('2025-06-30T23:59:00+08:00')).from).toEqual(at('2025-05-01T00:00:00+08:00'));
  });

  it('goes back across the new year', () => {
    expect(replayPeriod({}, at('2026-01-03T09:00:00+08:00'))).toEqual({
      from: at('2025-12-01T00:00:00+08:00'),
      to: at('2026-01-01T00:00:00+08:00'),
    });
  });

  it('takes the days given as CST midnights, --to excluded', () => {
    const period = replayPeriod({ from: '2025-06-10', to: '2025-06-11' }, at('2025-07-15T12:00:00+08:00'));
    expect(period).toEqual({ from: at('2025-06-10T00:00:00+08:00'), to: at('2025-06-11T00:00:00+08:00') });
    expect(periodLabel(period)).toBe('2025-06-10');
  });

  it.each([
    [
      { from: '2025-6-1' },
      '--from must be a calendar day written YYYY-MM-DD, e.g. 2025-06-01; got "2025-6-1"',
    ],
    [
      { to: '2025-02-29' },
      '--to must be a calendar day written YYYY-MM-DD, e.g. 2025-06-01; got "2025-02-29"',
    ],
    [{ from: 'last month' }, '--from must be a calendar day'],
    [{ from: '2025-06-01', to: '2025-06-01' }, '--from 2025-06-01 is not before --to 2025-06-01'],
    [{ from: '2025-07-05' }, 'a day left out defaults to last month; give both --from and --to'],
  ])('refuses %j', (options, message) => {
    expect(() => replayPeriod(options, at('2025-07-15T12:00:00+08:00'))).toThrow(message);
  });
});

describe('the policy file', () => {
  let dir: string;
  const write = async (name: string, content: unknown) => {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dispatch-replay-unit-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes the policy a decision recorded, as it is stored (so an auditor can start from one)', async () => {
    const recorded = JSON.parse(JSON.stringify(decide(order(), [worker('wkr-a')], policy(), NOW).policy));
    expect(await loadReplayPolicy(await write('recorded.json', recorded))).toEqual(policy());
  });

  it("converts a branch's policy settings, named after the file", async () => {
    const path = await write('shanghai-proposal.json', DEFAULT_POLICY_SETTINGS);
    expect(await loadReplayPolicy(path)).toEqual({
      name: 'shanghai-proposal',
      version: 0,
      dailyJobCap: 4,
      travelSpeedKmh: 25,
      bufferMinutes: 15,
      maxDistanceKm: 20,
      routingRules: DEFAULT_POLICY_SETTINGS.routingRules,
      weights: DEFAULT_POLICY_SETTINGS.weights,
    });
  });

  it('names every bad field of branch settings with its path', async () => {
    const path = await write('settings.json', {
      ...DEFAULT_POLICY_SETTINGS,
      dailyJobCap: 0,
      sla: { ...DEFAULT_POLICY_SETTINGS.sla, acceptMinutes: undefined },
    });
    const error = await loadReplayPolicy(path).catch((e: Error) => e);
    expect((error as Error).message).toContain('(read as branch policy settings)');
    expect((error as Error).message).toContain('  dailyJobCap: must be at least 1 (got 0)');
    expect((error as Error).message).toContain('  sla.acceptMinutes: missing (expected number)');
  });

  it.each([
    ['missing.json', null, 'cannot read the policy file'],
    ['broken.json', '{"name": "x",', 'is not JSON'],
    ['list.json', [policy()], 'must hold one JSON object, the policy; it holds [{'],
  ])('refuses %s', async (name, content, message) => {
    const path = content === null ? join(dir, name) : await write(name, content);
    await expect(loadReplayPolicy(path)).rejects.toThrow(message);
  });
});

describe('runReplay before it reaches the database', () => {
  const run = async (options: ReplayOptions) => {
    let stdout = '';
    let stderr = '';
    const code = await runReplay(options, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      // Nothing listens here: a run that got as far as connecting would fail with exit status 1.
      env: { PG_URL: 'postgres://nobody:none@127.0.0.1:1/none' },
    });
    return { code, stdout, stderr };
  };

  it('asks for --policy', async () => {
    const { code, stdout, stderr } = await run({});
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^dispatch:replay: --policy is required: the JSON file of the policy to replay under\nusage:/,
    );
  });

  it('prints the usage for --help', async () => {
    const { code, stdout } = await run({ help: true });
    expect(code).toBe(0);
    expect(stdout).toContain('--to <day>        first day NOT replayed');
  });

  it.each([
    [{ policy: 'p.json', from: '2025-13-01' }, '--from must be a calendar day'],
    [{ policy: 'p.json', top: '-1' }, '--top must be a whole number, 0 or more; got "-1"'],
    [{ policy: 'p.json', branch: '' }, '--branch needs a branch id'],
    [{ policy: '/nonexistent/p.json' }, 'cannot read the policy file /nonexistent/p.json: no such file'],
  ])('refuses %j with exit status 2', async (options, message) => {
    const { code, stderr } = await run(options);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
