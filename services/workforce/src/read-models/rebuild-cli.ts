import 'reflect-metadata';
import { rebuildReadModelsFromCommandLine } from '@platform/eventing';
import { workforceAppModule } from '../app.module';
import { loadWorkforceEnv } from '../workforce.config';

// npm run workforce:rebuild [name ...] — stop the workforce workers first (WORKFORCE_ROLES with worker).
void rebuildReadModelsFromCommandLine(
  workforceAppModule(loadWorkforceEnv({ ...process.env, WORKFORCE_ROLES: 'api' })),
);
