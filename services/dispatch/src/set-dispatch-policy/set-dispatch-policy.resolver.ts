import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { dispatchPolicySchema } from '@platform/contracts';
import { commandMeta, CommandRunner, forbidden } from '@platform/service-kit';
import { inputs, parse, type DispatchContext } from '../platform/dispatch-context';
import { dispatchPolicyDecider, dispatchPolicyStream } from '../policy/dispatch-policy.decider';
import { WorldFeed } from '../world/world-feed';

@Resolver()
export class SetDispatchPolicyResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
  ) {}

  @Mutation('setDispatchPolicy')
  async setDispatchPolicy(
    @Context() ctx: DispatchContext,
    @Args('branchId') branchId: string,
    @Args('input') input: unknown,
    @Args('reason') why: string,
  ) {
    if (ctx.caller.principal.role !== 'admin') throw forbidden('only admins set a dispatch policy');
    parse(inputs.branch, branchId, 'branchId');
    const policy = parse(dispatchPolicySchema, input, 'input');
    const text = parse(inputs.reason, why, 'reason');
    await this.commands.run(
      dispatchPolicyDecider,
      dispatchPolicyStream(branchId),
      { type: 'SetDispatchPolicy', branchId, policy, reason: text },
      commandMeta(ctx.caller, 'setDispatchPolicy'),
    );
    const state = await this.commands.load(dispatchPolicyDecider, dispatchPolicyStream(branchId));
    // This process decides with the new policy at once, not once it comes back through Kafka.
    this.feed.world.apply({
      type: 'DispatchPolicySet',
      data: { branchId, version: state.version, policy: state.settings, reason: text },
      occurredAt: new Date().toISOString(),
    });
    return { branchId, version: state.version, ...state.settings };
  }
}
