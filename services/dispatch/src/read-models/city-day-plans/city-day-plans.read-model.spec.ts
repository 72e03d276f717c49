import type { EventEnvelope } from '@platform/contracts';
import { cityDayPlans, type PlanDoc } from './city-day-plans.read-model';

const planId = '7d2b9c4e-0000-4000-8000-000000000002';
const summary = {
  planId,
  branchId: 'nanjing',
  day: '2030-06-02',
  openOrders: 6,
  workers: 2,
  plan: { assigned: 6, travelKm: 12.4 },
  greedy: { assigned: 5, travelKm: 19.1 },
  travelSavedPct: 35.08,
  unassigned: 0,
  runtimeMs: 840,
};
const event = (type: string, data: object, by: string, occurredAt: string): EventEnvelope =>
  ({ type, data, occurredAt, actor: { kind: 'user', id: by, role: 'dispatcher' } }) as EventEnvelope;
const fold = (...events: EventEnvelope[]) =>
  events.reduce<PlanDoc | null>((plan, e) => cityDayPlans.evolve(plan, e, planId), null);

describe('the city-day plans read model', () => {
  it('shows who proposed a plan and when, and its first acceptance', () => {
    const proposed = event('CityDayPlanProposed', summary, 'd-1', '2030-06-01T08:00:00.000Z');
    const accepted = event('CityDayPlanAccepted', { planId }, 'd-2', '2030-06-01T08:05:00.000Z');
    const again = event('CityDayPlanAccepted', { planId }, 'd-3', '2030-06-01T08:09:00.000Z');
    expect(fold(proposed, accepted, again)).toEqual({
      ...summary,
      proposedAt: '2030-06-01T08:00:00.000Z',
      proposedBy: 'd-1',
      acceptedAt: '2030-06-01T08:05:00.000Z',
      acceptedBy: 'd-2',
    });
  });
});
