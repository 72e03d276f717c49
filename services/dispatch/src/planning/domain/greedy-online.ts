import type { CityDayPlan, PlanOrder, PlanPolicy, PlanWorker } from './city-day';
import { compileDay, type Day } from './compiled-day';
import { Routes, toPlan } from './routes';

/**
 * Online dispatch as it happens today, the baseline of the city-day plan: orders in the order they
 * were placed (the array's order), each to the worker whose day it lengthens least (from the
 * previous job or home, less the leg it replaces when it lands between two jobs), ties to the
 * worker listed first; nothing is moved once given.
 */
export function greedyOnline(
  orders: readonly PlanOrder[],
  workers: readonly PlanWorker[],
  policy: PlanPolicy,
): CityDayPlan {
  return toPlan(greedyRoutes(compileDay(orders, workers, policy)));
}

export function greedyRoutes(day: Day): Routes {
  const routes = new Routes(day);
  for (let o = 0; o < day.n; o++) {
    let best = -1;
    let bestKm = Infinity;
    for (const w of day.workersOf[o]!) {
      const km = routes.insertionKm(w, o);
      if (km < bestKm) {
        bestKm = km;
        best = w;
      }
    }
    if (best >= 0) routes.insert(best, o, bestKm);
  }
  return routes;
}
