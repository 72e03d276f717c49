import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { forbidden } from '@platform/service-kit';
import { dispatchAccess, maySeeBranch } from '../../platform/access';
import { inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { DecisionRecords } from '../../provenance/decision-records';
import { WorldFeed } from '../../world/world-feed';
import { decisionView } from './decisions.view';

@Resolver()
export class DecisionsResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(DecisionRecords) private readonly records: DecisionRecords,
  ) {}

  @Query('dispatchDecision')
  async dispatchDecision(@Context() ctx: DispatchContext, @Args('decisionId') decisionId: string) {
    parse(inputs.id, decisionId, 'decisionId');
    await this.feed.ready();
    const decision = await this.records.decision(decisionId);
    const o = decision && this.feed.world.order(decision.orderId);
    const access = dispatchAccess(ctx.caller.principal);
    // Every examined worker with the rule each failed (on leave, suspended, hours): dispatch staff only.
    if (access.kind === 'self' || access.kind === 'station' || access.kind === 'none')
      throw forbidden('decisions are for dispatch staff');
    return o && maySeeBranch(access, o.order.branchId) ? decisionView(decisionId, decision) : null;
  }
}
