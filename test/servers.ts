import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface Servers {
  pgUrl: string;
  kafkaBrokers: string;
  mongoUrl: string;
}

const repo = join(__dirname, '..');

/**
 * Picks the real servers the integration tests use, in this order: URLs given in the environment
 * (PG_URL, KAFKA_BROKERS, MONGO_URL, all three); else containers, where a Docker engine answers;
 * else the local processes of infra/local (started if they are not running).
 */
export async function provideServers(): Promise<{ servers: Servers; stop: () => Promise<void>; source: string }> {
  const { PG_URL, KAFKA_BROKERS, MONGO_URL } = process.env;
  if (PG_URL && KAFKA_BROKERS && MONGO_URL) {
    return { servers: { pgUrl: PG_URL, kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL }, stop: async () => {}, source: 'environment' };
  }
  if (await dockerAnswers()) {
    const { startContainers } = await import('./containers');
    const { servers, stop } = await startContainers();
    return { servers, stop, source: 'testcontainers' };
  }
  execFileSync('bash', [join(repo, 'infra/local/infra.sh'), 'up'], { stdio: 'inherit', env: process.env });
  return {
    servers: {
      pgUrl: PG_URL ?? 'postgres://platform:platform-dev@127.0.0.1:5432/platform',
      kafkaBrokers: KAFKA_BROKERS ?? '127.0.0.1:9092',
      mongoUrl: MONGO_URL ?? 'mongodb://127.0.0.1:27017/',
    },
    stop: async () => {},
    source: 'infra/local',
  };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
