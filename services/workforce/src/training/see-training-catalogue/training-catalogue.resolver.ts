import { Inject } from '@nestjs/common';
import { Context, Query, Resolver } from '@nestjs/graphql';
import { CommandRunner } from '@platform/service-kit';
import { requireStaff, type WorkforceContext } from '../../platform/access';
import { loadCatalogueView } from '../change-catalogue';

@Resolver()
export class TrainingCatalogueResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Query('trainingCatalogue')
  trainingCatalogue(@Context() ctx: WorkforceContext) {
    requireStaff(ctx.caller, 'see the training catalogue');
    return loadCatalogueView(this.commands);
  }
}
