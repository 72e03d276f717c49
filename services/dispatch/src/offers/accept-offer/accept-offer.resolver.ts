import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { commandMeta, forbidden } from '@platform/service-kit';
import { inputs, parse, type DispatchContext } from '../../platform/dispatch-context';
import { OrderDispatchView } from '../../read-models/order-dispatch/order-dispatch.view';
import { WorldFeed } from '../../world/world-feed';
import { Dispatching } from '../dispatching';

@Resolver()
export class AcceptOfferResolver {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(OrderDispatchView) private readonly view: OrderDispatchView,
  ) {}

  @Mutation('acceptOffer')
  async acceptOffer(@Context() ctx: DispatchContext, @Args('offerId') offerId: string) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('only the offered worker accepts an offer');
    await this.feed.ready();
    parse(inputs.id, offerId, 'offerId');
    await this.dispatching.acceptOffer(
      offerId,
      ctx.caller.principal.sub,
      commandMeta(ctx.caller, 'acceptOffer'),
    );
    return this.view.answeredOffer(offerId);
  }
}
