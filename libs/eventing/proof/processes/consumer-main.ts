import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/contracts';
import { BackgroundConsumers } from '../../src/kafka/background-consumers';
import { connectEventTransport, READ_MODELS_CONSUMER } from '../../src/nest/event-transport';
import { proofEventing, proofStorage } from '../proof-context';
import { tallyBoard } from '../tally-board/tally-board.projection';

const latencyLog = process.env.PROOF_LATENCY_LOG;

/**
 * The eventing benchmark asks how long an event takes from its append to the board: consumer
 * 'read-models' runs this after the board has applied the event. Written out on stop.
 */
@Controller()
class BoardLatencies implements OnApplicationShutdown {
  private readonly latencies: number[] = [];

  @EventPattern([...tallyBoard.handles], { consumer: READ_MODELS_CONSUMER })
  measure(@Payload() event: EventEnvelope): void {
    this.latencies.push(Date.now() - Date.parse(event.occurredAt));
  }

  onApplicationShutdown(): void {
    writeFileSync(latencyLog!, JSON.stringify(this.latencies));
  }
}

@Module({})
class ProofConsumer {}

// The proof pipeline's consumer process: Kafka → the tally board read model (consumer
// 'read-models' of KafkaEventTransport). Ready once its group is joined, so that what is written
// next is measured from the moment it is appended, not from the end of a join.
async function main() {
  const app = await NestFactory.create(
    {
      module: ProofConsumer,
      imports: [proofEventing({ forward: false, consume: true })],
      controllers: latencyLog ? [BoardLatencies] : [],
    },
    { logger: ['error', 'warn'] },
  );
  app.enableShutdownHooks();
  connectEventTransport(app);
  await app.init();
  await app.startAllMicroservices();
  const consumers = app.get(BackgroundConsumers);
  while (!Object.values(consumers.states()).every((state) => state === 'consuming')) await sleep(100);
  console.log(`consumer ready (storage ${proofStorage()}, ${JSON.stringify(consumers.states())})`);
}

main().catch((error) => {
  console.error(`consumer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
