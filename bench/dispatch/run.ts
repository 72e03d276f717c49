import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { decisionBench } from './decision-bench';
import { placementsBench } from './placements-bench';
import { planBench } from './plan-bench';

// npm run bench:dispatch — decision latency on a generated city of 10,000 workers (beside the scan
// of every worker), sustained placements through the running service, and the city-day plan
// (beside greedy online dispatch and the exact optimum); each figure printed beside its reference
// measured in the same run and its goal, and written to bench/results/dispatch.json.
// BENCH_DISPATCH_SKIP_PLACEMENTS=1 leaves out the placements (for when the servers are down): the
// json then has no placements_per_s.
const skipPlacements = process.env.BENCH_DISPATCH_SKIP_PLACEMENTS === '1';
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const percentChange = (value: number, reference: number, digits = 1) =>
  round((100 * (value - reference)) / reference, digits);
const signed = (n: number) => `${n > 0 ? '+' : ''}${n}%`;

async function main() {
  const machine = {
    machine_cores: cpus().length,
    machine_memory_gib: Math.round(totalmem() / 2 ** 30),
    machine_load_1m: round(loadavg()[0]!, 2),
  };
  console.log(
    `machine: ${machine.machine_cores} × ${cpus()[0]?.model ?? 'cpu'}, ${machine.machine_memory_gib} GiB, load ${machine.machine_load_1m} at start`,
  );
  // First, while the machine is quiet: it drives the real servers, and fails fast when it cannot.
  let placements: Record<string, number> = {};
  if (!skipPlacements) {
    placements = await placementsBench((line) => console.log(`[placements] ${line}`));
  } else {
    console.log(
      '[placements] NOT MEASURED (BENCH_DISPATCH_SKIP_PLACEMENTS=1): no placements_per_s in the json',
    );
  }
  const decisions = await decisionBench((line) => console.log(`[decision] ${line}`));
  const plan = await planBench((line) => console.log(`[plan] ${line}`));
  const extraOrders = plan.plan_assigned - plan.least_travel_plan_assigned;
  const derived = {
    plan_travel_change_pct: percentChange(plan.plan_travel_km, plan.greedy_travel_km),
    plan_km_per_order_change_pct: percentChange(plan.plan_km_per_order, plan.greedy_km_per_order),
    same_orders_travel_change_pct: percentChange(plan.same_orders_plan_km, plan.greedy_travel_km),
    least_travel_change_pct: percentChange(plan.least_travel_plan_km, plan.greedy_travel_km),
    small_plan_gap_pct: percentChange(plan.small_plan_travel_km, plan.small_optimum_travel_km, 2),
    machine_load_1m_end: round(loadavg()[0]!, 2),
  };
  // What the headline's orders beyond the least-travel plan's cost, each, on average.
  const extra: { extra_order_km?: number } =
    extraOrders > 0
      ? { extra_order_km: round((plan.plan_travel_km - plan.least_travel_plan_km) / extraOrders, 2) }
      : {};
  const r = { ...machine, ...placements, ...decisions, ...plan, ...derived };
  const results: Record<string, number> = { ...r, ...extra };

  console.log('\ndispatch benchmark');
  console.log(
    `decision latency     p50 ${r.decision_p50_ms} ms, p99 ${r.decision_p99_ms} ms, max ${r.decision_max_ms} ms (index, ${r.decisions} orders)   ` +
      `reference, every worker scanned (${r.decision_reference_sample} of the same orders): p50 ${r.decision_reference_p50_ms} ms, p99 ${r.decision_reference_p99_ms} ms; ` +
      `goal p99 < 20 ms (${verdict(r.decision_p99_ms < 20)})`,
  );
  console.log(
    `decisions/s          ${r.decisions_per_s} on one core   reference (scan): ${r.decision_reference_per_s}; same order of offers on every sampled order`,
  );
  if ('placements_per_s' in placements) {
    const others = Object.entries(placements).filter(([k]) => k !== 'placements_per_s');
    console.log(
      `placements/s         ${placements.placements_per_s} sustained through the whole flow   ${others.map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    );
  } else {
    console.log('placements/s         not measured (BENCH_DISPATCH_SKIP_PLACEMENTS=1)');
  }
  console.log(
    `city-day plan        ${r.plan_assigned} assigned, ${r.plan_travel_km} km (${r.plan_orders} orders, ${r.plan_workers} workers; ${r.plan_runtime_s} s)   ` +
      `greedy online dispatch: ${r.greedy_assigned} assigned, ${r.greedy_travel_km} km (${r.greedy_runtime_s} s); ` +
      `travel ${signed(r.plan_travel_change_pct)}; goals: no fewer assigned (${verdict(r.plan_assigned >= r.greedy_assigned)}), ` +
      `≥ 15% less travel (${verdict(r.plan_travel_change_pct <= -15)})`,
  );
  console.log(
    `  km per order       ${r.plan_km_per_order}   greedy: ${r.greedy_km_per_order} (${signed(r.plan_km_per_order_change_pct)}); ` +
      `no plan assigns more than ${r.plan_assigned_bound}`,
  );
  console.log(
    `  greedy's orders    ${r.same_orders_plan_assigned} assigned, ${r.same_orders_plan_km} km   greedy: ${r.greedy_assigned}, ${r.greedy_travel_km} km ` +
      `(${signed(r.same_orders_travel_change_pct)}): the same work planned at once; ≥ 15% less travel ` +
      `(${verdict(r.same_orders_plan_assigned >= r.greedy_assigned && r.same_orders_travel_change_pct <= -15)})`,
  );
  console.log(
    `  least travel       ${r.least_travel_plan_assigned} assigned, ${r.least_travel_plan_km} km (${r.least_travel_runtime_s} s)   greedy: ${r.greedy_assigned}, ${r.greedy_travel_km} km ` +
      `(${signed(r.least_travel_change_pct)}); ${r.least_travel_left_out} of the orders it leaves out had a worker with room`,
  );
  if (extra.extra_order_km !== undefined)
    console.log(
      `  extra orders       the headline's ${extraOrders} orders beyond the least-travel plan's cost ` +
        `${extra.extra_order_km} km each   the least-travel plan's orders: ${round(r.least_travel_plan_km / r.least_travel_plan_assigned, 2)} km each`,
    );
  console.log(
    `small day (exact)    plan ${r.small_plan_assigned} assigned, ${r.small_plan_travel_km} km (${r.small_plan_runtime_s} s)   ` +
      `optimum (HiGHS${r.small_optimum_proved ? ', proved' : ', NOT proved'}): ${r.small_optimum_assigned}, ${r.small_optimum_travel_km} km (${r.small_optimum_runtime_s} s); ` +
      `gap ${r.small_plan_gap_pct}%, goal ≤ 5% with as many assigned ` +
      `(${verdict(r.small_plan_assigned === r.small_optimum_assigned && r.small_plan_gap_pct <= 5)})`,
  );
  console.log(
    [
      '',
      "The headline plan (plan_travel_km, plan_assigned) is 'most-orders', the planner's default: every order a",
      'worker can do under the hard rules is assigned, then travel is minimised. It is the product feature ("assign',
      'all open orders at once, minimising total travel") and the objective the exact optimum is measured with.',
      'The day is over-subscribed (greedy assigns under a third of the orders), so the plan assigns far more than',
      'greedy and those extra orders need driving: its total travel is held to the −15% goal as it is. Beside it,',
      "like for like: km per order, and greedy's own orders planned at once. The 'least-travel' plan meets the",
      'letter of both goals only by leaving out orders a worker had room for, which the product would not do.',
    ].join('\n'),
  );

  mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
  writeFileSync(join(__dirname, '..', 'results', 'dispatch.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten to bench/results/dispatch.json');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(
      `bench:dispatch failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
