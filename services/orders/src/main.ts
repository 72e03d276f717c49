import 'reflect-metadata';
import { loadTokenConfig } from '@platform/auth';
import { createServiceApp, loadListenHost, stopOnSignals } from '@platform/service-kit';
import { ordersAppModule } from './app.module';
import { DemoData } from './demo/demo-data';
import { loadOrdersEnv, type OrdersEnv } from './orders.config';

/**
 * The orders service: GraphQL subgraph on /graphql (HTTP and graphql-ws), partner webhooks on
 * /webhooks/orders/:channel, files on /files, probes on /healthz and /readyz. Body parsing is
 * off except for GraphQL, because webhooks and uploads read (and limit) their raw bodies themselves.
 */
export function createOrdersApp(env: OrdersEnv = loadOrdersEnv()) {
  return createServiceApp(ordersAppModule(env));
}

async function main() {
  const env = loadOrdersEnv();
  const host = loadListenHost();
  if (loadTokenConfig().isDevelopmentDefault)
    console.warn('[orders] JWT_SECRET not set: using the DEVELOPMENT DEFAULT key; never in production');
  const app = await createOrdersApp(env);
  stopOnSignals(app, 'orders');
  await app.listen(env.ORDERS_PORT, host);
  if (env.SEED_DEMO_DATA === 'true') {
    const demo = app.get(DemoData);
    await demo.seedCatalogue();
    const orders = await demo.seedOrders();
    console.log(`[orders] demo data: ${orders.length} orders for tomorrow in Shanghai, catalogue published`);
  }
  const roles = Object.entries(env.ORDERS_ROLES).flatMap(([role, on]) => (on ? [role] : []));
  console.log(
    `[orders] ${roles.join(' + ')}: subgraph on http://127.0.0.1:${env.ORDERS_PORT}/graphql, webhooks on /webhooks/orders/:channel`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[orders] failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
