import 'reflect-metadata';
import { loadTokenConfig } from '@platform/auth';
import { createServiceApp, loadListenHost, stopOnSignals } from '@platform/service-kit';
import { workforceAppModule } from './app.module';
import { DemoData } from './demo/demo-data';
import { loadWorkforceEnv, type WorkforceEnv } from './workforce.config';

/**
 * The workforce service: GraphQL subgraph on /graphql (HTTP and graphql-ws), the screening
 * provider's callback on /webhooks/background-checks, the staff import on /imports/staff, probes
 * on /healthz and /readyz. Body parsing is off except for GraphQL: the others read (and limit)
 * their raw bodies themselves.
 */
export function createWorkforceApp(env: WorkforceEnv = loadWorkforceEnv()) {
  return createServiceApp(workforceAppModule(env));
}

async function main() {
  const env = loadWorkforceEnv();
  const host = loadListenHost();
  if (loadTokenConfig().isDevelopmentDefault)
    console.warn('[workforce] JWT_SECRET not set: using the DEVELOPMENT DEFAULT key; never in production');
  const app = await createWorkforceApp(env);
  stopOnSignals(app, 'workforce');
  await app.listen(env.WORKFORCE_PORT, host);
  if (env.SEED_DEMO_DATA === 'true') {
    // Seeding runs while the service already serves: a failure (or a stop half-way) is reported,
    // not fatal, and the next start completes what is missing, every command id being fixed.
    app
      .get(DemoData)
      .seed((line) => console.log(`[workforce] demo data: ${line}`))
      .then(
        (seeded) =>
          console.log(
            `[workforce] demo data: ${seeded.branches} branches, ${seeded.stations} stations, ${seeded.workers} workers`,
          ),
        (error) =>
          console.warn(
            `[workforce] demo data not complete: ${error instanceof Error ? error.message : error}`,
          ),
      );
  }
  const roles = Object.entries(env.WORKFORCE_ROLES).flatMap(([role, on]) => (on ? [role] : []));
  console.log(`[workforce] ${roles.join(' + ')}: subgraph on http://127.0.0.1:${env.WORKFORCE_PORT}/graphql`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[workforce] failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
