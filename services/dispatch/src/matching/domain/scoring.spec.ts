import type { WorkerView } from './dispatch-view';
import type { Candidate } from './decision-inputs';
import { explainWorker } from './hard-rules';
import { east, order, policy, worker } from '../../../test/support/matching.fixtures';
import { NEUTRAL_RATING, score, type ScoringContext } from './scoring';

const o = order({ regularWorkerId: 'wkr-regular' });
const facts = (w: WorkerView): Candidate => explainWorker(o, w, policy()).facts;
const alone: ScoringContext = { stationLoads: {} };

describe('scoring the eligible workers', () => {
  it('records every component in [0, 1] and weighs them into the total', () => {
    const s = score(o, facts(worker('wkr-1', { rating: 4, skillLevel: 3 })), alone, policy());
    expect(s.components).toEqual({
      distance: 0.9,
      regularWorker: 0,
      loadBalance: 1,
      rating: 0.75,
      skill: 0.5,
    });
    // 0.4 × 0.9 + 0.3 × 0 + 0.15 × 1 + 0.1 × 0.75 + 0.05 × 0.5
    expect(s.total).toBe(0.61);
  });

  it('scores distance from 1 next door down to 0 at the policy limit', () => {
    const at = (km: number) => score(o, facts(worker('wkr-d', { homeLocation: east(km) })), alone, policy());
    expect(at(0).components.distance).toBe(1);
    expect(at(10).components.distance).toBe(0.5);
    expect(at(20).components.distance).toBe(0);
  });

  it('treats a worker without feedback as neutral, neither good nor bad', () => {
    const unrated = score(o, facts(worker('wkr-new', { rating: null })), alone, policy());
    expect(unrated.components.rating).toBe(NEUTRAL_RATING);
    expect(score(o, facts(worker('wkr-top', { rating: 5 })), alone, policy()).components.rating).toBe(1);
    expect(score(o, facts(worker('wkr-low', { rating: 1 })), alone, policy()).components.rating).toBe(0);
  });

  it('scores skill level 1 as 0 and 5 as 1', () => {
    const skill = (skillLevel: number) =>
      score(o, facts(worker('wkr-s', { skillLevel })), alone, policy()).components.skill;
    expect([1, 2, 3, 4, 5].map(skill)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("gives the regular-worker component only to the customer's regular worker", () => {
    expect(score(o, facts(worker('wkr-regular')), alone, policy()).components.regularWorker).toBe(1);
    expect(score(o, facts(worker('wkr-other')), alone, policy()).components.regularWorker).toBe(0);
  });

  it('balances load within the station: its least-booked worker scores 1, its busiest 0, linear between', () => {
    const station: ScoringContext = {
      stationLoads: { 'st-xuhui': { activeWorkers: 5, minJobs: 0, maxJobs: 4 } },
    };
    const load = (jobsThatDay: number) =>
      score(o, { ...facts(worker('wkr-l')), jobsThatDay }, station, policy()).components.loadBalance;
    expect([0, 1, 2, 4].map(load)).toEqual([1, 0.75, 0.5, 0]);
  });

  it('gives everyone full load balance when the whole station is equally booked', () => {
    const even: ScoringContext = {
      stationLoads: { 'st-xuhui': { activeWorkers: 5, minJobs: 2, maxJobs: 2 } },
    };
    expect(
      score(o, { ...facts(worker('wkr-e')), jobsThatDay: 2 }, even, policy()).components.loadBalance,
    ).toBe(1);
  });
});
