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
/** Beyond the search's own time limit: booting the thread, the start heuristics and greedy. */
const GRACE_MS = 30_000;

/**
 * Plans days on threads of their own, one plan at a time. The search runs for seconds; on the
 * service's event loop it would hold up offers, their timeouts, SLA timers and health probes for
 * as long, and several at once would take every core.
 */
export class PlanThreads {
  private last: Promise<unknown> = Promise.resolve();
  private readonly live = new Set<Worker>();

  plan(job: PlanJob): Promise<PlannedDay> {
    const turn = this.last.catch(() => undefined).then(() => this.planOnThread(job));
    this.last = turn;
    return turn;
  }

  /** Stops any plan still running (the service is shutting down). */
  async stop(): Promise<void> {
    await Promise.all([...this.live].map((thread) => thread.terminate()));
  }

  private planOnThread(job: PlanJob): Promise<PlannedDay> {
    // The service runs its TypeScript through tsx; a thread is a fresh isolate, so it registers tsx too.
    const boot = __filename.endsWith('.ts')
      ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(__filename)});`
      : `require(${JSON.stringify(__filename)});`;
    return new Promise((resolve, reject) => {
      const thread = new Worker(boot, { eval: true, workerData: { kind: JOB, job } });
      this.live.add(thread);
      const overdue = setTimeout(() => {
        reject(new Error(`the city-day plan did not finish within ${(job.timeLimitMs + GRACE_MS) / 1000} s`));
        void thread.terminate();
      }, job.timeLimitMs + GRACE_MS);
      const settle = () => {
        clearTimeout(overdue);
        this.live.delete(thread);
      };
      thread.once('message', (day: PlannedDay) => {
        settle();
        resolve(day);
        void thread.terminate();
      });
      thread.once('error', (error) => {
        settle();
        reject(error);
      });
      thread.once('exit', (code) => {
        settle();
        reject(new Error(`the planning thread stopped (exit code ${code}) before it planned`));
      });
    });
  }
}

function planDay({ orders, workers, policy, timeLimitMs }: PlanJob): PlannedDay {
  const started = performance.now();
  const plan = planCityDay(orders, workers, policy, { timeLimitMs });
  const runtimeMs = Math.round(performance.now() - started);
  return { plan, greedy: greedyOnline(orders, workers, policy), runtimeMs };
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === JOB)
  parentPort!.postMessage(planDay((workerData as { job: PlanJob }).job));
