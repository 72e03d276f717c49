import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { commandMeta } from '@platform/service-kit';
import { dispatchable, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { WorldFeed } from '../../world/world-feed';
import { Dispatching } from '../dispatching';

@Resolver()
export class AssignWorkerResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
  ) {}

  @Mutation('assignWorker')
  async assignWorker(
    @Context() ctx: DispatchContext,
    @Args('orderId') orderId: string,
    @Args('workerId') workerId: string,
    @Args('reason') why: string,
  ) {
    const text = parse(inputs.reason, why, 'reason');
    parse(inputs.id, orderId, 'orderId');
    await this.feed.ready();
    dispatchable(this.feed.world, ctx.caller, orderId);
    const result = await this.dispatching.assignManually(
      orderId,
      workerId,
      text,
      commandMeta(ctx.caller, 'assignWorker'),
    );
    const counts = new Map<string, number>();
    for (const o of result.overridden) counts.set(o.rule, (counts.get(o.rule) ?? 0) + 1);
    return {
      orderId,
      workerId,
      assignmentId: result.assignmentId,
      overridden: [...counts].map(([rule, workers]) => ({ rule, workers })),
      overriddenMessages: result.overridden.map((o) => o.message),
    };
  }
}
