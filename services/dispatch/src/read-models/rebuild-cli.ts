import 'reflect-metadata';
import { rebuildReadModelsFromCommandLine } from '@platform/eventing';
import { dispatchAppModule } from '../app.module';
import { loadDispatchEnv } from '../dispatch.config';

// npm run dispatch:rebuild [name ...] — stop the dispatch processes' read-model consumers first.
void rebuildReadModelsFromCommandLine(
  dispatchAppModule(loadDispatchEnv({ ...process.env, DISPATCH_ROLES: 'api' })),
);
