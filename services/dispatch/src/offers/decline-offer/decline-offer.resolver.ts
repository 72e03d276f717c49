import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { commandMeta, forbidden } from '@platform/service-kit';
import { inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { OrderDispatchView } from '../../read-models/order-dispatch/order-dispatch.view';
import { WorldFeed } from '../../world/world-feed';
import { Dispatching } from '../dispatching';

@Resolver()
export class DeclineOfferResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(OrderDispatchView) private readonly view: OrderDispatchView,
  ) {}

  @Mutation('declineOffer')
  async declineOffer(
    @Context() ctx: DispatchContext,
    @Args('offerId') offerId: string,
    @Args('reason') why: string,
  ) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('only the offered worker declines an offer');
    await this.feed.ready();
    parse(inputs.id, offerId, 'offerId');
    const meta = commandMeta(ctx.caller, 'declineOffer');
    await this.dispatching.declineOffer(
      offerId,
      ctx.caller.principal.sub,
      parse(inputs.reason, why, 'reason'),
      meta,
    );
    return this.view.answeredOffer(offerId);
  }
}
