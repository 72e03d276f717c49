import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

/**
 * `order` beside an offer's `orderId`: a reference the gateway resolves in orders, which owns the
 * order (what, where, when) and decides who may see it (a worker sees an order offered to them).
 * The worker app shows an offer with it, so the worker knows what they accept.
 */
@Resolver('Offer')
export class OfferOrderReference {
  @ResolveField('order')
  order(@Parent() offer: { orderId: string }) {
    return { __typename: 'Order', id: offer.orderId };
  }
}
