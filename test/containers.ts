import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { Servers } from './servers';

/** The same three servers as infra/local, as containers, for machines with a Docker engine. */
export async function startContainers(): Promise<{ servers: Servers; stop: () => Promise<void> }> {
  const started: StartedTestContainer[] = [];
  const pg = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_USER: 'platform', POSTGRES_PASSWORD: 'platform-dev', POSTGRES_DB: 'platform' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
    .start();
  started.push(pg);
  const kafka = await new GenericContainer('apache/kafka:3.9.1')
    .withExposedPorts({ container: 9092, host: 9092 })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  started.push(kafka);
  const mongo = await new GenericContainer('mongo:7').withExposedPorts(27017).start();
  started.push(mongo);
  return {
    servers: {
      pgUrl: `postgres://platform:platform-dev@${pg.getHost()}:${pg.getMappedPort(5432)}/platform`,
      kafkaBrokers: `${kafka.getHost()}:9092`,
      mongoUrl: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/`,
    },
    stop: async () => {
      await Promise.all(started.map((c) => c.stop()));
    },
  };
}
