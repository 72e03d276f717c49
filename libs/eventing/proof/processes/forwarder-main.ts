import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { proofEventing, proofStorage } from '../proof-context';

// The proof pipeline's forwarder process: event store → Kafka. It stops through Nest's shutdown
// hooks: service-kit's stopOnSignals, which the services use, depends on this library, and a
// dependency back from here would make the two projects a cycle (docs/adr/0001).
async function main() {
  const app = await NestFactory.createApplicationContext(proofEventing({ forward: true, consume: false }), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  console.log(`forwarder ready (storage ${proofStorage()})`);
}

main().catch((error) => {
  console.error(`forwarder failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
