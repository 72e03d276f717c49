import { deciderSpec } from '@platform/eventing/testing';
import {
  cityDayPlanDecider as decider,
  type CityDayPlanEvent,
  type PlanSummary,
} from './city-day-plan.decider';

const planId = '7d2b9c4e-0000-4000-8000-000000000001';
const plan: PlanSummary = {
  planId,
  branchId: 'nanjing',
  day: '2026-12-10',
  openOrders: 6,
  workers: 2,
  plan: { assigned: 6, travelKm: 12.4 },
  greedy: { assigned: 5, travelKm: 19.1 },
  travelSavedPct: 35.08,
  unassigned: 0,
  runtimeMs: 840,
};
const proposed: CityDayPlanEvent = { type: 'CityDayPlanProposed', data: plan };
const accepted: CityDayPlanEvent = { type: 'CityDayPlanAccepted', data: { planId } };
const accept = { type: 'AcceptCityDayPlan' as const, planId };

describe('a city-day plan', () => {
  it('is proposed once, with what it achieves', () => {
    deciderSpec(decider).given([]).when({ type: 'ProposeCityDayPlan', plan }).then([proposed]);
    deciderSpec(decider)
      .given([proposed])
      .when({ type: 'ProposeCityDayPlan', plan })
      .thenFails('PLAN_EXISTS', /proposed already/, { field: 'planId' });
  });

  it('is accepted once: a second acceptance is refused and the first one stands', () => {
    deciderSpec(decider).given([proposed]).when(accept).then([accepted]);
    deciderSpec(decider)
      .given([proposed, accepted])
      .when(accept)
      .thenFails('PLAN_ALREADY_ACCEPTED', /accepted already/, { field: 'planId' });
  });

  it('cannot be accepted before it was proposed', () => {
    deciderSpec(decider)
      .given([])
      .when(accept)
      .thenFails('PLAN_NOT_FOUND', `no city-day plan ${planId}`, { field: 'planId' });
  });

  it('knows its branch and day, for who may accept it', () => {
    const state = [proposed, accepted].reduce(decider.evolve, decider.initialState);
    expect(state).toEqual({ status: 'accepted', planId, branchId: 'nanjing', day: '2026-12-10' });
  });
});
