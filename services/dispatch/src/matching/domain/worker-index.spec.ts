import type { OrderToDispatch, WorkerView } from './dispatch-view';
import { generateCity, generateOrders } from '../../../test/support/generate-city';
import { NO_EXCLUSIONS, type ExclusionSummary, type WorkerFacts } from './decision-inputs';
import { NOW, job, order, policy, worker } from '../../../test/support/matching.fixtures';
import { decide, replay, type Decision } from './ranking';
import { WorkerIndex } from './worker-index';

/** The first rule, in the index's order, that rules a worker out under any policy; undefined if none. */
function excludedFor(f: WorkerFacts, o: OrderToDispatch): keyof Omit<ExclusionSummary, 'total'> | undefined {
  if (f.branchId !== o.branchId) return 'wrong_branch';
  if (!f.eligibleForItem) return 'not_eligible_for_item';
  if (!f.servesDistrict) return 'outside_service_area';
  if (f.status !== 'active') return 'not_active';
  if (!f.withinWorkingHours) return 'outside_working_hours';
  if (f.leave) return 'on_leave';
  if (f.overlapping.length > 0) return 'slot_taken';
  return undefined;
}

/** The index's decision must be the brute-force scan's, restricted to the workers it examined. */
function expectSameAnswer(viaIndex: Decision, scan: Decision, o: OrderToDispatch): void {
  const examined = new Set(viaIndex.inputs.considered.map((f) => f.workerId));
  expect(viaIndex.ranked).toEqual(scan.ranked);
  expect(viaIndex.offerOrder).toEqual(scan.offerOrder);
  expect(viaIndex.inputs.considered).toEqual(scan.inputs.considered.filter((f) => examined.has(f.workerId)));
  expect(viaIndex.rejected).toEqual(scan.rejected.filter((r) => examined.has(r.workerId)));
  for (const [stationId, load] of Object.entries(viaIndex.inputs.stationLoads)) {
    expect([stationId, load]).toEqual([stationId, scan.inputs.stationLoads[stationId]]);
  }
  const expected: ExclusionSummary = { ...NO_EXCLUSIONS };
  for (const f of scan.inputs.considered) {
    if (examined.has(f.workerId)) continue;
    const rule = excludedFor(f, o);
    expect([f.workerId, rule]).not.toEqual([f.workerId, undefined]);
    expected[rule!]++;
    expected.total++;
  }
  expect(viaIndex.summary.excludedByIndex).toEqual(expected);
}

describe('the worker index', () => {
  describe('gives the same answer as examining every worker (generated city of 500, 50 random orders)', () => {
    const city = generateCity(500, 7);
    const orders = generateOrders(city, 50, 11);
    // A few orders are already held (a reschedule, a re-offer), so a worker's own booking is in play.
    const held = orders.filter((_, i) => i % 10 === 0);

    const setUp = () => {
      const model = new Map<string, WorkerView>(city.workers.map((w) => [w.workerId, w]));
      const index = WorkerIndex.of(city.workers);
      held.forEach((o, i) => {
        const holder = city.workers.filter(
          (w) => w.status === 'active' && w.eligibleItems.includes(o.itemCode),
        )[i]!;
        const booking = {
          orderId: o.orderId,
          start: o.window.start,
          end: o.window.end,
          location: o.location,
        };
        model.set(holder.workerId, { ...model.get(holder.workerId)!, jobs: [...holder.jobs, booking] });
        index.addJob(holder.workerId, booking);
      });
      return { model, index };
    };

    let decisions: { viaIndex: Decision; scan: Decision }[] = [];
    beforeAll(() => {
      const { index, model } = setUp();
      decisions = orders.map((o) => ({
        viaIndex: decide(o, index, city.policy, NOW),
        scan: decide(o, [...model.values()], city.policy, NOW),
      }));
    });

    it.each(orders.map((o, i) => [i, o.itemCode, o.district, o] as const))(
      'order %i (%s in %s)',
      (i, _item, _district, o) => {
        expectSameAnswer(decisions[i]!.viaIndex, decisions[i]!.scan, o);
      },
    );

    it('is a real test: the orders meet every kind of rejection and exclusion, and many find candidates', () => {
      const viaIndex = decisions.map((d) => d.viaIndex);
      const rejectedFor = new Set(
        viaIndex.flatMap((d) => d.rejected.flatMap((r) => r.failed.map((f) => f.code))),
      );
      expect([...rejectedFor].sort()).toEqual([
        'daily_cap_reached',
        'routing_group',
        'slot_taken',
        'too_far',
      ]);
      for (const rule of Object.keys(NO_EXCLUSIONS) as (keyof ExclusionSummary)[]) {
        expect([rule, viaIndex.some((d) => d.summary.excludedByIndex[rule] > 0)]).toEqual([rule, true]);
      }
      expect(viaIndex.filter((d) => d.ranked.length > 0).length).toBeGreaterThan(orders.length / 3);
      const examined = viaIndex.reduce((n, d) => n + d.summary.considered, 0) / viaIndex.length;
      expect(examined).toBeLessThan(city.workers.length / 5);
    });

    it('stays the same as the scan while workers and jobs change', () => {
      const { model, index } = setUp();
      const change = (w: WorkerView) => {
        model.set(w.workerId, w);
        index.put(w);
      };
      const active = city.workers.filter((w) => w.status === 'active');
      // Offers go out: each order's first candidate gets a job, so the next orders see it.
      for (const o of orders.slice(0, 25)) {
        const first = decide(o, index, city.policy, NOW).offerOrder[0];
        if (!first) continue;
        const booking = {
          orderId: o.orderId,
          start: o.window.start,
          end: o.window.end,
          location: o.location,
        };
        model.set(first, { ...model.get(first)!, jobs: [...model.get(first)!.jobs, booking] });
        index.addJob(first, booking);
      }
      // Some are declined, some workers are suspended, go on leave, move station or leave the city.
      for (const o of orders.slice(0, 25).filter((_, i) => i % 3 === 0)) {
        for (const holder of index.holdersOf(o.orderId)) {
          model.set(holder, {
            ...model.get(holder)!,
            jobs: model.get(holder)!.jobs.filter((j) => j.orderId !== o.orderId),
          });
          expect(index.removeJob(holder, o.orderId)).toBe(true);
        }
      }
      change({ ...active[0]!, status: 'suspended' });
      change({ ...active[1]!, leaves: [...active[1]!.leaves, { from: city.days[0]!, to: city.days[6]! }] });
      change({ ...active[2]!, stationId: city.stations[0]!.stationId, serviceAreas: ['xuhui', 'pudong'] });
      model.delete(active[3]!.workerId);
      index.remove(active[3]!.workerId);

      expect(index.size).toBe(model.size);
      for (const o of orders.slice(25)) {
        expectSameAnswer(
          decide(o, index, city.policy, NOW),
          decide(o, [...model.values()], city.policy, NOW),
          o,
        );
      }
    });
  });

  it('counts the workers it did not examine under the first rule that rules them out', () => {
    const index = WorkerIndex.of([
      worker('wkr-ok'),
      worker('wkr-suzhou', { branchId: 'suzhou' }),
      worker('wkr-deep', { eligibleItems: ['HC-DEEP'] }),
      worker('wkr-pudong', { serviceAreas: ['pudong'] }),
      worker('wkr-left', { status: 'left', branchId: 'suzhou' }),
      worker('wkr-applicant', { status: 'applicant' }),
      worker('wkr-weekends', { weeklyHours: [{ weekday: 6, from: '08:00', to: '18:00' }] }),
      worker('wkr-afternoons', { weeklyHours: [{ weekday: 1, from: '13:00', to: '18:00' }] }),
      worker('wkr-leave', { leaves: [{ from: '2025-06-02', to: '2025-06-02' }] }),
      worker('wkr-busy', { jobs: [job('ord-x', '2025-06-02T11:00', '2025-06-02T12:00')] }),
      worker('wkr-tight', { jobs: [job('ord-y', '2025-06-02T08:00', '2025-06-02T09:55')] }),
    ]);
    const d = decide(order(), index, policy(), NOW);
    expect(d.inputs.considered.map((f) => f.workerId)).toEqual(['wkr-ok', 'wkr-tight']);
    expect(d.rejected.map((r) => [r.workerId, r.failed.map((f) => f.code)])).toEqual([
      ['wkr-tight', ['slot_taken']],
    ]);
    expect(d.summary.excludedByIndex).toEqual({
      total: 9,
      wrong_branch: 2,
      not_eligible_for_item: 1,
      outside_service_area: 1,
      not_active: 1,
      outside_working_hours: 2,
      on_leave: 1,
      slot_taken: 1,
    });
  });

  it('stops offering a worker the slot they were just offered for another order', () => {
    const index = WorkerIndex.of([worker('wkr-1'), worker('wkr-2')]);
    const first = order();
    const second = order();
    const d1 = decide(first, index, policy(), NOW);
    expect(d1.offerOrder).toEqual(['wkr-1', 'wkr-2']);
    index.addJob('wkr-1', job(first.orderId, '2025-06-02T10:00', '2025-06-02T12:00'));
    const d2 = decide(second, index, policy(), NOW);
    expect(d2.offerOrder).toEqual(['wkr-2']);
    expect(d2.summary.excludedByIndex.slot_taken).toBe(1);
    expect(index.holdersOf(first.orderId)).toEqual(['wkr-1']);
    index.removeJob('wkr-1', first.orderId);
    expect(decide(second, index, policy(), NOW).offerOrder).toEqual(['wkr-1', 'wkr-2']);
  });

  it("keeps a rescheduled order's worker possible and does not count the order in their load", () => {
    const o = order();
    const index = WorkerIndex.of([
      worker('wkr-holder', { jobs: [job(o.orderId, '2025-06-02T09:00', '2025-06-02T11:00')] }),
      worker('wkr-other'),
    ]);
    const d = decide(o, index, policy(), NOW);
    expect(d.offerOrder).toEqual(['wkr-holder', 'wkr-other']);
    expect(d.inputs.stationLoads['st-xuhui']).toEqual({ activeWorkers: 2, minJobs: 0, maxJobs: 0 });
  });

  it('lets a decision made through the index be replayed under another policy', () => {
    const city = generateCity(300, 3);
    const index = WorkerIndex.of(city.workers);
    const o = generateOrders(city, 1, 5)[0]!;
    const stored = JSON.parse(JSON.stringify(decide(o, index, city.policy, NOW))) as Decision;
    const other = { ...city.policy, name: 'skill-first', weights: { ...city.policy.weights, skill: 5 } };
    expect(replay(stored.inputs, city.policy).ranked).toEqual(stored.ranked);
    expect(replay(stored.inputs, other).ranked).toEqual(decide(o, index, other, NOW).ranked);
  });
});
