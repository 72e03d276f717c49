import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { CommandRunner } from '@platform/service-kit';
import { requireStaff, type WorkforceContext } from '../../platform/access';
import { stationDecider, stationStream, type Station } from '../organisation.decider';

/** The GraphQL Station, from the station's stream. */
export const stationView = (station: Station) => ({ ...station, id: station.stationId });

@Resolver()
export class StationResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @Query('station')
  async station(@Context() ctx: WorkforceContext, @Args('id') id: string) {
    requireStaff(ctx.caller, 'see stations');
    const state = await this.commands.load(stationDecider, stationStream(id));
    return state.status === 'open' ? stationView(state.station) : null;
  }
}
