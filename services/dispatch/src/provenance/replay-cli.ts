import { dispatchPolicySchema } from '@platform/contracts';
import { createPool, loadEnv, loadPlatformEnv, quoteIdent } from '@platform/eventing';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { z } from 'zod';
import { dispatchEnvSchema } from '../dispatch.config';
import type { DispatchPolicy } from '../matching/domain/dispatch-view';
import type { Decision } from '../matching/domain/ranking';
import { DecisionRecords } from './decision-records';
import { matchingPolicy } from '../world/domain/branch-policy';
import { PolicyComparisonTally } from './domain/compare-policies';
import { formatComparison } from './domain/comparison-report';
import { BUSINESS_UTC_OFFSET_MS, businessDay } from '@platform/domain-kit';

/**
 * npm run dispatch:replay — the auditor's "what if": the automatic dispatch decisions of a period,
 * read back from dispatch's PostgreSQL provenance, replayed under another scoring policy and
 * compared with what was recorded. It reads only; the service may keep running.
 */

export const USAGE = `usage: npm run dispatch:replay -- --policy <file.json> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--branch <id>] [--top N] [--json]

  --policy <file>   the policy to replay under, as JSON: either a matching policy (name, version,
                    dailyJobCap, travelSpeedKmh, bufferMinutes, routingRules, weights, maxDistanceKm;
                    a decision's recorded "policy" has this shape) or a branch's policy settings as an
                    admin sets them (dailyJobCap … offerTimeoutSeconds, sla, reminders; no name: the
                    report calls it by the file's name, version 0)
  --from <day>      first day replayed, China Standard Time (default: first day of last month)
  --to <day>        first day NOT replayed, China Standard Time (default: first day of this month)
  --branch <id>     only this branch's decisions (default: every branch)
  --top <N>         how many of the largest changes of first choice to list (default 10)
  --json            print the comparison as JSON instead of the text report

Reads PG_URL and DISPATCH_STORAGE (default "dispatch") like the dispatch service. The report goes
to stdout, progress to stderr. Exit status: 0 done (also when the period holds no decision),
1 the environment or the database is wrong, 2 a mistake on the command line or in the policy file.`;

/** The command line's values, as typed. */
export interface ReplayOptions {
  policy?: string;
  from?: string;
  to?: string;
  branch?: string;
  top?: string;
  json?: boolean;
  help?: boolean;
}

export interface ReplayIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where PG_URL and DISPATCH_STORAGE are read; process.env unless told. */
  env?: NodeJS.ProcessEnv;
  /** Places "last month" when --from or --to is left out; the system clock unless told. */
  now?: () => Date;
  /** Progress goes to stderr after every this many decisions; 1,000 unless told. */
  progressEvery?: number;
}

/** A mistake the user can fix; `exitCode` 2 for the command line or the policy file, 1 for the environment. */
export class ReplayError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** Reads the command line; an unknown option or a stray argument throws with the usage. */
export function parseReplayArgs(argv: string[]): ReplayOptions {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        policy: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        branch: { type: 'string' },
        top: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new ReplayError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The period

/** Epoch ms of 00:00 China Standard Time on a calendar day. */
const cstMidnight = (year: number, monthIndex: number, day: number): number =>
  Date.UTC(year, monthIndex, day) - BUSINESS_UTC_OFFSET_MS;

function parseDay(flag: string, text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const at = match ? cstMidnight(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2025-02-30 over to 2 March: only a day that reads back the same is real.
  if (!match || businessDay(at) !== text) {
    throw new ReplayError(
      `${flag} must be a calendar day written YYYY-MM-DD, e.g. 2025-06-01; got "${text}"`,
    );
  }
  return at;
}

/** `to` is exclusive: the decisions replayed were made at or after `from` and before `to`. */
export interface ReplayPeriod {
  from: Date;
  to: Date;
}

/**
 * The days asked for, China Standard Time; either left out is taken from last calendar month in
 * CST (first day of last month, first day of this month) — in UTC the first eight hours of a month
 * would still count as the month before.
 */
export function replayPeriod(options: { from?: string; to?: string }, now: Date): ReplayPeriod {
  const today = new Date(now.getTime() + BUSINESS_UTC_OFFSET_MS);
  const [year, month] = [today.getUTCFullYear(), today.getUTCMonth()];
  const from =
    options.from === undefined ? cstMidnight(year, month - 1, 1) : parseDay('--from', options.from);
  const to = options.to === undefined ? cstMidnight(year, month, 1) : parseDay('--to', options.to);
  if (from >= to) {
    const defaulted = options.from === undefined || options.to === undefined;
    throw new ReplayError(
      `--from ${businessDay(from)} is not before --to ${businessDay(to)}: --to is the first day NOT replayed` +
        (defaulted ? ' (a day left out defaults to last month; give both --from and --to)' : ''),
    );
  }
  return { from: new Date(from), to: new Date(to) };
}

/** `2025-06-01 to 2025-06-30`, both included, or `2025-06-01` for a single day. */
export function periodLabel({ from, to }: ReplayPeriod): string {
  const first = businessDay(from.getTime());
  const last = businessDay(to.getTime() - 1);
  return first === last ? first : `${first} to ${last}`;
}

// ---------------------------------------------------------------------------------------------
// The policy file

const num = (reason: string) => z.number({ error: reason });
const weight = num('expected a number').min(0, 'must be 0 or more');

/** The matching core's `DispatchPolicy`, with the limits `assertPolicy` puts on it. */
const matchingPolicySchema = z.strictObject({
  name: z
    .string({ error: 'expected a string' })
    .trim()
    .min(1, 'must not be empty: the report names the policy'),
  version: num('expected a whole number').int('expected a whole number').min(0, 'must be 0 or more'),
  dailyJobCap: num('expected a whole number').int('expected a whole number').min(0, 'must be 0 or more'),
  travelSpeedKmh: num('expected a number of km/h').positive('must be greater than 0'),
  bufferMinutes: num('expected a number of minutes').min(0, 'must be 0 or more'),
  routingRules: z.array(
    z
      .strictObject({
        productCategory: z.string({ error: 'expected a string' }).min(1, 'must not be empty').optional(),
        itemCode: z.string({ error: 'expected a string' }).min(1, 'must not be empty').optional(),
        group: z.string({ error: 'expected a string' }).min(1, 'must not be empty'),
      })
      .refine((rule) => rule.productCategory !== undefined || rule.itemCode !== undefined, {
        message: 'must name a productCategory or an itemCode (or both)',
      }),
    { error: 'expected a list of rules (may be empty)' },
  ),
  weights: z.strictObject(
    { distance: weight, regularWorker: weight, loadBalance: weight, rating: weight, skill: weight },
    { error: 'expected an object: distance, regularWorker, loadBalance, rating, skill' },
  ),
  maxDistanceKm: num('expected a number of km').positive('must be greater than 0'),
});

/** Fields only a branch's settings have; a file with one of them and no name is read as settings. */
const SETTINGS_ONLY = ['offerTimeoutSeconds', 'sla', 'reminders'];

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  ) || '(the whole file)';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/** zod's own wording ("Invalid input: expected number, received undefined") made shorter, for the settings shape. */
function plainReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input'))
    return `expected ${issue.expected}`;
  if (issue.code === 'too_small' && issue.message.startsWith('Too small')) {
    return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
  }
  if (issue.code === 'too_big' && issue.message.startsWith('Too big')) {
    return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
  }
  return issue.message;
}

/** One line per problem: the field's path, then what is wrong with it. */
function fieldProblems(error: z.ZodError, raw: unknown): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(
        (key) => `${pathText([...issue.path, key])}: not a policy field; correct its spelling or remove it`,
      );
    }
    const reason = plainReason(issue);
    const value = valueAt(raw, issue.path);
    if (value === undefined) return [`${pathText(issue.path)}: missing (${reason})`];
    return [`${pathText(issue.path)}: ${reason} (got ${shown(value)})`];
  });
}

/**
 * The policy file as the matching core applies it. A branch's settings get the file's name and
 * version 0, since they carry neither.
 */
export async function loadReplayPolicy(file: string): Promise<DispatchPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new ReplayError(
      `cannot read the policy file ${file}: ${reason}. Give the path of a JSON file to --policy.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ReplayError(
      `the policy file ${file} is not JSON (${error instanceof Error ? error.message : String(error)}); ` +
        'it must hold one JSON object, the policy.',
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ReplayError(
      `the policy file ${file} must hold one JSON object, the policy; it holds ${shown(raw)}`,
    );
  }
  const asSettings = !('name' in raw) && !('version' in raw) && SETTINGS_ONLY.some((key) => key in raw);
  if (asSettings) {
    const parsed = dispatchPolicySchema.safeParse(raw);
    if (!parsed.success) throw badPolicy(file, 'as branch policy settings', fieldProblems(parsed.error, raw));
    const name = basename(file, extname(file)) || 'policy-file';
    return { ...matchingPolicy({ branchId: name, version: 0, settings: parsed.data }), name, version: 0 };
  }
  const parsed = matchingPolicySchema.safeParse(raw);
  if (!parsed.success) throw badPolicy(file, 'as a matching policy', fieldProblems(parsed.error, raw));
  return parsed.data;
}

const badPolicy = (file: string, readAs: string, problems: string[]) =>
  new ReplayError(
    [
      `the policy file ${file} is not a valid dispatch policy (read ${readAs}):`,
      ...problems.map((p) => `  ${p}`),
      'Correct these fields and run again (npm run dispatch:replay -- --help describes both shapes).',
    ].join('\n'),
  );

// ---------------------------------------------------------------------------------------------
// The run

function parseTop(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ReplayError(`--top must be a whole number, 0 or more; got "${text}"`);
  return Number(text);
}

const grouped = (n: number): string => n.toLocaleString('en-US');
const hidePassword = (url: string): string => url.replace(/:[^:@/]+@/, ':***@');

/**
 * Refuses a schema without dispatch's decisions table rather than letting `DecisionRecords` create
 * one: a misspelt DISPATCH_STORAGE would otherwise read as "no decisions" and leave a stray schema.
 */
async function assertDecisionsTable(pool: Pool, schema: string, pgUrl: string): Promise<void> {
  let found: boolean;
  try {
    const { rows } = await pool.query('SELECT to_regclass($1) IS NOT NULL AS found', [
      `${quoteIdent(schema)}.decisions`,
    ]);
    found = rows[0].found;
  } catch (error) {
    throw new ReplayError(
      `cannot read PostgreSQL at ${hidePassword(pgUrl)}: ${error instanceof Error ? error.message : String(error)}. ` +
        'Start it (npm run infra:up) or point PG_URL at the database dispatch writes to.',
      1,
    );
  }
  if (!found) {
    throw new ReplayError(
      `no table ${schema}.decisions in the database at ${hidePassword(pgUrl)}: dispatch has recorded no decision ` +
        `under DISPATCH_STORAGE=${schema}. Set DISPATCH_STORAGE (and PG_URL) as the dispatch service has them.`,
      1,
    );
  }
}

async function replayAll(options: ReplayOptions, io: ReplayIo): Promise<number> {
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!options.policy) {
    throw new ReplayError(`--policy is required: the JSON file of the policy to replay under\n${USAGE}`);
  }
  const period = replayPeriod(options, (io.now ?? (() => new Date()))());
  const top = parseTop(options.top);
  if (options.branch === '') throw new ReplayError('--branch needs a branch id, e.g. --branch shanghai');
  const policy = await loadReplayPolicy(options.policy);
  let tally: PolicyComparisonTally;
  try {
    tally = new PolicyComparisonTally(policy, { top });
  } catch (error) {
    throw new ReplayError(
      `the policy file ${options.policy}: ${error instanceof Error ? error.message : error}`,
    );
  }

  const env = io.env ?? process.env;
  const { PG_URL } = loadPlatformEnv(env);
  const { DISPATCH_STORAGE: schema } = loadEnv(dispatchEnvSchema.pick({ DISPATCH_STORAGE: true }), env);
  const where = `${periodLabel(period)} (CST)${options.branch ? `, branch ${options.branch}` : ', every branch'}`;
  const policyName = `${policy.name}@${policy.version}`;
  io.stderr(`replaying under ${policyName} (${options.policy}): the decisions of ${where}\n`);

  const pool = createPool(PG_URL, 2);
  const started = Date.now();
  let count = 0;
  try {
    await assertDecisionsTable(pool, schema, PG_URL);
    const every = Math.max(1, Math.floor(io.progressEvery ?? 1000));
    const records = new DecisionRecords(pool, schema);
    for await (const decision of records.decisionsBetween(period.from, period.to, options.branch)) {
      addOne(tally, decision);
      count++;
      if (count % every === 0) {
        io.stderr(`  ${grouped(count)} decisions replayed, up to ${decision.decidedAt}\n`);
      }
    }
  } finally {
    await pool.end();
  }
  io.stderr(`replayed ${grouped(count)} decisions in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  const comparison = tally.result();
  if (options.json) {
    const asked = {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      branchId: options.branch ?? null,
    };
    io.stdout(`${JSON.stringify({ period: asked, policyFile: options.policy, comparison }, null, 2)}\n`);
  } else {
    io.stdout(
      formatComparison(comparison, {
        from: `recorded, ${where}`,
        to: basename(options.policy),
      }),
    );
  }
  return 0;
}

function addOne(tally: PolicyComparisonTally, decision: Decision): void {
  try {
    tally.add(decision);
  } catch (error) {
    // Names the row, so a damaged or unexpectedly old provenance document can be found and looked at.
    throw new ReplayError(
      `could not replay the decision for order ${decision.orderId} (decided ${decision.decidedAt}): ` +
        `${error instanceof Error ? error.message : String(error)}. Report it with that order id.`,
      1,
    );
  }
}

/**
 * Runs the command: the report to `io.stdout`, progress and errors to `io.stderr`. Resolves to the
 * exit status rather than exiting, so a spec can call it in-process.
 */
export async function runReplay(options: ReplayOptions, io: ReplayIo): Promise<number> {
  try {
    return await replayAll(options, io);
  } catch (error) {
    if (error instanceof ReplayError) {
      io.stderr(`dispatch:replay: ${error.message}\n`);
      return error.exitCode;
    }
    // A ConfigError (bad PG_URL or DISPATCH_STORAGE) already names the variable to fix; a database
    // error midway stopped the run before anything was printed to stdout.
    io.stderr(`dispatch:replay: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function main(): Promise<void> {
  const io: ReplayIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  let options: ReplayOptions;
  try {
    options = parseReplayArgs(process.argv.slice(2));
  } catch (error) {
    io.stderr(`dispatch:replay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await runReplay(options, io);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `dispatch:replay failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
