import type { DispatchPolicy, WorkerView } from './dispatch-view';
import { candidates } from './hard-rules';
import { NOW, east, job, order, policy, worker } from '../../../test/support/matching.fixtures';
import { decide, rankCandidates, replay } from './ranking';

const offers = (workers: WorkerView[], p: DispatchPolicy = policy(), o = order()) =>
  decide(o, workers, p, NOW).offerOrder;

describe('ranking and the order of offers', () => {
  describe("the customer's regular worker", () => {
    const near = worker('wkr-near', { homeLocation: east(0.5), rating: 5, skillLevel: 5 });
    const regular = worker('wkr-regular', { homeLocation: east(15), rating: 3, skillLevel: 1 });
    const o = order({ regularWorkerId: 'wkr-regular' });

    it('is offered the order first whenever eligible, even farther, less skilled and lower rated', () => {
      expect(offers([near, regular], policy(), o)).toEqual(['wkr-regular', 'wkr-near']);
    });

    it('comes first by rule, not by weight: a policy giving the regular-worker bonus no weight keeps them first', () => {
      const noBonus = policy({ weights: { ...policy().weights, regularWorker: 0 } });
      const d = decide(o, [near, regular], noBonus, NOW);
      expect(d.offerOrder).toEqual(['wkr-regular', 'wkr-near']);
      expect(d.ranked[0]!.score.total).toBeLessThan(d.ranked[1]!.score.total);
    });

    it('is skipped, with the reasons recorded, when not eligible', () => {
      const away = { ...regular, leaves: [{ from: '2025-06-02', to: '2025-06-02' }] };
      const d = decide(o, [near, away], policy(), NOW);
      expect(d.offerOrder).toEqual(['wkr-near']);
      expect(d.rejected).toEqual([
        {
          workerId: 'wkr-regular',
          failed: [{ code: 'on_leave', message: 'is on leave from 2025-06-02 to 2025-06-02' }],
        },
      ]);
    });
  });

  it('prefers the less-booked worker of the station when all else is equal', () => {
    const booked = worker('wkr-a-booked', {
      jobs: [
        job('ord-1', '2025-06-02T14:00', '2025-06-02T15:00'),
        job('ord-2', '2025-06-02T16:00', '2025-06-02T17:00'),
      ],
    });
    const idle = worker('wkr-b-idle');
    const d = decide(order(), [booked, idle], policy(), NOW);
    expect(d.offerOrder).toEqual(['wkr-b-idle', 'wkr-a-booked']);
    expect(d.ranked.map((r) => r.score.components.loadBalance)).toEqual([1, 0]);
    expect(d.inputs.stationLoads).toEqual({ 'st-xuhui': { activeWorkers: 2, minJobs: 0, maxJobs: 2 } });
  });

  describe('ties are broken the same way every time', () => {
    const twins = (ids: string[], km: (i: number) => number) =>
      ids.map((id, i) => worker(id, { homeLocation: east(km(i)) }));
    // Distance does not count in the score here, so only the tie-breaks order them.
    const noDistance = policy({ weights: { ...policy().weights, distance: 0 } });

    it('offers the nearer of two equally scored workers first', () => {
      expect(
        offers(
          twins(['wkr-far', 'wkr-close'], (i) => (i === 0 ? 6 : 3)),
          noDistance,
        ),
      ).toEqual(['wkr-close', 'wkr-far']);
    });

    it('then goes by workerId, whatever order the workers come in', () => {
      const ws = twins(['wkr-c', 'wkr-a', 'wkr-b'], () => 2);
      expect(offers(ws)).toEqual(['wkr-a', 'wkr-b', 'wkr-c']);
      expect(offers([...ws].reverse())).toEqual(['wkr-a', 'wkr-b', 'wkr-c']);
    });
  });

  it('records the decision as plain JSON: order, policy, time, every candidate with components, every rejection, the offer order', () => {
    const o = order({ regularWorkerId: 'wkr-b' });
    const workers = [
      worker('wkr-a'),
      worker('wkr-b', { homeLocation: east(4) }),
      worker('wkr-c', { status: 'left' }),
    ];
    const d = rankCandidates(candidates(o, workers, policy(), NOW));

    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(d).toMatchObject({
      orderId: o.orderId,
      decidedAt: '2025-06-01T12:00:00.000Z',
      policy: { name: 'spec-policy', version: 1 },
      offerOrder: ['wkr-b', 'wkr-a'],
      rejected: [{ workerId: 'wkr-c', failed: [{ code: 'not_active', message: 'is left, not active' }] }],
      summary: { considered: 3, eligible: 2, rejected: 1 },
    });
    expect(d.inputs.order).toMatchObject({
      orderId: o.orderId,
      window: { start: '2025-06-02T02:00:00.000Z', end: '2025-06-02T04:00:00.000Z' },
      regularWorkerId: 'wkr-b',
    });
    expect(
      d.ranked.map((r) => [r.rank, r.workerId, r.distanceKm, r.regularWorker, r.score.components]),
    ).toEqual([
      [1, 'wkr-b', 4, true, { distance: 0.8, regularWorker: 1, loadBalance: 1, rating: 0.75, skill: 0.5 }],
      [2, 'wkr-a', 2, false, { distance: 0.9, regularWorker: 0, loadBalance: 1, rating: 0.75, skill: 0.5 }],
    ]);
    expect(d.inputs.considered.map((f) => f.workerId)).toEqual(['wkr-a', 'wkr-b', 'wkr-c']);
  });

  describe('replaying a stored decision under another policy (the auditor compares outcomes)', () => {
    const close = worker('wkr-close', { homeLocation: east(1), rating: 3 });
    const farStar = worker('wkr-far-star', { homeLocation: east(12), rating: 5 });
    const capped = worker('wkr-capped', {
      homeLocation: east(3),
      jobs: [
        job('ord-1', '2025-06-02T14:00', '2025-06-02T15:00'),
        job('ord-2', '2025-06-02T16:00', '2025-06-02T17:00'),
      ],
    });
    const today = policy({ name: 'distance-first', dailyJobCap: 2 });
    const stored = () => JSON.parse(JSON.stringify(decide(order(), [close, farStar, capped], today, NOW)));

    it('gives back the same ranking under the policy it was made with', () => {
      const decision = stored();
      const again = replay(decision.inputs, decision.policy);
      expect(again.ranked).toEqual(decision.ranked);
      expect(again.rejected).toEqual(decision.rejected);
      expect(again.offerOrder).toEqual(['wkr-close', 'wkr-far-star']);
    });

    it('puts the far, top-rated worker first under a rating-first policy', () => {
      const ratingFirst = {
        ...today,
        name: 'rating-first',
        weights: { ...today.weights, distance: 0.1, rating: 0.8 },
      };
      const result = replay(stored().inputs, ratingFirst);
      expect(result.offerOrder).toEqual(['wkr-far-star', 'wkr-close']);
      expect(result.policy.name).toBe('rating-first');
    });

    it('admits the capped worker under a higher cap and rejects the far one under a shorter reach', () => {
      const tighter = { ...today, name: 'cap-3-reach-10', dailyJobCap: 3, maxDistanceKm: 10 };
      const result = replay(stored().inputs, tighter);
      expect(result.offerOrder).toEqual(['wkr-close', 'wkr-capped']);
      expect(result.rejected).toEqual([
        {
          workerId: 'wkr-far-star',
          failed: [{ code: 'too_far', message: 'is 12.0 km away coming from home; the limit is 10 km' }],
        },
      ]);
    });

    it('rejects a policy no decision could be made with', () => {
      expect(() => replay(stored().inputs, { ...today, travelSpeedKmh: 0 })).toThrow(
        /travelSpeedKmh must be > 0/,
      );
    });
  });
});
