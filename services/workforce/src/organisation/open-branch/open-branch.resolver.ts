import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { BusinessUnit } from '@platform/contracts';
import { CommandRunner, commandMeta, requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { branchDecider, branchStream } from '../organisation.decider';

@Resolver()
export class OpenBranchResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Mutation('openBranch')
  async openBranch(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: { id: string; name: { zh: string; en: string }; city: string; businessUnits: BusinessUnit[] },
  ) {
    requireRole(ctx.caller, ['admin'], 'open branches');
    const { id: branchId, ...rest } = input;
    await this.commands.run(
      branchDecider,
      branchStream(branchId),
      { type: 'OpenBranch', branchId, ...rest },
      commandMeta(ctx.caller, `openBranch:${branchId}`),
    );
    return { id: branchId, ...rest, switches: {} };
  }
}
