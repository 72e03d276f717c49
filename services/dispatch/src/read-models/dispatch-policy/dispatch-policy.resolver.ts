import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { staffOf, type DispatchContext } from '../../platform/dispatch-context';
import { WorldFeed } from '../../world/world-feed';

@Resolver()
export class DispatchPolicyResolver {
  constructor(@Inject(WorldFeed) private readonly feed: WorldFeed) {}

  /** The policy as this process applies it (its view follows every DispatchPolicySet). */
  @Query('dispatchPolicy')
  async dispatchPolicy(@Context() ctx: DispatchContext, @Args('branchId') branchId: string) {
    staffOf(ctx.caller, branchId);
    await this.feed.ready();
    const policy = this.feed.world.policyOf(branchId);
    return { branchId, version: policy.version, ...policy.settings };
  }
}
