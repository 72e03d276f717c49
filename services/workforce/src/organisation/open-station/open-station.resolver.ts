import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandRunner, commandMeta, requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { branchDecider, branchStream, stationDecider, stationStream } from '../organisation.decider';

@Resolver()
export class OpenStationResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Mutation('openStation')
  async openStation(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: {
      id: string;
      branchId: string;
      name: { zh: string; en: string };
      leaderId: string;
      districts: string[];
    },
  ) {
    requireRole(ctx.caller, ['admin'], 'open stations');
    const { id: stationId, ...rest } = input;
    const branch = await this.commands.load(branchDecider, branchStream(input.branchId));
    await this.commands.run(
      stationDecider,
      stationStream(stationId),
      { type: 'OpenStation', stationId, ...rest, branch },
      commandMeta(ctx.caller, `openStation:${stationId}`),
    );
    return { id: stationId, stationId, ...rest };
  }
}
