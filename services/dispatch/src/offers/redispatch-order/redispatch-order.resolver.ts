import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { commandMeta } from '@platform/service-kit';
import { dispatchable, inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { OrderDispatchView } from '../../read-models/order-dispatch/order-dispatch.view';
import { WorldFeed } from '../../world/world-feed';
import { Dispatching } from '../dispatching';

@Resolver()
export class RedispatchOrderResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(OrderDispatchView) private readonly view: OrderDispatchView,
  ) {}

  /** A dispatcher asks for a new decision, whatever the branch's auto-dispatch switch says. */
  @Mutation('redispatchOrder')
  async redispatchOrder(@Context() ctx: DispatchContext, @Args('orderId') orderId: string) {
    parse(inputs.id, orderId, 'orderId');
    await this.feed.ready();
    const o = dispatchable(this.feed.world, ctx.caller, orderId);
    const meta = commandMeta(ctx.caller, 'redispatchOrder');
    await this.dispatching.autoDispatch(
      orderId,
      { id: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
      { requested: true },
    );
    return this.view.orderDispatch(o);
  }
}
