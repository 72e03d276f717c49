import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { CommandRunner, commandMeta, requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { stationDecider, stationStream } from '../organisation.decider';
import { stationView } from '../see-station/station.resolver';

@Resolver()
export class AppointStationLeaderResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Mutation('appointStationLeader')
  async appointStationLeader(
    @Context() ctx: WorkforceContext,
    @Args('stationId') stationId: string,
    @Args('leaderId') leaderId: string,
  ) {
    requireRole(ctx.caller, ['admin'], 'appoint station leaders');
    await this.commands.run(
      stationDecider,
      stationStream(stationId),
      { type: 'AppointLeader', leaderId },
      commandMeta(ctx.caller, `appointLeader:${stationId}`),
    );
    const state = await this.commands.load(stationDecider, stationStream(stationId));
    if (state.status === 'none') throw new DomainError('STATION_NOT_FOUND', `station ${stationId} not found`);
    return stationView(state.station);
  }
}
