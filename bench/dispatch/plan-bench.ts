import { checkPlan } from '../../services/dispatch/test/support/check-plan';
import type { CityDayPlan } from '../../services/dispatch/src/planning/domain/city-day';
import { exactOptimum } from '../../services/dispatch/test/support/exact-optimum';
import { generateDay, type GeneratedDay } from '../../services/dispatch/test/support/generate-day';
import { greedyOnline } from '../../services/dispatch/src/planning/domain/greedy-online';
import { planCityDay, type PlanOptions } from '../../services/dispatch/src/planning/domain/plan-city-day';

// The city-day plan against its references: greedy online dispatch on a generated day of 2,000
// orders and 300 workers, and the exact optimum (HiGHS, WebAssembly) on a day of 200 orders and 30
// workers. Every plan is checked against the hard rules before a figure is taken from it.
// The headline plan (plan_travel_km, plan_assigned) is the default 'most-orders' plan: it is what
// the product issues ("assign all open orders at once, minimising travel") and what the exact
// optimum is measured against. Beside it: the 'least-travel' plan, and the plan for exactly the
// orders greedy assigned (the same work, so the travel compares like for like).
// The planner runs on a budget of rounds and iterations, not of time: a time limit on a shared
// machine makes the plan (and so the verdicts) depend on the neighbours' load — measured at 781 to
// 809 orders and 2,587 to 3,094 km on the same day with 10 s. The budget gives the same plan on
// every run; its run time is this machine's. BENCH_PLAN_ITERATIONS (default 2,500);
// BENCH_PLAN_TIME_MS: a time limit instead, as the service runs it (the plan then varies).
const ROUNDS = 200;
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
  small_plan_runtime_s: number;
  small_optimum_proved: number;
  greedy_runtime_s: number;
  least_travel_runtime_s: number;
  plan_assigned_bound: number;
  plan_km_per_order: number;
  greedy_km_per_order: number;
  same_orders_plan_km: number;
  same_orders_plan_assigned: number;
  least_travel_left_out: number;
  plan_orders: number;
  plan_workers: number;
}> {
  const timeLimit = process.env.BENCH_PLAN_TIME_MS;
  const budget: PlanOptions = timeLimit
    ? { timeLimitMs: Number(timeLimit) }
    : {
        rounds: ROUNDS,
        iterations: Number(process.env.BENCH_PLAN_ITERATIONS ?? 2500),
        timeLimitMs: 3_600_000,
      };
  const city = generateDay(2000, 300, SEED);
  log(
    `city day: ${city.orders.length} orders, ${city.workers.length} workers, seed ${SEED}; planner budget ` +
      (timeLimit
        ? `${timeLimit} ms (the plan depends on the machine's load)`
        : `${budget.rounds} rounds, ${budget.iterations} iterations (the same plan on every run)`),
  );
  const [greedy, greedyS] = timed(() =>
    checked(greedyOnline(city.orders, city.workers, city.policy), city, 'greedy'),
  );
  const [plan, planS] = timed(() =>
    checked(planCityDay(city.orders, city.workers, city.policy, budget), city, 'the plan'),
  );
  const [lean, leanS] = timed(() =>
    checked(
      planCityDay(city.orders, city.workers, city.policy, { ...budget, objective: 'least-travel' }),
      city,
      'the least-travel plan',
    ),
  );
  // The orders greedy assigned, in the order they were placed: the same work for both.
  const greedyOrderIds = new Set(greedy.assignments.map((a) => a.orderId));
  const sameWork = { ...city, orders: city.orders.filter((o) => greedyOrderIds.has(o.orderId)) };
  // Greedy on its own orders alone is the same plan (the orders it left out changed nothing); checked, not assumed.
  const greedyAgain = greedyOnline(sameWork.orders, sameWork.workers, sameWork.policy);
  if (
    greedyAgain.assignedCount !== greedy.assignedCount ||
    Math.abs(greedyAgain.travelKm - greedy.travelKm) > 1e-6
  ) {
    throw new Error(
      `greedy on its own orders: ${greedyAgain.assignedCount} for ${greedyAgain.travelKm} km, not ${greedy.assignedCount} for ${greedy.travelKm} km`,
    );
  }
  const [same, sameS] = timed(() =>
    checked(
      planCityDay(sameWork.orders, sameWork.workers, sameWork.policy, budget),
      sameWork,
      "the plan for greedy's orders",
    ),
  );
  const leftOutByChoice = lean.unassigned.filter((u) => u.reason === 'LEFT_OUT_TO_SAVE_TRAVEL').length;
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
      `(${verdict(lean.travelKm <= 0.85 * greedy.travelKm)}), but ${leftOutByChoice} orders left out that a worker had room for`,
  );
  log(
    `plan, greedy's ${sameWork.orders.length} orders ${same.assignedCount} assigned, ${same.travelKm.toFixed(1)} km (${change(same)} vs greedy for the same orders), ${sameS.toFixed(2)} s`,
  );

  const small = generateDay(200, 30, SEED);
  const [smallPlan, smallPlanS] = timed(() =>
    checked(
      planCityDay(small.orders, small.workers, small.policy, timeLimit ? budget : { timeLimitMs: 3_600_000 }),
      small,
      'the small plan',
    ),
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
    small_plan_runtime_s: round(smallPlanS),
    small_optimum_proved: exact.status === 'optimal' ? 1 : 0,
    greedy_runtime_s: round(greedyS),
    least_travel_runtime_s: round(leanS),
    plan_assigned_bound: plan.search.assignedBound,
    plan_km_per_order: round(plan.travelKm / plan.assignedCount, 3),
    greedy_km_per_order: round(greedy.travelKm / greedy.assignedCount, 3),
    same_orders_plan_km: round(same.travelKm),
    same_orders_plan_assigned: same.assignedCount,
    least_travel_left_out: leftOutByChoice,
    plan_orders: city.orders.length,
    plan_workers: city.workers.length,
  };
}
