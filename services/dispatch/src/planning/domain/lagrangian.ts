import { homeNode, isOrderNode, reaches, type Day } from './compiled-day';
import { Routes } from './routes';
import { longestPath, type Path, type WorkerGraph } from './worker-graph';

/**
 * Lagrangian relaxation of "each order at most once": every worker takes its best day at prices
 * π (an order is worth 1 − π, a km 0.01: count first, travel to break ties), subgradient steps on
 * π, and each round the overlapping days are made a plan (the days in turn, each keeping what is
 * still free, then every worker's day filled with the most free orders, the least contested first).
 * Returns the best plan by count and a bound on the count of any plan (the relaxation at the last
 * prices, with travel weighing nothing).
 */
export function lagrangian(
  day: Day,
  graphs: WorkerGraph[],
  random: () => number,
  stop: () => boolean,
  rounds: number,
): { best: Routes | null; bound: number } {
  const kmWeight = 0.01;
  const pi = new Float64Array(day.n);
  const cover = new Int32Array(day.n);
  let best: Routes | null = null;
  let bestValue = -Infinity;
  let lowestDual = Infinity;
  let theta = 1;
  let stale = 0;
  const paths: Path[] = [];
  for (let round = 0; round < rounds && !stop(); round++) {
    cover.fill(0);
    let dual = 0;
    for (let o = 0; o < day.n; o++) dual += pi[o]!;
    for (let w = 0; w < day.workerCount; w++) {
      const path = longestPath(graphs[w]!, (o) => 1 - pi[o]!, 'best-score', kmWeight);
      paths[w] = path;
      dual += path.score;
      for (const node of path.nodes) if (isOrderNode(day, node)) cover[node]!++;
    }
    if (dual < lowestDual - 1e-6) {
      lowestDual = dual;
      stale = 0;
    } else if (++stale >= 6) {
      theta /= 2;
      stale = 0;
    }

    const routes = new Routes(day);
    const order = Array.from({ length: day.workerCount }, (_, w) => w).sort(
      (a, b) => paths[b]!.count - paths[a]!.count || random() - 0.5,
    );
    for (const w of order) {
      // Orders taken already drop out, and with them any later order then out of reach of the stop
      // before (time is never a problem: the triangle inequality).
      const keep: number[] = [];
      let prev = homeNode(day, w);
      for (const node of paths[w]!.nodes) {
        if (isOrderNode(day, node) && (routes.owner[node] !== -1 || !reaches(day, prev, node))) continue;
        keep.push(node);
        prev = node;
      }
      if (keep.some((node) => isOrderNode(day, node))) routes.setRoute(w, keep);
    }
    for (const w of order) {
      const graph = graphs[w]!;
      if (graph.cap <= 0) continue;
      const path = longestPath(
        graph,
        (o) => (routes.owner[o] === -1 || routes.owner[o] === w ? -pi[o]! : NaN),
        'most-orders',
        kmWeight,
      );
      if (path.count > routes.planned[w]!) routes.setRoute(w, path.nodes);
    }
    const value = routes.assigned - kmWeight * routes.totalKm();
    if (
      !best ||
      routes.assigned > best.assigned ||
      (routes.assigned === best.assigned && value > bestValue)
    ) {
      best = routes;
    }
    bestValue = Math.max(bestValue, value);
    if (theta < 1e-3 || lowestDual - bestValue < 1e-3) break;

    let norm = 0;
    for (let o = 0; o < day.n; o++) {
      const g = day.workersOf[o]!.length === 0 ? 0 : 1 - cover[o]!;
      if (g < 0 || pi[o]! > 0) norm += g * g;
    }
    if (norm === 0) break;
    const step = (theta * Math.max(dual - bestValue, 0.5)) / norm;
    for (let o = 0; o < day.n; o++) {
      if (day.workersOf[o]!.length === 0) continue;
      pi[o] = Math.max(0, pi[o]! - step * (1 - cover[o]!));
    }
  }
  // Any π bounds the count: Σ_w (best day's Σ (1 − π)) + Σ π ≥ the count of every plan.
  let countDual = 0;
  for (let o = 0; o < day.n; o++) countDual += pi[o]!;
  for (let w = 0; w < day.workerCount; w++) {
    countDual += longestPath(graphs[w]!, (o) => 1 - pi[o]!, 'best-score', 0).score;
  }
  return { best, bound: Math.floor(countDual + 1e-6) };
}
