import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { EventingModule } from '../../src/nest/eventing.module';
import { proofContext, proofEvents } from '../proof-context';

// The proof pipeline's forwarder process: event store → Kafka.
async function main() {
  const app = await NestFactory.createApplicationContext(
    EventingModule.forRoot({ context: proofContext(), events: proofEvents }),
    { logger: ['error', 'warn'] },
  );
  app.enableShutdownHooks();
  console.log(`forwarder ready (context ${proofContext()})`);
}

main().catch((error) => {
  console.error(`forwarder failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
