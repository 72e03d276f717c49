import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import type { BusinessUnit, Feature } from '@platform/contracts';
import { FeatureSettings } from '@platform/service-kit';
import { requireStaff, type WorkforceContext } from '../../platform/access';

@Resolver()
export class FeatureSettingResolver {
  constructor(@Inject(FeatureSettings) private readonly features: FeatureSettings) {}

  @Query('featureSetting')
  async featureSetting(
    @Context() ctx: WorkforceContext,
    @Args('branchId') branchId: string,
    @Args('businessUnit') businessUnit: BusinessUnit,
    @Args('feature') feature: Feature,
  ) {
    requireStaff(ctx.caller, 'see feature settings');
    await this.features.ready();
    return { branchId, businessUnit, feature, ...this.features.setting(branchId, businessUnit, feature) };
  }
}
