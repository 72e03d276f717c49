import { seededRandom } from '../../shared/seeded-random';
import type { CityDayPlan, PlanOrder, PlanPolicy, PlanWorker } from './city-day';
import { compileDay } from './compiled-day';
import { greedyRoutes } from './greedy-online';
import { lagrangian } from './lagrangian';
import { LocalSearch } from './local-search';
import { Routes, toPlan } from './routes';
import { buildGraphs, EPS } from './worker-graph';

export interface PlanOptions {
  /** Search budget in wall time (default 5 s); the search also stops after `iterations`. */
  timeLimitMs?: number;
  /** Ruin-and-recreate rounds (default 20,000). When they end the search first, the plan depends on the seed alone. */
  iterations?: number;
  seed?: number;
  /** Rounds of the Lagrangian heuristic (default 200), within 30% of the time limit. */
  rounds?: number;
  objective?: 'most-orders' | 'least-travel';
  /** For 'least-travel': assign at least this many (never fewer than greedy online dispatch). */
  minAssigned?: number;
  /** Milliseconds, for the time limit only (default performance.now). */
  clock?: () => number;
}

export interface PlanSearch {
  /** The construction the search started from. */
  start: 'greedy' | 'lagrangian';
  startAssigned: number;
  startTravelKm: number;
  /** No plan can assign more orders than this (Lagrangian bound: always valid, often loose). */
  assignedBound: number;
  iterations: number;
  stoppedBy: 'iterations' | 'time';
}

/**
 * The city-day plan: every open order of a branch's day assigned at once.
 *
 * 'most-orders' (the default): as many orders as the rules allow, then the least travel.
 * 'least-travel': the least travel that still assigns `minAssigned` orders (default: as many as
 * greedy online dispatch), leaving out the orders that cost most to reach.
 *
 * Starts from the better of greedy online dispatch and a Lagrangian heuristic
 * (each worker's best day at prices that settle which worker gets a contested order), descends with
 * local search (each worker's best day by dynamic programming over the free orders, augmenting
 * chains for left-out orders, relocate, swap, exchange of day ends), then ruins and recreates
 * groups of workers' days under simulated annealing on travel. No accepted step lowers the number
 * assigned below greedy's, so the plan never assigns fewer orders than greedy dispatch.
 */
export function planCityDay(
  orders: readonly PlanOrder[],
  workers: readonly PlanWorker[],
  policy: PlanPolicy,
  options: PlanOptions = {},
): CityDayPlan & { search: PlanSearch } {
  const clock = options.clock ?? (() => performance.now());
  const timeLimitMs = options.timeLimitMs ?? 5000;
  const maxIterations = options.iterations ?? 20_000;
  const random = seededRandom(options.seed ?? 1);
  const startedAt = clock();
  // The last 5% of the time is for polishing the best plan found.
  const deadline = startedAt + 0.95 * timeLimitMs;
  const day = compileDay(orders, workers, policy);

  const graphs = buildGraphs(day);
  const greedy = greedyRoutes(day);
  const floor = Math.max(greedy.assigned, options.minAssigned ?? 0);
  const mostOrders = options.objective !== 'least-travel';
  const better = (a: Score, b: Score) =>
    mostOrders
      ? a.assigned > b.assigned || (a.assigned === b.assigned && a.km < b.km - EPS)
      : a.assigned >= floor && (b.assigned < floor || a.km < b.km - EPS);
  const scoreOf = (routes: Routes): Score => ({ assigned: routes.assigned, km: routes.totalKm() });

  const relaxed = lagrangian(
    day,
    graphs,
    random,
    () => clock() > startedAt + timeLimitMs * 0.3,
    options.rounds ?? 200,
  );
  const start = relaxed.best && relaxed.best.assigned > greedy.assigned ? 'lagrangian' : 'greedy';
  const routes = start === 'lagrangian' ? relaxed.best! : greedy;
  const search: PlanSearch = {
    start,
    startAssigned: routes.assigned,
    startTravelKm: routes.totalKm(),
    assignedBound: relaxed.bound,
    iterations: 0,
    stoppedBy: 'iterations',
  };

  const ls = new LocalSearch(routes, graphs, random);
  const settle = () => {
    if (!mostOrders) ls.trim(floor);
  };
  ls.descend(() => clock() > deadline);
  settle();
  let best = routes.snapshot();
  let bestScore = scoreOf(routes);
  let current = bestScore;

  const searchFrom = clock();
  const budgetMs = deadline - searchFrom;
  for (let it = 0; it < maxIterations; it++) {
    const now = clock();
    if (now > deadline) {
      search.stoppedBy = 'time';
      break;
    }
    search.iterations = it + 1;
    const progress = Math.max(it / maxIterations, budgetMs > 0 ? (now - searchFrom) / budgetMs : 1);
    const temperature = 0.5 * Math.pow(0.01, progress);
    routes.begin();
    ls.ruinAndRecreate();
    settle();
    const next = scoreOf(routes);
    const sameCount = mostOrders ? next.assigned === current.assigned : next.assigned >= floor;
    const accept =
      better(next, current) || (sameCount && random() < Math.exp(-(next.km - current.km) / temperature));
    if (!accept) {
      routes.rollback();
      continue;
    }
    routes.commit();
    current = next;
    if (better(current, bestScore)) {
      best = routes.snapshot();
      bestScore = current;
    }
  }
  routes.restore(best);
  ls.descend(() => clock() > startedAt + timeLimitMs);
  settle();
  if (better(bestScore, scoreOf(routes))) routes.restore(best);
  return { ...toPlan(routes), search };
}

interface Score {
  assigned: number;
  km: number;
}
