import 'reflect-metadata';
import { rebuildReadModelsFromCommandLine } from '@platform/eventing';
import { ordersAppModule } from '../app.module';
import { loadOrdersEnv } from '../orders.config';

// npm run orders:rebuild [name ...] — stop the orders workers first (ORDERS_ROLES=worker processes).
void rebuildReadModelsFromCommandLine(ordersAppModule(loadOrdersEnv({ ...process.env, ORDERS_ROLES: 'api' })));
