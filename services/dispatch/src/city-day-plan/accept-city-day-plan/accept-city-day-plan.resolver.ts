import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { commandMeta } from '@platform/service-kit';
import { dispatchAccess, maySeeBranch } from '../../platform/access';
import { dispatcherOf, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { CityDayPlans } from '../../planning-service/city-day-plans';

@Resolver()
export class AcceptCityDayPlanResolver {
  constructor(@Inject(CityDayPlans) private readonly plans: CityDayPlans) {}

  @Mutation('acceptCityDayPlan')
  async acceptCityDayPlan(@Context() ctx: DispatchContext, @Args('planId') planId: string) {
    parse(inputs.id, planId, 'planId');
    const plan = await this.plans.proposal(planId);
    if (!plan || !maySeeBranch(dispatchAccess(ctx.caller.principal), plan.branchId))
      throw new DomainError('PLAN_NOT_FOUND', `no city-day plan ${planId}`, { field: 'planId' });
    dispatcherOf(ctx.caller, plan.branchId);
    return this.plans.accept(planId, commandMeta(ctx.caller, 'acceptCityDayPlan'));
  }
}
