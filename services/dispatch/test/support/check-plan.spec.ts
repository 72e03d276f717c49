import type { CityDayPlan, PlanWorker } from '../../src/planning/domain/city-day';
import { checkPlan } from './check-plan';
import { planCityDay } from '../../src/planning/domain/plan-city-day';
import { at, cst, policy, streetOrder } from './street-day.fixtures';

// The checker is the specs' witness that plans keep the rules: here it is shown to catch each breach.
const order = streetOrder;

const workers: PlanWorker[] = [
  {
    workerId: 'ana',
    home: at(0),
    eligibleItems: ['clean-standard', 'sofa-clean'],
    serviceAreas: ['xuhui'],
    shifts: [{ start: cst('08:00'), end: cst('18:00') }],
    dailyCap: 3,
    existingJobs: [],
    leave: [{ start: cst('16:00'), end: cst('18:00') }],
  },
  {
    workerId: 'bo',
    home: at(10),
    eligibleItems: ['clean-standard'],
    serviceAreas: ['xuhui', 'pudong'],
    shifts: [{ start: cst('10:00'), end: cst('20:00') }],
    dailyCap: 2,
    existingJobs: [{ orderId: 'booked', start: cst('13:00'), end: cst('14:00'), location: at(10) }],
  },
];
const orders = [
  order('a', 1, '09:00', '11:00'),
  order('b', 2, '12:00', '14:00', { itemCode: 'sofa-clean' }),
  order('c', 11, '15:00', '17:00', { district: 'pudong' }),
  order('d', 0, '16:30', '17:30'),
  order('e', 1.5, '09:30', '11:30'),
  order('f', 9, '18:00', '19:00'),
];

describe('checkPlan', () => {
  const plan = planCityDay(orders, workers, policy, { iterations: 50, rounds: 10, timeLimitMs: 600_000 });
  const rulesOf = (broken: CityDayPlan) => checkPlan(broken, orders, workers, policy).map((v) => v.rule);
  const giving = (orderId: string, workerId: string): CityDayPlan => {
    const o = orders.find((x) => x.orderId === orderId)!;
    const start = +o.window.start;
    return {
      ...plan,
      assignments: [
        ...plan.assignments.filter((a) => a.orderId !== orderId),
        { orderId, workerId, start, end: Math.max(start + o.durationMinutes * 60_000, +o.window.end) },
      ],
      unassigned: plan.unassigned.filter((u) => u.orderId !== orderId),
    };
  };

  it('finds nothing wrong with the planner’s plan', () => {
    // Ana does a (or e, at the same time) and b; Bo, one job short of his cap, one of c, d and f.
    expect(plan.assignedCount).toBe(3);
    expect(rulesOf(plan)).toEqual([]);
  });

  it.each([
    ['b', 'bo', 'not_eligible_for_item'],
    ['c', 'ana', 'outside_service_area'],
    ['a', 'bo', 'outside_working_hours'],
    ['d', 'ana', 'on_leave'],
  ])('giving %s to %s breaks %s', (orderId, workerId, rule) => {
    expect(rulesOf(giving(orderId, workerId))).toContain(rule);
  });

  it('sees two jobs too close for the drive and the buffer', () => {
    const both = giving('e', 'ana');
    expect(both.assignments.filter((a) => a.workerId === 'ana').map((a) => a.orderId)).toEqual(
      expect.arrayContaining(['a', 'e']),
    );
    expect(rulesOf(both)).toContain('slot_taken');
  });

  it('counts existing jobs against the daily cap', () => {
    const full = giving('f', 'bo');
    expect(full.assignments.filter((a) => a.workerId === 'bo')).toHaveLength(2);
    expect(rulesOf(full)).toContain('daily_cap_reached');
  });

  it('sees a job beyond reach of where its worker comes from (too_far)', () => {
    // Ana (home at 0) with a 5 km reach: `x` at 4 km, then `y` at 8.5 km is 4.5 km on; `y` alone is 8.5 km from home.
    const reach = { ...policy, maxDistanceKm: 5 };
    const day = [order('x', 4, '09:00', '10:00'), order('y', 8.5, '12:00', '13:00')];
    const job = (orderId: string, from: string, to: string) => ({
      orderId,
      workerId: 'ana',
      start: cst(from),
      end: cst(to),
    });
    const handMade = (assignments: CityDayPlan['assignments'], travelKm: number): CityDayPlan => ({
      assignments,
      unassigned: day
        .filter((o) => !assignments.some((a) => a.orderId === o.orderId))
        .map((o) => ({ orderId: o.orderId, reason: 'NO_ROOM' as const, workersFailing: {} })),
      routes: [],
      assignedCount: assignments.length,
      travelKm,
    });
    const alone = checkPlan(handMade([job('y', '12:00', '13:00')], 8.5), day, workers, reach);
    expect(alone).toContainEqual(expect.objectContaining({ rule: 'too_far', orderId: 'y', workerId: 'ana' }));
    const chained = handMade([job('x', '09:00', '10:00'), job('y', '12:00', '13:00')], 8.5);
    expect(checkPlan(chained, day, workers, reach)).toEqual([]);
    // Without a limit there is nothing to flag but the reason: Ana had room for `x`.
    expect(
      checkPlan(handMade([job('y', '12:00', '13:00')], 8.5), day, workers, policy).map((v) => v.rule),
    ).toEqual(['WRONG_REASON']);
  });

  it('catches a plan that misreports itself', () => {
    const [first] = plan.assignments;
    expect(rulesOf({ ...plan, assignments: [...plan.assignments, { ...first!, workerId: 'bo' }] })).toContain(
      'ASSIGNED_TWICE',
    );
    expect(rulesOf({ ...plan, assignments: [...plan.assignments, { ...first!, orderId: 'zzz' }] })).toContain(
      'UNKNOWN_ORDER',
    );
    expect(
      rulesOf({ ...plan, assignments: [{ ...first!, workerId: 'cy' }, ...plan.assignments.slice(1)] }),
    ).toContain('UNKNOWN_WORKER');
    expect(
      rulesOf({
        ...plan,
        assignments: [{ ...first!, start: first!.start + 1 }, ...plan.assignments.slice(1)],
      }),
    ).toContain('WRONG_TIMES');
    expect(rulesOf({ ...plan, unassigned: [] })).toContain('NOT_ACCOUNTED_FOR');
    expect(rulesOf({ ...plan, travelKm: plan.travelKm + 0.5 })).toEqual(['TRAVEL_MISREPORTED']);
    expect(rulesOf({ ...plan, assignedCount: plan.assignedCount + 1 })).toEqual(['COUNT_MISREPORTED']);
  });

  it('checks the reasons given for orders left out', () => {
    const roomy = plan.unassigned.find((u) => u.reason === 'NO_ROOM')!;
    expect(
      rulesOf({
        ...plan,
        unassigned: plan.unassigned.map((u) => (u === roomy ? { ...u, reason: 'NO_CANDIDATE' } : u)),
      }),
    ).toEqual(['WRONG_REASON']);
    const [first, ...rest] = plan.assignments;
    const leftOut = {
      ...plan,
      assignments: rest,
      unassigned: [
        ...plan.unassigned,
        { orderId: first!.orderId, reason: 'NO_ROOM' as const, workersFailing: {} },
      ],
    };
    expect(rulesOf(leftOut)).toContain('WRONG_REASON');
  });
});
