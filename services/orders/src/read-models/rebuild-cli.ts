import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ordersAppModule } from '../app.module';
import { loadOrdersEnv } from '../orders.config';
import { ReadModelRebuild } from './rebuild';

// npm run orders:rebuild — stop the orders workers first (ORDERS_ROLES=worker processes).
async function main() {
  const env = loadOrdersEnv({ ...process.env, ORDERS_ROLES: 'api' });
  const app = await NestFactory.createApplicationContext(ordersAppModule(env), { logger: ['error', 'warn'] });
  try {
    const applied = await app.get(ReadModelRebuild).run();
    console.log(`orders read models rebuilt from ${applied} events`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(`rebuild failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
