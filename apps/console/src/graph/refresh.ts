import { useEffect } from 'react';
import type { OperationContext } from 'urql';

/**
 * Asks a query again every `ms` while the page is open. For screens fed by read models that other
 * people's actions change (and that catch up a moment after a command of our own): the answer
 * after a mutation can be a step behind, the next one is not.
 */
export function useRefreshEvery(refetch: (opts?: Partial<OperationContext>) => void, ms: number) {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refetch({ requestPolicy: 'network-only' });
    }, ms);
    return () => clearInterval(timer);
  }, [refetch, ms]);
}
