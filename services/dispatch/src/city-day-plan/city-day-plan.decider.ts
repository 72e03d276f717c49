import type { CityDayPlanAccepted, CityDayPlanProposed, EventData } from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';

export type PlanSummary = EventData<typeof CityDayPlanProposed>;
export type CityDayPlanEvent =
  | { type: 'CityDayPlanProposed'; data: PlanSummary }
  | { type: 'CityDayPlanAccepted'; data: EventData<typeof CityDayPlanAccepted> };
export type CityDayPlanState =
  { status: 'none' } | { status: 'proposed' | 'accepted'; planId: string; branchId: string; day: string };
export type CityDayPlanCommand =
  { type: 'ProposeCityDayPlan'; plan: PlanSummary } | { type: 'AcceptCityDayPlan'; planId: string };

const notFound = (planId: string) =>
  new DomainError('PLAN_NOT_FOUND', `no city-day plan ${planId}`, { field: 'planId' });

function propose(plan: PlanSummary, state: CityDayPlanState): CityDayPlanEvent[] {
  if (state.status !== 'none')
    throw new DomainError('PLAN_EXISTS', `city-day plan ${plan.planId} was proposed already`, {
      field: 'planId',
    });
  return [{ type: 'CityDayPlanProposed', data: plan }];
}

function accept(planId: string, state: CityDayPlanState): CityDayPlanEvent[] {
  if (state.status === 'none') throw notFound(planId);
  // Only the first acceptance is recorded; the caller may still finish offers it left undone.
  if (state.status === 'accepted')
    throw new DomainError('PLAN_ALREADY_ACCEPTED', `city-day plan ${planId} was accepted already`, {
      field: 'planId',
    });
  return [{ type: 'CityDayPlanAccepted', data: { planId } }];
}

/** A proposed city-day plan (stream `city-day-plan-<planId>`): proposed once, accepted once. */
export const cityDayPlanDecider: Decider<CityDayPlanCommand, CityDayPlanState, CityDayPlanEvent> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'ProposeCityDayPlan':
        return propose(command.plan, state);
      case 'AcceptCityDayPlan':
        return accept(command.planId, state);
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'CityDayPlanProposed': {
        const { planId, branchId, day } = event.data;
        return { status: 'proposed', planId, branchId, day };
      }
      case 'CityDayPlanAccepted':
        return state.status === 'none' ? state : { ...state, status: 'accepted' };
      default:
        return state;
    }
  },
};

export const cityDayPlanStream = (planId: string) => `city-day-plan-${planId}`;
