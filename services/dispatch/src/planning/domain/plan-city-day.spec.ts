import type { CityDayPlan, PlanOrder, PlanWorker } from './city-day';
import { checkPlan } from '../../../test/support/check-plan';
import { exactOptimum } from '../../../test/support/exact-optimum';
import { generateDay } from '../../../test/support/generate-day';
import { greedyOnline } from './greedy-online';
import { planCityDay } from './plan-city-day';
import { at, cst, policy, streetOrder } from '../../../test/support/street-day.fixtures';
import { haversineKm } from '@platform/domain-kit';

const order = (orderId: string, km: number, from: string, to: string, extra: Partial<PlanOrder> = {}) =>
  streetOrder(orderId, km, from, to, { durationMinutes: 120, ...extra });
const worker = (workerId: string, km: number, extra: Partial<PlanWorker> = {}): PlanWorker => ({
  workerId,
  home: at(km),
  eligibleItems: ['clean-standard'],
  serviceAreas: ['xuhui'],
  shifts: [{ start: cst('08:00'), end: cst('20:00') }],
  dailyCap: 5,
  existingJobs: [],
  ...extra,
});

const who = (plan: CityDayPlan) =>
  Object.fromEntries(
    plan.assignments.map((a) => [a.orderId, a.workerId]).sort(([a], [b]) => a!.localeCompare(b!)),
  );
// Budgets in rounds and iterations, never in time, so that every run is the same.
const quick = { iterations: 300, rounds: 30, timeLimitMs: 600_000, seed: 7 };

/** Every way to give each order to a worker or to nobody, feasible by checkPlan: the best, most orders first. */
function bruteForce(orders: PlanOrder[], workers: PlanWorker[]): { assigned: number; travelKm: number } {
  let best = { assigned: -1, travelKm: Infinity };
  const choices = workers.length + 1;
  for (let code = 0; code < choices ** orders.length; code++) {
    const assignments = orders.flatMap((o, i) => {
      const w = Math.floor(code / choices ** i) % choices;
      const start = +o.window.start;
      return w === workers.length
        ? []
        : [
            {
              orderId: o.orderId,
              workerId: workers[w]!.workerId,
              start,
              end: start + o.durationMinutes * 60_000,
            },
          ];
    });
    const plan = { assignments, unassigned: [], routes: [], assignedCount: assignments.length, travelKm: 0 };
    const broken = checkPlan(plan, orders, workers, policy).filter(
      (v) => !['TRAVEL_MISREPORTED', 'NOT_ACCOUNTED_FOR'].includes(v.rule),
    );
    if (broken.length > 0) continue;
    const travelKm = routeKm(assignments, orders, workers);
    if (
      assignments.length > best.assigned ||
      (assignments.length === best.assigned && travelKm < best.travelKm)
    ) {
      best = { assigned: assignments.length, travelKm };
    }
  }
  return best;
}

/** Home to each job in turn, per worker. */
function routeKm(
  assignments: { orderId: string; workerId: string }[],
  orders: PlanOrder[],
  workers: PlanWorker[],
) {
  return workers.reduce((sum, w) => {
    const mine = orders
      .filter((o) => assignments.some((a) => a.orderId === o.orderId && a.workerId === w.workerId))
      .sort((a, b) => +a.window.start - +b.window.start);
    let here = w.home;
    for (const o of mine) {
      sum += haversineKm(here, o.location);
      here = o.location;
    }
    return sum;
  }, 0);
}

describe('city-day plan on a hand-made day', () => {
  // Ana lives at 0 km, Bo at 10 km. The first order placed (o1, at 4 km, 09:00) is nearer Ana, so
  // greedy gives it to her; then o2 (at -1 km, also 09:00) must cross town to Bo. Better: o1 to Bo,
  // o2 to Ana, and Bo, already at 4 km, does o3 (5 km, 14:00) too.
  const workers = [worker('ana', 0), worker('bo', 10)];
  const orders = [
    order('o1', 4, '09:00', '11:00'),
    order('o2', -1, '09:00', '11:00'),
    order('o3', 5, '14:00', '16:00'),
  ];

  it('brute force: the best plan assigns all three for 8 km', () => {
    const best = bruteForce(orders, workers);
    expect(best.assigned).toBe(3);
    expect(best.travelKm).toBeCloseTo(8, 3);
  });

  it('greedy online dispatch misses it: o1 to Ana, so o2 crosses town (16 km)', () => {
    const plan = greedyOnline(orders, workers, policy);
    expect(who(plan)).toEqual({ o1: 'ana', o2: 'bo', o3: 'ana' });
    expect(plan.travelKm).toBeCloseTo(16, 3);
    expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
  });

  it('the planner finds it', () => {
    const plan = planCityDay(orders, workers, policy, quick);
    expect(who(plan)).toEqual({ o1: 'bo', o2: 'ana', o3: 'bo' });
    expect(plan.travelKm).toBeCloseTo(8, 3);
    expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
  });

  it('the integer program proves it', async () => {
    const { plan, status } = await exactOptimum(orders, workers, policy);
    expect(status).toBe('optimal');
    expect(who(plan)).toEqual({ o1: 'bo', o2: 'ana', o3: 'bo' });
    expect(plan.travelKm).toBeCloseTo(8, 3);
  }, 60_000);

  it('more orders beat less travel: a far order is still taken when someone can', () => {
    const far = [...orders, order('o4', 40, '17:00', '19:00')];
    const plan = planCityDay(far, workers, policy, quick);
    expect(plan.assignedCount).toBe(4);
    expect(plan.unassigned).toEqual([]);
    expect(checkPlan(plan, far, workers, policy)).toEqual([]);
  });
});

describe('the hard rules', () => {
  it('an order nobody can take stays unassigned, with the rules every worker fails', () => {
    const workers = [worker('ana', 0), worker('bo', 2, { serviceAreas: ['pudong'] })];
    const orders = [
      order('sofa', 1, '10:00', '12:00', { itemCode: 'sofa-clean' }),
      order('ok', 1, '10:00', '12:00'),
    ];
    for (const plan of [planCityDay(orders, workers, policy, quick), greedyOnline(orders, workers, policy)]) {
      expect(who(plan)).toEqual({ ok: 'ana' });
      expect(plan.unassigned).toEqual([
        {
          orderId: 'sofa',
          reason: 'NO_CANDIDATE',
          workersFailing: { not_eligible_for_item: 2, outside_service_area: 1 },
        },
      ]);
      expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
    }
  });

  it('an order that loses the only slot says there was no room', () => {
    const workers = [worker('ana', 0)];
    const orders = [order('first', 1, '10:00', '12:00'), order('second', 3, '10:30', '12:30')];
    const plan = planCityDay(orders, workers, policy, quick);
    expect(plan.assignedCount).toBe(1);
    expect(plan.unassigned).toEqual([
      expect.objectContaining({ reason: 'NO_ROOM', workersFailing: { slot_taken: 1 } }),
    ]);
  });

  it('keeps the drive and the buffer between jobs, and the daily cap', () => {
    // 10:00–11:00 at 0 km, then 11:20 at 10 km: 20 min of driving at 30 km/h + 10 min buffer do not fit.
    const workers = [worker('ana', 0, { dailyCap: 2 })];
    const orders = [
      order('a', 0, '10:00', '11:00', { durationMinutes: 60 }),
      order('b', 10, '11:20', '13:00', { durationMinutes: 60 }),
      order('c', 0, '14:00', '16:00', { durationMinutes: 60 }),
      order('d', 1, '17:00', '19:00', { durationMinutes: 60 }),
    ];
    const plan = planCityDay(orders, workers, policy, quick);
    expect(plan.assignedCount).toBe(2);
    expect(plan.assignments.map((a) => a.orderId)).not.toContain('b');
    expect(plan.unassigned).toContainEqual(
      expect.objectContaining({ orderId: 'd', reason: 'NO_ROOM', workersFailing: { daily_cap_reached: 1 } }),
    );
    expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
  });

  it('respects working hours, leave and existing jobs, and drives through the existing jobs', () => {
    const workers = [
      worker('ana', 0, {
        shifts: [{ start: cst('08:00'), end: cst('18:00') }],
        leave: [{ start: cst('08:00'), end: cst('10:00') }],
        existingJobs: [{ orderId: 'booked', start: cst('12:00'), end: cst('13:00'), location: at(5) }],
        dailyCap: 4,
      }),
    ];
    const orders = [
      order('on-leave', 0, '09:00', '11:00', { durationMinutes: 60 }),
      order('late', 0, '17:00', '19:00', { durationMinutes: 60 }),
      order('clashes', 5, '12:30', '14:30', { durationMinutes: 60 }),
      order('before', 2, '10:30', '11:30', { durationMinutes: 60 }),
      order('after', 6, '14:00', '16:00', { durationMinutes: 60 }),
    ];
    const plan = planCityDay(orders, workers, policy, quick);
    expect(who(plan)).toEqual({ after: 'ana', before: 'ana' });
    const reasons = Object.fromEntries(plan.unassigned.map((u) => [u.orderId, u.workersFailing]));
    expect(reasons).toEqual({
      'on-leave': { on_leave: 1 },
      late: { outside_working_hours: 1 },
      clashes: { slot_taken: 1 },
    });
    expect(plan.routes[0]!.stops.map((s) => s.orderId)).toEqual(['before', 'booked', 'after']);
    expect(plan.travelKm).toBeCloseTo(2 + 3 + 1, 3);
    expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
  });
});

describe("the reach limit (online dispatch's too_far)", () => {
  const reach = { ...policy, maxDistanceKm: 20 };
  const workers = [worker('ana', 0)];

  it('a job beyond reach from home is planned by nobody: greedy, the planner or the exact model', async () => {
    const orders = [order('near', -5, '09:00', '11:00'), order('far', 25, '14:00', '16:00')];
    const exact = await exactOptimum(orders, workers, reach);
    expect(exact.status).toBe('optimal');
    for (const plan of [
      greedyOnline(orders, workers, reach),
      planCityDay(orders, workers, reach, quick),
      exact.plan,
    ]) {
      expect(who(plan)).toEqual({ near: 'ana' });
      // 25 km from home and 30 km from `near`: out of reach whatever Ana does before.
      expect(plan.unassigned).toEqual([
        { orderId: 'far', reason: 'NO_ROOM', workersFailing: { too_far: 1 } },
      ]);
      expect(checkPlan(plan, orders, workers, reach)).toEqual([]);
    }
    // Without the limit, the same day takes both.
    expect(planCityDay(orders, workers, policy, quick).assignedCount).toBe(2);
  }, 60_000);

  it('measures from the previous stop: a job before brings a far one within reach', async () => {
    const orders = [order('halfway', 12, '09:00', '11:00'), order('far', 25, '14:00', '16:00')];
    const exact = await exactOptimum(orders, workers, reach);
    for (const plan of [
      greedyOnline(orders, workers, reach),
      planCityDay(orders, workers, reach, quick),
      exact.plan,
    ]) {
      expect(who(plan)).toEqual({ far: 'ana', halfway: 'ana' });
      expect(checkPlan(plan, orders, workers, reach)).toEqual([]);
    }
  }, 60_000);

  it('keeps every leg in reach when it moves jobs: no day is left with a job out of reach of the one before', () => {
    // Bo (at 30 km) can do `mid` from home only; Ana's `far` is in reach only after `mid`. Moving
    // `mid` to Bo would save km but strand `far` 25 km from Ana's home.
    const two = [worker('ana', 0), worker('bo', 30)];
    const orders = [
      order('mid', 14, '09:00', '11:00'),
      order('far', 25, '14:00', '16:00'),
      order('bo-late', 30, '14:00', '16:00'),
    ];
    const plan = planCityDay(orders, two, reach, quick);
    expect(plan.assignedCount).toBe(3);
    expect(checkPlan(plan, orders, two, reach)).toEqual([]);
    for (const route of plan.routes)
      for (const stop of route.stops) expect(stop.travelKm).toBeLessThanOrEqual(20);
  });

  it.each([1, 2])('seed %i: generated days plan under a tight reach without a breach', (seed) => {
    const day = generateDay(300, 45, seed);
    const tight = { ...day.policy, maxDistanceKm: 4 };
    const greedy = greedyOnline(day.orders, day.workers, tight);
    const plan = planCityDay(day.orders, day.workers, tight, { ...quick, seed });
    const lean = planCityDay(day.orders, day.workers, tight, { ...quick, seed, objective: 'least-travel' });
    for (const p of [greedy, plan, lean]) expect(checkPlan(p, day.orders, day.workers, tight)).toEqual([]);
    expect(plan.assignedCount).toBeGreaterThanOrEqual(greedy.assignedCount);
    expect(plan.assignedCount).toBeLessThan(
      planCityDay(day.orders, day.workers, day.policy, quick).assignedCount,
    );
  });
});

describe('city-day plan on generated days', () => {
  const seeds = [1, 2, 3, 4];

  it.each(seeds)(
    'seed %i: greedy and the planner break no rule, and the planner assigns no fewer',
    (seed) => {
      const { orders, workers, policy } = generateDay(400, 60, seed);
      const greedy = greedyOnline(orders, workers, policy);
      const plan = planCityDay(orders, workers, policy, { ...quick, seed });
      expect(checkPlan(greedy, orders, workers, policy)).toEqual([]);
      expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
      expect(plan.assignedCount).toBeGreaterThanOrEqual(greedy.assignedCount);
      if (plan.assignedCount === greedy.assignedCount)
        expect(plan.travelKm).toBeLessThanOrEqual(greedy.travelKm);
    },
  );

  it("'least-travel' assigns as many as greedy, for less travel, and says which it left out by choice", () => {
    const { orders, workers, policy } = generateDay(400, 60, 5);
    const greedy = greedyOnline(orders, workers, policy);
    const plan = planCityDay(orders, workers, policy, { ...quick, objective: 'least-travel' });
    expect(plan.assignedCount).toBe(greedy.assignedCount);
    expect(plan.travelKm).toBeLessThan(greedy.travelKm);
    expect(plan.unassigned.map((u) => u.reason)).toContain('LEFT_OUT_TO_SAVE_TRAVEL');
    expect(checkPlan(plan, orders, workers, policy)).toEqual([]);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const { orders, workers, policy } = generateDay(300, 45, 9);
    const a = planCityDay(orders, workers, policy, { ...quick, seed: 5 });
    const b = planCityDay(orders, workers, policy, { ...quick, seed: 5 });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.travelKm).toBe(a.travelKm);
  });

  it.each([1, 2])(
    'seed %i: the exact optimum breaks no rule and no plan beats it',
    async (seed) => {
      const { orders, workers, policy } = generateDay(80, 15, seed);
      const exact = await exactOptimum(orders, workers, policy);
      const plan = planCityDay(orders, workers, policy, { ...quick, seed });
      const greedy = greedyOnline(orders, workers, policy);
      expect(exact.status).toBe('optimal');
      expect(checkPlan(exact.plan, orders, workers, policy)).toEqual([]);
      for (const other of [plan, greedy]) {
        expect(other.assignedCount).toBeLessThanOrEqual(exact.plan.assignedCount);
        if (other.assignedCount === exact.plan.assignedCount) {
          expect(other.travelKm).toBeGreaterThanOrEqual(exact.plan.travelKm - 1e-6);
        }
      }
    },
    120_000,
  );
});
