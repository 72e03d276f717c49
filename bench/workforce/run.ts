import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { importBench } from './import-bench';
import { leaderboardBench } from './leaderboard-bench';

// npm run bench:workforce [-- --only import|leaderboard] — the staff import of 10,000 workers
// (BENCH_IMPORT_ROWS) and the leaderboard rebuild from 1,000,000 job events
// (BENCH_LEADERBOARD_EVENTS), each figure beside its reference measured in the same run; written
// to bench/results/workforce.json.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main() {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  const results: Record<string, number> = {};
  if (only !== 'leaderboard') {
    Object.assign(results, await importBench((line) => console.log(`[import] ${line}`)));
  }
  if (only !== 'import') {
    const figures = await leaderboardBench((line) => console.log(`[leaderboard] ${line}`));
    Object.assign(results, figures, {
      leaderboard_rebuild_vs_raw_ratio: round(
        figures.leaderboard_rebuild_events_per_s / figures.raw_bulk_insert_docs_per_s,
        2,
      ),
    });
  }
  console.log('\nworkforce benchmark');
  if ('import_rows_per_s' in results) {
    console.log(
      `staff import            ${results.import_rows_per_s} rows/s   reference (the same commands, no file): ${results.reference_apply_rows_per_s} rows/s`,
    );
    console.log(
      `staff import peak RSS   ${results.import_peak_rss_mb} MB       reference: ${results.reference_peak_rss_mb} MB`,
    );
  }
  if ('leaderboard_rebuild_events_per_s' in results) {
    const ratio = results.leaderboard_rebuild_vs_raw_ratio!;
    console.log(
      `leaderboard rebuild     ${results.leaderboard_rebuild_events_per_s} events/s   raw bulk insert: ${results.raw_bulk_insert_docs_per_s} docs/s   ratio ${ratio}; goal ≥ 0.5 (${ratio >= 0.5 ? 'met' : 'MISSED'})`,
    );
  }
  mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
  writeFileSync(join(__dirname, '..', 'results', 'workforce.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten to bench/results/workforce.json');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(
      `bench:workforce failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
