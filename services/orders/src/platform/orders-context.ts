import { forbidden, type Caller } from '@platform/service-kit';
import type { Contact } from '../contacts/contact-book';
import type { OrderDetailDocument } from '../read-models/order-detail/order-detail.read-model';
import { orderScope } from './access';

/** Per-request context: the caller, and lookups shared by the fields of one response. */
export interface OrdersContext {
  caller: Caller;
  details: Map<string, Promise<OrderDetailDocument | null>>;
  contacts: Map<string, Promise<Contact | undefined>>;
}

export const ordersContext = (caller: Caller): OrdersContext => ({
  caller,
  details: new Map(),
  contacts: new Map(),
});

/** The caller's order scope; a caller with none is refused, saying why. */
export function scopeOf(caller: Caller) {
  const scope = orderScope(caller.principal);
  if (scope.kind === 'none') throw forbidden(scope.reason);
  return scope;
}
