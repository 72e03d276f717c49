import 'reflect-metadata';
import { loadTokenConfig } from '@platform/auth';
import { createServiceApp, loadListenHost, stopOnSignals } from '@platform/service-kit';
import { dispatchAppModule } from './app.module';
import { loadDispatchEnv, type DispatchEnv } from './dispatch.config';

/** The dispatch service: GraphQL subgraph on /graphql, probes on /healthz and /readyz. */
export function createDispatchApp(env: DispatchEnv = loadDispatchEnv()) {
  return createServiceApp(dispatchAppModule(env));
}

async function main() {
  const env = loadDispatchEnv();
  const host = loadListenHost();
  if (loadTokenConfig().isDevelopmentDefault)
    console.warn('[dispatch] JWT_SECRET not set: using the DEVELOPMENT DEFAULT key; never in production');
  const app = await createDispatchApp(env);
  stopOnSignals(app, 'dispatch');
  await app.listen(env.DISPATCH_PORT, host);
  const roles = Object.entries(env.DISPATCH_ROLES).flatMap(([role, on]) => (on ? [role] : []));
  console.log(`[dispatch] ${roles.join(' + ')}: subgraph on http://127.0.0.1:${env.DISPATCH_PORT}/graphql`);
  if (env.DEMO_WORKERS_ANSWER === 'true')
    console.log('[dispatch] demo: demo workers answer their offers themselves (DEMO_WORKERS_ANSWER=true)');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[dispatch] failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
