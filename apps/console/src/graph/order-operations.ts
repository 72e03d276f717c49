import { useSubscription } from 'urql';
import { graphql } from '../gql';

/** Cancelling an order, the same operation for a customer and for staff (orders decides who may). */
export const CancelOrderDocument = graphql(`
  mutation CancelOrder($orderId: ID!, $reason: String!) {
    cancelOrder(orderId: $orderId, reason: $reason) {
      id
      status
    }
  }
`);

const OrderChangedDocument = graphql(`
  subscription OrderChanged($orderId: ID!) {
    orderChanged(orderId: $orderId) {
      orderId
      change
    }
  }
`);

/** Calls `onChange` on every change of one order the caller may see (the page then asks again). */
export function useOrderChanged(orderId: string, onChange: () => void) {
  useSubscription({ query: OrderChangedDocument, variables: { orderId } }, (_, event) => {
    onChange();
    return event;
  });
}
