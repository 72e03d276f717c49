import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { commandMeta } from '@platform/service-kit';
import { dispatcherOf, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { CityDayPlans } from '../../planning-service/city-day-plans';

@Resolver()
export class ProposeCityDayPlanResolver {
  constructor(@Inject(CityDayPlans) private readonly plans: CityDayPlans) {}

  @Mutation('proposeCityDayPlan')
  proposeCityDayPlan(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('day') d: string,
  ) {
    dispatcherOf(ctx.caller, branchId);
    return this.plans.propose(
      branchId,
      parse(inputs.day, d, 'day'),
      commandMeta(ctx.caller, 'proposeCityDayPlan'),
    );
  }
}
