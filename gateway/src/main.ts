import { Logger } from '@graphql-hive/gateway-runtime';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

// Composition root: configuration from the environment, the gateway, and a graceful stop on
// SIGTERM (Kubernetes) or Ctrl-C.
async function main() {
  const log = new Logger();
  const config = loadGatewayConfig();
  const gateway = await startGateway({ ...config, log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing connections and stopping`);
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ error }, 'the gateway did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
