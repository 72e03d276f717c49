import { businessDay } from '@platform/domain-kit';
import { checkPlan } from '../../../test/support/check-plan';
import { generateCity, generateOrders } from '../../../test/support/generate-city';
import { RULE_CODES, explainWorker, type RuleCode } from '../../matching';
import { cstWeekday, toMillis } from '../../matching/domain/dispatch-view';
import { greedyOnline, planCityDay, type HardRule } from '../../planning';
import { compileDay, ownRulesFailed } from '../../planning/domain/compiled-day';
import { planInputs } from './plan-inputs';

// Online dispatch's verdict in the planner's terms: too_far depends on the stop before, which a plan
// settles, so it is never a rule of the worker's own; routing groups are folded into the item.
const inPlannerTerms = (codes: RuleCode[]): HardRule[] => [
  ...new Set(
    codes
      .filter((code) => code !== 'too_far')
      .map((code) => (code === 'routing_group' ? 'not_eligible_for_item' : code) as HardRule),
  ),
];

describe('the planner and online dispatch', () => {
  const city = generateCity(400, 11);
  const orders = generateOrders(city, 400, 11);
  const day = city.days[1]!;
  const open = orders.filter((o) => businessDay(toMillis(o.window.start)) === day);
  const inputs = planInputs(city.branchId, open, city.workers, city.policy, day);
  const policy = { ...city.policy, maxDistanceKm: inputs.maxDistanceKm };
  const views = new Map(city.workers.map((w) => [w.workerId, w]));

  it('fail a worker for an order by the same rules, worker by worker, on a generated day', () => {
    const compiled = compileDay(inputs.orders, inputs.workers, policy);
    const disagreements: string[] = [];
    const failedBoth = new Set<string>();
    let passedBoth = 0;
    inputs.workers.forEach((planWorker, w) => {
      open.forEach((order, o) => {
        const online = explainWorker(order, views.get(planWorker.workerId)!, city.policy).failed;
        const expected = inPlannerTerms(online.map((f) => f.code)).sort();
        const planner = ownRulesFailed(compiled, w, o).sort();
        if (expected.join() !== planner.join())
          disagreements.push(
            `${planWorker.workerId} ${order.orderId}: online ${expected}, planner ${planner}`,
          );
        else if (planner.length === 0) passedBoth++;
        else planner.forEach((rule) => failedBoth.add(rule));
      });
    });
    expect(disagreements).toEqual([]);
    // Both verdicts occur, and every rule the planner applies on its own is seen failing.
    expect(passedBoth).toBeGreaterThan(100);
    expect([...failedBoth].sort()).toEqual([
      'daily_cap_reached',
      'not_eligible_for_item',
      'outside_service_area',
      'outside_working_hours',
      'slot_taken',
    ]);
  });

  it('leave out only workers online dispatch would never offer that day', () => {
    const planned = new Set(inputs.workers.map((w) => w.workerId));
    const order = open[0]!;
    const offBranch = ['wrong_branch', 'not_active', 'on_leave', 'outside_working_hours'];
    const leftOut = city.workers.filter((w) => !planned.has(w.workerId));
    expect(leftOut.length).toBeGreaterThan(0);
    for (const worker of leftOut) {
      const failed = explainWorker(order, worker, city.policy).failed.map((f) => f.code);
      expect(failed.filter((code) => offBranch.includes(code))).not.toEqual([]);
    }
  });

  it('read touching slots as one, as online dispatch does', () => {
    const [order] = open;
    const worker = { ...city.workers.find((w) => w.status === 'active' && w.branchId === 'shanghai')! };
    const weekday = cstWeekday(toMillis(order!.window.start));
    const touching = {
      ...worker,
      eligibleItems: [order!.itemCode],
      serviceAreas: [order!.district],
      groups: [],
      leaves: [],
      jobs: [],
      weeklyHours: [
        { weekday, from: '06:00', to: '12:00' },
        { weekday, from: '12:00', to: '21:00' },
      ],
    };
    const one = planInputs(city.branchId, [order!], [touching], city.policy, day);
    expect(one.workers[0]!.shifts).toHaveLength(1);
    expect(explainWorker(order!, touching, city.policy).failed.map((f) => f.code)).not.toContain(
      'outside_working_hours',
    );
    expect(ownRulesFailed(compileDay(one.orders, one.workers, policy), 0, 0)).toEqual([]);
  });

  it('judge the plans by the same rules as the checker does', () => {
    const options = { rounds: 20, iterations: 200, timeLimitMs: 60_000 };
    for (const plan of [
      planCityDay(inputs.orders, inputs.workers, policy, options),
      greedyOnline(inputs.orders, inputs.workers, policy),
    ]) {
      expect(checkPlan(plan, inputs.orders, inputs.workers, policy)).toEqual([]);
      // What a left-out order's workers fail is counted by online dispatch's codes.
      for (const u of plan.unassigned)
        for (const rule of Object.keys(u.workersFailing)) expect(RULE_CODES).toContain(rule);
    }
  });
});
