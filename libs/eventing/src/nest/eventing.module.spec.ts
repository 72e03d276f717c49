import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { tallyEvents } from '../../proof/tally/tally-events';
import { EventingModule } from './eventing.module';

describe('EventingModule start-up', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to start with a bad variable and names it, before touching any server', async () => {
    process.env.KAFKA_BROKERS = 'not a broker list';
    await expect(
      NestFactory.createApplicationContext(
        EventingModule.forRoot({ context: 'proof', events: tallyEvents }),
        { logger: false, abortOnError: false },
      ),
    ).rejects.toThrow(/invalid environment: KAFKA_BROKERS: expected host:port/);
  });
});
