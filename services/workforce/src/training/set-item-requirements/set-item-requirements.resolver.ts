import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandRunner } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import type { ItemRequirements } from '../../worker/eligibility';
import { changeCatalogue } from '../change-catalogue';

@Resolver()
export class SetItemRequirementsResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Mutation('setItemRequirements')
  setItemRequirements(@Context() ctx: WorkforceContext, @Args('input') input: ItemRequirements) {
    return changeCatalogue(this.commands, ctx, { type: 'SetItemRequirements', ...input });
  }
}
