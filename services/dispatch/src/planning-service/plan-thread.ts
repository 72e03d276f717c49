import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  greedyOnline,
  planCityDay,
  type CityDayPlan,
  type PlanOrder,
  type PlanPolicy,
  type PlanWorker,
} from '../planning';

export interface PlanJob {
  orders: PlanOrder[];
  workers: PlanWorker[];
  policy: PlanPolicy;
  timeLimitMs: number;
}

export interface PlannedDay {
  plan: CityDayPlan;
  greedy: CityDayPlan;
  /** How long the planner searched (greedy not included). */
  runtimeMs: number;
}

const JOB = 'city-day-plan';

/**
 * Plans a day on a thread of its own. The search runs for seconds; on the service's event loop it
 * would hold up offers, their timeouts, SLA timers and health probes for as long.
 */
export function planOffThread(job: PlanJob): Promise<PlannedDay> {
  // The service runs its TypeScript through tsx; a thread is a fresh isolate, so it registers tsx too.
  const boot = __filename.endsWith('.ts')
    ? `require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`
    : `require(${JSON.stringify(__filename)});`;
  return new Promise((resolve, reject) => {
    const thread = new Worker(boot, { eval: true, workerData: { kind: JOB, job } });
    thread.once('message', (day: PlannedDay) => {
      resolve(day);
      void thread.terminate();
    });
    thread.once('error', reject);
    thread.once('exit', (code) =>
      reject(new Error(`the planning thread stopped (exit code ${code}) before it planned`)),
    );
  });
}

function planDay({ orders, workers, policy, timeLimitMs }: PlanJob): PlannedDay {
  const started = performance.now();
  const plan = planCityDay(orders, workers, policy, { timeLimitMs });
  const runtimeMs = Math.round(performance.now() - started);
  return { plan, greedy: greedyOnline(orders, workers, policy), runtimeMs };
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === JOB)
  parentPort!.postMessage(planDay((workerData as { job: PlanJob }).job));
