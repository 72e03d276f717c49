import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandRunner } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { changeCatalogue } from '../change-catalogue';

@Resolver()
export class DefineCourseResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Mutation('defineCourse')
  defineCourse(
    @Context() ctx: WorkforceContext,
    @Args('input') input: { code: string; name: { zh: string; en: string }; hours: number },
  ) {
    const { code, ...rest } = input;
    return changeCatalogue(this.commands, ctx, { type: 'DefineCourse', courseCode: code, ...rest });
  }
}
