import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { dispatcherOf, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { CityDayPlans } from '../../planning-service/city-day-plans';

@Resolver()
export class CityDayPlansResolver {
  constructor(@Inject(CityDayPlans) private readonly plans: CityDayPlans) {}

  @Query('cityDayPlans')
  cityDayPlans(@Context() ctx: DispatchContext, @Args('branchId') branchId: string, @Args('day') d: string) {
    dispatcherOf(ctx.caller, branchId);
    return this.plans.ofDay(branchId, parse(inputs.day, d, 'day'));
  }
}
