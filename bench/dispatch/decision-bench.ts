import {
  WorkerIndex,
  decide,
  type BookedJob,
  type OrderToDispatch,
  type WorkerView,
} from '../../services/dispatch/src/matching';
import { generateCity, generateOrders } from '../../services/dispatch/test/support/generate-city';

// Decision latency on a generated city of 10,000 workers: `decide` through the WorkerIndex for
// each order in turn, the first worker offered booking the job as the service does, so the week
// fills up as the run goes on. Reference in the same run: `decide` over the plain list of workers
// (every worker examined) on a sample of the same orders, in the same state of the city, whose
// order of offers must be the index's — a fast wrong answer is worth nothing.
// BENCH_DECISIONS (default 3,000), BENCH_DECISION_SAMPLE: orders also decided by the scan (default
// 40; the scan takes half a second to a second each on 10,000 workers).
const SEED = 20250610;
const WORKERS = 10_000;
const WARM_UP = 300;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function bookingOf(order: OrderToDispatch): BookedJob {
  const start = new Date(order.window.start).getTime();
  const end = Math.max(new Date(order.window.end).getTime(), start + order.expectedMinutes * 60_000);
  return { orderId: order.orderId, start: new Date(start), end: new Date(end), location: order.location };
}

function sameOffers(viaIndex: readonly string[], scan: readonly string[]): boolean {
  return viaIndex.length === scan.length && viaIndex.every((workerId, i) => workerId === scan[i]);
}

export async function decisionBench(log: (line: string) => void): Promise<{
  decision_p50_ms: number;
  decision_p99_ms: number;
  decision_max_ms: number;
  decisions_per_s: number;
  decisions: number;
  decisions_booked: number;
  decision_examined_avg: number;
  decision_reference_p50_ms: number;
  decision_reference_p99_ms: number;
  decision_reference_sample: number;
  decision_reference_per_s: number;
  index_build_s: number;
}> {
  const count = Number(process.env.BENCH_DECISIONS ?? 3000);
  const sampleSize = Math.min(count, Number(process.env.BENCH_DECISION_SAMPLE ?? 40));
  const city = generateCity(WORKERS, SEED);
  const policy = city.policy;
  // Only recorded in the decision: the evening before the generated week.
  const now = new Date(Date.parse(`${city.firstDay}T00:00:00+08:00`) - 6 * 3_600_000);
  const built = performance.now();
  const index = WorkerIndex.of(city.workers);
  const indexBuildS = (performance.now() - built) / 1000;
  // The scan's own view of the city, kept current independently of the index.
  const model = new Map<string, WorkerView>(city.workers.map((w) => [w.workerId, w]));
  const orders = generateOrders(city, count, SEED);
  log(
    `city: ${city.workers.length} workers (${city.workers.filter((w) => w.status === 'active').length} active), ` +
      `index built in ${indexBuildS.toFixed(2)} s; ${count} orders over ${city.days[0]}…${city.days.at(-1)}`,
  );

  // Warm-up on other orders, nothing booked: JIT and caches, not the state of the city.
  for (const order of generateOrders(city, WARM_UP, SEED + 1)) decide(order, index, policy, now);
  decide(generateOrders(city, 1, SEED + 2)[0]!, [...model.values()], policy, now);

  // The scans run after the timed pass, on snapshots of the city as each sampled order saw it, so
  // that their garbage (10,000 workers prepared per scan) is not collected during timed decisions.
  const every = Math.max(1, Math.floor(count / sampleSize));
  const sampled: { i: number; workers: WorkerView[]; offerOrder: string[] }[] = [];
  const latencies: number[] = [];
  let booked = 0;
  let examined = 0;
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    const started = performance.now();
    const decision = decide(order, index, policy, now);
    latencies.push(performance.now() - started);
    examined += decision.summary.considered;
    if (i % every === 0 && sampled.length < sampleSize) {
      sampled.push({ i, workers: [...model.values()], offerOrder: decision.offerOrder });
    }
    const first = decision.offerOrder[0];
    if (first === undefined) continue;
    // The pending offer holds the slot at once, in the index and in the scan's view alike.
    const job = bookingOf(order);
    index.addJob(first, job);
    const worker = model.get(first)!;
    model.set(first, { ...worker, jobs: [...worker.jobs, job] });
    booked++;
  }

  const reference: number[] = [];
  for (const { i, workers, offerOrder } of sampled) {
    const order = orders[i]!;
    const started = performance.now();
    const scan = decide(order, workers, policy, now);
    reference.push(performance.now() - started);
    if (!sameOffers(offerOrder, scan.offerOrder)) {
      throw new Error(
        `order ${order.orderId} (#${i}): the index offers [${offerOrder.slice(0, 5).join(', ')}…] ` +
          `(${offerOrder.length}) but the scan of every worker offers ` +
          `[${scan.offerOrder.slice(0, 5).join(', ')}…] (${scan.offerOrder.length})`,
      );
    }
  }

  const totalS = latencies.reduce((sum, ms) => sum + ms, 0) / 1000;
  const figures = {
    decision_p50_ms: round(percentile(latencies, 50)),
    decision_p99_ms: round(percentile(latencies, 99)),
    decision_max_ms: round(Math.max(...latencies)),
    decisions_per_s: Math.round(count / totalS),
    decisions: count,
    decisions_booked: booked,
    decision_examined_avg: Math.round(examined / count),
    decision_reference_p50_ms: round(percentile(reference, 50)),
    decision_reference_p99_ms: round(percentile(reference, 99)),
    decision_reference_sample: reference.length,
    decision_reference_per_s: round(reference.length / (reference.reduce((sum, ms) => sum + ms, 0) / 1000)),
    index_build_s: round(indexBuildS),
  };
  log(
    `index: ${count} decisions, p50 ${figures.decision_p50_ms} ms, p99 ${figures.decision_p99_ms} ms, ` +
      `max ${figures.decision_max_ms} ms, ${figures.decisions_per_s} decisions/s on one core; ` +
      `${figures.decision_examined_avg} workers examined on average; ${booked} booked (the first offer holds the slot)`,
  );
  log(
    `scan of every worker (reference): ${reference.length} of the same orders, p50 ${figures.decision_reference_p50_ms} ms, ` +
      `p99 ${figures.decision_reference_p99_ms} ms; the same order of offers on all ${reference.length}`,
  );
  return figures;
}
