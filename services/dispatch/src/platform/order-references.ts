import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

/** The types of dispatch's graph that name an order by `orderId`. */
const NAMING_AN_ORDER = ['Offer', 'BoardOrder', 'ScheduledJob', 'QueueItem', 'PlannedAssignment', 'SkippedOrder'] as const;

/**
 * `order` beside an `orderId`: a reference the gateway resolves in orders, which owns the order
 * (what, where, when) and decides who may see it (a worker sees an order offered to them).
 * The worker app shows an offer with it, so the worker knows what they accept; the dispatcher's
 * desk shows the order's item and channel number on the day board, the schedule board, the queue
 * and the plan.
 */
function orderReference(typeName: string) {
  @Resolver(typeName)
  class OrderReference {
    @ResolveField('order')
    order(@Parent() parent: { orderId: string }) {
      return { __typename: 'Order', id: parent.orderId };
    }
  }
  // Nest tells providers apart by class name as well.
  Object.defineProperty(OrderReference, 'name', { value: `${typeName}OrderReference` });
  return OrderReference;
}

export const orderReferences = NAMING_AN_ORDER.map(orderReference);

/** `unassignedOrders` beside a city-day plan's `unassigned` ids, the same references. */
@Resolver('CityDayPlan')
export class UnassignedOrderReferences {
  @ResolveField('unassignedOrders')
  unassignedOrders(@Parent() plan: { unassigned: string[] }) {
    return plan.unassigned.map((id) => ({ __typename: 'Order', id }));
  }
}
