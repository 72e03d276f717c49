import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { BusinessUnit, Feature } from '@platform/contracts';
import { CommandRunner, commandMeta, requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { branchDecider, branchStream } from '../organisation.decider';

@Resolver()
export class SwitchFeatureResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Mutation('switchFeature')
  async switchFeature(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: {
      branchId: string;
      businessUnit: BusinessUnit | 'all';
      feature: Feature;
      enabled: boolean;
      reason: string;
    },
  ) {
    requireRole(ctx.caller, ['admin'], 'switch features');
    await this.commands.run(
      branchDecider,
      branchStream(input.branchId),
      { type: 'SwitchFeature', ...input },
      commandMeta(ctx.caller, `switchFeature:${input.branchId}`),
    );
    return { ...input, source: input.businessUnit === 'all' ? 'branch' : 'business_unit' };
  }
}
