import { checkPlan } from '../../services/dispatch/src/planning/domain/check-plan';
import type { CityDayPlan } from '../../services/dispatch/src/planning/domain/city-day';
import { exactOptimum } from '../../services/dispatch/src/planning/domain/exact-optimum';
import { generateDay, type GeneratedDay } from '../../services/dispatch/src/planning/domain/generate-day';
import { greedyOnline } from '../../services/dispatch/src/planning/domain/greedy-online';
import { planCityDay } from '../../services/dispatch/src/planning/domain/plan-city-day';

// The city-day plan against its references: greedy online dispatch on a generated day of 2,000
// orders and 300 workers, and the exact optimum (HiGHS, WebAssembly) on a day of 200 orders and 30
// workers. Every plan is checked against the hard rules before a figure is taken from it.
// BENCH_PLAN_TIME_MS: the planner's time limit on the large day (default 10,000).
const SEED = 20250610;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function checked<P extends CityDayPlan>(plan: P, day: GeneratedDay, what: string): P {
  const violations = checkPlan(plan, day.orders, day.workers, day.policy);
  if (violations.length > 0) {
    throw new Error(`${what} breaks the rules: ${JSON.stringify(violations.slice(0, 5))}`);
  }
  return plan;
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, (performance.now() - started) / 1000];
}

export async function planBench(log: (line: string) => void): Promise<{
  plan_travel_km: number;
  greedy_travel_km: number;
  plan_assigned: number;
  greedy_assigned: number;
  small_plan_travel_km: number;
  small_optimum_travel_km: number;
  plan_runtime_s: number;
  small_optimum_runtime_s: number;
  least_travel_plan_km: number;
  least_travel_plan_assigned: number;
  small_plan_assigned: number;
  small_optimum_assigned: number;
}> {
  const timeLimitMs = Number(process.env.BENCH_PLAN_TIME_MS ?? 10_000);
  const city = generateDay(2000, 300, SEED);
  log(
    `city day: ${city.orders.length} orders, ${city.workers.length} workers, seed ${SEED}, planner limit ${timeLimitMs} ms`,
  );
  const [greedy, greedyS] = timed(() =>
    checked(greedyOnline(city.orders, city.workers, city.policy), city, 'greedy'),
  );
  const [plan, planS] = timed(() =>
    checked(planCityDay(city.orders, city.workers, city.policy, { timeLimitMs }), city, 'the plan'),
  );
  const [lean, leanS] = timed(() =>
    checked(
      planCityDay(city.orders, city.workers, city.policy, { timeLimitMs, objective: 'least-travel' }),
      city,
      'the least-travel plan',
    ),
  );
  const share = (p: CityDayPlan) => `${((100 * p.assignedCount) / city.orders.length).toFixed(1)}%`;
  const change = (p: CityDayPlan) =>
    `${((100 * (p.travelKm - greedy.travelKm)) / greedy.travelKm).toFixed(1)}%`;
  log(
    `greedy online dispatch   ${greedy.assignedCount} assigned (${share(greedy)}), ${greedy.travelKm.toFixed(1)} km, ${greedyS.toFixed(2)} s`,
  );
  log(
    `plan, most orders        ${plan.assignedCount} assigned (${share(plan)}), ${plan.travelKm.toFixed(1)} km (${change(plan)} vs greedy), ${planS.toFixed(2)} s; ` +
      `no plan assigns more than ${plan.search.assignedBound}`,
  );
  log(
    `  goals: no fewer assigned (${verdict(plan.assignedCount >= greedy.assignedCount)}); ≥ 15% less travel ` +
      `(${verdict(plan.travelKm <= 0.85 * greedy.travelKm)}); km per order ${(plan.travelKm / plan.assignedCount).toFixed(2)} vs ${(greedy.travelKm / greedy.assignedCount).toFixed(2)}`,
  );
  log(
    `plan, least travel       ${lean.assignedCount} assigned (${share(lean)}), ${lean.travelKm.toFixed(1)} km (${change(lean)} vs greedy), ${leanS.toFixed(2)} s`,
  );
  log(
    `  goals: no fewer assigned (${verdict(lean.assignedCount >= greedy.assignedCount)}); ≥ 15% less travel ` +
      `(${verdict(lean.travelKm <= 0.85 * greedy.travelKm)})`,
  );

  const small = generateDay(200, 30, SEED);
  const [smallPlan, smallPlanS] = timed(() =>
    checked(planCityDay(small.orders, small.workers, small.policy), small, 'the small plan'),
  );
  const exact = await exactOptimum(small.orders, small.workers, small.policy, { timeLimitS: 60 });
  checked(exact.plan, small, 'the exact optimum');
  const gap = (100 * (smallPlan.travelKm - exact.plan.travelKm)) / exact.plan.travelKm;
  log(
    `small day: 200 orders, 30 workers; exact: ${exact.status}, ${exact.variables} arc variables, ${exact.constraints} rows, ${exact.seconds.toFixed(2)} s`,
  );
  log(
    `plan ${smallPlan.assignedCount} assigned, ${smallPlan.travelKm.toFixed(2)} km (${smallPlanS.toFixed(2)} s); optimum ${exact.plan.assignedCount} assigned, ${exact.plan.travelKm.toFixed(2)} km; ` +
      `gap ${gap.toFixed(2)}%, goal ≤ 5% with as many assigned (${verdict(smallPlan.assignedCount === exact.plan.assignedCount && gap <= 5)})`,
  );

  return {
    plan_travel_km: round(plan.travelKm),
    greedy_travel_km: round(greedy.travelKm),
    plan_assigned: plan.assignedCount,
    greedy_assigned: greedy.assignedCount,
    small_plan_travel_km: round(smallPlan.travelKm),
    small_optimum_travel_km: round(exact.plan.travelKm),
    plan_runtime_s: round(planS),
    small_optimum_runtime_s: round(exact.seconds),
    least_travel_plan_km: round(lean.travelKm),
    least_travel_plan_assigned: lean.assignedCount,
    small_plan_assigned: smallPlan.assignedCount,
    small_optimum_assigned: exact.plan.assignedCount,
  };
}
