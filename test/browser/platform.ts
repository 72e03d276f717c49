import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { join } from 'node:path';
import { startDispatch, type DispatchUnderTest } from '../../services/dispatch/test/dispatch-harness';
import { startOrders, type OrdersUnderTest } from '../../services/orders/test/orders-harness';
import { startWorkforce, type WorkforceUnderTest } from '../../services/workforce/test/workforce-harness';

export interface PlatformUnderTest {
  orders: OrdersUnderTest;
  workforce: WorkforceUnderTest;
  dispatch: DispatchUnderTest;
  gateway: RunningGateway;
  /** Where the gateway serves the built console, e.g. http://127.0.0.1:41234. */
  base: string;
  close(): Promise<void>;
}

/**
 * Orders, workforce and dispatch on the real servers, sharing their topics, behind a gateway that
 * serves the built console with its development sign-in: what the browser tests and bench:console drive.
 */
export async function startConsolePlatform({ devSignIn = true } = {}): Promise<PlatformUnderTest> {
  const orders = await startOrders();
  const sameTopics = { KAFKA_TOPIC_PREFIX: `${orders.storage}.` };
  const workforce = await startWorkforce(sameTopics);
  const dispatch = await startDispatch(sameTopics);
  const gateway = await startGateway({
    subgraphs: [
      { name: 'orders', url: `${orders.url}/graphql` },
      { name: 'workforce', url: `${workforce.url}/graphql` },
      { name: 'dispatch', url: `${dispatch.url}/graphql` },
    ],
    port: 0,
    host: '127.0.0.1',
    pollMs: 500,
    consoleDir: join(__dirname, '..', '..', 'apps', 'console', 'dist'),
    devSignIn,
  });
  await gateway.ready(60_000);
  return {
    orders,
    workforce,
    dispatch,
    gateway,
    base: gateway.url.replace(/\/graphql$/, ''),
    async close() {
      await gateway.close();
      await dispatch.close();
      await workforce.close();
      await orders.close();
    },
  };
}
