import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// npm run test:mutation [-- --mutate <glob>] — runs Stryker (stryker.config.json), then writes
// bench/results/mutation.json from its JSON report and prints the score beside the goal.
const GOAL = 80;
const root = join(__dirname, '..', '..');
const strykerReport = join(root, 'reports', 'mutation', 'mutation.json');
const resultFile = join(root, 'bench', 'results', 'mutation.json');

/** The part of Stryker's JSON report (mutation-testing-report-schema) read here. */
interface StrykerReport {
  files: Record<
    string,
    {
      mutants: {
        mutatorName: string;
        replacement?: string;
        status: string;
        location: { start: { line: number } };
      }[];
    }
  >;
}

function tally(mutants: { status: string }[]) {
  const count = (status: string) => mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const timeout = count('Timeout');
  // Stryker's own score: a timed-out mutant counts as detected (it looped); compile and runtime
  // errors and ignored mutants say nothing about the specs and stay out of the total.
  const total = killed + timeout + survived + noCoverage;
  const score = total === 0 ? 0 : Math.round(((killed + timeout) / total) * 10000) / 100;
  return { killed, survived, noCoverage, timeout, total, score };
}

function summarise(report: StrykerReport, durationSeconds: number) {
  const mutants = Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.map((mutant) => ({ file: relative(root, resolve(root, file)), ...mutant })),
  );
  const { killed, survived, noCoverage, timeout, total, score } = tally(mutants);
  return {
    mutation_score: score,
    goal: GOAL,
    killed,
    survived,
    no_coverage: noCoverage,
    timeout,
    total,
    duration_s: durationSeconds,
    // Per file, so that a weak module is not hidden by strong ones: `killed` counts every mutant
    // the specs detected (timeouts too) and `survived` every one they did not (no coverage too).
    files: [...new Set(mutants.map((mutant) => mutant.file))]
      .sort()
      .map((file) => {
        const ofFile = tally(mutants.filter((mutant) => mutant.file === file));
        return {
          file,
          score: ofFile.score,
          killed: ofFile.killed + ofFile.timeout,
          survived: ofFile.survived + ofFile.noCoverage,
        };
      })
      .filter(({ killed, survived }) => killed + survived > 0),
    survivors: mutants
      .filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
      .map((mutant) => ({
        file: mutant.file,
        line: mutant.location.start.line,
        mutator: mutant.mutatorName,
        replacement: mutant.replacement ?? '',
        ...(mutant.status === 'NoCoverage' ? { no_coverage: true } : {}),
      })),
  };
}

/** The `--mutate` of the command line, for bench/mutation/jest.config.js to pick the specs beside it. */
function mutateArgument(args: string[]): string | undefined {
  const at = args.findIndex((arg) => arg === '--mutate' || arg === '-m');
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith('--mutate='))?.slice('--mutate='.length);
}

const args = process.argv.slice(2);
const mutate = mutateArgument(args);
const started = Date.now();
const stryker = spawnSync('npx', ['stryker', 'run', ...args], {
  cwd: root,
  stdio: 'inherit',
  env: mutate ? { ...process.env, MUTATE_GLOBS: mutate } : process.env,
});
const durationSeconds = Math.round((Date.now() - started) / 1000);
if (stryker.status !== 0) {
  console.error(`[mutation] Stryker failed (exit ${stryker.status ?? stryker.signal}); no result written`);
  process.exit(1);
}
const result = summarise(JSON.parse(readFileSync(strykerReport, 'utf8')) as StrykerReport, durationSeconds);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(resultFile, JSON.stringify(result, null, 2) + '\n');
console.table(
  Object.fromEntries(
    result.files.map(({ file, ...counts }) => [file, { ...counts, score: `${counts.score}%` }]),
  ),
);
console.log(
  `[mutation] score ${result.mutation_score}% (goal ≥ ${GOAL}%): ${result.killed} killed, ${result.timeout} timed out, ` +
    `${result.survived} survived, ${result.no_coverage} without coverage, of ${result.total}; ${durationSeconds} s. ` +
    `Survivors in ${relative(root, resultFile)}, the full report in reports/mutation/mutation.html`,
);
if (result.mutation_score < GOAL) process.exitCode = 1;
