import type { EventData, OrderPlaced } from '@platform/contracts';
import type { OrderEvent } from '../order.decider';
import type { PlaceOrderRequest } from './place-order.request';

type Placed = EventData<typeof OrderPlaced>;

/** The order as it was first placed (later events, a reschedule say, change what it is now, not what was sent). */
export const firstPlacement = {
  initialState: null as Placed | null,
  evolve: (placed: Placed | null, event: OrderEvent): Placed | null =>
    placed ?? (event.type === 'OrderPlaced' ? event.data : null),
};

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/**
 * Where a repeated order request (the same partner order id, or the same idempotency key) says
 * something else than the order first placed under it, as fields of the order request. A repeat
 * that differs is not a retry, and answering it as one would drop the change silently. The
 * contact is compared unless it has been erased.
 */
export function placementDifferences(
  placed: Placed,
  contact: { name: string; phone: string; street: string } | undefined,
  request: PlaceOrderRequest,
): string[] {
  const differences: [string, boolean][] = [
    ['customerId', placed.customerId !== request.customerId],
    ['contact.name', !!contact && contact.name !== request.contact.name],
    ['contact.phone', !!contact && contact.phone !== request.contact.phone],
    ['contact.street', !!contact && contact.street !== request.contact.street],
    ['address.city', placed.address.city !== request.address.city],
    ['address.district', placed.address.district !== request.address.district],
    ['address.location.lat', placed.address.location.lat !== request.address.location.lat],
    ['address.location.lng', placed.address.location.lng !== request.address.location.lng],
    ['itemCode', placed.item.code !== request.itemCode],
    ['appointment.start', !sameInstant(placed.appointment.start, request.appointment.start)],
    ['appointment.end', !sameInstant(placed.appointment.end, request.appointment.end)],
    ['notes', placed.notes !== request.notes],
    ['attachments', JSON.stringify(placed.attachments) !== JSON.stringify(request.attachments)],
    ['packageId', placed.packageId !== request.packageId],
  ];
  const [before, now] = [placed.product, request.product];
  if (!before || !now) differences.push(['product', before !== now]);
  else
    for (const key of ['category', 'model', 'purchaseDate', 'fault'] as const)
      differences.push([`product.${key}`, before[key] !== now[key]]);
  return differences.filter(([, differs]) => differs).map(([field]) => field);
}
