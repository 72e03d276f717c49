// Sustained placements per second through the whole flow (an order placed, dispatched, offered and
// accepted, on the running service with Kafka and PostgreSQL). Being wired by the dispatch service's
// author; until then it fails, so that `npm run bench:dispatch` cannot report a figure it did not measure.
export async function placementsBench(
  log: (line: string) => void,
): Promise<{ placements_per_s: number; [key: string]: number }> {
  log('not wired yet');
  throw new Error('placements benchmark: not wired yet');
}
